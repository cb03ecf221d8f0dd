"""The phase calendar drives every deadline: a review's clock runs from the later of the draw and
the start of its review year (P&R paras 9-11, 23, 26, 29, 33; docs/reviews.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from revmech.audit.models import Entry
from revmech.registry.models import RulebookVersion
from revmech.reviews import deadlines, services
from revmech.reviews.models import CountryReview, PhaseCalendar
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db

DRAWN_ON = dt.date(2026, 6, 15)
YEAR_4 = dt.date(2029, 6, 15)  # the third anniversary of the draw
DUE = YEAR_4 + dt.timedelta(weeks=3)  # consultations, P&R para 23: 6 July 2029


@pytest.fixture
def year_four(review: CountryReview) -> CountryReview:
    review.year = 4
    review.save()
    return review


def _due(review: CountryReview, step: str) -> dt.date:
    found = next(s for s in deadlines.steps_of(review) if s.step == step)
    assert found.deadline is not None
    return found.deadline.due_on


def test_a_year_four_review_runs_from_the_start_of_year_four(year_four: CountryReview) -> None:
    assert deadlines.Clock().clock_starts_on(year_four) == YEAR_4
    assert _due(year_four, "consultations") == DUE
    assert _due(year_four, "self_assessment") == dt.date(2029, 9, 15)


def test_a_year_one_review_runs_from_the_draw(review: CountryReview) -> None:
    assert _due(review, "consultations") == DRAWN_ON + dt.timedelta(weeks=3)


def _remind(today: dt.date) -> None:
    call_command("remind", today=today)


def test_no_reminder_before_year_four_and_one_at_the_edges(
    year_four: CountryReview, personas: dict[str, Any]
) -> None:
    _remind(DRAWN_ON + dt.timedelta(weeks=4))  # year 1: the old clock would call it overdue
    _remind(YEAR_4 - dt.timedelta(days=1))
    _remind(DUE - dt.timedelta(days=8))  # a day before the week of notice
    assert mail.outbox == []
    _remind(DUE - dt.timedelta(days=7))
    assert len(mail.outbox) == 1
    assert "Deadline approaching" in mail.outbox[0].subject
    _remind(DUE)  # the last day is not overdue
    assert len(mail.outbox) == 1
    _remind(DUE + dt.timedelta(days=1))
    subjects = [m.subject for m in mail.outbox[1:]]
    assert subjects
    assert all("Deadline passed" in s for s in subjects)
    # The overdue step reaches the assigned secretariat too.
    assert personas["secretariat"].email in [m.to[0] for m in mail.outbox[1:]]


def test_the_secretariat_calendar_moves_the_deadlines(
    year_four: CountryReview, personas: dict[str, Any]
) -> None:
    starts = [DRAWN_ON, dt.date(2027, 7, 1), dt.date(2028, 7, 1), dt.date(2029, 9, 1)]
    calendar = services.set_phase_calendar(
        phase=1,
        starts_on=DRAWN_ON,
        year_starts=starts,
        planned_end_on=dt.date(2030, 8, 31),
        by=personas["secretariat"],
    )
    assert _due(year_four, "consultations") == dt.date(2029, 9, 22)
    assert Entry.objects.filter(action="reviews.phase_calendar.set").count() == 1
    with pytest.raises(RuleViolation, match="Reload"):
        services.set_phase_calendar(
            phase=1,
            starts_on=DRAWN_ON,
            year_starts=starts,
            planned_end_on=dt.date(2030, 8, 31),
            by=personas["secretariat"],
            version=calendar.version + 1,
        )


@pytest.mark.parametrize(
    ("year_starts", "end", "message"),
    [
        ([DRAWN_ON, dt.date(2027, 6, 15)], dt.date(2030, 6, 14), "4 years; 2 year starts"),
        (
            [dt.date(2026, 1, 1), dt.date(2027, 6, 15), dt.date(2028, 6, 15), YEAR_4],
            dt.date(2030, 6, 14),
            "before the phase",
        ),
        (
            [DRAWN_ON, dt.date(2028, 6, 15), dt.date(2027, 6, 15), YEAR_4],
            dt.date(2030, 6, 14),
            "Year 3 must start after year 2",
        ),
        (
            [DRAWN_ON, dt.date(2027, 6, 15), dt.date(2028, 6, 15), YEAR_4],
            YEAR_4,
            "planned end",
        ),
    ],
)
def test_a_wrong_calendar_is_refused_naming_the_problem_and_nothing_is_saved(
    personas: dict[str, Any], year_starts: list[dt.date], end: dt.date, message: str
) -> None:
    with pytest.raises(RuleViolation, match=message):
        services.set_phase_calendar(
            phase=1,
            starts_on=DRAWN_ON,
            year_starts=year_starts,
            planned_end_on=end,
            by=personas["secretariat"],
        )
    assert not PhaseCalendar.objects.exists()


def test_only_the_secretariat_sets_the_calendar(personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.set_phase_calendar(
            phase=1,
            starts_on=DRAWN_ON,
            year_starts=[DRAWN_ON, dt.date(2027, 6, 15), dt.date(2028, 6, 15), YEAR_4],
            planned_end_on=dt.date(2030, 6, 14),
            by=personas["focal_point_under_review"],
        )


def test_a_phase_beyond_the_procedures_is_refused(personas: dict[str, Any]) -> None:
    with pytest.raises(RuleViolation, match="no phase 3"):
        services.set_phase_calendar(
            phase=3,
            starts_on=DRAWN_ON,
            year_starts=[DRAWN_ON, dt.date(2027, 6, 15), dt.date(2028, 6, 15), YEAR_4],
            planned_end_on=dt.date(2030, 6, 14),
            by=personas["secretariat"],
        )


def test_an_amendment_governs_the_periods_that_start_after_it(
    review: CountryReview, year_four: CountryReview
) -> None:
    default = RulebookVersion.objects.get(is_default=True)
    rules = {name: dict(item) for name, item in default.rules.items()}
    rules["consultations"]["value"] = 4
    RulebookVersion.objects.create(
        code="2028-amended", rules=rules, effective_on=dt.date(2028, 1, 1)
    )
    assert _due(year_four, "consultations") == YEAR_4 + dt.timedelta(weeks=4)


def test_the_page_shows_the_years_and_saves_a_calendar(
    client: Client, personas: dict[str, Any], year_four: CountryReview
) -> None:
    client.force_login(personas["secretariat"])
    page = client.get(reverse("reviews:phases"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "year 6 of the Mechanism" in html  # year 4 of phase 1 follows two preparatory years
    assert "15 June 2029" in html
    response = client.post(
        reverse("reviews:set_phase_calendar"),
        {
            "phase": "1",
            "starts_on": "2026-06-15",
            "year_starts": "2026-06-15\n2027-07-01\n2028-07-01\n2029-09-01",
            "planned_end_on": "2030-08-31",
        },
    )
    assert response.status_code == 302
    assert PhaseCalendar.objects.get(phase=1).year_starts[3] == "2029-09-01"
    detail = client.get(year_four.get_absolute_url())
    assert detail.context["clock_starts_on"] == dt.date(2029, 9, 1)
    assert "1 September 2029" in detail.content.decode()


def test_the_first_two_years_are_counted_by_instrument_named_in_the_reader_language(
    client: Client, personas: dict[str, Any], review: CountryReview
) -> None:
    client.force_login(personas["secretariat"])
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("reviews:phases")).content.decode()
    table = html.split("<caption>")[1]
    assert "<td>Convention contre la criminalité organisée</td>" in table
    assert "<td>UNTOC</td>" not in table


def test_a_bad_date_on_the_page_is_named(client: Client, personas: dict[str, Any]) -> None:
    client.force_login(personas["secretariat"])
    response = client.post(
        reverse("reviews:set_phase_calendar"),
        {
            "phase": "1",
            "starts_on": "2026-06-15",
            "year_starts": "2026-06-15\n2027-13-01",
            "planned_end_on": "2030-08-31",
        },
    )
    assert response.status_code == 200
    assert "2027-13-01" in response.content.decode()
    assert not PhaseCalendar.objects.exists()


def _more_reviews(count: int, secretariat: Any) -> None:
    from revmech.accounts.models import ReviewAssignment
    from revmech.registry.models import Instrument, State

    untoc = Instrument.objects.get(code="UNTOC")
    states = State.objects.exclude(code__in=["KEN"]).order_by("code")
    have = CountryReview.objects.filter(phase=2).count()
    for state in states[have : have + count]:
        added = CountryReview.objects.create(
            state_under_review=state, instrument=untoc, phase=2, year=3, drawn_on=DRAWN_ON
        )
        ReviewAssignment.objects.create(person=secretariat, review=added)


def test_the_review_api_reads_the_rulebook_once_whatever_the_number_of_reviews(
    client: Client, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    """The N+1 of one rulebook query per review is gone: the count does not grow with the list."""
    client.force_login(personas["secretariat"])
    _more_reviews(3, personas["secretariat"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/reviews/").status_code == 200
    _more_reviews(20, personas["secretariat"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/reviews/")
    assert response.status_code == 200


def test_the_feed_and_the_overview_follow_the_calendar(
    client: Client, year_four: CountryReview, personas: dict[str, Any], settings: Any
) -> None:
    from icalendar import Calendar

    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False
    token = services.create_calendar_feed(
        person=personas["focal_point_under_review"], now=dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    )
    feed = Calendar.from_ical(client.get(services.calendar_path(token)).content)
    starts = sorted(e["dtstart"].dt for e in feed.walk("VEVENT"))
    assert starts[0] == DUE  # consultations, three weeks into year 4
    client.force_login(personas["secretariat"])
    csv = client.get(reverse("reviews:overview_csv")).content.decode().splitlines()
    header, row = csv[0].split(","), csv[1].split(",")
    assert row[header.index("clock_starts_on")] == YEAR_4.isoformat()
