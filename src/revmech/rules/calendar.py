"""Deadlines of a country review derived from the events that start them (P&R paras 23, 26, 29, 33).

Pure functions: the rulebook's numbers and the dates of events go in, frozen dataclasses come
out. Periods count calendar days; weeks are 7 days; months are calendar months, clamped to the
end of a shorter month (30 November + 3 months = 28 or 29 February). A rule marked `is_target`
(para 33's "preferably within six months") yields a target, never a hard deadline.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from revmech.rules import RuleViolation
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
