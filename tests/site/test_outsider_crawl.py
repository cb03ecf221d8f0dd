"""An expert of a State that takes no part in a review asks for everything about it: nothing.

The crawler requests every URL of the site that carries a review, with the review's id and
with swapped and absurd ids, through pages and the API (P&R paras 32, 37).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from revmech.accounts.models import Person
from revmech.reviews.models import CountryReview
from revmech.site import access

pytestmark = pytest.mark.django_db

ABSURD_IDS = ["0", "-1", "99999999999999999999", "abc", "1.5", "%00"]


def test_an_outsider_gets_nothing_of_a_review(
    client: Client, personas: dict[str, Person], review: CountryReview
) -> None:
    client.force_login(personas["outsider"])
    review_urls = [name for name, rule in access.table().items() if rule.subject == "review"]
    assert review_urls, "the table declares the review URLs"
    for name in review_urls:
        key = "pk" if "-" in name else "review_id"
        url = reverse(name, kwargs={key: review.pk})
        for response in (client.get(url), client.post(url), client.get(url + "?format=json")):
            assert response.status_code in {404, 405}, (name, response.status_code)
            body = response.content.decode()
            assert "Kenya" not in body, name
            assert "Nigeria" not in body, name
    listing = client.get("/api/reviews/").json()
    assert listing["count"] == 0
    page = client.get(reverse("reviews:list")).content.decode()
    assert "Kenya" not in page


def test_absurd_and_swapped_ids_are_refused_alike(
    client: Client, personas: dict[str, Person], review: CountryReview
) -> None:
    client.force_login(personas["expert_reviewing"])
    assert client.get(f"/api/reviews/{review.pk}/").status_code == 200
    for raw in [*ABSURD_IDS, str(review.pk + 1)]:
        for path in (f"/reviews/{raw}/", f"/api/reviews/{raw}/"):
            assert client.get(path).status_code == 404, path


def test_reverse_of_review_urls_needs_an_id() -> None:
    with pytest.raises(NoReverseMatch):
        reverse("reviews:detail")
