"""The API of country reviews: only the reviews the person may read (P&R paras 32, 37)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from revmech.reviews import deadlines, selectors
from revmech.reviews.models import CountryReview, ReviewEvent, ReviewingState


class ReviewingStateSerializer(serializers.ModelSerializer[ReviewingState]):
    state = serializers.CharField(source="state.code")

    class Meta:
        model = ReviewingState
        fields = ["state", "seat"]


class ReviewEventSerializer(serializers.ModelSerializer[ReviewEvent]):
    state = serializers.CharField(source="state.code", default=None)

    class Meta:
        model = ReviewEvent
        fields = ["kind", "occurred_on", "state"]


class CountryReviewSerializer(serializers.ModelSerializer[CountryReview]):
    state_under_review = serializers.CharField(source="state_under_review.code")
    instrument = serializers.CharField(source="instrument.code")
    reviewing_states = ReviewingStateSerializer(source="reviewers", many=True)
    stage_label = serializers.CharField(source="get_stage_display")
    events = ReviewEventSerializer(many=True)
    deadlines = serializers.SerializerMethodField()

    def get_deadlines(self, review: CountryReview) -> list[dict[str, Any]]:
        """Each step's due date (or target) and completion (P&R paras 23, 26, 29, 33)."""
        today = timezone.localdate()
        return [
            {
                "step": step.step,
                "due_on": step.deadline.due_on if step.deadline else None,
                "is_target": bool(step.deadline and step.deadline.is_target),
                "paragraph": step.deadline.paragraph if step.deadline else None,
                "done_on": step.done_on,
                "is_overdue": step.is_overdue(today),
            }
            for step in deadlines.steps_of(review)
        ]

    class Meta:
        model = CountryReview
        fields = [
            "id",
            "state_under_review",
            "instrument",
            "phase",
            "year",
            "stage",
            "stage_label",
            "version",
            "drawn_on",
            "working_languages",
            "reviewing_states",
            "events",
            "deadlines",
        ]


class CountryReviewViewSet(viewsets.ReadOnlyModelViewSet[CountryReview]):
    """Reviews one may not read are absent from the list and answer 404 one by one."""

    serializer_class = CountryReviewSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[CountryReview]:
        return selectors.reviews_for(self.request.user).order_by("phase", "pk")
