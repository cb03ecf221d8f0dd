"""A review's steps and deadlines, from its events, its phase calendar and the rulebook in force
(P&R paras 6, 9-11, 23-33).

The lots are drawn once for a whole phase (para 11), so "following the drawing of lots" runs from
the later of the draw and the start of the review's year in the phase calendar: a year-4 review
is not overdue in year 1. Each period takes its length from the rulebook version in force on the
day it starts, so an amendment by the Conference governs the periods that start after it takes
effect and never moves one already running. `revmech.rules.calendar` does the counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from revmech.registry.rulebooks import Rulebooks
from revmech.reviews.models import CountryReview, EventKind, PhaseCalendar, Stage
from revmech.rules import calendar

STEP_LABELS: dict[str, Promise] = {
    "consultations": _("Consultations on the schedule and working languages (P&R para 23)"),
    "self_assessment": _("Answers to the self-assessment questionnaire (P&R para 26)"),
    "desk_review": _("Outcome of the desk review (P&R para 29)"),
    "draft_report_target": _("Draft country review report (P&R para 33)"),
}

# What comes next at each stage, and the step whose deadline applies to it.
NEXT_STEP: dict[str, tuple[Promise, str | None]] = {
    Stage.DRAWN: (_("Open the consultations"), "consultations"),
    Stage.CONSULTATIONS: (_("Record the agreed schedule and working languages"), "consultations"),
    Stage.SELF_ASSESSMENT: (_("Submit the self-assessment"), "self_assessment"),
    Stage.DESK_REVIEW: (_("Send the outcome of the desk review"), "desk_review"),
    Stage.DIALOGUE: (_("Prepare the draft report"), "draft_report_target"),
    Stage.DRAFT_REPORT: (_("Agree the report"), "draft_report_target"),
    Stage.AGREED: (_("Communicate the report to the secretariat"), None),
}


@dataclass(frozen=True)
class NextStep:
    label: Promise
    step: calendar.StepStatus | None
    is_overdue: bool
    is_target_passed: bool


class Clock:
    """What the deadlines of any number of reviews read, each read once: the rulebook versions
    (one query) and the phase calendars (one query). A page, a feed or a reminder run makes one
    `Clock` and passes it to `steps_of` for every review (P&R paras 6, 9-11, 23-33)."""

    def __init__(self) -> None:
        self.rulebooks = Rulebooks()
        self._calendars: dict[int, PhaseCalendar] | None = None

    def calendar_of(self, phase: int) -> PhaseCalendar | None:
        if self._calendars is None:
            self._calendars = {c.phase: c for c in PhaseCalendar.objects.all()}
        return self._calendars.get(phase)

    def year_starts(self, phase: int, drawn_on: date) -> tuple[date, ...]:
        """The start of each year of the phase: the secretariat's calendar, else the draw date
        and its anniversaries."""
        stored = self.calendar_of(phase)
        if stored is not None and stored.year_starts:
            return stored.year_start_dates
        years = self.rulebooks.in_force(drawn_on).count("review_phase_years")
        return calendar.anniversaries(drawn_on, years)

    def year_starts_on(self, review: CountryReview) -> date | None:
        starts = self.year_starts(review.phase, review.drawn_on)
        return starts[review.year - 1] if 0 < review.year <= len(starts) else None

    def clock_starts_on(self, review: CountryReview) -> date:
        """When the periods "following the drawing of lots" start for this review."""
        return calendar.clock_starts_on(review.drawn_on, self.year_starts_on(review))


def events_of(review: CountryReview, clock: Clock | None = None) -> dict[str, date]:
    """The first date of each kind of event; `draw_of_lots` is when the review's clock starts,
    the later of the draw and the start of its review year (P&R paras 10, 11, 23)."""
    clock = clock or Clock()
    found: dict[str, date] = {"draw_of_lots": clock.clock_starts_on(review)}
    for event in review.events.all():
        found.setdefault(event.kind, event.occurred_on)
    return found


def steps_of(
    review: CountryReview, *, clock: Clock | None = None
) -> tuple[calendar.StepStatus, ...]:
    """Each step with its deadline, every period under the rulebook version in force on the day
    the period starts (P&R para 6)."""
    clock = clock or Clock()
    return calendar.schedule_in_force(clock.rulebooks.in_force, events_of(review, clock))


def next_step_of(
    review: CountryReview, steps: tuple[calendar.StepStatus, ...], today: date
) -> NextStep | None:
    """What the review needs next and by when; None once communicated to the secretariat."""
    entry = NEXT_STEP.get(review.stage)
    if entry is None:
        return None
    label, step_name = entry
    step = next((s for s in steps if s.step == step_name), None)
    return NextStep(
        label=label,
        step=step,
        is_overdue=bool(step and step.is_overdue(today)),
        is_target_passed=bool(step and step.is_target_passed(today)),
    )


def event_label(kind: str) -> str:
    return str(EventKind(kind).label)
