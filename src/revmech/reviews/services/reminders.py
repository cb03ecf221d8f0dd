"""Reminders of deadlines before and after they pass, each sent once (P&R paras 23, 26, 29, 33)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from revmech.accounts import notices
from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.audit import services as audit
from revmech.reviews import deadlines, permissions
from revmech.reviews.models import (
    CountryReview,
    Reminder,
    ReminderKind,
    Stage,
)
from revmech.web.dates import day

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
    clock = deadlines.Clock()
    for review in open_reviews.prefetch_related("reviewers__state", "events").order_by("pk"):
        for step in deadlines.steps_of(review, clock=clock):
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
        "due_on": day(due.due_on),
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
    """Queue one reminder unless it was queued before; True if it was queued now.

    In one transaction: insert the `Reminder` row (its unique key waits for, then refuses, a
    concurrent run that inserted it first), queue the mail (`revmech.jobs.mail`), record the
    audit line, commit. The row and the queued mail commit together, so each reminder is queued
    exactly once; the worker then sends it, retrying while the mail server is away.
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
        notices.send(
            due.person,
            subject,
            body,
            link=absolute_url(due.review.get_absolute_url()),
            review_id=due.review.pk,
            now=now,
        )
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
