"""Every change to nominations and onboarding: nominate, send an activation link, activate,
approve or ask for clarification, resubmit, update a profile, withdraw, replace
(P&R paras 12, 13, 19).

Each service checks its own predicate, runs in one transaction (a refusal saves nothing) and
writes the audit log beside the change. Mail goes out last, inside the transaction: a message
that cannot be sent undoes the change, so the secretariat can simply try again.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from revmech.accounts import notices, permissions, selectors
from revmech.accounts.models import (
    OPEN_STATUSES,
    ROLES_WITH_INSTRUMENT,
    STATE_ROLES,
    ActivationLink,
    Appointment,
    AppointmentStatus,
    ExpertProfile,
    Person,
    Role,
)
from revmech.audit import services as audit
from revmech.registry.models import Article, Cluster, Instrument, State
from revmech.registry.rulebooks import in_force
from revmech.rules import RuleViolation

Actor = Person | AnonymousUser

# Roles that act for no State (a working-group or Bureau member may have one, or not).
STATELESS_ROLES = frozenset({Role.SECRETARIAT, Role.NGO})
_LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class ProfileDetails:
    """What a person says about themselves: name and language of correspondence."""

    first_name: str
    last_name: str
    language: str


@dataclass(frozen=True)
class ExpertDetails:
    """What the list of governmental experts holds (P&R para 19)."""

    professional_background: str
    current_position: str
    offices_held: str = ""
    activities: str = ""
    clusters: Sequence[Cluster] = field(default_factory=tuple)
    articles: Sequence[Article] = field(default_factory=tuple)


def rulebook_number(name: str) -> int:
    """A number of the rulebook version in force today (P&R para 6; DESIGN.md)."""
    return in_force(timezone.localdate()).count(name)


# Mail: every message in the reader's language (P&R para 43).


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """A link for a message: from the request, or from REVMECH_BASE_URL outside one."""
    if request is not None:
        return request.build_absolute_uri(path)
    base = str(getattr(settings, "REVMECH_BASE_URL", "") or "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def send_templated_mail(
    person: Person, template: str, context: dict[str, Any], *, keep: bool = True
) -> None:
    """Mail `person` in their language: `<template>_subject.txt` and `<template>.txt` rendered
    under it and queued with the caller's change (sent once its transaction commits), and kept
    among the person's notifications unless it carries a secret (`keep`). The apps above
    accounts send their mail through this helper."""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {"person": person, **context}
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        notices.send(person, subject, body, link=str(context.get("url", "")), keep=keep)


def _mail(person: Person, template: str, context: dict[str, Any], *, keep: bool = True) -> None:
    """Render `accounts/mail/<template>_subject.txt` and `.txt` in the person's language."""
    send_templated_mail(person, f"accounts/mail/{template}", context, keep=keep)


def _secretariat_to_tell(appointment: Appointment) -> list[Person]:
    """Who hears that a profile awaits approval: the nominating secretariat member, if still
    in post; otherwise every member of the secretariat."""
    nominator = appointment.nominated_by
    if nominator is not None and nominator.email and permissions.is_secretariat(nominator):
        return [nominator]
    members = Person.objects.filter(
        is_active=True,
        appointments__role=Role.SECRETARIAT,
        appointments__status=AppointmentStatus.APPROVED,
    ).exclude(email="")
    return list(members.distinct().order_by("pk"))


def _tell_secretariat_profile_waits(appointment: Appointment, request: HttpRequest | None) -> None:
    url = absolute_url(appointment.get_absolute_url(), request)
    for member in _secretariat_to_tell(appointment):
        _mail(member, "profile_submitted", {"appointment": appointment, "url": url})


# Nomination (P&R paras 12, 19).


def _check_role_fits(
    role: str,
    state: State | None,
    instrument: Instrument | None,
    note_verbale_reference: str,
) -> None:
    if role not in Role.values:
        raise RuleViolation(_("Choose one of the roles."), rule="role")
    label = Role(role).label
    if role in STATE_ROLES and state is None:
        raise RuleViolation(
            _("The role “%(role)s” acts for a State: choose the State.") % {"role": label},
            rule="P&R paras 12, 19",
        )
    if role in STATELESS_ROLES and state is not None:
        raise RuleViolation(
            _("The role “%(role)s” acts for no State: leave the State empty.") % {"role": label},
            rule="role",
        )
    if role in ROLES_WITH_INSTRUMENT and instrument is None:
        raise RuleViolation(
            _("The role “%(role)s” is appointed for one instrument: choose the instrument.")
            % {"role": label},
            rule="P&R paras 12, 19",
        )
    if role not in ROLES_WITH_INSTRUMENT and instrument is not None:
        raise RuleViolation(
            _("The role “%(role)s” has no instrument: leave the instrument empty.")
            % {"role": label},
            rule="role",
        )
    if role in STATE_ROLES and not note_verbale_reference.strip():
        raise RuleViolation(
            _("A State nominates by note verbale: give its reference."), rule="note verbale"
        )


