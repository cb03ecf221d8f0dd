"""Who may see a country review (P&R paras 32, 37): predicates read aloud.

The full people-and-roles model arrives with the accounts app; until then the secretariat is
Django's staff and nobody else sees a review's content.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from revmech.reviews.models import CountryReview


def can_list_reviews(person: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(person.is_authenticated and getattr(person, "is_staff", False))


def can_read_review(person: AbstractBaseUser | AnonymousUser, review: CountryReview) -> bool:
    """P&R paras 32, 37: the secretariat; parties to the review come with the accounts app."""
    return bool(person.is_authenticated and getattr(person, "is_staff", False))
