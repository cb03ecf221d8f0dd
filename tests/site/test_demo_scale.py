"""`revmech demo --scale N` grows N times the data around the demo people's review, once: a
second run with the same N adds nothing; and the query-bound tests grow theirs with the same
generator, `revmech.site.scale.grow` (issue 17)."""

from __future__ import annotations

import io
from typing import Any

import pytest
import test_query_bounds
import test_query_bounds_writes
from django.core.management import call_command

from revmech.accounts.models import Person, Role
from revmech.lots.models import Draw
from revmech.reviews.models import CountryReview, DialogueReply, DialogueRequest, ReviewDocument
from revmech.site import scale

pytestmark = pytest.mark.django_db

N = 2


def _counts(around: CountryReview) -> dict[str, int]:
    return {
        "reviews": CountryReview.objects.count(),
        "people": Person.objects.count(),
        "answers": DialogueReply.objects.count(),
        "questions around": DialogueRequest.objects.filter(review=around).count(),
        "documents around": ReviewDocument.objects.filter(review=around).count(),
        "reviews of its State": CountryReview.objects.filter(
            reviewers__state=around.state_under_review
        ).count(),
    }


def test_demo_scale_adds_n_times_the_data_once(
    reference_data: None, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())
    around = (
        CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
        .order_by("instrument__position", "state_under_review__code")
        .first()
    )
    assert around is not None
    states = {around.state_under_review_id, *around.reviewers.values_list("state_id", flat=True)}
    before = _counts(around)
    calls: list[dict[str, Any]] = []
    real_grow = scale.grow

    def grow(**kwargs: Any) -> scale.Grown:
        calls.append(kwargs)
        return real_grow(**kwargs)

    monkeypatch.setattr(scale, "grow", grow)
    printed = io.StringIO()
    call_command("demo", "--scale", str(N), stdout=printed)

    assert calls == [{"around": around, "factor": N, "label": f"scale{N}"}]
    grown = _counts(around)
    new_states = N  # N more reviews, each of another State
    new_focal_points = Person.objects.filter(
        username__startswith="scale", appointments__role=Role.FOCAL_POINT
    ).count()
    assert new_focal_points <= new_states
    assert grown["reviews"] - before["reviews"] == N
    # N experts for each State involved: the review's three and the N new ones.
    assert grown["people"] - before["people"] == N * (len(states) + new_states) + new_focal_points
    # N questions, each answered, in the review and in each new one.
    assert grown["answers"] - before["answers"] == N * (N + 1)
    assert grown["questions around"] - before["questions around"] == N
    assert grown["documents around"] - before["documents around"] == N
    # The State under review now reviews N more States.
    assert grown["reviews of its State"] - before["reviews of its State"] == N
    assert f"Scaled x{N}" in printed.getvalue()

    again = io.StringIO()
    call_command("demo", "--scale", str(N), stdout=again)
    assert _counts(around) == grown
    assert f"Scaled data (scale{N}) already loaded." in again.getvalue()
    assert len(calls) == 1


def test_the_query_bounds_grow_their_data_with_the_demo_generator() -> None:
    assert test_query_bounds.grow is scale.grow
    assert test_query_bounds_writes.grow is scale.grow
    assert test_query_bounds.FACTOR == test_query_bounds_writes.FACTOR
