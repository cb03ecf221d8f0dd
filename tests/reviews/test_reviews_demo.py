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
    call_command("demo", stdout=io.StringIO())
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
