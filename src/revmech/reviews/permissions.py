"""Who may see a country review (P&R paras 32, 37, 39): predicates read aloud.

A review's content is visible to the State under review, its two reviewing States (their focal
points and governmental experts for the instrument), observers of those States (read only), and
the secretariat staff assigned to it. Nobody else (DESIGN.md, Confidentiality).
"""

from __future__ import annotations

from revmech.accounts.models import Person, Role
from revmech.accounts.permissions import (
    Someone,
    acts_for,
    is_secretariat,
    observes,
    roles_for_state,
)
from revmech.reviews.models import CountryReview
from revmech.web.access import Access


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


def is_head_of_secretariat(person: Someone) -> bool:
    """The head of the secretariat: a secretariat member holding `reviews.assign_secretariat`."""
    if not is_secretariat(person) or not isinstance(person, Person):
        return False
    return person.has_perm("reviews.assign_secretariat")


def can_assign_secretariat(person: Someone, _review: object = None) -> bool:
    """P&R paras 32, 42: the head of the secretariat assigns and reassigns its staff to reviews
    (who then read the review's content and hear of its overdue steps)."""
    return is_head_of_secretariat(person)


def can_set_phase_calendar(person: Someone, _nothing: object = None) -> bool:
    """P&R paras 9-11: the secretariat sets the start of each phase and of its review years."""
    return bool(is_secretariat(person))


def reviewing_states_of(review: CountryReview) -> tuple[str, ...]:
    return tuple(r.state.code for r in review.reviewers.all())


def is_focal_point_of(person: Someone, state_code: str, review: CountryReview) -> bool:
    """The approved focal point of the State for the review's instrument (P&R para 12)."""
    return Role.FOCAL_POINT in roles_for_state(person, state_code, review.instrument.code)


def can_open_consultations(person: Someone, review: CountryReview) -> bool:
    """P&R para 23: the State under review consults; the assigned secretariat may facilitate."""
    if is_focal_point_of(person, review.state_under_review.code, review):
        return True
    return is_secretariat(person) and is_assigned(person, review)


def can_record_consultations(person: Someone, review: CountryReview) -> bool:
    """P&R paras 23, 44: the focal point of the State under review records what was agreed."""
    return is_focal_point_of(person, review.state_under_review.code, review)


def can_submit_self_assessment(person: Someone, review: CountryReview) -> bool:
    """P&R para 26: the State under review provides its answers, through its focal point."""
    return is_focal_point_of(person, review.state_under_review.code, review)


def can_send_desk_review(person: Someone, review: CountryReview) -> bool:
    """P&R para 29: the reviewing States (focal point or governmental expert) send the outcome."""
    return acts_for(person, reviewing_states_of(review), review.instrument.code)


def can_prepare_draft_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 33: the reviewing States prepare the draft report."""
    return acts_for(person, reviewing_states_of(review), review.instrument.code)


def states_agreeing_through(person: Someone, review: CountryReview) -> tuple[str, ...]:
    """The parties to the review whose agreement the person may give (their focal point)."""
    return tuple(code for code in parties_to(review) if is_focal_point_of(person, code, review))


def can_agree_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 34: the focal point of the State under review or of a reviewing State."""
    return bool(states_agreeing_through(person, review))


