"""Every change around NGO briefings: the register, briefings, invitations, confirmations,
written comments, attendance, objections, summaries and activity reports (P&R para 53).

Each service checks its own predicate, runs in one transaction (a refusal saves nothing), writes
the audit log beside the change and mails the people concerned in their own language through
the accounts' mail helper, queued with the change.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import docx
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from revmech.accounts import services as accounts
from revmech.accounts.models import AppointmentStatus, Person, Role
from revmech.accounts.permissions import is_bureau_member, is_secretariat
from revmech.audit import services as audit
from revmech.civil_society import permissions
from revmech.civil_society.models import (
    ActivityReport,
    Attendance,
    Briefing,
    Circulation,
    ConsultativeStatus,
    Decision,
    Invitation,
    InvitationStatus,
    Objection,
    ObserverAdmission,
    Organization,
    Representative,
    Summary,
    WrittenComment,
)
from revmech.meetings import services as meetings
from revmech.meetings.models import Body, DocumentKind, Session
from revmech.registry.models import State
from revmech.rules import RuleViolation
from revmech.rules import briefings as rules
from revmech.web import refusals
from revmech.web.dates import day
from revmech.web.roles import Someone

# -- The check for mentions of States (P&R para 53 (b)) ----------------------------------------

_checker_cache: dict[tuple[int, int], rules.MentionChecker] = {}


def mention_checker() -> rules.MentionChecker:
    """The check built from the register of States (names in six languages, the English name)
    and the shipped adjectives; rebuilt when the register of States changes size."""
    stamp = (State.objects.aggregate(last=Max("pk"))["last"] or 0, State.objects.count())
    checker = _checker_cache.get(stamp)
    if checker is None:
        terms: dict[str, list[str]] = {}
        for code, name, names in State.objects.values_list("code", "name", "names"):
            terms[code] = [name, *(v for v in (names or {}).values() if isinstance(v, str))]
        for code, words in rules.shipped_adjectives().items():
            terms.setdefault(code, []).extend(words)
        checker = rules.build_checker(terms)
        _checker_cache.clear()
        _checker_cache[stamp] = checker
    return checker


def mentions_in(text: str) -> list[dict[str, object]]:
    """The passages of `text` that mention a State, as stored beside the text."""
    return [m.as_json() for m in mention_checker().find(text)]


# -- Helpers -----------------------------------------------------------------------------------


def _required(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise RuleViolation(_("Fill in %(what)s; nothing was recorded.") % {"what": what})
    return cleaned


def _person(actor: Someone) -> Person:
    if not isinstance(actor, Person):
        raise PermissionDenied
    return actor


def _mail_people(
    people: Iterable[Person], template: str, context: dict[str, Any], *, request: HttpRequest | None
) -> int:
    """Mail each person once, in their language, with `civil_society/mail/<template>`."""
    sent = 0
    seen: set[int] = set()
    for person in people:
        if person.pk in seen or not person.email or not person.is_active:
            continue
        seen.add(person.pk)
        accounts.send_templated_mail(
            person, f"civil_society/mail/{template}", {**context, "request": request}
        )
        sent += 1
    return sent


def _url(path: str, request: HttpRequest | None) -> str:
    return accounts.absolute_url(path, request)


def representatives_of(organization_ids: Iterable[int]) -> list[Person]:
    """The active people who represent one of the organizations with an approved appointment."""
    people = Person.objects.filter(
        is_active=True,
        ngo_representations__organization_id__in=list(organization_ids),
        ngo_representations__ended_at__isnull=True,
        appointments__role=Role.NGO,
        appointments__status=AppointmentStatus.APPROVED,
    )
    return list(people.distinct().order_by("pk"))


def _secretariat() -> list[Person]:
    people = Person.objects.filter(
        is_active=True,
        appointments__role=Role.SECRETARIAT,
        appointments__status=AppointmentStatus.APPROVED,
    )
    return list(people.distinct().order_by("pk"))


def _bureau() -> list[Person]:
    people = Person.objects.filter(
        is_active=True,
        appointments__role=Role.BUREAU,
        appointments__status=AppointmentStatus.APPROVED,
    )
    return list(people.distinct().order_by("pk"))


def confirmation_days() -> int:
    """The rulebook's period for confirmations (P&R para 53 (e): 10 days)."""
    return accounts.rulebook_number("ngo_confirmation_days")


