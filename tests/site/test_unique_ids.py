"""No two elements of a page share an `id` (issue 16): labels, links to a question and
`aria-labelledby` must each point at one element. The main pages are rendered as a party to a
review sees them, a questionnaire started."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.questionnaires import services as questionnaires
from revmech.reviews.models import CountryReview, Stage

pytestmark = pytest.mark.django_db


class IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(value or "" for name, value in attrs if name == "id")


def duplicate_ids(html: str) -> list[str]:
    collector = IdCollector()
    collector.feed(html)
    return sorted(name for name, count in Counter(collector.ids).items() if count > 1)


def test_the_collector_finds_a_duplicate() -> None:
    assert duplicate_ids('<p id="a"></p><div><span id="a"></span><b id="b"></b></div>') == ["a"]


@pytest.mark.parametrize("persona", ["focal_point_under_review", "expert_reviewing"])
def test_the_main_pages_have_unique_ids(
    client: Client, review: CountryReview, personas: dict[str, Person], persona: str
) -> None:
    questionnaires.ensure_first_phase_definitions()
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    questionnaire = questionnaires.start_questionnaire(review=review, by=None)
    section = questionnaire.structures()[0].sections[1].key
    client.force_login(personas[persona])
    by_review = {"review_id": review.pk}
    pages = [
        reverse("home"),
        reverse("registry:states"),
        reverse("reviews:list"),
        review.get_absolute_url(),
        reverse("questionnaires:review", kwargs=by_review),
        reverse("questionnaires:answers", kwargs=by_review) + f"?section={section}",
        reverse("questionnaires:desk_review", kwargs=by_review),
        reverse("questionnaires:outcome", kwargs=by_review),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert duplicate_ids(response.content.decode()) == [], url
