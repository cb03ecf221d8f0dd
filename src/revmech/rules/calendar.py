"""Deadlines of a country review derived from the events that start them (P&R paras 23, 26, 29, 33).

Pure functions: the rulebook's numbers and the dates of events go in, frozen dataclasses come
out. Periods count calendar days; weeks are 7 days; months are calendar months, clamped to the
end of a shorter month (30 November + 3 months = 28 or 29 February). A rule marked `is_target`
(para 33's "preferably within six months") yields a target, never a hard deadline.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from revmech.rules import RuleViolation, gettext_noop
from revmech.rules.rulebook import Rule, Rulebook

PERIOD_UNITS: tuple[str, ...] = ("days", "weeks", "months")

# The event that completes each step whose period the rulebook sets. The event names are the
# platform's vocabulary; the rulebook names the event that *starts* each period (`starts`).
COMPLETED_BY: Mapping[str, str] = {
    "consultations": "consultations_held",
    "self_assessment": "self_assessment_received",
    "desk_review": "desk_review_sent",
    "draft_report_target": "draft_report_prepared",
}

# The order in which the steps come in a review (and in which they are listed).
STEP_ORDER: tuple[str, ...] = tuple(COMPLETED_BY)


@dataclass(frozen=True)
class Deadline:
    """The date by which a step is due, counted from the event that starts it."""

    step: str
    starts: str
    starts_on: date
    due_on: date
    paragraph: int | None
    is_target: bool


@dataclass(frozen=True)
class StepStatus:
    """A step of a review: its deadline (None until its starting event happens), and when done."""

    step: str
    deadline: Deadline | None
    done_on: date | None

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: date) -> bool:
        """A hard deadline passed without the step done; a target is never overdue."""
        if self.deadline is None or self.deadline.is_target:
            return False
        return self.done_on is None and today > self.deadline.due_on

    def is_target_passed(self, today: date) -> bool:
        """A target (para 33) passed without the step done: shown, never as a breach."""
        if self.deadline is None or not self.deadline.is_target:
            return False
        return self.done_on is None and today > self.deadline.due_on

    def days_left(self, today: date) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline.due_on - today).days


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the last day of a shorter month."""
    if months < 0:
        raise RuleViolation(f"a period of {months} months is negative", rule="rulebook")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = _gregorian.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_period(start: date, unit: str, value: int) -> date:
    """`start` plus `value` calendar days, weeks or months."""
    if value < 0:
        raise RuleViolation(f"a period of {value} {unit} is negative", rule="rulebook")
    if unit == "days":
        return start + timedelta(days=value)
    if unit == "weeks":
        return start + timedelta(weeks=value)
    if unit == "months":
        return add_months(start, value)
    raise RuleViolation(f"{unit} is not a unit of time", rule="rulebook")


def is_period_rule(rule: Rule) -> bool:
    """A rule that sets a period running from an event (a deadline or a target)."""
    return bool(rule.starts) and rule.unit in PERIOD_UNITS


def deadline_for(rule: Rule, *, starts_on: date) -> Deadline:
    """The deadline (or target) of one period rule, from the date of its starting event."""
    if not is_period_rule(rule):
        raise RuleViolation(f"{rule.name} sets no period from an event", rule="rulebook")
    return Deadline(
        step=rule.name,
        starts=rule.starts,
        starts_on=starts_on,
        due_on=add_period(starts_on, rule.unit, rule.value),
        paragraph=rule.paragraph,
        is_target=rule.is_target,
    )


def schedule(rulebook: Rulebook, events: Mapping[str, date]) -> tuple[StepStatus, ...]:
    """Every step of a review with its deadline and completion, from the events so far.

    `events` maps an event name (`draw_of_lots`, `self_assessment_received`, ...) to its date.
    A step whose starting event has not happened yet has no deadline.
    """
    steps = []
    for name in STEP_ORDER:
        rule = rulebook.rules.get(name)
        if rule is None or not is_period_rule(rule):
            continue
        started = events.get(rule.starts)
        deadline = None if started is None else deadline_for(rule, starts_on=started)
        steps.append(StepStatus(name, deadline, events.get(COMPLETED_BY[name])))
    return tuple(steps)


# The phase calendar (P&R paras 9-11): the lots are drawn once, at the start of a phase, for
# all its years; a review's clock runs from the later of the draw and the start of its year.


def anniversaries(start: date, years: int) -> tuple[date, ...]:
    """The default start of each review year: the draw date and its anniversaries."""
    return tuple(add_months(start, 12 * k) for k in range(years))


def clock_starts_on(drawn_on: date, year_starts_on: date | None) -> date:
    """When "following the drawing of lots" (paras 23, 26, 33) starts for a review: the later
    of the draw and the start of the review's year (DESIGN.md; docs/reviews.md)."""
    if year_starts_on is None:
        return drawn_on
    return max(drawn_on, year_starts_on)


def check_phase_calendar(
    *, starts_on: date, year_starts: tuple[date, ...], planned_end_on: date, years: int
) -> None:
    """Refuse a calendar that is not one start per year, in order, within the phase."""
    if len(year_starts) != years:
        raise RuleViolation(
            template=gettext_noop(
                "A review phase has %(years)s years; %(given)s year starts were given."
            ),
            params={"years": years, "given": len(year_starts)},
            rule="P&R para 9",
        )
    if year_starts[0] < starts_on:
        raise RuleViolation(
            template=gettext_noop("Year 1 cannot start before the phase (%(starts_on)s)."),
            params={"starts_on": starts_on},
            rule="P&R para 9",
        )
    for number, (before, after) in enumerate(pairwise(year_starts)):
        if after <= before:
            raise RuleViolation(
                template=gettext_noop("Year %(year)s must start after year %(previous)s."),
                params={"year": number + 2, "previous": number + 1},
                rule="P&R para 9",
            )
    if planned_end_on <= year_starts[-1]:
        raise RuleViolation(
            template=gettext_noop(
                "The planned end must come after the start of the last year (%(last)s)."
            ),
            params={"last": year_starts[-1]},
            rule="P&R para 9",
        )


def first_half_ends_on(year_starts: tuple[date, ...], years_first_half: int, end: date) -> date:
    """The last day of "the first two years" of a phase (para 10): the eve of the next year."""
    if years_first_half < len(year_starts):
        return year_starts[years_first_half] - timedelta(days=1)
    return end


def first_half_target(parties: int, numerator: int, denominator: int) -> int:
    """How many of `parties` finalize their reviews in the first half: one half, rounded up."""
    return -(-parties * numerator // denominator)


def schedule_in_force(
    in_force: Callable[[date], Rulebook], events: Mapping[str, date]
) -> tuple[StepStatus, ...]:
    """`schedule`, each period taken from the rulebook version in force on the day it starts
    (P&R para 6): an amendment governs the periods that start after it takes effect."""
    clock = events.get("draw_of_lots")
    base = in_force(clock) if clock is not None else None
    steps = []
    for name in STEP_ORDER:
        first = base.rules.get(name) if base is not None else None
        if first is None or not is_period_rule(first):
            continue
        started = events.get(first.starts)
        rule = first
        if started is not None:
            rule = in_force(started).rules.get(name) or first
            if not is_period_rule(rule):
                rule = first
        deadline = None if started is None else deadline_for(rule, starts_on=started)
        steps.append(StepStatus(name, deadline, events.get(COMPLETED_BY[name])))
    return tuple(steps)
