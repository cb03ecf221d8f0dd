"""Reads of nominations, activation links and the lists of focal points and experts, filtered
by who asks; an appointment one may not see does not exist (P&R paras 12, 13, 19).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from revmech.accounts import permissions
from revmech.accounts.models import (
    OPEN_STATUSES,
    ActivationLink,
    Appointment,
    AppointmentStatus,
    ExpertProfile,
    Person,
    Role,
)
from revmech.accounts.permissions import Someone
from revmech.registry.models import Article, Instrument, State
from revmech.rules import RuleViolation

# Primary keys are 64-bit: a larger number in a URL names nothing (and must not reach the DB).
LARGEST_ID = 2**63 - 1
# `secrets.token_urlsafe(32)` gives 43 characters; anything much longer is not one of ours.
LONGEST_TOKEN = 128


class LinkRefused(RuleViolation):
    """An activation link that cannot be used; `status` is the HTTP answer (404 or 410).

    The message says what is wrong with the link and what to do, never whose link it is.
    """

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message, rule="activation link")
        self.status = status


def token_hash(token: str) -> str:
    """Only the SHA-256 of an activation token is stored (a leaked table activates nobody)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _appointments() -> QuerySet[Appointment]:
    return Appointment.objects.select_related(
        "person", "state", "instrument", "nominated_by", "replaced_by__person"
    )


def appointments_for(person: Someone) -> QuerySet[Appointment]:
    """Every appointment for the secretariat; one's own for anybody else."""
    if permissions.can_nominate(person):
        return _appointments()
    if isinstance(person, Person) and person.is_active:
        return _appointments().filter(person=person)
    return _appointments().none()


def appointment_for(person: Someone, appointment_id: int) -> Appointment:
    """The appointment, or 404 for anyone who may not see it, as if it did not exist."""
    if not 0 < appointment_id <= LARGEST_ID:
        raise Http404
    appointment = appointments_for(person).filter(pk=appointment_id).first()
    if appointment is None or not permissions.can_see_appointment(person, appointment):
        raise Http404
    return appointment


def nominations_for(
    person: Someone,
    *,
    state: State | None = None,
    role: str = "",
    instrument: Instrument | None = None,
    status: str = "",
) -> QuerySet[Appointment]:
    """The secretariat's list of nominations, States in code order (no ranking, P&R para 3)."""
    if not permissions.can_nominate(person):
        raise Http404
    found = appointments_for(person)
    if state is not None:
        found = found.filter(state=state)
    if role:
        found = found.filter(role=role)
    if instrument is not None:
        found = found.filter(instrument=instrument)
    if status:
        found = found.filter(status=status)
    return found.order_by(
        F("state__code").asc(nulls_last=True),
        F("instrument__position").asc(nulls_last=True),
        "role",
        "person__last_name",
        "person__first_name",
        "pk",
    )


def check_link(link: ActivationLink, *, now: datetime) -> None:
    """Refuse a used, revoked or expired link, each with its own message (status 410)."""
    if link.used_at is not None:
        raise LinkRefused(
            _("This activation link has already been used. Sign in with the password you chose."),
            status=410,
        )
    if link.revoked_at is not None or link.appointment.status != AppointmentStatus.NOMINATED:
        raise LinkRefused(
            _(
                "This activation link has been replaced or cancelled. Use the link in the most "
                "recent message from the secretariat, or ask the secretariat for a new one."
            ),
            status=410,
        )
    if link.expires_at <= now:
        raise LinkRefused(
            _("This activation link has expired. Ask the secretariat to send you a new one."),
            status=410,
        )


def activation_link_for(token: str, *, now: datetime) -> ActivationLink:
    """The usable link for a token, or `LinkRefused` (404 unknown, 410 used/revoked/expired)."""
    link = None
    if 0 < len(token) <= LONGEST_TOKEN:
        link = (
            ActivationLink.objects.select_related(
                "appointment__person", "appointment__state", "appointment__instrument"
            )
            .filter(token_hash=token_hash(token))
            .first()
        )
    if link is None:
        raise LinkRefused(
            _(
                "This activation link is not valid. Check that you copied the whole link from "
                "the message, or ask the secretariat for a new one."
            ),
            status=404,
        )
    check_link(link, now=now)
    return link


