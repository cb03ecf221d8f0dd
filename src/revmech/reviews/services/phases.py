"""The phase calendar: the start of a phase, of each of its review years, its planned end, set by
the secretariat (P&R paras 9-11); and how far "one half ... within the first two years" (para 10)
stands for each instrument, counted against that calendar (never State by State).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.registry.rulebooks import Rulebooks
from revmech.reviews import permissions
from revmech.reviews.models import CountryReview, EventKind, PhaseCalendar, ReviewEvent
from revmech.rules import RuleViolation
from revmech.rules import calendar as calendar_rules
from revmech.web.refusals import explain


def _refusal(error: RuleViolation) -> RuleViolation:
    """The rules' refusal in the reader's language."""
    return RuleViolation(explain(error), rule=error.rule)


@transaction.atomic
def set_phase_calendar(
    *,
    phase: int,
    starts_on: date,
    year_starts: list[date],
    planned_end_on: date,
    by: Person,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> PhaseCalendar:
    """Record (or change) the calendar of a phase; the deadlines of its reviews follow at once.

    The number of years and of phases come from the rulebook in force at the phase's start
    (`review_phase_years`, `review_phases`; P&R paras 8, 9). `version` guards against two people
    saving the same calendar: the later is refused and told to reload.
    """
    if not permissions.can_set_phase_calendar(by):
        raise PermissionDenied
    book = Rulebooks().in_force(starts_on)
    phases = book.count("review_phases")
    if not 1 <= phase <= phases:
        raise RuleViolation(
            _("The procedures have review phases 1 to %(phases)s; there is no phase %(phase)s.")
            % {"phases": phases, "phase": phase},
            rule="P&R para 8",
        )
    try:
        calendar_rules.check_phase_calendar(
            starts_on=starts_on,
            year_starts=tuple(year_starts),
            planned_end_on=planned_end_on,
            years=book.count("review_phase_years"),
        )
    except RuleViolation as error:
        raise _refusal(error) from None
    current = PhaseCalendar.objects.select_for_update().filter(phase=phase).first()
    if current is not None and version is not None and current.version != version:
        raise RuleViolation(
            _("Someone else changed this calendar since you loaded it. Reload the page."),
            rule="concurrent change",
        )
    values = {
        "starts_on": starts_on,
        "year_starts": [d.isoformat() for d in year_starts],
        "planned_end_on": planned_end_on,
        "updated_at": timezone.now(),
        "updated_by": by,
    }
    before = None
    if current is None:
        current = PhaseCalendar.objects.create(phase=phase, **values)
    else:
        before = {"starts_on": current.starts_on, "year_starts": current.year_starts}
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
    audit.record(
        "reviews.phase_calendar.set",
        actor=by,
        subject=current,
        request=request,
        phase=phase,
        starts_on=starts_on,
        year_starts=values["year_starts"],
        planned_end_on=planned_end_on,
        before=before,
    )
    return current


@dataclass(frozen=True)
class PhaseYear:
    number: int  # year of the phase
    mechanism_year: int  # year of the Mechanism, counting the preparatory phase (P&R para 9)
    starts_on: date


@dataclass(frozen=True)
class FirstHalf:
    """Para 10 for one instrument: of the parties drawn for the phase, how many finalized their
    review (agreed by the three States) by the end of the first two years, and the target."""

    instrument: str
    parties: int
    target: int
    finalized: int
    instrument_name: str = ""  # its short name in the reader's language, for the page


@dataclass(frozen=True)
class PhaseView:
    phase: int
    calendar: PhaseCalendar | None
    drawn_on: date | None
    starts_on: date | None
    years: tuple[PhaseYear, ...]
    planned_end_on: date | None
    first_half_ends_on: date | None
    first_half: tuple[FirstHalf, ...]


def phases_overview() -> list[PhaseView]:
    """Every phase with a calendar or with reviews: its years, and para 10 per instrument.

    Queries: the calendars, the rulebook versions, the reviews with their agreement dates (one
    each), whatever the number of reviews.
    """
    books = Rulebooks()
    calendars = {c.phase: c for c in PhaseCalendar.objects.all()}
    reviews = CountryReview.objects.select_related("instrument").order_by("instrument__position")
    agreed: dict[int, date] = {}
    for review_id, occurred_on in ReviewEvent.objects.filter(
        kind=EventKind.REPORT_AGREED
    ).values_list("review_id", "occurred_on"):
        agreed.setdefault(review_id, occurred_on)
    by_phase: dict[int, list[CountryReview]] = {}
    for review in reviews:
        by_phase.setdefault(review.phase, []).append(review)
    views = []
    for phase in sorted(set(calendars) | set(by_phase)):
        stored = calendars.get(phase)
        members = by_phase.get(phase, [])
        drawn_on = min((r.drawn_on for r in members), default=None)
        starts_on = stored.starts_on if stored else drawn_on
        if starts_on is None:
            continue
        book = books.in_force(starts_on)
        years_count = book.count("review_phase_years")
        year_starts = (
            stored.year_start_dates
            if stored
            else calendar_rules.anniversaries(starts_on, years_count)
        )
        planned_end_on = (
            stored.planned_end_on
            if stored
            else calendar_rules.add_months(starts_on, 12 * years_count) - timedelta(days=1)
        )
        before = book.count("preparatory_phase_years") + (phase - 1) * years_count
        first_half_ends_on = calendar_rules.first_half_ends_on(
            year_starts, book.count("years_first_half"), planned_end_on
        )
        share = book["share_reviewed_in_first_half"]
        counts: dict[str, list[int]] = {}
        names: dict[str, str] = {}
        for review in members:
            names[review.instrument.code] = review.instrument.short_name
            row = counts.setdefault(review.instrument.code, [0, 0])
            row[0] += 1
            done_on = agreed.get(review.pk)
            if done_on is not None and done_on <= first_half_ends_on:
                row[1] += 1
        views.append(
            PhaseView(
                phase=phase,
                calendar=stored,
                drawn_on=drawn_on,
                starts_on=starts_on,
                years=tuple(
                    PhaseYear(n + 1, before + n + 1, day) for n, day in enumerate(year_starts)
                ),
                planned_end_on=planned_end_on,
                first_half_ends_on=first_half_ends_on,
                first_half=tuple(
                    FirstHalf(
                        code,
                        parties,
                        calendar_rules.first_half_target(parties, share.value, share.denominator),
                        finalized,
                        names[code],
                    )
                    for code, (parties, finalized) in counts.items()
                ),
            )
        )
    return views
