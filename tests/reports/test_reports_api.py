"""The reports API (in the OpenAPI schema): a reader gets the report with its digest, a drafter
saves a section with the version check (409 on a lost update), a focal point approves; lists stay
within a bounded number of queries whatever the number of reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from report_helpers import NOW, section_of
from revmech.accounts.models import Person
from revmech.registry.models import Instrument, State
from revmech.reports.models import Report, SectionKind
from revmech.reviews.models import CountryReview, ReviewingState, Seat

pytestmark = pytest.mark.django_db


def test_the_schema_describes_the_reports_api(client: Client) -> None:
    schema = client.get("/api/schema/").content.decode()
    assert "/api/reports/{id}/save-section/" in schema
    assert "/api/reports/{id}/approve/" in schema


def test_a_drafter_saves_through_the_api_and_a_stale_save_answers_409(
    client: Client, report: Report, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_reviewing"])
    detail = client.get(f"/api/reports/{report.review_id}/").json()
    assert len(detail["digest"]) == 64
    section = section_of(report, SectionKind.OBSERVATIONS)
    url = f"/api/reports/{report.review_id}/save-section/"
    body = {"section": section.pk, "based_on": 1, "text": "<p>By the API.</p>"}
    assert client.post(url, body, content_type="application/json").json()["revision"] == 2
    stale = client.post(url, {**body, "text": "<p>Late.</p>"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["text"] == "<p>By the API.</p>"
    client.force_login(personas["observer"])
    assert client.post(url, body, content_type="application/json").status_code == 404


def test_a_focal_point_approves_through_the_api(
    client: Client, at_draft_report: Report, focal_points: dict[str, Person]
) -> None:
    client.force_login(focal_points["KEN"])
    detail = client.get(f"/api/reports/{at_draft_report.review_id}/").json()
    answer = client.post(
        f"/api/reports/{at_draft_report.review_id}/approve/",
        {"state": "KEN", "version": detail["version"], "digest": detail["digest"]},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["approvals"][0]["state"] == "KEN"
    wrong = client.post(
        f"/api/reports/{at_draft_report.review_id}/approve/",
        {"state": "NGA", "version": detail["version"], "digest": detail["digest"]},
        content_type="application/json",
    )
    assert wrong.status_code == 404


def _many_final_reports(count: int, by: Person) -> None:
    """Reports of reviews of other States, final, for the instrument Brazil may ask about."""
    instrument = Instrument.objects.get(code="UNTOC")
    states = list(State.objects.exclude(code__in=["BRA", "KEN", "NGA", "FRA"]).order_by("code"))
    for index in range(count):
        review = CountryReview.objects.create(
            state_under_review=states[index],
            instrument=instrument,
            phase=2,
            year=1,
            drawn_on=dt.date(2026, 6, 15),
        )
        ReviewingState.objects.create(review=review, state=states[-1 - index], seat=Seat.SAME_GROUP)
        ReviewingState.objects.create(
            review=review, state=states[-30 - index], seat=Seat.OTHER_GROUP
        )
        Report.objects.create(
            review=review, language="en", created_at=NOW, created_by=by, finalized_at=NOW
        )


@pytest.mark.parametrize("count", [2, 25])
def test_the_list_pages_stay_within_bounded_queries(
    client: Client,
    personas: dict[str, Person],
    brazil: Person,
    count: int,
    django_assert_max_num_queries: Any,
) -> None:
    _many_final_reports(count, personas["expert_reviewing"])
    client.force_login(brazil)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("reports:list"))
    text = page.content.decode()
    assert text.count("Ask to read it, for BRA") == count
    with django_assert_max_num_queries(30):
        assert client.get("/api/reports/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:summaries")).status_code == 200
