"""Who must take a review's next step, in words, and whether a given person may (P&R 23-34).

The review page says it under "Next step" and the home page lists the step for those who may
take it, and as "waiting on" for the others. It reads the review's prefetched reviewers and
events only, so a list of reviews costs no query per review.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from revmech.accounts.permissions import Someone
from revmech.reviews import permissions
from revmech.reviews.models import CountryReview, EventKind, Seat, Stage


def _names(review: CountryReview, codes: list[str]) -> str:
    by_code = {review.state_under_review.code: review.state_under_review}
    by_code.update({r.state.code: r.state for r in review.reviewers.all()})
    return _(" and ").join(str(by_code[c]) if c in by_code else c for c in codes)


def agreed_codes(review: CountryReview) -> set[str]:
    """The States that have agreed to the report, from the prefetched events (P&R para 34)."""
    ids = {e.state_id for e in review.events.all() if e.kind == EventKind.REPORT_AGREED_BY_STATE}
    parties = [review.state_under_review, *(r.state for r in review.reviewers.all())]
    return {s.code for s in parties if s.pk in ids}


def still_to_agree(review: CountryReview) -> list[str]:
    agreed = agreed_codes(review)
    return [c for c in permissions.parties_to(review) if c not in agreed]


def who_acts_next(review: CountryReview) -> str:
    """A sentence naming who must act at the review's stage; empty once communicated."""
    under_review = str(review.state_under_review)
    seats = sorted(review.reviewers.all(), key=lambda r: r.seat != Seat.SAME_GROUP)
    reviewing = [r.state.code for r in seats]  # same regional group first (P&R para 20)
    if review.stage in (Stage.DRAWN, Stage.CONSULTATIONS, Stage.SELF_ASSESSMENT):
        return _("The focal point of %(state)s (the State under review).") % {"state": under_review}
    if review.stage in (Stage.DESK_REVIEW, Stage.DIALOGUE):
        return _(
            "The reviewing States, %(states)s: their focal points or governmental experts."
        ) % {"states": _names(review, reviewing)}
    if review.stage == Stage.DRAFT_REPORT:
        return _("The focal points of %(states)s, whose agreement is still awaited.") % {
            "states": _names(review, still_to_agree(review))
        }
    if review.stage == Stage.AGREED:
        return _("The secretariat staff assigned to the review.")
    return ""


def may_take_next_step(person: Someone, review: CountryReview) -> bool:
    """Whether the person may take the review's next step now (the step's own predicate)."""
    stage = review.stage
    if stage == Stage.DRAWN:
        return permissions.can_open_consultations(person, review)
    if stage == Stage.CONSULTATIONS:
        return permissions.can_record_consultations(person, review)
    if stage == Stage.SELF_ASSESSMENT:
        return permissions.can_submit_self_assessment(person, review)
    if stage == Stage.DESK_REVIEW:
        return permissions.can_send_desk_review(person, review)
    if stage == Stage.DIALOGUE:
        return permissions.can_prepare_draft_report(person, review)
    if stage == Stage.DRAFT_REPORT:
        mine = permissions.states_agreeing_through(person, review)
        return bool(set(mine) & set(still_to_agree(review)))
    if stage == Stage.AGREED:
        return permissions.can_communicate_report(person, review)
    return False
