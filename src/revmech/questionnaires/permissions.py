"""Who may read and write questionnaires and the desk review (P&R paras 16, 17, 26-30, 32).

Everything about a questionnaire is confidential to its review: the predicates start from the
reviews app's `can_read_review`. A refused person gets 404, as if nothing existed.
"""

from __future__ import annotations

from revmech.accounts.permissions import Someone, acts_for, is_secretariat
from revmech.questionnaires.models import Attachment, QuestionnaireDefinition
from revmech.reviews.models import CountryReview
from revmech.reviews.permissions import (
    can_read_review,
    is_assigned,
    is_focal_point_of,
    reviewing_states_of,
)
from revmech.web.access import Access


def can_read_questionnaire(person: Someone, review: CountryReview) -> bool:
    """P&R para 32: whoever may read the review reads its questionnaire and desk review."""
    return can_read_review(person, review)


def can_answer(person: Someone, review: CountryReview) -> bool:
    """P&R paras 17, 26: the focal point and governmental experts of the State under review."""
    return acts_for(person, (review.state_under_review.code,), review.instrument.code)


def can_start_questionnaire(person: Someone, review: CountryReview) -> bool:
    """The State under review starts answering, or the assigned secretariat opens it for them."""
    if can_answer(person, review):
        return True
    return is_secretariat(person) and is_assigned(person, review)


def can_clear_and_submit(person: Someone, review: CountryReview) -> bool:
    """P&R para 26: the focal point of the State under review clears and submits the answers."""
    return is_focal_point_of(person, review.state_under_review.code, review)


def can_write_desk_review(person: Someone, review: CountryReview) -> bool:
    """P&R para 29: the reviewing States' focal points and governmental experts."""
    return acts_for(person, reviewing_states_of(review), review.instrument.code)


def can_respond_to_requests(person: Someone, review: CountryReview) -> bool:
    """P&R para 29: the State under review answers requests and supplementary questions."""
    return can_answer(person, review)


def can_read_attachment(person: Someone, attachment: Attachment) -> bool:
    """An attachment is content of its review (P&R para 32)."""
    return can_read_questionnaire(person, attachment.questionnaire.review)


def can_read_definitions(person: Someone, _nothing: object = None) -> bool:
    """Definitions are not confidential (they are published on SHERLOC, P&R para 17); any
    signed-in person may read them."""
    return person is not None and bool(person.is_authenticated)


def can_read_definition(person: Someone, definition: QuestionnaireDefinition) -> bool:
    return can_read_definitions(person)


def can_manage_definitions(person: Someone, _definition: object = None) -> bool:
    """P&R para 16: the secretariat keeps the definitions for the working groups."""
    return bool(is_secretariat(person))


def _review(rule: str, method: str = "GET") -> Access:
    return Access(subject="review", rule=RULES[rule], method=method)


RULES = {
    "read": can_read_questionnaire,
    "answer": can_answer,
    "start": can_start_questionnaire,
    "submit": can_clear_and_submit,
    "desk": can_write_desk_review,
    "respond": can_respond_to_requests,
}

ACCESS: dict[str, Access] = {
    "questionnaires:definitions": Access(subject=None, rule=can_read_definitions),
    "questionnaires:definition": Access(subject="definition", rule=can_read_definition),
    "questionnaires:definition_json": Access(subject="definition", rule=can_read_definition),
    "questionnaires:definition_new_version": Access(
        subject="definition", rule=can_manage_definitions, method="POST"
    ),
    "questionnaires:definition_publish": Access(
        subject="definition", rule=can_manage_definitions, method="POST"
    ),
    "questionnaires:definition_edit": Access(subject="definition", rule=can_manage_definitions),
    "questionnaires:review": _review("read"),
    "questionnaires:start": _review("start", "POST"),
    "questionnaires:answers": _review("read"),
    "questionnaires:save": _review("answer", "POST"),
    "questionnaires:history": _review("read"),
    "questionnaires:upload": _review("answer", "POST"),
    "questionnaires:consultation": _review("answer", "POST"),
    "questionnaires:clear": _review("submit", "POST"),
    "questionnaires:submit": _review("submit", "POST"),
    "questionnaires:confirm_submit": _review("submit"),
    "questionnaires:supplementary": _review("answer", "POST"),
    "questionnaires:docx": _review("read"),
    "questionnaires:attachment": Access(subject="attachment", rule=can_read_attachment),
    "questionnaires:desk_review": _review("read"),
    "questionnaires:note": _review("desk", "POST"),
    "questionnaires:respond": _review("respond", "POST"),
    "questionnaires:outcome": _review("read"),
    "questionnaires:outcome_save": _review("desk", "POST"),
    "questionnaires:outcome_send": _review("desk", "POST"),
    "questionnaires:outcome_docx": _review("read"),
    "questionnaires:outcome_pdf": _review("read"),
    "questionnaires:search": _review("read"),
}
