"""The review page (stages, next step, deadline, moves), the home page, the secretariat's
overview and the API (P&R paras 3 (b), 23-34, 44)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.registry import models as registry
from revmech.reviews import services
from revmech.reviews.models import CountryReview, ReviewingState, Seat, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _without_second_factor(settings: Any) -> None:
    # The second-factor middleware is tested in accounts; these tests are about the reviews.
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


def _page(client: Client, review: CountryReview) -> str:
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_shows_the_next_step_its_deadline_and_overdue(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    # The fixture's draw was on 15 June 2026, so by now consultations (3 weeks) are overdue.
    client.force_login(personas["focal_point_under_review"])
    page = _page(client, review)
    assert "Open the consultations" in page
    assert "6 July 2026" in page
    assert "overdue" in page
    assert "15 December 2026" in page
    assert "(target)" in page
    assert Entry.objects.filter(action="reviews.review.viewed", review_id=review.pk).exists()


def test_a_focal_point_walks_through_the_consultations(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["focal_point_under_review"])
    response = client.post(
        reverse("reviews:open_consultations", kwargs={"review_id": review.pk}),
        {"version": review.version},
    )
    assert response.status_code == 302
    page = _page(client, review)
    assert "consultations-form" in page
    url = reverse("reviews:record_consultations", kwargs={"review_id": review.pk})
    response = client.post(url, {"version": 1, "schedule": "Calls in July"})
    assert response.status_code == 200  # no language chosen: the form comes back
    assert "This field is required" in response.content.decode()
    response = client.post(
        url, {"version": 1, "schedule": "Calls in July", "working_languages": ["en", "fr"]}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == Stage.SELF_ASSESSMENT
    assert review.working_languages == ["en", "fr"]
    page = _page(client, review)
    assert "Submit the self-assessment" in page
    assert "Schedule and working languages agreed" in page


def test_a_move_out_of_order_comes_back_with_a_message_naming_the_stage(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["focal_point_under_review"])
    url = reverse("reviews:submit_self_assessment", kwargs={"review_id": review.pk})
    response = client.post(url, {"version": review.version}, follow=True)
    assert "This review is at the stage “Drawn”" in response.content.decode()
    review.refresh_from_db()
    assert review.stage == Stage.DRAWN


def test_a_stale_page_cannot_move_the_review(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    services.open_consultations(
        review=review, by=personas["secretariat"], today=dt.date(2026, 6, 20)
    )
    client.force_login(personas["focal_point_under_review"])
    url = reverse("reviews:record_consultations", kwargs={"review_id": review.pk})
    response = client.post(
        url, {"version": 0, "schedule": "x", "working_languages": ["en"]}, follow=True
    )
    assert "Someone else changed this review" in response.content.decode()
    assert CountryReview.objects.get(pk=review.pk).stage == Stage.CONSULTATIONS


def test_the_home_page_lists_my_reviews_and_next_deadlines(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_reviewing"])
    page = client.get(reverse("home")).content.decode()
    assert "Coming next, once others have acted" in page
    assert review.get_absolute_url() in page
    assert "6 July 2026" in page
    client.force_login(personas["outsider"])
    page = client.get(reverse("home")).content.decode()
    assert review.get_absolute_url() not in page
    client.logout()
    assert "What needs you now" not in client.get(reverse("home")).content.decode()


@pytest.fixture
def more_reviews(review: CountryReview) -> list[CountryReview]:
    made = [review]
    for code, instrument, stage in (("BRA", "TIP", Stage.DESK_REVIEW), ("ARG", "UNTOC", "")):
        other = CountryReview.objects.create(
            state_under_review=registry.State.objects.get(code=code),
            instrument=registry.Instrument.objects.get(code=instrument),
            phase=1,
            year=2,
            drawn_on=dt.date(2026, 6, 15),
            stage=stage or Stage.DRAWN,
        )
        ReviewingState.objects.create(
            review=other, state=registry.State.objects.get(code="DEU"), seat=Seat.OTHER_GROUP
        )
        made.append(other)
    return made


def test_the_overview_lists_every_review_in_code_order_and_filters(
    client: Client, more_reviews: list[CountryReview], personas: dict[str, Person]
) -> None:
    client.force_login(personas["secretariat_unassigned"])
    response = client.get(reverse("reviews:overview"))
    codes = [r.state_under_review.code for r in response.context["reviews"]]
    assert codes == ["ARG", "KEN", "BRA"]  # phase, instrument, State code: never a ranking
    response = client.get(reverse("reviews:overview"), {"stage": Stage.DESK_REVIEW})
    assert [r.state_under_review.code for r in response.context["reviews"]] == ["BRA"]
    response = client.get(reverse("reviews:overview"), {"instrument": "UNTOC"})
    assert [r.state_under_review.code for r in response.context["reviews"]] == ["ARG", "KEN"]
    response = client.get(reverse("reviews:overview"), {"working_group": "WGTIP"})
    assert [r.state_under_review.code for r in response.context["reviews"]] == ["BRA"]


def test_the_overview_exports_csv(
    client: Client, more_reviews: list[CountryReview], personas: dict[str, Person]
) -> None:
    client.force_login(personas["secretariat_unassigned"])
    response = client.get(reverse("reviews:overview_csv"), {"phase": 1})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["state_under_review"] for r in rows] == ["ARG", "KEN", "BRA"]
    assert rows[1]["reviewing_states"] == "FRA NGA"
    assert rows[2]["stage"] == "desk_review"
    client.force_login(personas["focal_point_under_review"])
    assert client.get(reverse("reviews:overview_csv")).status_code == 404


def test_the_api_gives_stage_events_and_deadlines(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    services.open_consultations(
        review=review, by=personas["secretariat"], today=dt.date(2026, 6, 20)
    )
    client.force_login(personas["focal_point_reviewing"])
    data = client.get(f"/api/reviews/{review.pk}/").json()
    assert data["stage"] == "consultations"
    assert data["events"] == [
        {"kind": "consultations_opened", "occurred_on": "2026-06-20", "state": None}
    ]
    deadlines = {d["step"]: d for d in data["deadlines"]}
    assert deadlines["consultations"]["due_on"] == "2026-07-06"
    assert deadlines["draft_report_target"]["is_target"] is True
    assert deadlines["desk_review"]["due_on"] is None


def test_the_list_pages_stay_within_a_few_queries(
    client: Client,
    more_reviews: list[CountryReview],
    personas: dict[str, Person],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(personas["secretariat_unassigned"])
    with django_assert_max_num_queries(25):
        client.get(reverse("reviews:overview"))


def test_the_review_page_leads_to_its_questionnaire(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    html = client.get(reverse("reviews:detail", kwargs={"review_id": review.pk})).content.decode()
    assert reverse("questionnaires:review", kwargs={"review_id": review.pk}) in html
