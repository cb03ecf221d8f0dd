"""The functioning of the Mechanism, for its evaluation by the Conference (P&R para 5).

Figures about the process, never about States: how long each stage of a country review takes
across reviews (median and spread), how many steps were done within their deadline, where
reviews stand and where they are overdue, by phase, instrument and stage, and how this moves
over time. Every figure counts reviews; no list of reviews or States comes out (para 3 (b)).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revmech.followup.analysis import Category, Table
from revmech.registry.models import Instrument
from revmech.reviews import deadlines
from revmech.reviews.models import CountryReview, EventKind, Stage

# The stretches of a review between two of its events. A review starts at the later of the draw
# of lots and the start of its year in the phase calendar (DESIGN.md: Deadlines).
STRETCHES: tuple[tuple[str, object, str, str], ...] = (
    (
        "consultations",
        gettext_lazy("Start of the review to agreed schedule (para 23)"),
        "draw_of_lots",
        EventKind.CONSULTATIONS_HELD,
    ),
    (
        "self_assessment",
        gettext_lazy("Schedule to self-assessment received (para 26)"),
        EventKind.CONSULTATIONS_HELD,
        EventKind.SELF_ASSESSMENT_RECEIVED,
    ),
    (
        "desk_review",
        gettext_lazy("Self-assessment to desk review sent (para 29)"),
        EventKind.SELF_ASSESSMENT_RECEIVED,
        EventKind.DESK_REVIEW_SENT,
    ),
    (
        "draft_report",
        gettext_lazy("Desk review to draft report (para 33)"),
        EventKind.DESK_REVIEW_SENT,
        EventKind.DRAFT_REPORT_PREPARED,
    ),
    (
        "agreement",
        gettext_lazy("Draft report to agreement (para 34)"),
        EventKind.DRAFT_REPORT_PREPARED,
        EventKind.REPORT_AGREED,
    ),
    (
        "communication",
        gettext_lazy("Agreement to communication to the secretariat (para 34)"),
        EventKind.REPORT_AGREED,
        EventKind.REPORT_COMMUNICATED,
    ),
    (
        "whole",
        gettext_lazy("Whole review: start to communication to the secretariat"),
        "draw_of_lots",
        EventKind.REPORT_COMMUNICATED,
    ),
)


@dataclass(frozen=True)
class Spread:
    """Durations in days of one stretch across reviews."""

    key: str
    label: str
    durations: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.durations)

    @property
    def median(self) -> float | None:
        return statistics.median(self.durations) if self.durations else None

    @property
    def quartiles(self) -> tuple[float, float] | None:
        """First and third quartiles (inclusive method); None below two reviews."""
        if len(self.durations) < 2:
            return None
        q1, _q2, q3 = statistics.quantiles(self.durations, n=4, method="inclusive")
        return q1, q3

    @property
    def shortest(self) -> int | None:
        return min(self.durations) if self.durations else None

    @property
    def longest(self) -> int | None:
        return max(self.durations) if self.durations else None


@dataclass(frozen=True)
class Functioning:
    reviews: int
    spreads: tuple[Spread, ...]
    deadlines: Table  # steps with a deadline: done on time, done late, overdue, not yet due
    stages: Table  # reviews by stage and instrument
    overdue_by_stage: Table  # reviews whose next step is overdue, by stage and instrument
    quarters: tuple[str, ...]
    on_time_by_quarter: tuple[int, ...]
    late_by_quarter: tuple[int, ...]


def reviews_in(*, phase: int | None = None, instrument: str = "") -> QuerySet[CountryReview]:
    reviews = CountryReview.objects.select_related("instrument").prefetch_related("events")
    if phase is not None:
        reviews = reviews.filter(phase=phase)
    if instrument:
        reviews = reviews.filter(instrument__code=instrument)
    return reviews.order_by("pk")


def _quarter(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def measure(*, today: date, phase: int | None = None, instrument: str = "") -> Functioning:
    """Every figure of the evaluation, over the reviews chosen (one pass, bounded queries)."""
    reviews = list(reviews_in(phase=phase, instrument=instrument))
    instruments = list(Instrument.objects.order_by("position"))
    durations: dict[str, list[int]] = defaultdict(list)
    step_counts: Counter[tuple[str, str]] = Counter()
    stage_counts: Counter[tuple[str, int]] = Counter()
    overdue_counts: Counter[tuple[str, int]] = Counter()
    on_time: Counter[str] = Counter()
    late: Counter[str] = Counter()
    clock = deadlines.Clock()  # phase calendars and rulebooks, read once for all reviews
    for review in reviews:
        events = deadlines.events_of(review, clock)
        for key, _label, start, end in STRETCHES:
            if start in events and end in events:
                durations[key].append((events[end] - events[start]).days)
        steps = deadlines.steps_of(review, clock=clock)
        for step in steps:
            if step.deadline is None:
                continue
            if step.done_on is not None:
                is_on_time = step.done_on <= step.deadline.due_on
                step_counts[(step.step, "on_time" if is_on_time else "late")] += 1
                (on_time if is_on_time else late)[_quarter(step.done_on)] += 1
            elif step.is_overdue(today):
                step_counts[(step.step, "overdue")] += 1
            else:
                step_counts[(step.step, "pending")] += 1
        stage_counts[(review.stage, review.instrument_id)] += 1
        following = deadlines.next_step_of(review, steps, today)
        if following is not None and following.is_overdue:
            overdue_counts[(review.stage, review.instrument_id)] += 1
    spreads = tuple(
        Spread(key, str(label), tuple(sorted(durations[key]))) for key, label, _s, _e in STRETCHES
    )
    step_series = (
        Category("on_time", _("Done within the deadline")),
        Category("late", _("Done after the deadline")),
        Category("overdue", _("Not done, deadline passed")),
        Category("pending", _("Not done, not yet due")),
    )
    deadline_table = Table(
        key="deadlines",
        title=_("Steps of the reviews against their deadlines"),
        dimension="step",
        series=step_series,
        rows=tuple(
            (
                Category(step, str(deadlines.STEP_LABELS[step])),
                tuple(step_counts[(step, s.key)] for s in step_series),
            )
            for step in deadlines.STEP_LABELS
        ),
    )
    instrument_series = tuple(Category(str(i.pk), i.short_name) for i in instruments)

    def by_stage(key: str, title: str, counts: Counter[tuple[str, int]]) -> Table:
        return Table(
            key=key,
            title=title,
            dimension="stage",
            series=instrument_series,
            rows=tuple(
                (
                    Category(value, str(label)),
                    tuple(counts[(value, i.pk)] for i in instruments),
                )
                for value, label in Stage.choices
            ),
        )

    quarters = tuple(sorted(set(on_time) | set(late)))
    return Functioning(
        reviews=len(reviews),
        spreads=spreads,
        deadlines=deadline_table,
        stages=by_stage("stages", _("Reviews by stage and instrument"), stage_counts),
        overdue_by_stage=by_stage(
            "overdue",
            _("Reviews whose next step is overdue, by stage and instrument"),
            overdue_counts,
        ),
        quarters=quarters,
        on_time_by_quarter=tuple(on_time[q] for q in quarters),
        late_by_quarter=tuple(late[q] for q in quarters),
    )


def spread_rows(spreads: Sequence[Spread]) -> list[list[object]]:
    """The spreads as table rows: stretch, reviews, median, quartiles, shortest, longest."""
    rows: list[list[object]] = []
    for spread in spreads:
        quartiles = spread.quartiles
        rows.append(
            [
                spread.label,
                spread.count,
                "—" if spread.median is None else f"{spread.median:g}",
                "—"
                if quartiles is None
                else _("%(low)s to %(high)s")
                % {"low": f"{quartiles[0]:g}", "high": f"{quartiles[1]:g}"},
                "—" if spread.shortest is None else spread.shortest,
                "—" if spread.longest is None else spread.longest,
            ]
        )
    return rows
