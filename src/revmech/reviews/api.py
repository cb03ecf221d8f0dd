"""The API of country reviews: only the reviews the person may read (P&R paras 32, 37)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from revmech.reviews import selectors
from revmech.reviews.models import CountryReview, ReviewingState


class ReviewingStateSerializer(serializers.ModelSerializer[ReviewingState]):
    state = serializers.CharField(source="state.code")

    class Meta:
        model = ReviewingState
        fields = ["state", "seat"]


class CountryReviewSerializer(serializers.ModelSerializer[CountryReview]):
    state_under_review = serializers.CharField(source="state_under_review.code")
    instrument = serializers.CharField(source="instrument.code")
    reviewing_states = ReviewingStateSerializer(source="reviewers", many=True)

    class Meta:
        model = CountryReview
        fields = [
            "id",
            "state_under_review",
            "instrument",
            "phase",
            "year",
            "stage",
            "drawn_on",
            "reviewing_states",
        ]


class CountryReviewViewSet(viewsets.ReadOnlyModelViewSet[CountryReview]):
    """Reviews one may not read are absent from the list and answer 404 one by one."""

    serializer_class = CountryReviewSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[CountryReview]:
        return selectors.reviews_for(self.request.user).order_by("phase", "pk")