def can_communicate_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 34: the assigned secretariat records the agreed report as communicated."""
    if not is_secretariat(person):
        return False
    return is_assigned(person, review)


def can_move_review(person: Someone, review: CountryReview) -> bool:
    """Whoever may make at least one of the moves above (the API's `moves` endpoint takes any
    move by name, then checks that move's own predicate)."""
    return any(
        may(person, review)
        for may in (
            can_open_consultations,
            can_record_consultations,
            can_submit_self_assessment,
            can_send_desk_review,
            can_prepare_draft_report,
            can_agree_report,
            can_communicate_report,
        )
    )


# The constructive dialogue, country visits, documents, technical assistance and references
# (P&R paras 15, 28-31).


def acts_in_review(person: Someone, review: CountryReview) -> bool:
    """A focal point or governmental expert of one of the three States, for the instrument."""
    return acts_for(person, parties_to(review), review.instrument.code)


def is_assigned_secretariat(person: Someone, review: CountryReview) -> bool:
    if not is_secretariat(person):
        return False
    return is_assigned(person, review)


def can_ask_in_dialogue(person: Someone, review: CountryReview) -> bool:
    """P&R para 29: the reviewing States request clarification or pose supplementary questions."""
    return acts_for(person, reviewing_states_of(review), review.instrument.code)


def can_answer_in_dialogue(person: Someone, review: CountryReview) -> bool:
    """P&R para 29: the State under review answers, through its focal point or its experts."""
    return acts_for(person, (review.state_under_review.code,), review.instrument.code)


def can_schedule_meetings(person: Someone, review: CountryReview) -> bool:
    """P&R paras 29, 30: calls and videoconferences among the States; the secretariat helps."""
    if acts_in_review(person, review):
        return True
    return is_assigned_secretariat(person, review)


def can_propose_visit(person: Someone, review: CountryReview) -> bool:
    """P&R para 31: a reviewing State or the assigned secretariat may propose a country visit."""
    if can_ask_in_dialogue(person, review):
        return True
    return is_assigned_secretariat(person, review)


def can_decide_visit(person: Someone, review: CountryReview) -> bool:
    """P&R para 31: only the State under review agrees to a visit, through its focal point."""
    return is_focal_point_of(person, review.state_under_review.code, review)


def can_record_visit(person: Someone, review: CountryReview) -> bool:
    """Dates and national stakeholders met: the three States and the assigned secretariat."""
    return can_schedule_meetings(person, review)


def can_upload_documents(person: Someone, review: CountryReview) -> bool:
    """The three States and the assigned secretariat exchange documents; observers read them."""
    if acts_in_review(person, review):
        return True
    return is_assigned_secretariat(person, review)


def can_request_assistance(person: Someone, review: CountryReview) -> bool:
    """P&R para 15: the State under review informs the secretariat, through its focal point."""
    return is_focal_point_of(person, review.state_under_review.code, review)


def can_handle_assistance(person: Someone, _nothing: object = None) -> bool:
    """P&R para 15: requests go to the secretariat, which tracks them across reviews."""
    return bool(is_secretariat(person))


def can_add_reference(person: Someone, review: CountryReview) -> bool:
    """P&R para 28: the reviewing States (and the assigned secretariat) attach information from
    other international or regional mechanisms."""
    if can_ask_in_dialogue(person, review):
        return True
    return is_assigned_secretariat(person, review)


def can_download_document(person: Someone, version: object) -> bool:
    """A document's versions: whoever may read its review (P&R paras 32, 37)."""
    review = getattr(getattr(version, "document", None), "review", None)
    if not isinstance(review, CountryReview):
        return False
    return can_read_review(person, review)


def can_keep_a_calendar(person: Someone, _nothing: object = None) -> bool:
    """Anyone signed in may have a calendar feed; it holds only the reviews they may read."""
    return can_list_reviews(person)


def can_list(person: Someone, _nothing: object = None) -> bool:
    return can_list_reviews(person)


def can_oversee(person: Someone, _nothing: object = None) -> bool:
    return can_oversee_reviews(person)


ACCESS: dict[str, Access] = {
    "reviews:list": Access(subject=None, rule=can_list),
    "reviews:detail": Access(subject="review", rule=can_read_review),
    "reviews:open_consultations": Access(
        subject="review", rule=can_open_consultations, method="POST"
    ),
    "reviews:record_consultations": Access(
        subject="review", rule=can_record_consultations, method="POST"
    ),
    "reviews:submit_self_assessment": Access(
        subject="review", rule=can_submit_self_assessment, method="POST"
    ),
    "reviews:send_desk_review": Access(subject="review", rule=can_send_desk_review, method="POST"),
    "reviews:prepare_draft_report": Access(
        subject="review", rule=can_prepare_draft_report, method="POST"
    ),
    "reviews:agree_report": Access(subject="review", rule=can_agree_report, method="POST"),
    "reviews:communicate_report": Access(
        subject="review", rule=can_communicate_report, method="POST"
    ),
    "reviews:overview": Access(subject=None, rule=can_oversee),
    "reviews:assignments": Access(subject=None, rule=can_assign_secretariat),
    "reviews:secretariat": Access(subject="review", rule=can_assign_secretariat),
    "reviews:assign_secretariat": Access(
        subject="review", rule=can_assign_secretariat, method="POST"
    ),
    "review-secretariat-list": Access(subject=None, rule=can_assign_secretariat),
    "review-secretariat-detail": Access(subject="review", rule=can_assign_secretariat),
    "review-secretariat-assign": Access(
        subject="review", rule=can_assign_secretariat, method="POST"
    ),
    "reviews:phases": Access(subject=None, rule=can_set_phase_calendar),
    "reviews:set_phase_calendar": Access(subject=None, rule=can_set_phase_calendar, method="POST"),
    "reviews:overview_csv": Access(subject=None, rule=can_oversee),
    "reviews:overview_xlsx": Access(subject=None, rule=can_oversee),
    "reviews:ask": Access(subject="review", rule=can_ask_in_dialogue, method="POST"),
    "reviews:answer": Access(subject="review", rule=can_answer_in_dialogue, method="POST"),
    "reviews:schedule_meeting": Access(subject="review", rule=can_schedule_meetings, method="POST"),
    "reviews:record_minutes": Access(subject="review", rule=can_schedule_meetings, method="POST"),
    "reviews:propose_visit": Access(subject="review", rule=can_propose_visit, method="POST"),
    "reviews:decide_visit": Access(subject="review", rule=can_decide_visit, method="POST"),
    "reviews:record_visit": Access(subject="review", rule=can_record_visit, method="POST"),
    "reviews:upload_document": Access(subject="review", rule=can_upload_documents, method="POST"),
    "reviews:document_download": Access(subject="document_version", rule=can_download_document),
    "reviews:documents_zip": Access(subject="review", rule=can_read_review, method="POST"),
    "reviews:request_assistance": Access(
        subject="review", rule=can_request_assistance, method="POST"
    ),
    "reviews:assistance": Access(subject=None, rule=can_handle_assistance),
    "reviews:update_assistance": Access(
        subject="assistance_request", rule=can_handle_assistance, method="POST"
    ),
    "reviews:add_reference": Access(subject="review", rule=can_add_reference, method="POST"),
    "reviews:notifications": Access(subject=None, rule=can_list),
    "reviews:calendar": Access(subject=None, rule=can_keep_a_calendar),
    "reviews:calendar_reset": Access(subject=None, rule=can_keep_a_calendar, method="POST"),
    "reviews:calendar_revoke": Access(subject=None, rule=can_keep_a_calendar, method="POST"),
    # Public: the secret token in the address is the credential; unknown or revoked ones 404.
    "reviews:calendar_feed": Access(subject="calendar_token", rule=None),
    "review-list": Access(subject=None, rule=can_list),
    "review-detail": Access(subject="review", rule=can_read_review),
    # The API's moves and its reads of a review's parts; a move refused answers 404, like a page.
    "review-moves": Access(subject="review", rule=can_move_review, method="POST"),
    "review-events": Access(subject="review", rule=can_read_review),
    "review-requests": Access(subject="review", rule=can_read_review),
    "review-meetings": Access(subject="review", rule=can_read_review),
    "review-visits": Access(subject="review", rule=can_read_review),
    "review-documents": Access(subject="review", rule=can_read_review),
    "review-assistance": Access(subject="review", rule=can_read_review),
    "review-references": Access(subject="review", rule=can_read_review),
    "review-ask": Access(subject="review", rule=can_ask_in_dialogue, method="POST"),
    "review-answer": Access(subject="review", rule=can_answer_in_dialogue, method="POST"),
}
