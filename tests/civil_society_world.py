"""Shared by the civil-society tests: sessions of the Conference and a working group, an
organization admitted to the previous session, its representative (the `ngo` persona), a
briefing and an invitation (P&R para 53)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from revmech.accounts.models import Person
from revmech.civil_society import services
from revmech.civil_society.models import Briefing, Invitation, Organization, Representative
from revmech.meetings import services as meetings
from revmech.meetings.models import Session

VIENNA = dt.timezone(dt.timedelta(hours=2))  # Vienna in May (summer time)
# The working-group session is 18-22 May 2026; the briefing on 20 May; the last day to confirm
# is 10 May; the invitations go out on 20 April.
INVITED_AT = dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC)
BEFORE_DEADLINE = dt.datetime(2026, 5, 10, 21, 0, tzinfo=dt.UTC)  # 23:00 in Vienna
AFTER_DEADLINE = dt.datetime(2026, 5, 10, 22, 0, tzinfo=dt.UTC)  # midnight in Vienna
AFTER_BRIEFING = dt.datetime(2026, 5, 21, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    cop_previous: Session
    cop_older: Session
    working_group: Session
    organization: Organization
    other_organization: Organization
    briefing: Briefing
    invitation: Invitation


def details(name: str, **changes: Any) -> services.OrganizationDetails:
    values: dict[str, Any] = {
        "name": name,
        "areas_of_work": "Trafficking in persons; victim support",
        "contact_email": "office@example.org",
        "consultative_status": "special",
        "consultative_status_since": dt.date(2010, 7, 1),
    }
    values.update(changes)
    return services.OrganizationDetails(**values)


def make_world(personas: dict[str, Person]) -> World:
    """Build the world (the caller sets MEDIA_ROOT)."""
    secretariat = personas["secretariat"]
    cop_older = meetings.record_session(
        body="cop",
        number=11,
        starts_on=dt.date(2022, 10, 17),
        ends_on=dt.date(2022, 10, 21),
        place="Vienna",
        actor=secretariat,
    )
    cop_previous = meetings.record_session(
        body="cop",
        number=12,
        starts_on=dt.date(2024, 10, 14),
        ends_on=dt.date(2024, 10, 18),
        place="Vienna",
        actor=secretariat,
    )
    working_group = meetings.record_session(
        body="wgtip",
        number=16,
        starts_on=dt.date(2026, 5, 18),
        ends_on=dt.date(2026, 5, 22),
        place="Vienna",
        actor=secretariat,
    )
    organization = services.record_organization(
        details=details("Coalition against Trafficking"), actor=secretariat
    )
    other = services.record_organization(
        details=details(
            "Academic Network on Organized Crime",
            consultative_status="",
            consultative_status_since=None,
        ),
        actor=secretariat,
    )
    services.record_admission(organization=organization, session=cop_previous, actor=secretariat)
    Representative.objects.create(
        organization=organization, person=personas["ngo"], added_at=timezone.now()
    )
    briefing = services.convene_briefing(
        details=services.BriefingDetails(
            session=working_group,
            held_on=dt.date(2026, 5, 20),
            place="Vienna International Centre, room M3",
            topics="Outcomes of the review process on trafficking in persons",
            technical_assistance_needs="Training of investigators; data collection",
            president_requested_on=dt.date(2026, 3, 2),
            bureau_member=personas["bureau_member"],
            time_zone="Europe/Vienna",
        ),
        actor=secretariat,
    )
    [invitation] = services.invite(briefing=briefing, actor=secretariat, now=INVITED_AT)
    return World(cop_previous, cop_older, working_group, organization, other, briefing, invitation)
