"""Deadlines from events and the rulebook (P&R paras 23, 26, 29, 33); no database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revmech.rules import RuleViolation
from revmech.rules.calendar import add_months, add_period, deadline_for, schedule
from revmech.rules.rulebook import Rule, default_rulebook

DRAWN_ON = date(2026, 6, 15)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31))
units = st.sampled_from(["days", "weeks", "months"])


def test_default_rulebook_deadlines_from_the_draw() -> None:
    steps = {s.step: s for s in schedule(default_rulebook(), {"draw_of_lots": DRAWN_ON})}
    consultations = steps["consultations"].deadline
    assert consultations is not None
    assert consultations.due_on == date(2026, 7, 6)  # three weeks, para 23
    assert consultations.paragraph == 23
    self_assessment = steps["self_assessment"].deadline
    assert self_assessment is not None
    assert self_assessment.due_on == date(2026, 9, 15)  # three calendar months, para 26
    target = steps["draft_report_target"].deadline
    assert target is not None
    assert target.due_on == date(2026, 12, 15)
    assert target.is_target
    assert steps["desk_review"].deadline is None  # starts with the answers received


def test_desk_review_runs_from_the_answers_received() -> None:
    events = {"draw_of_lots": DRAWN_ON, "self_assessment_received": date(2027, 1, 31)}
    steps = {s.step: s for s in schedule(default_rulebook(), events)}
    desk = steps["desk_review"].deadline
    assert desk is not None
    assert desk.due_on == date(2027, 2, 28)
    assert steps["self_assessment"].done_on == date(2027, 1, 31)


def test_end_of_month_is_clamped() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_overdue_and_target_passed() -> None:
    steps = {s.step: s for s in schedule(default_rulebook(), {"draw_of_lots": DRAWN_ON})}
    assert not steps["consultations"].is_overdue(date(2026, 7, 6))
    assert steps["consultations"].is_overdue(date(2026, 7, 7))
    target = steps["draft_report_target"]
    assert not target.is_overdue(date(2027, 6, 1))
    assert target.is_target_passed(date(2027, 6, 1))


def test_a_done_step_is_never_overdue() -> None:
    events = {"draw_of_lots": DRAWN_ON, "consultations_held": date(2026, 8, 1)}
    steps = {s.step: s for s in schedule(default_rulebook(), events)}
    assert not steps["consultations"].is_overdue(date(2027, 1, 1))


def test_a_rule_without_a_starting_event_sets_no_deadline() -> None:
    with pytest.raises(RuleViolation):
        deadline_for(Rule("redraws_per_party", "count", 2, 20), starts_on=DRAWN_ON)
    with pytest.raises(RuleViolation):
        add_period(DRAWN_ON, "fortnights", 1)


@given(start=dates, unit=units, value=st.integers(min_value=0, max_value=120))
def test_a_deadline_is_never_before_its_start(start: date, unit: str, value: int) -> None:
    rule = Rule("self_assessment", unit, value, 26, starts="draw_of_lots")
    assert deadline_for(rule, starts_on=start).due_on >= start


@given(start=dates, a=st.integers(0, 240), b=st.integers(0, 240))
def test_adding_months_is_monotonic(start: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_months(start, low) <= add_months(start, high)


@given(first=dates, second=dates, months=st.integers(0, 240))
def test_adding_months_keeps_the_order_of_starts(first: date, second: date, months: int) -> None:
    low, high = sorted((first, second))
    assert add_months(low, months) <= add_months(high, months)


@given(start=dates, unit=units, value=st.integers(0, 60), is_target=st.booleans())
def test_a_target_is_flagged_as_a_target(
    start: date, unit: str, value: int, is_target: bool
) -> None:
    rule = Rule("draft_report_target", unit, value, 33, is_target=is_target, starts="draw_of_lots")
    deadline = deadline_for(rule, starts_on=start)
    assert deadline.is_target is is_target
