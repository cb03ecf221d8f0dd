"""Demonstration of NGO briefings (called by `revmech demo`): two organizations admitted to the
Conference's 12th session, a past briefing with comments and a summary issued as a conference
room paper, an upcoming one open for confirmation, and an objection awaiting the Bureau
(P&R para 53)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from revmech.accounts.models import Person
from revmech.civil_society import services
from revmech.civil_society.models import Briefing, Organization, Representative
from revmech.meetings.models import Session
from revmech.registry.models import State

NETWORK = "Demo Civil Society Network"
ACADEMIA = "Demo Academic Forum on Organized Crime"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _organizations(secretariat: Person, conference: Session) -> tuple[Organization, Organization]:
    network = Organization.objects.filter(name=NETWORK).first() or services.record_organization(
        details=services.OrganizationDetails(
            name=NETWORK,
            acronym="DCSN",
            areas_of_work="Trafficking in persons; support to victims; smuggling of migrants",
            contact_name="Amal Haddad",
            contact_email="office@network.example.org",
            website="https://network.example.org",
            consultative_status="special",
            consultative_status_since=dt.date(2012, 7, 26),
        ),
        actor=secretariat,
    )
    academia = Organization.objects.filter(name=ACADEMIA).first() or services.record_organization(
        details=services.OrganizationDetails(
            name=ACADEMIA,
            areas_of_work="Research on organized crime; firearms; cybercrime",
            contact_email="forum@academia.example.org",
        ),
        actor=secretariat,
    )
    for organization in (network, academia):
        if not organization.admissions.filter(session=conference).exists():
            services.record_admission(
                organization=organization, session=conference, actor=secretariat
            )
    return network, academia


def load(*, secretariat: Person, ngo: Person, bureau: Person, sessions: list[Session]) -> list[str]:
    """Load the demonstration once; returns what it shows, one line each."""
    conference, past_session, next_session = sessions
    network, academia = _organizations(secretariat, conference)
    if not Representative.objects.filter(organization=network, person=ngo).exists():
        Representative.objects.create(organization=network, person=ngo, added_at=timezone.now())
    if Briefing.objects.exists():
        return []
    past = services.convene_briefing(
        details=services.BriefingDetails(
            session=past_session,
            held_on=past_session.starts_on + dt.timedelta(days=1),
            starts_at=dt.time(13, 15),
            place="Vienna International Centre, room M7",
            topics="Outcomes of the review process: criminalization and jurisdiction",
            technical_assistance_needs="Legislative drafting; training of prosecutors",
            president_requested_on=past_session.starts_on - dt.timedelta(days=90),
            bureau_member=bureau,
        ),
        actor=secretariat,
    )
    invited = past_session.starts_on - dt.timedelta(days=40)
    invitations = services.invite(briefing=past, actor=secretariat, now=_at(invited))
    mine = next(i for i in invitations if i.organization_id == network.pk)
    services.confirm_attendance(
        invitation=mine,
        by=ngo,
        attendees="Amal Haddad",
        now=_at(past_session.starts_on - dt.timedelta(days=20)),
    )
    comment = services.submit_comment(
        invitation=mine,
        text=(
            "Shelters for victims need stable funding; technical assistance for data "
            "collection would help many States parties."
        ),
        by=ngo,
    )
    services.decide_comment(comment=comment, circulate=True, note="", actor=secretariat)
    services.submit_comment(
        invitation=mine,
        text="One example: the new law in France protects victims who testify.",
        by=ngo,
    )
    summary = services.submit_summary(
        briefing=past,
        organization=network,
        title="Summary of the briefing for non-governmental organizations",
        text=(
            "Participants heard the outcomes of the reviews on criminalization and "
            "jurisdiction and the technical assistance needs identified.\n"
            "Organizations offered training for practitioners."
        ),
        by=ngo,
        now=_at(past.held_on + dt.timedelta(days=1)),
    )
    services.issue_summary(
        summary=summary, issued_on=past.held_on + dt.timedelta(days=1), actor=secretariat
    )
    upcoming = services.convene_briefing(
        details=services.BriefingDetails(
            session=next_session,
            held_on=next_session.starts_on + dt.timedelta(days=1),
            starts_at=dt.time(13, 15),
            place="Vienna International Centre, room M3",
            topics="Outcomes of the review process: prevention and technical assistance",
            technical_assistance_needs="Victim identification; border management",
            president_requested_on=min(timezone.localdate(), next_session.starts_on)
            - dt.timedelta(days=30),
            bureau_member=bureau,
        ),
        actor=secretariat,
    )
    lines = [f"Past briefing: {past.get_absolute_url()}; upcoming: {upcoming.get_absolute_url()}"]
    if timezone.now() < services.deadline_of(upcoming):
        next_invitations = services.invite(briefing=upcoming, actor=secretariat)
        theirs = next(i for i in next_invitations if i.organization_id == academia.pk)
        objection = services.record_objection(
            invitation=theirs,
            state=State.objects.get(code="BRA"),
            reasons="The forum's work lies outside the scope of the Mechanism.",
            received_on=timezone.localdate(),
            actor=secretariat,
        )
        lines.append(f"Objection awaiting the Bureau: {objection.get_absolute_url()}")
    return lines