def _free_username(email: str) -> str:
    base = email.lower()[:140]
    candidate, number = base, 1
    while Person.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _nominee(*, person_name: str, email: str, language: str) -> Person:
    """The person with this address, or a new inactive account with no usable password."""
    email = BaseUserManager.normalize_email(email.strip())
    matches = list(Person.objects.filter(email__iexact=email).order_by("pk")[:2])
    if len(matches) > 1:
        raise RuleViolation(
            _(
                "Several accounts share the address %(email)s: merge them in the administration "
                "before nominating this person."
            )
            % {"email": email},
            rule="person",
        )
    if matches:
        return matches[0]
    first_name, _space, last_name = " ".join(person_name.split()).partition(" ")
    if not first_name:
        raise RuleViolation(_("Give the name of the person nominated."), rule="person")
    person = Person(
        username=_free_username(email),
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        is_active=False,
        language=language if language in _LANGUAGE_CODES else settings.LANGUAGE_CODE,
    )
    person.set_unusable_password()
    person.save()
    return person


def _check_seats(role: str, state: State | None, instrument: Instrument | None) -> None:
    """Up to five experts and one focal point per State and instrument (P&R paras 12, 19).

    The State's row is locked first, so that two nominations for the same State run one after
    the other: both cannot count four experts and each add a fifth and a sixth.
    """
    if state is None:
        return
    list(State.objects.select_for_update().filter(pk=state.pk).values_list("pk", flat=True))
    same_seat = Appointment.objects.filter(
        role=role, state=state, instrument=instrument, status__in=[s.value for s in OPEN_STATUSES]
    )
    if role == Role.EXPERT:
        limit = rulebook_number("experts_per_state_and_instrument")
        if same_seat.count() >= limit:
            raise RuleViolation(
                _(
                    "%(state)s already has %(limit)s governmental experts nominated or approved "
                    "for %(instrument)s, the most a State party may appoint (P&R para 19). "
                    "Withdraw or replace one of them first."
                )
                % {"state": state.display_name, "limit": limit, "instrument": instrument},
                rule="P&R para 19",
                subjects=(state.code,),
            )
    if role == Role.FOCAL_POINT and same_seat.exists():
        raise _second_focal_point(state, instrument)


def _second_focal_point(state: State, instrument: Instrument | None) -> RuleViolation:
    return RuleViolation(
        _(
            "%(state)s already has a focal point for %(instrument)s, nominated or approved "
            "(P&R para 12). Replace or withdraw the current focal point first."
        )
        % {"state": state.display_name, "instrument": instrument},
        rule="P&R para 12",
        subjects=(state.code,),
    )


def _record_nomination(
    *,
    state: State | None,
    role: str,
    instrument: Instrument | None,
    person_name: str,
    email: str,
    language: str,
    organization: str,
    note_verbale_reference: str,
    note_verbale_on: date | None,
    nominated_by: Actor,
    now: datetime,
) -> tuple[Appointment, str]:
    """Check and save one nomination with its first activation link; returns the token."""
    _check_role_fits(role, state, instrument, note_verbale_reference)
    _check_seats(role, state, instrument)
    person = _nominee(person_name=person_name, email=email, language=language)
    if Appointment.objects.filter(
        person=person,
        role=role,
        state=state,
        instrument=instrument,
        status__in=[s.value for s in OPEN_STATUSES],
    ).exists():
        raise RuleViolation(
            _("%(name)s already holds or awaits this appointment.") % {"name": person.display_name},
            rule="person",
        )
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                person=person,
                role=role,
                state=state,
                instrument=instrument,
                organization=organization.strip(),
                note_verbale_reference=note_verbale_reference.strip(),
                note_verbale_on=note_verbale_on,
                nominated_at=now,
                nominated_by=nominated_by if isinstance(nominated_by, Person) else None,
            )
    except IntegrityError as error:  # the database's own guard (P&R para 12)
        if role == Role.FOCAL_POINT and state is not None:
            raise _second_focal_point(state, instrument) from error
        raise
    return appointment, _issue_link(appointment, now)


