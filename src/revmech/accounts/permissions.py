"""Who a person is in the mechanism, as predicates (P&R paras 12, 13, 19, 32, 37, 53).

These are the building blocks every app's `permissions.py` reads: whether a person is the
secretariat, and which States they act for in which role. Only approved appointments count.
Every predicate accepts an anonymous visitor and answers False for them.
"""

from __future__ import annotations

from collections.abc import Iterable

from revmech.accounts.models import OPEN_STATUSES, Appointment, AppointmentStatus, Person, Role
from revmech.web.access import Access
from revmech.web.roles import Someone as Someone  # re-exported for the apps above


def _approved(person: Someone) -> list[Appointment]:
    """The person's approved appointments, read once per person object."""
    if not isinstance(person, Person) or not person.is_active:
        return []
    cached: list[Appointment] | None = getattr(person, "_approved_appointments", None)
    if cached is None:
        approved = Appointment.objects.filter(person=person, status=AppointmentStatus.APPROVED)
        cached = list(approved.select_related("state", "instrument"))
        person._approved_appointments = cached  # type: ignore[attr-defined]
    return cached


def approved_appointments(person: Someone) -> tuple[Appointment, ...]:
    """The person's approved appointments (with their State), read once per person object."""
    return tuple(_approved(person))


def forget_appointments(person: Someone) -> None:
    """Drop the cached appointments (after a change in the same request)."""
    if person is not None and hasattr(person, "_approved_appointments"):
        delattr(person, "_approved_appointments")


def is_secretariat(person: Someone) -> bool:
    """A member of the secretariat of the Conference (P&R para 42)."""
    return any(a.role == Role.SECRETARIAT for a in _approved(person))


def is_bureau_member(person: Someone) -> bool:
    """A member of the Bureau of the Conference (P&R para 53 (a), (d))."""
    return any(a.role == Role.BUREAU for a in _approved(person))


def roles_for_state(
    person: Someone, state_code: str, instrument_code: str | None = None
) -> set[str]:
    """The roles the person holds for a State (for an instrument, where the role has one)."""
    found = set()
    for appointment in _approved(person):
        if appointment.state is None or appointment.state.code != state_code:
            continue
        if (
            instrument_code is not None
            and appointment.instrument is not None
            and appointment.instrument.code != instrument_code
        ):
            continue
        found.add(appointment.role)
    return found


def acts_for(person: Someone, states: Iterable[str], instrument_code: str | None = None) -> bool:
    """Whether the person is a focal point or governmental expert of one of `states`."""
    return any(
        roles_for_state(person, code, instrument_code) & {Role.FOCAL_POINT, Role.EXPERT}
        for code in states
    )


def observes(person: Someone, states: Iterable[str]) -> bool:
    """Whether the person is a read-only observer of one of `states`."""
    return any(Role.OBSERVER in roles_for_state(person, code) for code in states)


def has_confidential_role(person: Someone) -> bool:
    """Roles with access to non-public content must sign in with a second factor."""
    return any(
        a.role in {Role.SECRETARIAT, Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER}
        for a in _approved(person)
    )


def is_nominee_or_secretariat(person: Someone, appointment: Appointment | None) -> bool:
    if appointment is None:
        return bool(is_secretariat(person))
    return bool(is_secretariat(person)) or (
        isinstance(person, Person) and appointment.person_id == person.pk
    )


def can_nominate(person: Someone) -> bool:
    """The secretariat records nominations received by note verbale (P&R paras 12, 19)."""
    return bool(is_secretariat(person))


def can_see_appointment(person: Someone, appointment: Appointment) -> bool:
    return bool(is_nominee_or_secretariat(person, appointment))


def can_decide_appointment(person: Someone, appointment: Appointment) -> bool:
    """The secretariat approves, asks for clarification, withdraws or replaces."""
    return bool(is_secretariat(person))


def can_see_lists(person: Someone) -> bool:
    """The lists of focal points and experts circulate among States parties (P&R paras 13, 19)."""
    return bool(is_secretariat(person)) or any(
        a.role in {Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER, Role.WORKING_GROUP}
        for a in _approved(person)
    )


def can_manage_own_tokens(person: Someone) -> bool:
    return isinstance(person, Person) and person.is_active


def is_nominee(person: Someone, appointment: Appointment) -> bool:
    """The person the appointment is about."""
    return isinstance(person, Person) and appointment.person_id == person.pk


def can_send_activation_link(person: Someone, appointment: Appointment) -> bool:
    """A new link replaces the old ones while the nominee has not activated the account."""
    if not can_decide_appointment(person, appointment):
        return False
    return appointment.status == AppointmentStatus.NOMINATED


def can_approve_appointment(person: Someone, appointment: Appointment) -> bool:
    """The secretariat approves a submitted profile or asks for clarification."""
    if not can_decide_appointment(person, appointment):
        return False
    return appointment.status == AppointmentStatus.PROFILE_SUBMITTED


def can_end_appointment(person: Someone, appointment: Appointment) -> bool:
    """The secretariat withdraws or replaces an open appointment (P&R para 12: replaceable)."""
    if not can_decide_appointment(person, appointment):
        return False
    return appointment.status in OPEN_STATUSES


def can_resubmit_profile(person: Someone, appointment: Appointment) -> bool:
    """The nominee answers a request for clarification by editing and resubmitting."""
    if not is_nominee(person, appointment):
        return False
    if not isinstance(person, Person) or not person.is_active:
        return False
    return appointment.status == AppointmentStatus.CLARIFICATION


def can_edit_own_profile(person: Someone) -> bool:
    """Anyone with an activated account keeps their own name, language and profile up to date."""
    return isinstance(person, Person) and person.is_active


def can_export_lists(person: Someone) -> bool:
    """Whoever may read the lists may take them away as XLSX or PDF (P&R paras 13, 19)."""
    return can_see_lists(person)


def _nominations(person: Someone, _nothing: object = None) -> bool:
    return can_nominate(person)


def _own_profile(person: Someone, _nothing: object = None) -> bool:
    return can_edit_own_profile(person)


def _lists(person: Someone, _nothing: object = None) -> bool:
    return can_see_lists(person)


def _own_tokens(person: Someone, _nothing: object = None) -> bool:
    return can_manage_own_tokens(person)


ACCESS: dict[str, Access] = {
    "accounts:nominations": Access(subject=None, rule=_nominations),
    "accounts:nominate": Access(subject=None, rule=_nominations),
    "accounts:appointment": Access(subject="appointment", rule=can_see_appointment),
    # Public: the token is the credential; unknown, used or expired tokens answer 404 or 410.
    "accounts:activate": Access(subject="activation_token", rule=None),
    "accounts:profile": Access(subject=None, rule=_own_profile),
    "accounts:lists": Access(subject=None, rule=_lists),
    "accounts:lists_export": Access(subject="lists_format", rule=_lists),
    # Personal API tokens: each person manages their own (security).
    "accounts:tokens": Access(subject=None, rule=_own_tokens),
    "accounts:token_revoke": Access(subject=None, rule=_own_tokens, method="POST"),
}
