"""Every change to country reviews (P&R paras 10, 18, 20, 23-34, 44): creation from a draw,
each move from one stage to the next, reminders of deadlines, and calendar feeds.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.accounts.permissions import acts_for
from revmech.audit import services as audit
from revmech.registry import models as registry
from revmech.reviews import deadlines, permissions, uploads
from revmech.reviews.models import (
    AssistanceRequest,
    AssistanceStatus,
    CalendarFeed,
    CountryReview,
    CountryVisit,
    DialogueMeeting,
    DialogueReply,
    DialogueRequest,
    DocumentVersion,
    EventKind,
    MechanismReference,
    MeetingKind,
    Reminder,
    ReminderKind,
    RequestKind,
    RequestStatus,
    ReviewDocument,
    ReviewEvent,
    ReviewingState,
    Seat,
    Stage,
    VisitStatus,
)
from revmech.rules import RuleViolation
from revmech.site import uploads as site_uploads

if TYPE_CHECKING:
    from revmech.lots.models import Draw


@transaction.atomic
def create_reviews_from_assignment(
    *, assignment: dict[str, Any], phase: int, draw: Draw | None, drawn_on: date
) -> list[CountryReview]:
    """One review per State under review and instrument, with its year and two reviewing States.

    The first reviewer of each row sits in the seat from the regional group of the State under
    review, the second in the seat from another group (the assignment format's convention).
    Either every review is created or none is.
    """
    states = {s.code: s for s in registry.State.objects.all()}
    instruments = {i.code: i for i in registry.Instrument.objects.all()}
    rulebook = registry.RulebookVersion.objects.filter(is_default=True).first()
    created = []
    for row in assignment["assignments"]:
        code, instrument_code = row["state_under_review"], row["instrument"]
        missing = [c for c in (code, *row["reviewers"]) if c not in states]
        if missing or instrument_code not in instruments:
            raise RuleViolation(
                _("The assignment names %(what)s, which the registry does not hold.")
                % {"what": ", ".join(missing) or instrument_code},
                rule="registry",
            )
        if CountryReview.objects.filter(
            state_under_review=states[code], instrument=instruments[instrument_code], phase=phase
        ).exists():
            raise RuleViolation(
                _("%(state)s is already under review for %(instrument)s in phase %(phase)s.")
                % {"state": code, "instrument": instrument_code, "phase": phase},
                rule="P&R para 10",
            )
        review = CountryReview.objects.create(
            state_under_review=states[code],
            instrument=instruments[instrument_code],
            phase=phase,
            year=row["year"],
            draw=draw,
            drawn_on=drawn_on,
            rulebook_version=rulebook.code if rulebook else "",
        )
        same_group, other_group = row["reviewers"]
        ReviewingState.objects.create(review=review, state=states[same_group], seat=Seat.SAME_GROUP)
        ReviewingState.objects.create(
            review=review, state=states[other_group], seat=Seat.OTHER_GROUP
        )
        created.append(review)
    return created


# Moving a review from one stage to the next (P&R paras 23-34). Each move checks its predicate,
# the stage the review is at, and the version read (optimistic locking), then records its event.


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def _check_stage(review: CountryReview, expected: str, move: str) -> None:
    if review.stage != expected:
        raise RuleViolation(
            _(
                "This review is at the stage “%(stage)s”, so “%(move)s” cannot be done now; "
                "it comes at the stage “%(expected)s”."
            )
            % {
                "stage": _stage_label(review.stage),
                "move": move,
                "expected": _stage_label(expected),
            },
            rule="P&R paras 23-34",
        )


def _claim(review: CountryReview, *, version: int | None, stage: str, to_stage: str) -> None:
    """Move the row only if nobody moved it since it was read; else refuse with a clear message."""
    expected = review.version if version is None else version
    moved = CountryReview.objects.filter(pk=review.pk, version=expected, stage=stage).update(
        stage=to_stage, version=F("version") + 1
    )
    if moved != 1:
        review.refresh_from_db(fields=["stage", "version"])
        raise RuleViolation(
            _(
                "Someone else changed this review meanwhile; it is now at the stage "
                "“%(stage)s”. Reload the page and check before trying again."
            )
            % {"stage": _stage_label(review.stage)},
            rule="concurrent change",
        )
    review.stage = to_stage
    review.version = expected + 1


def _record(
    review: CountryReview,
    *,
    kind: str,
    by: Person | None,
    today: date,
    request: HttpRequest | None,
    from_stage: str,
    state: registry.State | None = None,
    **details: Any,
) -> ReviewEvent:
    event = ReviewEvent.objects.create(
        review=review,
        kind=kind,
        occurred_on=today,
        recorded_at=timezone.now(),
        actor=by,
        state=state,
        details=details,
    )
    logged: dict[str, Any] = {"event": kind, "from_stage": from_stage, "to_stage": review.stage}
    if state is not None:
        logged["state"] = state.code
    audit.record(
        "reviews.stage.moved",
        actor=by,
        subject=review,
        request=request,
        review_id=review.pk,
        occurred_on=today,
        **logged,
        **details,
    )
    return event


def _move(
    *,
    review: CountryReview,
    by: Person,
    allowed: bool,
    move: str,
    from_stage: str,
    to_stage: str,
    kind: str,
    today: date,
    version: int | None,
    request: HttpRequest | None,
    **details: Any,
) -> ReviewEvent:
    if not allowed:
        raise PermissionDenied
    _check_stage(review, from_stage, move)
    _claim(review, version=version, stage=from_stage, to_stage=to_stage)
    return _record(
        review, kind=kind, by=by, today=today, request=request, from_stage=from_stage, **details
    )


@transaction.atomic
def open_consultations(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The State under review opens consultations with the reviewing States (P&R para 23)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_open_consultations(by, review),
        move=_("Open the consultations"),
        from_stage=Stage.DRAWN,
        to_stage=Stage.CONSULTATIONS,
        kind=EventKind.CONSULTATIONS_OPENED,
        today=today,
        version=version,
        request=request,
    )


@transaction.atomic
def record_consultations(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    working_languages: list[str],
    schedule: str,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The focal point of the State under review records the schedule and the working
    language or languages agreed with the reviewing States (P&R paras 23, 44)."""
    if not permissions.can_record_consultations(by, review):
        raise PermissionDenied
    _check_stage(review, Stage.CONSULTATIONS, _("Record the agreed schedule and working languages"))
    if not working_languages:
        raise RuleViolation(
            _("Name at least one working language agreed for the review (P&R para 44)."),
            rule="P&R para 44",
        )
    event = _move(
        review=review,
        by=by,
        allowed=True,
        move=_("Record the agreed schedule and working languages"),
        from_stage=Stage.CONSULTATIONS,
        to_stage=Stage.SELF_ASSESSMENT,
        kind=EventKind.CONSULTATIONS_HELD,
        today=today,
        version=version,
        request=request,
        working_languages=list(working_languages),
        schedule=schedule,
    )
    CountryReview.objects.filter(pk=review.pk).update(
        working_languages=list(working_languages), schedule=schedule
    )
    review.working_languages, review.schedule = list(working_languages), schedule
    return event


@transaction.atomic
def submit_self_assessment(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The State under review provides its answers to the reviewing States (P&R para 26); the
    desk review's month runs from this date (para 29)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_submit_self_assessment(by, review),
        move=_("Submit the self-assessment"),
        from_stage=Stage.SELF_ASSESSMENT,
        to_stage=Stage.DESK_REVIEW,
        kind=EventKind.SELF_ASSESSMENT_RECEIVED,
        today=today,
        version=version,
        request=request,
    )


@transaction.atomic
def send_desk_review(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The reviewing States send the outcome of the desk review; the constructive dialogue
    begins (P&R paras 29, 30)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_send_desk_review(by, review),
        move=_("Send the outcome of the desk review"),
        from_stage=Stage.DESK_REVIEW,
        to_stage=Stage.DIALOGUE,
        kind=EventKind.DESK_REVIEW_SENT,
        today=today,
        version=version,
        request=request,
    )


@transaction.atomic
def prepare_draft_report(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The reviewing States close the dialogue with a draft report (P&R para 33)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_prepare_draft_report(by, review),
        move=_("Prepare the draft report"),
        from_stage=Stage.DIALOGUE,
        to_stage=Stage.DRAFT_REPORT,
        kind=EventKind.DRAFT_REPORT_PREPARED,
        today=today,
        version=version,
        request=request,
    )


def agreed_states(review: CountryReview) -> set[str]:
    events = review.events.filter(kind=EventKind.REPORT_AGREED_BY_STATE)
    return set(events.values_list("state__code", flat=True))


@transaction.atomic
def agree_report(
    *,
    review: CountryReview,
    by: Person,
    state_code: str,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """One State's agreement to the report; the third agreement finalizes it (P&R para 34)."""
    if state_code not in permissions.states_agreeing_through(by, review):
        raise PermissionDenied
    _check_stage(review, Stage.DRAFT_REPORT, _("Agree the report"))
    if state_code in agreed_states(review):
        raise RuleViolation(
            _("%(state)s has already agreed to the report.") % {"state": state_code},
            rule="P&R para 34",
        )
    # Every agreement claims the version, so two last agreements cannot both miss the move.
    _claim(review, version=version, stage=Stage.DRAFT_REPORT, to_stage=Stage.DRAFT_REPORT)
    state = registry.State.objects.get(code=state_code)
    event = _record(
        review,
        kind=EventKind.REPORT_AGREED_BY_STATE,
        by=by,
        today=today,
        request=request,
        from_stage=Stage.DRAFT_REPORT,
        state=state,
    )
    if agreed_states(review) >= set(permissions.parties_to(review)):
        _claim(review, version=None, stage=Stage.DRAFT_REPORT, to_stage=Stage.AGREED)
        _record(
            review,
            kind=EventKind.REPORT_AGREED,
            by=by,
            today=today,
            request=request,
            from_stage=Stage.DRAFT_REPORT,
        )
    return event


@transaction.atomic
def communicate_report(
    *,
    review: CountryReview,
    by: Person,
    today: date,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> ReviewEvent:
    """The assigned secretariat records the agreed report as communicated (P&R para 34)."""
    return _move(
        review=review,
        by=by,
        allowed=permissions.can_communicate_report(by, review),
        move=_("Communicate the report to the secretariat"),
        from_stage=Stage.AGREED,
        to_stage=Stage.COMMUNICATED,
        kind=EventKind.REPORT_COMMUNICATED,
        today=today,
        version=version,
        request=request,
    )


# Reminders (P&R paras 23, 26, 29, 33): before a deadline and once it has passed, each sent once.

# The steps of the State under review and of the reviewing States.
STEPS_OF_STATE_UNDER_REVIEW = ("consultations", "self_assessment")


@dataclass(frozen=True)
class DueReminder:
    review: CountryReview
    step: str
    kind: str
    person: Person
    due_on: date
    is_target: bool


def responsible_for(review: CountryReview, step: str, kind: str) -> list[Person]:
    """Who must act on a step; once it is overdue, the assigned secretariat hears too."""
    if step in STEPS_OF_STATE_UNDER_REVIEW:
        states: tuple[str, ...] = (review.state_under_review.code,)
        roles: tuple[str, ...] = (Role.FOCAL_POINT,)
    else:
        states = permissions.reviewing_states_of(review)
        roles = (Role.FOCAL_POINT, Role.EXPERT)
    appointments = Appointment.objects.filter(
        status=AppointmentStatus.APPROVED,
        role__in=roles,
        state__code__in=states,
        person__is_active=True,
    ).filter(Q(instrument=review.instrument) | Q(instrument__isnull=True))
    people = {a.person_id: a.person for a in appointments.select_related("person")}
    if kind == ReminderKind.OVERDUE:
        for assignment in review.secretariat_assignments.select_related("person"):
            if assignment.person.is_active:
                people.setdefault(assignment.person_id, assignment.person)
    return [people[k] for k in sorted(people) if people[k].email]


def due_reminders(*, today: date, days_before: int) -> Iterator[DueReminder]:
    """Every reminder that should have gone out by `today`, sent or not (the key decides)."""
    open_reviews = CountryReview.objects.exclude(stage=Stage.COMMUNICATED)
    open_reviews = open_reviews.select_related("state_under_review", "instrument")
    rulebooks = deadlines.RulebookCache()
    for review in open_reviews.prefetch_related("reviewers__state", "events").order_by("pk"):
        for step in deadlines.steps_of(review, rulebooks=rulebooks):
            if step.deadline is None or step.is_done:
                continue
            due_on = step.deadline.due_on
            if today > due_on:
                kind = ReminderKind.OVERDUE
            elif today >= due_on - timedelta(days=days_before):
                kind = ReminderKind.BEFORE
            else:
                continue
            for person in responsible_for(review, step.step, kind):
                yield DueReminder(review, step.step, kind, person, due_on, step.deadline.is_target)


def absolute_url(path: str) -> str:
    base = str(getattr(settings, "REVMECH_BASE_URL", "") or "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def _reminder_text(due: DueReminder) -> tuple[str, str]:
    """Subject and body in the reader's language (rendered under `translation.override`)."""
    params = {
        "step": str(deadlines.STEP_LABELS.get(due.step, due.step)),
        "state": due.review.state_under_review.display_name,
        "instrument": due.review.instrument.short_name,
        "due_on": formats.date_format(due.due_on, "DATE_FORMAT"),
        "url": absolute_url(due.review.get_absolute_url()),
    }
    if due.kind == ReminderKind.OVERDUE and due.is_target:
        subject = _("Target date passed: %(step)s") % params
        body = _(
            "The target date of %(due_on)s for “%(step)s” in the review of %(state)s "
            "(%(instrument)s) has passed. It is a target, not a deadline.\n\n%(url)s"
        )
    elif due.kind == ReminderKind.OVERDUE:
        subject = _("Deadline passed: %(step)s") % params
        body = _(
            "The deadline of %(due_on)s for “%(step)s” in the review of %(state)s "
            "(%(instrument)s) has passed.\n\n%(url)s"
        )
    elif due.is_target:
        subject = _("Target date approaching: %(step)s") % params
        body = _(
            "“%(step)s” in the review of %(state)s (%(instrument)s) is preferably done by "
            "%(due_on)s.\n\n%(url)s"
        )
    else:
        subject = _("Deadline approaching: %(step)s") % params
        body = _(
            "“%(step)s” in the review of %(state)s (%(instrument)s) is due by %(due_on)s."
            "\n\n%(url)s"
        )
    return subject, body % params


def send_reminder(*, due: DueReminder, now: datetime) -> bool:
    """Send one reminder unless it was sent before; True if it went out now.

    Order, in one transaction: insert the `Reminder` row (its unique key waits for, then refuses,
    a concurrent run that inserted it first), send the mail, record the audit line, commit. A
    failed send rolls the row back, so the next run retries it (at least once); a committed row
    is never sent again (at most once). The one gap: the mail server accepted the message and
    the process died before the commit; the next run then sends it a second time.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    review=due.review,
                    step=due.step,
                    kind=due.kind,
                    person=due.person,
                    due_on=due.due_on,
                    sent_at=now,
                )
        except IntegrityError:
            return False
        with translation.override(due.person.language or settings.LANGUAGE_CODE):
            subject, body = _reminder_text(due)
        send_mail(subject, body, None, [due.person.email], fail_silently=False)
        audit.record(
            "reviews.reminder.sent",
            actor=None,
            subject=reminder,
            review_id=due.review.pk,
            now=now,
            step=due.step,
            kind=due.kind,
            person_id=due.person.pk,
            due_on=due.due_on,
        )
    return True


# Calendar feeds: a secret address per person, revocable; only a digest of the token is kept.


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(
    *, person: Person, now: datetime, request: HttpRequest | None = None
) -> str:
    """A new secret calendar address for the person; any earlier one stops working."""
    if not permissions.can_keep_a_calendar(person):
        raise PermissionDenied
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(person=person, token_digest=_digest(token), created_at=now)
    audit.record("reviews.calendar.created", actor=person, subject=feed, request=request, now=now)
    return token


@transaction.atomic
def revoke_calendar_feeds(
    *, person: Person, now: datetime, request: HttpRequest | None = None
) -> int:
    """Stop every calendar address of the person; returns how many were active."""
    if not permissions.can_keep_a_calendar(person):
        raise PermissionDenied
    count = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=now
    )
    audit.record("reviews.calendar.revoked", actor=person, request=request, now=now, count=count)
    return count


def calendar_path(token: str) -> str:
    return reverse("reviews:calendar_feed", kwargs={"token": token})


# The constructive dialogue (P&R paras 29-31), documents, technical assistance (para 15) and
# information from other mechanisms (para 28). Each service checks its predicate, refuses what
# the stage does not allow, writes the audit log and mails the people it needs.

DIALOGUE_STAGES = (Stage.DESK_REVIEW, Stage.DIALOGUE)
# Technical assistance is to answer the questionnaire (para 15): until the desk review ends.
ASSISTANCE_STAGES = (Stage.DRAWN, Stage.CONSULTATIONS, Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW)
OPEN_STAGES = tuple(s for s in Stage if s not in (Stage.AGREED, Stage.COMMUNICATED))


def _check_stage_in(review: CountryReview, stages: tuple[str, ...], what: str) -> None:
    if review.stage not in stages:
        raise RuleViolation(
            _(
                "This review is at the stage “%(stage)s”, so “%(what)s” cannot be done now; "
                "it can be done at the stages: %(stages)s."
            )
            % {
                "stage": _stage_label(review.stage),
                "what": what,
                "stages": ", ".join(f"“{_stage_label(s)}”" for s in stages),
            },
            rule="P&R paras 15, 28-31",
        )


def _required(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise RuleViolation(_("Fill in %(what)s; nothing was recorded.") % {"what": what})
    return cleaned


def people_of(
    review: CountryReview, states: tuple[str, ...], roles: tuple[str, ...]
) -> list[Person]:
    """The active people holding one of `roles` for one of `states` and the review's instrument."""
    appointments = Appointment.objects.filter(
        status=AppointmentStatus.APPROVED,
        role__in=roles,
        state__code__in=states,
        person__is_active=True,
    ).filter(Q(instrument=review.instrument) | Q(instrument__isnull=True))
    people = {a.person_id: a.person for a in appointments.select_related("person")}
    return [people[k] for k in sorted(people)]


def assigned_secretariat(review: CountryReview) -> list[Person]:
    assignments = review.secretariat_assignments.select_related("person")
    return [a.person for a in assignments if a.person.is_active]


def _notify(
    people: list[Person],
    *,
    review: CountryReview,
    subject: str,
    body: str,
    params: dict[str, Any],
    actor: Person | None,
) -> int:
    """Mail each person, except the actor, in their own language; `subject` and `body` are
    untranslated sentences (marked with gettext_noop) rendered under the reader's language."""
    sent = 0
    seen: set[int] = set()
    for person in people:
        if person.pk in seen or not person.email or (actor and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        with translation.override(person.language or settings.LANGUAGE_CODE):
            values = {
                **params,
                "state": review.state_under_review.display_name,
                "instrument": review.instrument.short_name,
                "url": absolute_url(review.get_absolute_url()),
            }
            send_mail(
                _(subject) % values, _(body) % values, None, [person.email], fail_silently=False
            )
        sent += 1
    return sent


def _parties_people(review: CountryReview) -> list[Person]:
    return people_of(review, permissions.parties_to(review), (Role.FOCAL_POINT, Role.EXPERT))


@transaction.atomic
def ask_in_dialogue(
    *,
    review: CountryReview,
    by: Person,
    kind: str,
    text: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueRequest:
    """A reviewing State asks for clarification or more information, or poses a supplementary
    question, for the State under review to answer (P&R paras 28, 29)."""
    if not permissions.can_ask_in_dialogue(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Ask the State under review"))
    if kind not in RequestKind.values:
        raise RuleViolation(_("Choose what kind of request this is."))
    text = _required(text, _("the request"))
    state_code = next(
        c
        for c in permissions.reviewing_states_of(review)
        if acts_for(by, (c,), review.instrument.code)
    )
    asked = DialogueRequest.objects.create(
        review=review,
        kind=kind,
        state=registry.State.objects.get(code=state_code),
        text=text,
        asked_by=by,
        asked_at=now,
    )
    audit.record(
        "reviews.dialogue.asked",
        actor=by,
        subject=asked,
        request=request,
        review_id=review.pk,
        now=now,
        kind=kind,
        state=state_code,
    )
    _notify(
        people_of(review, (review.state_under_review.code,), (Role.FOCAL_POINT, Role.EXPERT)),
        review=review,
        subject=gettext_noop("A question awaits your answer: review of %(state)s"),
        body=gettext_noop(
            "%(asker)s asks, in the review of %(state)s (%(instrument)s): %(kind)s.\n\n%(url)s"
        ),
        params={"asker": state_code, "kind": RequestKind(kind).label},
        actor=by,
    )
    return asked


@transaction.atomic
def answer_in_dialogue(
    *,
    dialogue_request: DialogueRequest,
    by: Person,
    text: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueReply:
    """The State under review answers a request; the thread keeps every answer (P&R para 29)."""
    review = dialogue_request.review
    if not permissions.can_answer_in_dialogue(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Answer a request"))
    text = _required(text, _("the answer"))
    reply = DialogueReply.objects.create(
        request=dialogue_request, text=text, replied_by=by, replied_at=now
    )
    DialogueRequest.objects.filter(pk=dialogue_request.pk).update(status=RequestStatus.ANSWERED)
    dialogue_request.status = RequestStatus.ANSWERED
    audit.record(
        "reviews.dialogue.answered",
        actor=by,
        subject=dialogue_request,
        request=request,
        review_id=review.pk,
        now=now,
    )
    _notify(
        [
            dialogue_request.asked_by,
            *people_of(review, (dialogue_request.state.code,), (Role.FOCAL_POINT,)),
        ],
        review=review,
        subject=gettext_noop("Your request was answered: review of %(state)s"),
        body=gettext_noop(
            "%(state)s answered a request in its review (%(instrument)s).\n\n%(url)s"
        ),
        params={},
        actor=by,
    )
    return reply


@transaction.atomic
def schedule_meeting(
    *,
    review: CountryReview,
    by: Person,
    kind: str,
    starts_at: datetime,
    participants: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueMeeting:
    """A conference call or videoconference of the dialogue (P&R paras 29, 30)."""
    if not permissions.can_schedule_meetings(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Schedule a call or videoconference"))
    if kind not in MeetingKind.values:
        raise RuleViolation(_("Choose a conference call or a videoconference."))
    participants = _required(participants, _("the participants"))
    meeting = DialogueMeeting.objects.create(
        review=review,
        kind=kind,
        starts_at=starts_at,
        participants=participants,
        scheduled_by=by,
        scheduled_at=now,
    )
    audit.record(
        "reviews.meeting.scheduled",
        actor=by,
        subject=meeting,
        request=request,
        review_id=review.pk,
        now=now,
        kind=kind,
        starts_at=starts_at.isoformat(),
    )
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M %Z")
    _notify(
        [*_parties_people(review), *assigned_secretariat(review)],
        review=review,
        subject=gettext_noop("Meeting scheduled: review of %(state)s"),
        body=gettext_noop(
            "A %(kind)s of the review of %(state)s (%(instrument)s) is scheduled for "
            "%(when)s.\n\n%(url)s"
        ),
        params={"kind": MeetingKind(kind).label, "when": when},
        actor=by,
    )
    return meeting


@transaction.atomic
def record_minutes(
    *,
    meeting: DialogueMeeting,
    by: Person,
    minutes: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> DialogueMeeting:
    """The minutes of a call or videoconference (P&R para 30); a new text replaces the old."""
    review = meeting.review
    if not permissions.can_schedule_meetings(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Record the minutes"))
    meeting.minutes = _required(minutes, _("the minutes"))
    meeting.save(update_fields=["minutes"])
    audit.record(
        "reviews.meeting.minutes_recorded",
        actor=by,
        subject=meeting,
        request=request,
        review_id=review.pk,
        now=now,
    )
    return meeting


@transaction.atomic
def propose_visit(
    *,
    review: CountryReview,
    by: Person,
    starts_on: date,
    ends_on: date,
    purpose: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> CountryVisit:
    """A reviewing State or the secretariat proposes a country visit (P&R para 31)."""
    if not permissions.can_propose_visit(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Propose a country visit"))
    if ends_on < starts_on:
        raise RuleViolation(_("The last day of the visit comes before its first day."))
    state_code = next(
        (
            c
            for c in permissions.reviewing_states_of(review)
            if acts_for(by, (c,), review.instrument.code)
        ),
        None,
    )
    visit = CountryVisit.objects.create(
        review=review,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose.strip(),
        proposed_by_state=registry.State.objects.get(code=state_code) if state_code else None,
        proposed_by=by,
        proposed_at=now,
    )
    audit.record(
        "reviews.visit.proposed",
        actor=by,
        subject=visit,
        request=request,
        review_id=review.pk,
        now=now,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _notify(
        people_of(review, (review.state_under_review.code,), (Role.FOCAL_POINT,)),
        review=review,
        subject=gettext_noop("A country visit is proposed: review of %(state)s"),
        body=gettext_noop(
            "A country visit from %(starts_on)s to %(ends_on)s is proposed in the review of "
            "%(state)s (%(instrument)s). It takes place only if you agree (P&R para 31)."
            "\n\n%(url)s"
        ),
        params={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        actor=by,
    )
    return visit


@transaction.atomic
def decide_visit(
    *,
    visit: CountryVisit,
    by: Person,
    agree: bool,
    now: datetime,
    request: HttpRequest | None = None,
) -> CountryVisit:
    """Only the focal point of the State under review agrees to or declines a visit (para 31)."""
    review = visit.review
    if not permissions.can_decide_visit(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Decide on a country visit"))
    status = VisitStatus.AGREED if agree else VisitStatus.DECLINED
    changed = CountryVisit.objects.filter(pk=visit.pk, status=VisitStatus.PROPOSED).update(
        status=status, decided_by=by, decided_at=now
    )
    if changed != 1:
        visit.refresh_from_db()
        raise RuleViolation(
            _("This visit was already decided: %(status)s.")
            % {"status": VisitStatus(visit.status).label}
        )
    visit.status, visit.decided_by, visit.decided_at = status, by, now
    audit.record(
        "reviews.visit.agreed" if agree else "reviews.visit.declined",
        actor=by,
        subject=visit,
        request=request,
        review_id=review.pk,
        now=now,
    )
    _notify(
        [*_parties_people(review), *assigned_secretariat(review)],
        review=review,
        subject=gettext_noop("Country visit: %(decision)s"),
        body=gettext_noop(
            "In the review of %(state)s (%(instrument)s), the country visit from %(starts_on)s "
            "to %(ends_on)s: %(decision)s.\n\n%(url)s"
        ),
        params={
            "decision": VisitStatus(status).label,
            "starts_on": visit.starts_on.isoformat(),
            "ends_on": visit.ends_on.isoformat(),
        },
        actor=by,
    )
    return visit


@transaction.atomic
def record_visit(
    *,
    visit: CountryVisit,
    by: Person,
    starts_on: date,
    ends_on: date,
    stakeholders_met: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> CountryVisit:
    """The dates the agreed visit took place and the national stakeholders met (P&R para 31)."""
    review = visit.review
    if not permissions.can_record_visit(by, review):
        raise PermissionDenied
    if visit.status != VisitStatus.AGREED:
        raise RuleViolation(
            _("Only a visit the State under review agreed to can be recorded (P&R para 31)."),
            rule="P&R para 31",
        )
    if ends_on < starts_on:
        raise RuleViolation(_("The last day of the visit comes before its first day."))
    visit.starts_on, visit.ends_on = starts_on, ends_on
    visit.stakeholders_met = stakeholders_met.strip()
    visit.save(update_fields=["starts_on", "ends_on", "stakeholders_met"])
    audit.record(
        "reviews.visit.recorded",
        actor=by,
        subject=visit,
        request=request,
        review_id=review.pk,
        now=now,
        stakeholders=len(visit.stakeholder_list),
    )
    return visit


def _checked_file(upload: UploadedFile) -> tuple[str, bytes, site_uploads.FileType]:
    """The upload's safe name, content and type, or a refusal naming the file."""
    checked = site_uploads.check_upload(upload, limit_bytes=uploads.max_document_bytes())
    return checked.name, checked.data, checked.kind


def _store_version(
    document: ReviewDocument, *, upload: UploadedFile, by: Person, now: datetime
) -> DocumentVersion:
    name, data, kind = _checked_file(upload)
    last = document.versions.order_by("-number").values_list("number", flat=True).first()
    token = secrets.token_hex(16) + kind.extensions[0]
    version = DocumentVersion(
        document=document,
        number=(last or 0) + 1,
        stored_token=token,
        original_name=name,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
        uploaded_at=now,
    )
    version.file.save(token, ContentFile(data), save=False)
    version.save()
    return version


@transaction.atomic
def upload_document(
    *,
    review: CountryReview,
    by: Person,
    upload: UploadedFile,
    now: datetime,
    title: str = "",
    document: ReviewDocument | None = None,
    request: HttpRequest | None = None,
) -> DocumentVersion:
    """A document exchanged in the review, at its current stage; uploading again to the same
    document adds a version (P&R paras 23-34). Checked like every upload."""
    if not permissions.can_upload_documents(by, review):
        raise PermissionDenied
    if document is not None and document.review_id != review.pk:
        raise PermissionDenied
    if document is None:
        # Check the file before creating the document, so a refused file leaves nothing.
        _checked_file(upload)
        document = ReviewDocument.objects.create(
            review=review,
            title=_required(title, _("the document's title"))[:200],
            stage=review.stage,
            created_by=by,
            created_at=now,
        )
    else:
        ReviewDocument.objects.select_for_update().filter(pk=document.pk).first()
    version = _store_version(document, upload=upload, by=by, now=now)
    audit.record(
        "reviews.document.uploaded",
        actor=by,
        subject=version,
        request=request,
        review_id=review.pk,
        now=now,
        document_id=document.pk,
        number=version.number,
        size=version.size,
        content_type=version.content_type,
        sha256=version.sha256,
    )
    _notify(
        [*_parties_people(review), *assigned_secretariat(review)],
        review=review,
        subject=gettext_noop("New document in the review of %(state)s"),
        body=gettext_noop(
            "“%(title)s” (version %(number)s) was shared in the review of %(state)s "
            "(%(instrument)s).\n\n%(url)s"
        ),
        params={"title": document.title, "number": version.number},
        actor=by,
    )
    return version


@transaction.atomic
def request_assistance(
    *,
    review: CountryReview,
    by: Person,
    need: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> AssistanceRequest:
    """The State under review tells the secretariat of a technical assistance need to answer
    the questionnaire (P&R para 15), subject to voluntary contributions."""
    if not permissions.can_request_assistance(by, review):
        raise PermissionDenied
    _check_stage_in(review, ASSISTANCE_STAGES, _("Request technical assistance"))
    assistance = AssistanceRequest.objects.create(
        review=review,
        need=_required(need, _("the assistance needed")),
        requested_by=by,
        requested_at=now,
    )
    audit.record(
        "reviews.assistance.requested",
        actor=by,
        subject=assistance,
        request=request,
        review_id=review.pk,
        now=now,
    )
    _notify(
        assigned_secretariat(review),
        review=review,
        subject=gettext_noop("Technical assistance requested: review of %(state)s"),
        body=gettext_noop(
            "%(state)s requests technical assistance to answer the questionnaire "
            "(%(instrument)s, P&R para 15).\n\n%(url)s"
        ),
        params={},
        actor=by,
    )
    return assistance


@transaction.atomic
def update_assistance(
    *,
    assistance: AssistanceRequest,
    by: Person,
    status: str,
    notes: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> AssistanceRequest:
    """The secretariat tracks a request: received, in progress, addressed, closed (para 15)."""
    if not permissions.can_handle_assistance(by, assistance):
        raise PermissionDenied
    if status not in AssistanceStatus.values:
        raise RuleViolation(_("Choose the status of the request."))
    if assistance.status == AssistanceStatus.CLOSED:
        raise RuleViolation(_("This request is closed; it can no longer change."))
    if status == AssistanceStatus.CLOSED and not notes.strip():
        raise RuleViolation(_("Say in the notes how the request was closed."))
    assistance.status, assistance.notes = status, notes.strip()
    assistance.updated_by, assistance.updated_at = by, now
    assistance.save(update_fields=["status", "notes", "updated_by", "updated_at"])
    audit.record(
        "reviews.assistance.updated",
        actor=by,
        subject=assistance,
        request=request,
        review_id=assistance.review_id,
        now=now,
        status=status,
    )
    _notify(
        [assistance.requested_by],
        review=assistance.review,
        subject=gettext_noop("Your request for technical assistance: %(status)s"),
        body=gettext_noop(
            "Your request for technical assistance in the review of %(state)s (%(instrument)s) "
            "is now: %(status)s.\n\n%(url)s"
        ),
        params={"status": AssistanceStatus(status).label},
        actor=by,
    )
    return assistance


@transaction.atomic
def add_reference(
    *,
    review: CountryReview,
    by: Person,
    mechanism: str,
    title: str,
    now: datetime,
    url: str = "",
    upload: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> MechanismReference:
    """Information from another international or regional mechanism, as a link or a file, for
    the reviewing States to consider (P&R para 28)."""
    if not permissions.can_add_reference(by, review):
        raise PermissionDenied
    _check_stage_in(review, OPEN_STAGES, _("Add information from another mechanism"))
    mechanism = _required(mechanism, _("the mechanism's name"))[:200]
    title = _required(title, _("the title"))[:200]
    if not url.strip() and upload is None:
        raise RuleViolation(_("Give a link or a file; nothing was recorded."))
    if url.strip() and not url.strip().lower().startswith(("https://", "http://")):
        raise RuleViolation(_("A link starts with https:// or http://."))
    document = None
    if upload is not None:
        _checked_file(upload)
        document = ReviewDocument.objects.create(
            review=review, title=title, stage=review.stage, created_by=by, created_at=now
        )
        _store_version(document, upload=upload, by=by, now=now)
    reference = MechanismReference.objects.create(
        review=review,
        mechanism=mechanism,
        title=title,
        url=url.strip(),
        document=document,
        added_by=by,
        added_at=now,
    )
    audit.record(
        "reviews.reference.added",
        actor=by,
        subject=reference,
        request=request,
        review_id=review.pk,
        now=now,
        mechanism=mechanism,
        has_file=document is not None,
    )
    return reference