def _issue_link(appointment: Appointment, now: datetime) -> str:
    """A new activation link; the older unused ones stop working."""
    appointment.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    ActivationLink.objects.create(
        appointment=appointment,
        token_hash=selectors.token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=rulebook_number("activation_link_days")),
    )
    return token


def _mail_activation(appointment: Appointment, token: str, request: HttpRequest | None) -> None:
    link = appointment.links.order_by("-created_at", "-pk").first()
    url = absolute_url(reverse("accounts:activate", kwargs={"token": token}), request)
    _mail(
        appointment.person,
        "activation",
        {"appointment": appointment, "url": url, "expires_at": link.expires_at if link else None},
        keep=False,  # the link is the credential; only its hash is stored
    )


@transaction.atomic
def nominate(
    *,
    state: State | None,
    role: str,
    instrument: Instrument | None,
    person_name: str,
    email: str,
    note_verbale_reference: str,
    note_verbale_on: date | None,
    nominated_by: Actor,
    language: str = "",
    organization: str = "",
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Record a nomination received by note verbale and mail the activation link.

    A new address gets an inactive account with no usable password; a known one is reused
    (its language stays the person's own). Refused with a translated `RuleViolation`: a sixth
    open governmental expert (P&R para 19), a second open focal point (para 12), a role that
    needs a State or an instrument without one, or one given where the role has none.
    """
    if not permissions.can_nominate(nominated_by):
        raise PermissionDenied
    now = now or timezone.now()
    appointment, token = _record_nomination(
        state=state,
        role=role,
        instrument=instrument,
        person_name=person_name,
        email=email,
        language=language,
        organization=organization,
        note_verbale_reference=note_verbale_reference,
        note_verbale_on=note_verbale_on,
        nominated_by=nominated_by,
        now=now,
    )
    audit.record(
        "accounts.appointment.nominated",
        actor=nominated_by,
        subject=appointment,
        request=request,
        now=now,
        role=role,
        state=state.code if state else None,
        instrument=instrument.code if instrument else None,
        note_verbale_reference=appointment.note_verbale_reference,
    )
    _mail_activation(appointment, token, request)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    """The appointment re-read under a row lock: two decisions cannot cross."""
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("person", "state", "instrument", "nominated_by")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def send_activation_link(
    *,
    appointment: Appointment,
    sent_by: Actor,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> str:
    """Send a new activation link; the old ones stop working. Returns the new token."""
    if not permissions.can_decide_appointment(sent_by, appointment):
        raise PermissionDenied
    now = now or timezone.now()
    locked = _locked(appointment)
    if locked.status != AppointmentStatus.NOMINATED:
        raise RuleViolation(
            _("The account is already activated: no new activation link is needed."),
            rule="activation link",
        )
    token = _issue_link(locked, now)
    audit.record(
        "accounts.activation.sent", actor=sent_by, subject=locked, request=request, now=now
    )
    _mail_activation(locked, token, request)
    return token


# Activation and profiles (P&R para 19: what the list of experts holds).


def _save_profile(person: Person, details: ProfileDetails) -> None:
    person.first_name = details.first_name.strip()[:150]
    person.last_name = details.last_name.strip()[:150]
    if details.language in _LANGUAGE_CODES:
        person.language = details.language
    person.save(update_fields=["first_name", "last_name", "language"])


def _save_expert_details(person: Person, details: ExpertDetails) -> None:
    profile, _created = ExpertProfile.objects.get_or_create(person=person)
    profile.professional_background = details.professional_background.strip()
    profile.current_position = details.current_position.strip()[:300]
    profile.offices_held = details.offices_held.strip()
    profile.activities = details.activities.strip()
    profile.save()
    profile.clusters.set(details.clusters)
    profile.articles.set(details.articles)


@transaction.atomic
def activate_account(
    *,
    token: str,
    password: str,
    profile: ProfileDetails,
    expert: ExpertDetails | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Appointment:
    """The nominee sets a password and completes the profile; the secretariat is told.

    The link is the credential: it is re-read under a lock, so a link used twice at the same
    moment activates once. Django's password validators apply (`ValidationError`).
    """
    now = now or timezone.now()
    found = selectors.activation_link_for(token, now=now)
    link = ActivationLink.objects.select_for_update().get(pk=found.pk)
    appointment = _locked(found.appointment)
    link.appointment = appointment
    selectors.check_link(link, now=now)  # again, under the locks
    person = appointment.person
    _save_profile(person, profile)
    password_validation.validate_password(password, person)  # refusal undoes the profile too
    person.set_password(password)
    person.is_active = True
    person.save(update_fields=["password", "is_active"])
    if expert is not None and appointment.role == Role.EXPERT:
        _save_expert_details(person, expert)
    link.used_at = now
    link.save(update_fields=["used_at"])
    appointment.status = AppointmentStatus.PROFILE_SUBMITTED
    appointment.save(update_fields=["status"])
    audit.record(
        "accounts.appointment.activated",
        actor=person,
        subject=appointment,
        request=request,
        now=now,
    )
    _tell_secretariat_profile_waits(appointment, request)
    return appointment


@transaction.atomic
def update_profile(
    *,
    person: Person,
    updated_by: Actor,
    profile: ProfileDetails,
    expert: ExpertDetails | None = None,
    request: HttpRequest | None = None,
) -> Person:
    """A person keeps their own name, language and expert profile up to date (P&R para 19)."""
    if not permissions.can_edit_own_profile(updated_by) or updated_by.pk != person.pk:
        raise PermissionDenied
    _save_profile(person, profile)
    if expert is not None:
        _save_expert_details(person, expert)
    audit.record(
        "accounts.profile.updated",
        actor=updated_by,
        subject=person,
        request=request,
        expert_profile=expert is not None,
    )
    return person


@transaction.atomic
def resubmit_profile(
    *,
    appointment: Appointment,
    submitted_by: Actor,
    profile: ProfileDetails,
    expert: ExpertDetails | None = None,
    request: HttpRequest | None = None,
) -> Appointment:
    """The nominee answers a request for clarification; the secretariat is told again."""
    if not permissions.can_resubmit_profile(submitted_by, appointment):
        raise PermissionDenied
    locked = _locked(appointment)
    if locked.status != AppointmentStatus.CLARIFICATION:
        raise RuleViolation(_("No clarification is awaited on this appointment."), rule="status")
    person = locked.person
    _save_profile(person, profile)
    if expert is not None and locked.role == Role.EXPERT:
        _save_expert_details(person, expert)
    locked.status = AppointmentStatus.PROFILE_SUBMITTED
    locked.save(update_fields=["status"])
    audit.record(
        "accounts.appointment.resubmitted", actor=submitted_by, subject=locked, request=request
    )
    _tell_secretariat_profile_waits(locked, request)
    return locked


# Decisions of the secretariat.


def _awaiting_decision(appointment: Appointment) -> None:
    if appointment.status != AppointmentStatus.PROFILE_SUBMITTED:
        raise RuleViolation(
            _("This appointment is not awaiting a decision: its status is “%(status)s”.")
            % {"status": appointment.get_status_display()},
            rule="status",
        )


@transaction.atomic
def approve_appointment(
    *,
    appointment: Appointment,
    approved_by: Actor,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Approve a submitted profile: the appointment counts from now; the person is told."""
    if not permissions.can_decide_appointment(approved_by, appointment):
        raise PermissionDenied
    now = now or timezone.now()
    locked = _locked(appointment)
    _awaiting_decision(locked)
    locked.status = AppointmentStatus.APPROVED
    locked.approved_at = now
    locked.clarification_note = ""
    locked.save(update_fields=["status", "approved_at", "clarification_note"])
    person = locked.person
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
    permissions.forget_appointments(person)
    audit.record(
        "accounts.appointment.approved", actor=approved_by, subject=locked, request=request, now=now
    )
    sign_in = absolute_url(resolve_url(settings.LOGIN_URL), request)
    _mail(person, "approved", {"appointment": locked, "url": sign_in})
    return locked


@transaction.atomic
def request_clarification(
    *,
    appointment: Appointment,
    requested_by: Actor,
    note: str,
    request: HttpRequest | None = None,
) -> Appointment:
    """Ask the nominee to clarify or complete the profile; the note goes to them by mail."""
    if not permissions.can_decide_appointment(requested_by, appointment):
        raise PermissionDenied
    if not note.strip():
        raise RuleViolation(_("Say what needs clarifying."), rule="clarification")
    locked = _locked(appointment)
    _awaiting_decision(locked)
    locked.status = AppointmentStatus.CLARIFICATION
    locked.clarification_note = note.strip()
    locked.save(update_fields=["status", "clarification_note"])
    audit.record(
        "accounts.appointment.clarification_requested",
        actor=requested_by,
        subject=locked,
        request=request,
        note=locked.clarification_note,
    )
    url = absolute_url(locked.get_absolute_url(), request)
    _mail(locked.person, "clarification", {"appointment": locked, "url": url})
    return locked


def _end(appointment: Appointment, *, status: str, reason: str, now: datetime) -> None:
    if appointment.status not in OPEN_STATUSES:
        raise RuleViolation(_("This appointment has already ended."), rule="status")
    if not reason.strip():
        raise RuleViolation(_("Give the reason, as the note verbale states it."), rule="reason")
    appointment.status = status
    appointment.ended_at = now
    appointment.end_reason = reason.strip()[:500]
    appointment.save(update_fields=["status", "ended_at", "end_reason"])
    appointment.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)


def _end_access_if_nothing_open(person: Person) -> bool:
    """A person with no open appointment left loses every way in: account, sessions, tokens."""
    if person.appointments.filter(status__in=[s.value for s in OPEN_STATUSES]).exists():
        permissions.forget_appointments(person)
        return False
    from revmech.accounts.security import revoke_all_access

    person.is_active = False
    person.save(update_fields=["is_active"])
    revoke_all_access(person)
    permissions.forget_appointments(person)
    return True


@transaction.atomic
def withdraw_appointment(
    *,
    appointment: Appointment,
    withdrawn_by: Actor,
    reason: str,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Appointment:
    """End an appointment at the State's request; the history stays (P&R para 12)."""
    if not permissions.can_decide_appointment(withdrawn_by, appointment):
        raise PermissionDenied
    now = now or timezone.now()
    locked = _locked(appointment)
    _end(locked, status=AppointmentStatus.WITHDRAWN, reason=reason, now=now)
    access_ended = _end_access_if_nothing_open(locked.person)
    audit.record(
        "accounts.appointment.withdrawn",
        actor=withdrawn_by,
        subject=locked,
        request=request,
        now=now,
        reason=locked.end_reason,
        access_ended=access_ended,
    )
    return locked


@transaction.atomic
def replace_appointment(
    *,
    appointment: Appointment,
    decided_by: Actor,
    person_name: str,
    email: str,
    note_verbale_reference: str,
    note_verbale_on: date | None,
    reason: str,
    language: str = "",
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Nominate a successor in the same role, State and instrument (P&R para 12: a focal point
    is replaceable); the old appointment ends first, so the successor takes its seat.
    Both or neither are saved. Returns the successor's appointment."""
    if not permissions.can_decide_appointment(decided_by, appointment):
        raise PermissionDenied
    now = now or timezone.now()
    old = _locked(appointment)
    _end(old, status=AppointmentStatus.REPLACED, reason=reason, now=now)
    successor, token = _record_nomination(
        state=old.state,
        role=old.role,
        instrument=old.instrument,
        person_name=person_name,
        email=email,
        language=language,
        organization=old.organization,
        note_verbale_reference=note_verbale_reference,
        note_verbale_on=note_verbale_on,
        nominated_by=decided_by,
        now=now,
    )
    if successor.person_id == old.person_id:
        raise RuleViolation(
            _("The successor is the person already appointed: nothing to replace."),
            rule="person",
        )
    successor.working_group = old.working_group
    successor.save(update_fields=["working_group"])
    old.replaced_by = successor
    old.save(update_fields=["replaced_by"])
    access_ended = _end_access_if_nothing_open(old.person)
    audit.record(
        "accounts.appointment.replaced",
        actor=decided_by,
        subject=old,
        request=request,
        now=now,
        reason=old.end_reason,
        successor=successor.pk,
        access_ended=access_ended,
    )
    audit.record(
        "accounts.appointment.nominated",
        actor=decided_by,
        subject=successor,
        request=request,
        now=now,
        role=successor.role,
        state=successor.state.code if successor.state else None,
        instrument=successor.instrument.code if successor.instrument else None,
        note_verbale_reference=successor.note_verbale_reference,
        replaces=old.pk,
    )
    _mail_activation(successor, token, request)
    return successor
