"""The demonstration shows country reviews in every stage, and a second run changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from revmech.reviews.models import CountryReview, DialogueRequest, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_shows_reviews_in_every_stage_and_runs_twice(
    reference_data: None, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())
    stages = set(CountryReview.objects.filter(phase=1).values_list("stage", flat=True))
    assert stages >= set(Stage.values)
    before = list(CountryReview.objects.order_by("pk").values_list("pk", "stage", "version"))
    printed = io.StringIO()
    call_command("demo", stdout=printed)
    after = list(CountryReview.objects.order_by("pk").values_list("pk", "stage", "version"))
    assert after == before
    assert DialogueRequest.objects.count() == 1
    # The demo secretariat is assigned to the demo people's own review through the service,
    # once, with its history (P&R para 42).
    from revmech.reviews.models import SecretariatAssignmentChange

    own = (
        CountryReview.objects.filter(phase=1)
        .order_by("instrument__position", "state_under_review__code")
        .first()
    )
    assert own is not None
    changes = SecretariatAssignmentChange.objects.filter(review=own, person__username="secretariat")
    assert [c.action for c in changes] == ["assigned"]

    # Everyone needed to take the review from the draw to the communicated report signs in, and
    # the printed table says who they are and where they start (issue 16).
    from revmech.accounts.models import Person
    from revmech.reviews import permissions as review_permissions

    table = printed.getvalue()
    people = {
        p.username: p
        for p in Person.objects.filter(
            username__in=["secretariat", "focal-point", "reviewing-fp-1", "reviewing-fp-2"]
        )
    }
    for username in people:
        assert people[username].has_usable_password()
        line = next(row for row in table.splitlines() if row.strip().startswith(username))
        assert f"{own.state_under_review.code} {own.instrument.code} phase 1" in line
    agreeing = {
        code
        for username in ("focal-point", "reviewing-fp-1", "reviewing-fp-2")
        for code in review_permissions.states_agreeing_through(people[username], own)
    }
    assert agreeing == set(review_permissions.parties_to(own))  # all three can agree (para 34)
    assert review_permissions.can_communicate_report(people["secretariat"], own)
