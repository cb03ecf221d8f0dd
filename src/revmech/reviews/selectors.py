"""Reads of country reviews, filtered by who asks; a review one may not read does not exist."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.accounts.permissions import Someone, is_secretariat
from revmech.reviews import permissions
from revmech.reviews.models import CountryReview


def _base() -> QuerySet[CountryReview]:
    reviews = CountryReview.objects.select_related("state_under_review", "instrument")
    return reviews.prefetch_related("reviewers__state", "secretariat_assignments")


def reviews_for(person: Someone) -> QuerySet[CountryReview]:
    """The reviews whose content the person may read (the same rule as `can_read_review`)."""
    if not isinstance(person, Person) or not person.is_active:
        return _base().none()
    approved = Appointment.objects.filter(person=person, status=AppointmentStatus.APPROVED)
    condition = Q(pk__in=[])
    for appointment in approved.select_related("state", "instrument"):
        state = appointment.state
        if state is None:
            continue
        involved = Q(state_under_review=state) | Q(reviewers__state=state)
        if appointment.role in (Role.FOCAL_POINT, Role.EXPERT):
            if appointment.instrument is not None:
                involved &= Q(instrument=appointment.instrument)
            condition |= involved
        elif appointment.role == Role.OBSERVER:
            condition |= involved
    if is_secretariat(person):
        condition |= Q(secretariat_assignments__person=person)
    ids = CountryReview.objects.filter(condition).values("pk")
    return _base().filter(pk__in=ids)


def review_for(person: Someone, review_id: int) -> CountryReview:
    """The review, or 404 for anyone who may not read it, as if it did not exist."""
    review = _base().filter(pk=review_id).first()
    if review is None or not permissions.can_read_review(person, review):
        raise Http404
    return review
