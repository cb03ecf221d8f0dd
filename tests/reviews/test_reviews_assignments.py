"""The head of the secretariat assigns staff to reviews, with history and audit; the staff see
only their reviews and hear of overdue steps; the admin cannot change a review (P&R 32, 42)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person, ReviewAssignment
from revmech.audit.models import Entry
from revmech.reviews import services
from revmech.reviews.models import CountryReview, SecretariatAssignmentChange
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def test_the_head_assigns_and_the_member_then_reads_the_review(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    member = personas["secretariat_unassigned"]
    client.force_login(member)
    assert client.get(review.get_absolute_url()).status_code == 404
    services.assign_secretariat(
        review=review, person=member, by=personas["secretariat_head"], now=NOW, reason="Load"
    )
    assert client.get(review.get_absolute_url()).status_code == 200
    change = SecretariatAssignmentChange.objects.get(review=review, person=member)
    assert (change.action, change.by, change.reason) == (
        "assigned",
        personas["secretariat_head"],
        "Load",
    )
    assert Entry.objects.filter(action="reviews.secretariat.assigned").exists()


def test_a_reassignment_keeps_both_changes_and_moves_the_access(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    old, new = personas["secretariat"], personas["secretariat_unassigned"]
    services.reassign_secretariat(
        review=review, from_person=old, to_person=new, by=personas["secretariat_head"], now=NOW
    )
    assert list(
        ReviewAssignment.objects.filter(review=review).values_list("person", flat=True)
    ) == [new.pk]
    assert [c.action for c in review.secretariat_changes.all()] == ["unassigned", "assigned"]
    client.force_login(old)
    assert client.get(review.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["secretariat", "focal_point_under_review", "outsider"])
def test_only_the_head_assigns(
    review: CountryReview, personas: dict[str, Person], persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.assign_secretariat(
            review=review, person=personas["secretariat_unassigned"], by=personas[persona], now=NOW
        )
    assert not SecretariatAssignmentChange.objects.exists()


def test_only_secretariat_staff_can_be_assigned(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="not a member of the secretariat"):
        services.assign_secretariat(
            review=review, person=personas["outsider"], by=personas["secretariat_head"], now=NOW
        )
    with pytest.raises(RuleViolation, match="already assigned"):
        services.assign_secretariat(
            review=review, person=personas["secretariat"], by=personas["secretariat_head"], now=NOW
        )


def test_overdue_steps_reach_the_staff_assigned(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    member = personas["secretariat_unassigned"]
    services.reassign_secretariat(
        review=review,
        from_person=personas["secretariat"],
        to_person=member,
        by=personas["secretariat_head"],
        now=NOW,
    )
    call_command("remind", today=dt.date(2026, 7, 7))  # consultations were due on 6 July
    recipients = {m.to[0] for m in mail.outbox}
    assert member.email in recipients
    assert personas["secretariat"].email not in recipients


def test_the_page_assigns_and_shows_the_history(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["secretariat_head"])
    assert "Kenya" in client.get(reverse("reviews:assignments")).content.decode()
    url = reverse("reviews:assign_secretariat", kwargs={"review_id": review.pk})
    response = client.post(
        url,
        {"action": "assign", "person": personas["secretariat_unassigned"].pk, "reason": "Cover"},
    )
    assert response.status_code == 302
    page = client.get(reverse("reviews:secretariat", kwargs={"review_id": review.pk}))
    assert "Cover" in page.content.decode()
    refused = client.post(url, {"action": "assign", "person": personas["secretariat"].pk})
    assert "already assigned" in refused.content.decode()


def test_the_api_assigns_and_refuses_others(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    url = f"/api/review-secretariat/{review.pk}/assign/"
    body = {"action": "assign", "person": personas["secretariat_unassigned"].pk}
    client.force_login(personas["secretariat"])
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert client.get("/api/review-secretariat/").status_code == 404
    client.force_login(personas["secretariat_head"])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["assigned"]) == 2
    assert response.json()["history"][0]["action"] == "assigned"


def test_the_admin_shows_reviews_but_cannot_change_them(
    client: Client, review: CountryReview, make_person: Any
) -> None:
    admin = Person.objects.create_superuser("root", "root@example.org", "a long test passphrase")
    client.force_login(admin)
    url = reverse("admin:reviews_countryreview_change", args=[review.pk])
    page = client.get(url)
    assert page.status_code == 200
    client.post(url, {"stage": "agreed", "year": "3"})
    review.refresh_from_db()
    assert (review.stage, review.year) == ("drawn", 1)
    assert client.get(reverse("admin:reviews_countryreview_add")).status_code == 403