def deadline_of(briefing: Briefing) -> datetime:
    """The first instant at which a confirmation for `briefing` is late."""
    return rules.confirmation_deadline(briefing.held_on, confirmation_days(), briefing.time_zone)


def last_day_of(briefing: Briefing) -> date:
    return rules.last_day_to_confirm(briefing.held_on, confirmation_days())


# -- The register (P&R para 53 (c)) ------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationDetails:
    """What the register holds about an organization."""

    name: str
    acronym: str = ""
    areas_of_work: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    postal_address: str = ""
    consultative_status: str = ""
    consultative_status_since: date | None = None


def _check_details(details: OrganizationDetails) -> None:
    _required(details.name, _("the name of the organization"))
    if details.consultative_status not in ConsultativeStatus.values:
        raise RuleViolation(_("Choose one of the kinds of consultative status."))
    if details.consultative_status and details.consultative_status_since is None:
        raise RuleViolation(
            _("Give the date since which the organization has consultative status.")
        )
    if not details.consultative_status and details.consultative_status_since is not None:
        raise RuleViolation(
            _("A date of consultative status was given, but no status: choose the status.")
        )


def _apply(organization: Organization, details: OrganizationDetails) -> None:
    for field, value in details.__dict__.items():
        setattr(organization, field, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def record_organization(
    *, details: OrganizationDetails, actor: Someone, request: HttpRequest | None = None
) -> Organization:
    """Enter an organization in the register."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    _check_details(details)
    if Organization.objects.filter(name__iexact=details.name.strip()).exists():
        raise RuleViolation(
            _("%(name)s is already in the register.") % {"name": details.name.strip()}
        )
    organization = Organization()
    _apply(organization, details)
    organization.save()
    audit.record(
        "civil_society.organization.recorded", actor=actor, subject=organization, request=request
    )
    return organization


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    details: OrganizationDetails,
    version: int,
    actor: Someone,
    request: HttpRequest | None = None,
) -> Organization:
    """Change an organization's entry; refused if someone saved it since it was read."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    _check_details(details)
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    if current.version != version:
        raise RuleViolation(
            _(
                "Someone else changed this organization's entry while you were editing it; "
                "nothing was saved. Reload the page to see their changes."
            ),
            rule="version",
        )
    if (
        Organization.objects.filter(name__iexact=details.name.strip())
        .exclude(pk=current.pk)
        .exists()
    ):
        raise RuleViolation(
            _("%(name)s is already in the register.") % {"name": details.name.strip()}
        )
    before = {f: getattr(current, f) for f in details.__dict__}
    _apply(current, details)
    current.version += 1
    current.save()
    changed = sorted(f for f, v in before.items() if getattr(current, f) != v)
    audit.record(
        "civil_society.organization.updated",
        actor=actor,
        subject=current,
        request=request,
        changed=changed,
    )
    return current


@transaction.atomic
def record_admission(
    *,
    organization: Organization,
    session: Session,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> ObserverAdmission:
    """Record that the Conference admitted the organization as observer to `session`, under
    rule 17 (1) or (2) according to its consultative status when the session opened."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    if session.body != Body.CONFERENCE:
        raise RuleViolation(
            _(
                "Organizations are admitted as observers to sessions of the Conference; "
                "%(session)s is a session of a working group (P&R para 53 (c))."
            )
            % {"session": session}
        )
    if ObserverAdmission.objects.filter(organization=organization, session=session).exists():
        raise RuleViolation(
            _("The admission of %(organization)s to %(session)s is already recorded.")
            % {"organization": organization, "session": session}
        )
    basis = rules.admission_basis(organization.consultative_status_since, session.starts_on)
    admission = ObserverAdmission.objects.create(
        organization=organization,
        session=session,
        basis=basis.value,
        recorded_at=now or timezone.now(),
    )
    audit.record(
        "civil_society.admission.recorded",
        actor=actor,
        subject=organization,
        request=request,
        session=session.pk,
        basis=basis.value,
    )
    return admission


@transaction.atomic
def add_representative(
    *,
    organization: Organization,
    person_name: str,
    email: str,
    language: str,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Representative:
    """Give a representative of the organization an account: an NGO appointment is nominated
    (the person gets the activation link by mail) and tied to the organization."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    now = now or timezone.now()
    appointment = accounts.nominate(
        state=None,
        role=Role.NGO,
        instrument=None,
        person_name=person_name,
        email=email,
        language=language,
        organization=organization.name,
        note_verbale_reference="",
        note_verbale_on=None,
        nominated_by=_person(actor),
        request=request,
        now=now,
    )
    try:
        with transaction.atomic():
            representative = Representative.objects.create(
                organization=organization, person=appointment.person, added_at=now
            )
    except IntegrityError as twice:
        raise RuleViolation(
            _("%(name)s already represents %(organization)s.")
            % {"name": appointment.person.display_name, "organization": organization}
        ) from twice
    audit.record(
        "civil_society.representative.added",
        actor=actor,
        subject=organization,
        request=request,
        person=appointment.person_id,
    )
    return representative


@transaction.atomic
def end_representation(
    *,
    representative: Representative,
    reason: str,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Representative:
    """The person no longer acts for the organization: from now on they see nothing of it.
    Their account and its history stay; their NGO appointment is the accounts' business."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    current = Representative.objects.select_for_update().get(pk=representative.pk)
    if current.ended_at is not None:
        raise RuleViolation(_("This representation has already ended."))
    current.ended_at = now or timezone.now()
    current.save(update_fields=["ended_at"])
    audit.record(
        "civil_society.representative.ended",
        actor=actor,
        subject=current.organization,
        request=request,
        person=current.person_id,
        reason=_required(reason, _("the reason")),
    )
    return current


@transaction.atomic
def report_activities(
    *,
    organization: Organization,
    session: Session,
    title: str,
    text: str,
    by: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> ActivityReport:
    """An organization reports to a working group on its activities (P&R para 53 (h))."""
    if not permissions.can_report_activities(by, organization):
        raise PermissionDenied
    if session.body == Body.CONFERENCE:
        raise RuleViolation(_("Choose a session of a working group (P&R para 53 (h))."))
    report = ActivityReport.objects.create(
        organization=organization,
        session=session,
        title=_required(title, _("the title")),
        text=_required(text, _("the report")),
        submitted_at=now or timezone.now(),
        submitted_by=_person(by),
    )
    audit.record(
        "civil_society.activity_report.submitted",
        actor=by,
        subject=organization,
        request=request,
        session=session.pk,
        report=report.pk,
    )
    _mail_people(
        _secretariat(),
        "activity_report",
        {"report": report, "url": _url(organization.get_absolute_url(), request)},
        request=request,
    )
    return report


# -- Briefings (P&R para 53 (a)) ---------------------------------------------------------------


@dataclass(frozen=True)
class BriefingDetails:
    session: Session
    held_on: date
    place: str
    topics: str
    president_requested_on: date
    bureau_member: Person
    time_zone: str = "Europe/Vienna"
    starts_at: time | None = None
    technical_assistance_needs: str = ""


@transaction.atomic
def convene_briefing(
    *, details: BriefingDetails, actor: Someone, request: HttpRequest | None = None
) -> Briefing:
    """Convene a briefing on the margins of a working-group session, at the request of the
    President of the Conference, with a member of the Bureau (P&R para 53 (a))."""
    if not permissions.can_convene(actor):
        raise PermissionDenied
    session = details.session
    if session.body == Body.CONFERENCE:
        raise RuleViolation(
            _(
                "Briefings are held on the margins of the meetings of the working groups: "
                "choose a working-group session (P&R para 53 (a))."
            )
        )
    if not session.starts_on <= details.held_on <= session.ends_on:
        raise RuleViolation(
            _(
                "The briefing is on the margins of %(session)s, so it is held between "
                "%(starts_on)s and %(ends_on)s (P&R para 53 (a))."
            )
            % {
                "session": session,
                "starts_on": day(session.starts_on),
                "ends_on": day(session.ends_on),
            }
        )
    if not is_bureau_member(details.bureau_member):
        raise RuleViolation(
            _(
                "%(name)s is not a member of the Bureau; a briefing is conducted with a member "
                "of the Bureau (P&R para 53 (a))."
            )
            % {"name": details.bureau_member.display_name}
        )
    if details.president_requested_on > details.held_on:
        raise RuleViolation(_("The President's request must come before the briefing."))
    rules.zone(details.time_zone)
    briefing = Briefing.objects.create(
        session=session,
        held_on=details.held_on,
        starts_at=details.starts_at,
        time_zone=details.time_zone,
        place=_required(details.place, _("the place")),
        topics=_required(details.topics, _("the topics")),
        technical_assistance_needs=details.technical_assistance_needs.strip(),
        president_requested_on=details.president_requested_on,
        bureau_member=details.bureau_member,
        created_by=_person(actor),
    )
    audit.record(
        "civil_society.briefing.convened",
        actor=actor,
        subject=briefing,
        request=request,
        session=session.pk,
        held_on=briefing.held_on,
        bureau_member=details.bureau_member.pk,
    )
    _mail_people(
        [details.bureau_member],
        "briefing_convened",
        {"briefing": briefing, "url": _url(briefing.get_absolute_url(), request)},
        request=request,
    )
    return briefing


@transaction.atomic
def set_materials(
    *,
    briefing: Briefing,
    materials: str,
    version: int,
    actor: Someone,
    request: HttpRequest | None = None,
) -> Briefing:
    """Save the briefing materials and check them for mentions of States (P&R para 53 (b)).

    The text is kept as written; the flagged passages are shown to the secretariat, which
    clears the materials for circulation (`clear_materials`). A change needs a new clearance.
    """
    if not permissions.can_manage_briefing(actor, briefing):
        raise PermissionDenied
    current = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if current.version != version:
        raise RuleViolation(
            _(
                "Someone else changed this briefing while you were editing it; nothing was "
                "saved. Reload the page to see their changes."
            ),
            rule="version",
        )
    current.materials = materials.strip()
    current.materials_mentions = mentions_in(current.materials)
    current.materials_cleared_at = None
    current.materials_cleared_by = None
    current.version += 1
    current.save()
    audit.record(
        "civil_society.briefing.materials_saved",
        actor=actor,
        subject=current,
        request=request,
        mentions=len(current.materials_mentions),
    )
    return current


@transaction.atomic
def clear_materials(
    *,
    briefing: Briefing,
    version: int,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Briefing:
    """The secretariat, having read the flagged passages, clears the materials to circulate."""
    if not permissions.can_manage_briefing(actor, briefing):
        raise PermissionDenied
    current = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if current.version != version:
        raise RuleViolation(
            _("The materials changed since you read them; read them again before clearing."),
            rule="version",
        )
    if not current.materials:
        raise RuleViolation(_("There are no materials to clear."))
    current.materials_cleared_at = now or timezone.now()
    current.materials_cleared_by = _person(actor)
    current.save()
    audit.record(
        "civil_society.briefing.materials_cleared",
        actor=actor,
        subject=current,
        request=request,
        mentions=len(current.materials_mentions),
    )
    return current


# -- Eligibility and invitations (P&R para 53 (c)) ---------------------------------------------


def conference_sessions() -> list[rules.ConferenceSession]:
    return [
        rules.ConferenceSession(pk, starts_on, ends_on)
        for pk, starts_on, ends_on in Session.objects.filter(body=Body.CONFERENCE).values_list(
            "pk", "starts_on", "ends_on"
        )
    ]


def eligibility_of(
    organizations: Sequence[Organization],
    briefing: Briefing,
    sessions: Sequence[rules.ConferenceSession] | None = None,
) -> dict[int, rules.Eligibility]:
    """Each organization's eligibility for the briefing, in two queries whatever their number."""
    sessions = conference_sessions() if sessions is None else sessions
    admitted: dict[int, set[int]] = {}
    for organization_id, session_id in ObserverAdmission.objects.filter(
        organization__in=[o.pk for o in organizations]
    ).values_list("organization_id", "session_id"):
        admitted.setdefault(organization_id, set()).add(session_id)
    return {
        o.pk: rules.eligibility(
            rules.Standing(o.consultative_status_since, frozenset(admitted.get(o.pk, ()))),
            briefing.held_on,
            sessions,
        )
        for o in organizations
    }


def eligible_organizations(briefing: Briefing) -> list[Organization]:
    """The organizations admitted to the previous session of the Conference."""
    previous = rules.previous_session(briefing.held_on, conference_sessions())
    if previous is None:
        return []
    return list(Organization.objects.filter(admissions__session_id=previous.key).order_by("name"))


@transaction.atomic
def invite(
    *,
    briefing: Briefing,
    organizations: Sequence[Organization] | None = None,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> list[Invitation]:
    """Invite organizations to the briefing: the ones given, or every eligible one not yet
    invited. An ineligible organization is refused with the reason (P&R para 53 (c)); the
    representatives of each invited organization are told by mail, with the last day to confirm.
    """
    if not permissions.can_manage_briefing(actor, briefing):
        raise PermissionDenied
    now = now or timezone.now()
    if now >= deadline_of(briefing):
        raise RuleViolation(
            _(
                "The last day to confirm attendance at this briefing (%(last_day)s) has passed, "
                "so nobody can be invited any more (P&R para 53 (e))."
            )
            % {"last_day": day(last_day_of(briefing))}
        )
    already = set(briefing.invitations.values_list("organization_id", flat=True))
    chosen = list(organizations) if organizations is not None else eligible_organizations(briefing)
    chosen = [o for o in chosen if o.pk not in already]
    eligibility = eligibility_of(chosen, briefing)
    for organization in chosen:
        found = eligibility[organization.pk]
        if not found.is_eligible:
            raise RuleViolation(
                _("%(organization)s cannot be invited: %(reason)s")
                % {
                    "organization": organization,
                    "reason": refusals.sentence(found.template, found.params),
                },
                rule="P&R para 53 (c)",
            )
    invitations = [
        Invitation.objects.create(
            briefing=briefing,
            organization=organization,
            basis=str(eligibility[organization.pk].basis),
            invited_at=now,
            invited_by=_person(actor),
        )
        for organization in chosen
    ]
    for invitation in invitations:
        audit.record(
            "civil_society.invitation.sent",
            actor=actor,
            subject=invitation,
            request=request,
            now=now,
            briefing=briefing.pk,
            organization=invitation.organization_id,
            basis=invitation.basis,
        )
        _mail_people(
            representatives_of([invitation.organization_id]),
            "invitation",
            {
                "invitation": invitation,
                "briefing": briefing,
                "last_day": last_day_of(briefing),
                "days": confirmation_days(),
                "url": _url(invitation.get_absolute_url(), request),
            },
            request=request,
        )
    return invitations


def _locked_invitation(invitation: Invitation) -> Invitation:
    locked: Invitation = (
        Invitation.objects.select_for_update()
        .select_related("briefing", "organization")
        .get(pk=invitation.pk)
    )
    return locked


@transaction.atomic
def confirm_attendance(
    *,
    invitation: Invitation,
    by: Someone,
    attendees: str = "",
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Invitation:
    """The organization confirms its attendance, no later than 10 days before the briefing
    (P&R para 53 (e)); a late confirmation is refused with the deadline named."""
    if not permissions.can_answer_invitation(by, invitation):
        raise PermissionDenied
    now = now or timezone.now()
    current = _locked_invitation(invitation)
    if current.status == InvitationStatus.EXCLUDED:
        raise RuleViolation(
            _("The Bureau decided that %(organization)s does not participate in this briefing.")
            % {"organization": current.organization}
        )
    if current.status == InvitationStatus.CONFIRMED:
        raise RuleViolation(_("Attendance is already confirmed."))
    briefing = current.briefing
    try:
        rules.check_confirmation_in_time(
            now, briefing.held_on, confirmation_days(), briefing.time_zone
        )
    except RuleViolation as late:
        raise RuleViolation(refusals.explain(late), rule=late.rule) from late
    current.status = InvitationStatus.CONFIRMED
    current.confirmed_at = now
    current.confirmed_by = _person(by)
    current.attendees = attendees.strip()
    current.save()
    audit.record(
        "civil_society.invitation.confirmed",
        actor=by,
        subject=current,
        request=request,
        now=now,
        briefing=briefing.pk,
    )
    _mail_people(
        _secretariat(),
        "confirmed",
        {"invitation": current, "url": _url(current.get_absolute_url(), request)},
        request=request,
    )
    return current


@transaction.atomic
def submit_comment(
    *,
    invitation: Invitation,
    text: str,
    by: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> WrittenComment:
    """Written comments, allowed once attendance is confirmed (P&R para 53 (e)); checked for
    mentions of States and held until the secretariat decides (para 53 (b))."""
    if not permissions.can_answer_invitation(by, invitation):
        raise PermissionDenied
    current = _locked_invitation(invitation)
    if current.status != InvitationStatus.CONFIRMED:
        raise RuleViolation(
            _(
                "Comments in writing can be given once attendance is confirmed "
                "(P&R para 53 (e)): confirm first."
            )
        )
    cleaned = _required(text, _("the comments"))
    comment = WrittenComment.objects.create(
        invitation=current,
        text=cleaned,
        mentions=mentions_in(cleaned),
        submitted_at=now or timezone.now(),
        submitted_by=_person(by),
    )
    audit.record(
        "civil_society.comment.submitted",
        actor=by,
        subject=current,
        request=request,
        comment=comment.pk,
        mentions=len(comment.mentions),
    )
    _mail_people(
        _secretariat(),
        "comment",
        {"comment": comment, "url": _url(current.get_absolute_url(), request)},
        request=request,
    )
    return comment


@transaction.atomic
def decide_comment(
    *,
    comment: WrittenComment,
    circulate: bool,
    note: str,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> WrittenComment:
    """The secretariat circulates comments or holds them back, with a note (para 53 (b))."""
    if not permissions.can_check_comment(actor, comment):
        raise PermissionDenied
    current = WrittenComment.objects.select_for_update().get(pk=comment.pk)
    if current.circulation != Circulation.AWAITING:
        raise RuleViolation(_("These comments were already decided on."))
    if not circulate and not note.strip():
        raise RuleViolation(
            _("Say why the comments are held back; the organization reads it."),
        )
    current.circulation = Circulation.CIRCULATED if circulate else Circulation.HELD_BACK
    current.decision_note = note.strip()
    current.decided_at = now or timezone.now()
    current.decided_by = _person(actor)
    current.save()
    audit.record(
        "civil_society.comment.decided",
        actor=actor,
        subject=current.invitation,
        request=request,
        comment=current.pk,
        circulation=current.circulation,
    )
    _mail_people(
        representatives_of([current.invitation.organization_id]),
        "comment_decided",
        {"comment": current, "url": _url(current.invitation.get_absolute_url(), request)},
        request=request,
    )
    return current


# -- Attendance of Member States and intergovernmental organizations (P&R para 53 (f)) ---------


@transaction.atomic
def register_attendance(
    *,
    briefing: Briefing,
    representative: str,
    state: State | None,
    intergovernmental_organization: str = "",
    by: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Attendance:
    """A representative of a Member State (for a State they represent) or, recorded by the
    secretariat, of an intergovernmental organization attends (P&R para 53 (f))."""
    if not permissions.can_register_attendance(by, briefing):
        raise PermissionDenied
    igo = intergovernmental_organization.strip()
    if (state is None) == (not igo):
        raise RuleViolation(
            _("Give either the State or the intergovernmental organization represented.")
        )
    if igo and not is_secretariat(by):
        raise RuleViolation(
            _("The secretariat registers representatives of intergovernmental organizations.")
        )
    if (
        state is not None
        and not is_secretariat(by)
        and state.code not in permissions.member_state_codes(by)
    ):
        raise RuleViolation(
            _("You can register attendance only for a State you represent (%(state)s).")
            % {"state": state.display_name}
        )
    attendance = Attendance.objects.create(
        briefing=briefing,
        state=state,
        intergovernmental_organization=igo,
        representative=_required(representative, _("the representative's name")),
        registered_at=now or timezone.now(),
        registered_by=_person(by),
    )
    audit.record(
        "civil_society.attendance.registered",
        actor=by,
        subject=briefing,
        request=request,
        state=state.code if state else None,
        intergovernmental_organization=igo,
    )
    return attendance


# -- Objections (P&R para 53 (d)) --------------------------------------------------------------


@transaction.atomic
def record_objection(
    *,
    invitation: Invitation,
    state: State,
    reasons: str,
    received_on: date,
    actor: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Objection:
    """Record a State's objection to the organization's participation and refer it to the
    Bureau for decision (P&R para 53 (d)); the members of the Bureau are told by mail."""
    if not permissions.can_record_objection(actor, invitation):
        raise PermissionDenied
    current = _locked_invitation(invitation)
    if current.status == InvitationStatus.EXCLUDED:
        raise RuleViolation(
            _("The Bureau already decided that this organization does not participate.")
        )
    if current.objections.filter(state=state, decision=Decision.PENDING).exists():
        raise RuleViolation(
            _("An objection of %(state)s to this participation already awaits the Bureau.")
            % {"state": state.display_name}
        )
    objection = Objection.objects.create(
        invitation=current,
        state=state,
        reasons=_required(reasons, _("the reasons given")),
        received_on=received_on,
        recorded_at=now or timezone.now(),
        recorded_by=_person(actor),
    )
    audit.record(
        "civil_society.objection.recorded",
        actor=actor,
        subject=objection,
        request=request,
        invitation=current.pk,
        state=state.code,
    )
    _mail_people(
        _bureau(),
        "objection_referred",
        {"objection": objection, "url": _url(objection.get_absolute_url(), request)},
        request=request,
    )
    return objection


@transaction.atomic
def decide_objection(
    *,
    objection: Objection,
    uphold: bool,
    decided_on: date,
    reasons: str,
    by: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Objection:
    """The Bureau decides (P&R para 53 (d)): upheld, the organization does not participate;
    dismissed, it does. The decision and its date are recorded and the organization is told."""
    if not permissions.can_decide_objection(by, objection):
        raise PermissionDenied
    now = now or timezone.now()
    current: Objection = (
        Objection.objects.select_for_update()
        .select_related("invitation__organization", "invitation__briefing")
        .get(pk=objection.pk)
    )
    if current.decision != Decision.PENDING:
        raise RuleViolation(
            _("The Bureau already decided on this objection on %(date)s.")
            % {"date": day(current.decided_on)}
        )
    if decided_on < current.received_on:
        raise RuleViolation(
            _("The decision cannot come before the objection was received (%(date)s).")
            % {"date": day(current.received_on)}
        )
    current.decision = Decision.UPHELD if uphold else Decision.DISMISSED
    current.decided_on = decided_on
    current.decision_reasons = reasons.strip()
    current.decided_by = _person(by)
    invitation = _locked_invitation(current.invitation)
    if uphold:
        invitation.status = InvitationStatus.EXCLUDED
        invitation.save(update_fields=["status"])
    told = _mail_people(
        representatives_of([invitation.organization_id]),
        "objection_decided",
        {"objection": current, "url": _url(invitation.get_absolute_url(), request)},
        request=request,
    )
    current.organization_notified_at = now if told else None
    current.save()
    audit.record(
        "civil_society.objection.decided",
        actor=by,
        subject=current,
        request=request,
        now=now,
        decision=current.decision,
        decided_on=decided_on,
        organization_told=bool(told),
    )
    return current


# -- Summaries as conference room papers (P&R para 53 (g)) -------------------------------------


@transaction.atomic
def submit_summary(
    *,
    briefing: Briefing,
    organization: Organization,
    title: str,
    text: str,
    by: Someone,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Summary:
    """An organization that attended submits its summary of the briefing (P&R para 53 (g))."""
    if not permissions.represents(by, organization.pk):
        raise PermissionDenied
    now = now or timezone.now()
    if not briefing.invitations.filter(
        organization=organization, status=InvitationStatus.CONFIRMED
    ).exists():
        raise RuleViolation(
            _("Only an organization that confirmed its attendance submits a summary.")
        )
    if now.astimezone(rules.zone(briefing.time_zone)).date() < briefing.held_on:
        raise RuleViolation(
            _("A summary can be submitted once the briefing has been held (%(date)s).")
            % {"date": day(briefing.held_on)}
        )
    cleaned = _required(text, _("the summary"))
    summary = Summary.objects.create(
        briefing=briefing,
        organization=organization,
        title=_required(title, _("the title")),
        text=cleaned,
        mentions=mentions_in(cleaned),
        submitted_at=now,
        submitted_by=_person(by),
    )
    audit.record(
        "civil_society.summary.submitted",
        actor=by,
        subject=briefing,
        request=request,
        summary=summary.pk,
        organization=organization.pk,
        mentions=len(summary.mentions),
    )
    _mail_people(
        _secretariat(),
        "summary",
        {"summary": summary, "url": _url(briefing.get_absolute_url(), request)},
        request=request,
    )
    return summary


def _summary_docx(summary: Summary) -> bytes:
    document = docx.Document()
    document.add_heading(summary.title, level=1)
    document.add_paragraph(summary.organization.name)
    for paragraph in summary.text.split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def issue_summary(
    *,
    summary: Summary,
    issued_on: date,
    actor: Someone,
    symbol: str = "",
    file: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> Summary:
    """Issue the summary to the working group as a conference room paper with its symbol, in
    the register of sessions and documents (P&R para 53 (g)); without a file, the summary's
    text goes out as a Word document."""
    if not permissions.can_issue_summary(actor, summary):
        raise PermissionDenied
    if summary.document_id is not None:
        raise RuleViolation(
            _("This summary was already issued as %(symbol)s.")
            % {"symbol": summary.document.symbol if summary.document else ""}
        )
    upload = file or SimpleUploadedFile(
        "summary.docx",
        _summary_docx(summary),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    checked = meetings.check_files({"en": upload})  # before the transaction (issue 9)
    with transaction.atomic():
        document = meetings.issue_checked_document(
            session=summary.briefing.session,
            kind=DocumentKind.CONFERENCE_ROOM_PAPER,
            titles={"en": summary.title},
            issued_on=issued_on,
            checked=checked,
            actor=actor,
            symbol=symbol,
            request=request,
        )
        updated = Summary.objects.filter(pk=summary.pk, document__isnull=True).update(
            document=document
        )
        if not updated:
            raise RuleViolation(_("This summary was issued by someone else meanwhile."))
        audit.record(
            "civil_society.summary.issued",
            actor=actor,
            subject=summary.briefing,
            request=request,
            summary=summary.pk,
            symbol=document.symbol,
        )
    summary.refresh_from_db()
    return summary