def open_expert_instruments(person: Person) -> QuerySet[Instrument]:
    """The instruments for which the person is a nominated or approved governmental expert."""
    return Instrument.objects.filter(
        pk__in=Appointment.objects.filter(
            person=person,
            role=Role.EXPERT,
            status__in=[s.value for s in OPEN_STATUSES],
        ).values("instrument")
    ).order_by("position")


# The lists of focal points and governmental experts (P&R paras 13, 19).


@dataclass(frozen=True)
class ListEntry:
    """One line of a list, in the active language."""

    state_code: str
    state_name: str
    role: str
    name: str
    email: str
    current_position: str
    professional_background: str
    offices_held: str
    activities: str
    expertise: str


@dataclass(frozen=True)
class InstrumentList:
    """The focal points and governmental experts of every State for one instrument."""

    instrument_code: str
    instrument_name: str
    entries: tuple[ListEntry, ...]


def _article_label(article: Article) -> str:
    return _("%(instrument)s art. %(number)s") % {
        "instrument": article.instrument.short_name,
        "number": article.number,
    }


def _entry(appointment: Appointment) -> ListEntry:
    person = appointment.person
    state = appointment.state
    assert state is not None  # noqa: S101 - the query keeps only appointments with a State
    try:
        profile: ExpertProfile | None = person.expert_profile
    except ExpertProfile.DoesNotExist:
        profile = None
    expertise = ""
    if profile is not None and appointment.role == Role.EXPERT:
        areas = [str(cluster) for cluster in profile.clusters.all()]
        areas += [_article_label(article) for article in profile.articles.all()]
        expertise = "; ".join(areas)
    is_expert = profile is not None and appointment.role == Role.EXPERT
    return ListEntry(
        state_code=state.code,
        state_name=state.display_name,
        role=str(appointment.get_role_display()),
        name=person.display_name,
        email=person.email,
        current_position=profile.current_position if is_expert and profile else "",
        professional_background=profile.professional_background if is_expert and profile else "",
        offices_held=profile.offices_held if is_expert and profile else "",
        activities=profile.activities if is_expert and profile else "",
        expertise=expertise,
    )


def list_instruments(instrument_code: str = "") -> list[Instrument]:
    """The instruments a list covers: one by code (404 if unknown), or all of them."""
    instruments = Instrument.objects.order_by("position")
    if not instrument_code:
        return list(instruments)
    found = list(instruments.filter(code=instrument_code))
    if not found:
        raise Http404
    return found


def lists_for(person: Someone, *, instruments: list[Instrument]) -> list[InstrumentList]:
    """Approved focal points and governmental experts by instrument and State (P&R 13, 19).

    Texts come out in the active language: wrap the call in `translation.override` for a
    document in the reader's language. States are in code order: a list, not a ranking.
    """
    if not permissions.can_see_lists(person):
        raise Http404
    appointments = (
        Appointment.objects.filter(
            status=AppointmentStatus.APPROVED,
            role__in=[Role.FOCAL_POINT, Role.EXPERT],
            person__is_active=True,
            state__isnull=False,
            instrument__in=instruments,
        )
        .select_related("person__expert_profile", "state", "instrument")
        .prefetch_related(
            "person__expert_profile__clusters",
            Prefetch(
                "person__expert_profile__articles",
                queryset=Article.objects.select_related("instrument"),
            ),
        )
        .order_by(
            "instrument__position",
            "state__code",
            "role",  # "expert" before "focal_point"; reordered below
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )
    by_instrument: dict[int, list[Appointment]] = {i.pk: [] for i in instruments}
    for appointment in appointments:
        by_instrument[appointment.instrument_id or 0].append(appointment)
    result = []
    for instrument in instruments:
        rows = by_instrument[instrument.pk]
        # Within a State, its focal point comes first, then its experts (P&R paras 12, 19).
        rows.sort(key=lambda a: (a.state.code if a.state else "", a.role != Role.FOCAL_POINT))
        result.append(
            InstrumentList(
                instrument_code=instrument.code,
                instrument_name=instrument.short_name,
                entries=tuple(_entry(a) for a in rows),
            )
        )
    return result
