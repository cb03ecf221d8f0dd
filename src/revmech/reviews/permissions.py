"""Who may see a country review (P&R paras 32, 37, 39): predicates read aloud.

A review's content is visible to the State under review, its two reviewing States (their focal
points and governmental experts for the instrument), observers of those States (read only), and
the secretariat staff assigned to it. Nobody else (DESIGN.md, Confidentiality).
"""

from __future__ import annotations

from revmech.accounts.models import Person
from revmech.accounts.permissions import Someone, acts_for, is_secretariat, observes
from revmech.reviews.models import CountryReview
from revmech.site.access import Access


def parties_to(review: CountryReview) -> tuple[str, ...]:
    """The State under review and its reviewing States, by code."""
    return (review.state_under_review.code, *(r.state.code for r in review.reviewers.all()))


def is_assigned(person: Someone, review: CountryReview) -> bool:
    if not isinstance(person, Person):
        return False
    return any(a.person_id == person.pk for a in review.secretariat_assignments.all())


def can_list_reviews(person: Someone) -> bool:
    """Anyone signed in may ask for the list; it holds only the reviews they may read."""
    return person is not None and bool(person.is_authenticated)


def can_read_review(person: Someone, review: CountryReview) -> bool:
    """P&R paras 32, 37: the parties to the review, their observers, the assigned secretariat."""
    if acts_for(person, parties_to(review), review.instrument.code):
        return True
    if observes(person, parties_to(review)):
        return True
    return is_secretariat(person) and is_assigned(person, review)


def can_oversee_reviews(person: Someone) -> bool:
    """The secretariat sees the list of all reviews (stage, year), though not their content."""
    return bool(is_secretariat(person))


def can_list(person: Someone, _nothing: object = None) -> bool:
    return can_list_reviews(person)


ACCESS: dict[str, Access] = {
    "reviews:list": Access(subject=None, rule=can_list),
    "reviews:detail": Access(subject="review", rule=can_read_review),
    "review-list": Access(subject=None, rule=can_list),
    "review-detail": Access(subject="review", rule=can_read_review),
}
