"""Reads of country reviews, filtered by who asks; a review one may not read does not exist."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from revmech.reviews import permissions
from revmech.reviews.models import CountryReview


def reviews_for(person: AbstractBaseUser | AnonymousUser) -> QuerySet[CountryReview]:
    queryset = CountryReview.objects.select_related(
        "state_under_review", "instrument"
    ).prefetch_related("reviewers__state")
    if not permissions.can_list_reviews(person):
        return queryset.none()
    return queryset


def review_for(person: AbstractBaseUser | AnonymousUser, review_id: int) -> CountryReview:
    review = reviews_for(person).filter(pk=review_id).first()
    if review is None or not permissions.can_read_review(person, review):
        raise Http404
    return review
