"""API reads of a review's confidential content are audited as page views are (P&R para 37)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.reviews.models import CountryReview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


@pytest.mark.parametrize(
    "path", ["", "events/", "requests/", "meetings/", "visits/", "documents/", "references/"]
)
def test_each_read_of_a_review_through_the_api_is_audited(
    client: Client, review: CountryReview, personas: dict[str, Person], path: str
) -> None:
    reader = personas["expert_reviewing"]
    client.force_login(reader)
    assert client.get(f"/api/reviews/{review.pk}/{path}").status_code == 200
    entry = Entry.objects.filter(action="reviews.review.viewed").latest("pk")
    assert entry.actor_id == reader.pk
    assert entry.details["via"] == "api"
    assert entry.details["part"] == (path.strip("/") or "retrieve")


def test_a_refused_read_is_not_logged_as_a_view(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["outsider"])
    assert client.get(f"/api/reviews/{review.pk}/").status_code == 404
    assert not Entry.objects.filter(action="reviews.review.viewed").exists()
