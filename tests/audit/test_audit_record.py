"""Recording an entry: who, what, when and from where (P&R paras 32, 37)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from revmech.audit import services
from revmech.audit.models import ANONYMOUS_LABEL, SYSTEM_LABEL, Entry
from revmech.registry.models import Instrument, State
from revmech.reviews.models import CountryReview


def test_the_address_is_remote_addr_and_a_forged_forwarded_for_is_ignored(
    personas: dict[str, Any],
) -> None:
    request = RequestFactory().get(
        "/reviews/7/",
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 10.0.0.1",
        HTTP_X_REAL_IP="198.51.100.66",
        HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 400,
    )
    entry = services.record(
        "reviews.review.viewed", actor=personas["secretariat"], request=request, review_id=7
    )

    stored = Entry.objects.get(pk=entry.pk)
    assert stored.ip_address == "203.0.113.7"
    assert "198.51.100.66" not in str(stored.details)
    assert stored.user_agent.startswith("Mozilla/5.0 ")
    assert len(stored.user_agent) == 300
    assert stored.actor == personas["secretariat"]
    assert stored.actor_label == "secretariat"
    assert stored.review_id == 7


@pytest.mark.django_db
@pytest.mark.parametrize("remote_addr", ["", "not-an-address", "/run/gunicorn.sock"])
def test_an_unusable_remote_addr_is_stored_as_unknown(remote_addr: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)
    entry = services.record("site.page.viewed", actor=AnonymousUser(), request=request)
    assert Entry.objects.get(pk=entry.pk).ip_address is None


@pytest.mark.django_db
def test_an_ipv6_address_is_kept() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::1")
    entry = services.record("site.page.viewed", actor=AnonymousUser(), request=request)
    assert Entry.objects.get(pk=entry.pk).ip_address == "2001:db8::1"


@pytest.mark.django_db
def test_an_anonymous_visitor_is_stored_without_a_person() -> None:
    entry = services.record("reviews.review.viewed", actor=AnonymousUser())
    assert entry.actor_id is None
    assert entry.actor_label == ANONYMOUS_LABEL


@pytest.mark.django_db
def test_the_system_acts_without_a_person() -> None:
    entry = services.record("lots.reminder.sent", actor=None)
    assert entry.actor_id is None
    assert entry.actor_label == SYSTEM_LABEL


def test_the_subject_and_details_are_kept(personas: dict[str, Any]) -> None:
    outsider = personas["outsider"]
    at = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
    entry = services.record(
        "accounts.person.deactivated",
        actor=personas["secretariat"],
        subject=outsider,
        now=at,
        reason="left the ministry",
        effective_on=date(2025, 6, 2),
    )

    stored = Entry.objects.get(pk=entry.pk)
    assert stored.at == at
    assert (stored.subject_type, stored.subject_id) == ("accounts.person", str(outsider.pk))
    assert stored.subject_label == str(outsider)
    assert stored.details == {"reason": "left the ministry", "effective_on": "2025-06-02"}
    assert stored.review_id is None


def test_an_entry_about_a_review_is_filed_under_it(personas: dict[str, Any]) -> None:
    review = CountryReview.objects.create(
        state_under_review=State.objects.order_by("code")[0],
        instrument=Instrument.objects.order_by("pk")[0],
        phase=1,
        year=1,
        drawn_on=date(2025, 1, 10),
    )
    entry = services.record("reviews.review.viewed", actor=personas["outsider"], subject=review)
    assert entry.review_id == review.pk
    assert entry.subject_type == "reviews.countryreview"


@pytest.mark.django_db
def test_the_clock_is_read_when_no_time_is_given() -> None:
    before = datetime.now(tz=UTC)
    entry = services.record("lots.reminder.sent", actor=None)
    assert before <= entry.at <= datetime.now(tz=UTC)


@pytest.mark.django_db
def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        services.record("lots.reminder.sent", actor=None, now=datetime(2025, 1, 1))  # noqa: DTZ001
    assert not Entry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["", "viewed", "Reviews.review.viewed", "reviews..viewed"])
def test_an_action_must_be_a_dotted_code(action: str) -> None:
    with pytest.raises(ValueError, match="dotted code"):
        services.record(action, actor=None)
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_entries_come_newest_first() -> None:
    older = services.record("lots.draw.opened", actor=None, now=datetime(2025, 1, 1, tzinfo=UTC))
    newer = services.record("lots.draw.closed", actor=None, now=datetime(2025, 1, 2, tzinfo=UTC))
    assert list(Entry.objects.all()) == [newer, older]
