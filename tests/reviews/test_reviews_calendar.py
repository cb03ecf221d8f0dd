"""The iCalendar feed: a secret, revocable address per person with their reviews' deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from revmech.accounts.models import Person
from revmech.reviews import services
from revmech.reviews.models import CalendarFeed, CountryReview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _without_second_factor(settings: Any) -> None:
    # The second-factor middleware is tested in accounts; these tests are about the feed.
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


def _events(client: Client, token: str) -> dict[str, Any]:
    response = client.get(services.calendar_path(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_the_persons_deadlines(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    token = services.create_calendar_feed(
        person=personas["focal_point_under_review"], now=timezone.now()
    )
    events = _events(client, token)
    due = {summary.split(":")[0]: e["dtstart"].dt for summary, e in events.items()}
    starts = sorted(e["dtstart"].dt for e in events.values())
    assert starts == [dt.date(2026, 7, 6), dt.date(2026, 9, 15), dt.date(2026, 12, 15)]
    assert due["Target"] == dt.date(2026, 12, 15)  # para 33: a target, labelled as one
    for event in events.values():
        assert event["dtend"].dt - event["dtstart"].dt == dt.timedelta(days=1)
        assert str(event["uid"]).startswith(f"review-{review.pk}-")


def test_someone_elses_reviews_are_not_in_the_feed(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    token = services.create_calendar_feed(person=personas["outsider"], now=timezone.now())
    assert _events(client, token) == {}


def test_a_new_address_revokes_the_old_and_revoking_stops_it(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    person = personas["expert_reviewing"]
    old = services.create_calendar_feed(person=person, now=timezone.now())
    new = services.create_calendar_feed(person=person, now=timezone.now())
    assert client.get(services.calendar_path(old)).status_code == 404
    assert client.get(services.calendar_path(new)).status_code == 200
    services.revoke_calendar_feeds(person=person, now=timezone.now())
    assert client.get(services.calendar_path(new)).status_code == 404
    assert client.get(services.calendar_path("not-a-token")).status_code == 404


def test_the_address_is_shown_once_and_stored_only_as_a_digest(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    person = personas["focal_point_under_review"]
    client.force_login(person)
    assert client.get(reverse("reviews:calendar")).status_code == 200
    response = client.post(reverse("reviews:calendar_reset"))
    assert response.status_code == 200
    address = response.context["address"]
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_digest=token).exists()
    assert token not in client.get(reverse("reviews:calendar")).content.decode()
    assert client.get(services.calendar_path(token)).status_code == 200
    response = client.post(reverse("reviews:calendar_revoke"))
    assert response.status_code == 302
    assert client.get(services.calendar_path(token)).status_code == 404
