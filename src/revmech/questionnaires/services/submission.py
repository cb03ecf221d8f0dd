"""National consultations, clearance, submission, supplementary information (P&R paras 26-29)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.questionnaires import content, permissions
from revmech.questionnaires.models import (
    Answer,
    NationalConsultation,
    Questionnaire,
    QuestionnaireStatus,
    Stakeholder,
    SupplementaryInformation,
)
from revmech.questionnaires.services.answers import _check_open
from revmech.questionnaires.structure import (
    is_shown,
)
from revmech.reviews import services as review_services
from revmech.reviews.models import Stage
from revmech.rules import RuleViolation


@transaction.atomic
def record_consultation(
    *,
    questionnaire: Questionnaire,
    held_on: date,
    stakeholder_groups: list[str],
    participants: str,
    summary: str,
    by: Person,
    request: HttpRequest | None = None,
) -> NationalConsultation:
    """Record a national consultation with stakeholders (P&R para 27)."""
    if not permissions.can_answer(by, questionnaire.review):
        raise PermissionDenied
    known = set(Stakeholder.values)
    consultation = NationalConsultation.objects.create(
        questionnaire=questionnaire,
        held_on=held_on,
        stakeholder_groups=[g for g in stakeholder_groups if g in known],
        participants=participants,
        summary=summary,
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    audit.record(
        "questionnaires.consultation.recorded",
        actor=by,
        subject=consultation,
        request=request,
        review_id=questionnaire.review_id,
        held_on=held_on,
        stakeholder_groups=consultation.stakeholder_groups,
    )
    return consultation


def answers_by_key(questionnaire: Questionnaire) -> dict[str, Answer]:
    return {a.question_key: a for a in questionnaire.answers.select_related("updated_by")}


@dataclass(frozen=True)
class MissingAnswer:
    """A required question, shown and still empty: where it is, to link to it (P&R para 17)."""

    section_key: str
    section_title: str
    question_key: str
    question_text: str


def missing_answers(questionnaire: Questionnaire, language: str) -> list[MissingAnswer]:
    """The required questions that are shown and still empty, in the questionnaire's order."""
    texts = {key: answer.text for key, answer in answers_by_key(questionnaire).items()}
    missing = []
    for structure in questionnaire.structures():
        for section, question in structure.questions():
            if not question.is_required or texts.get(question.key, "").strip():
                continue
            if is_shown(question, texts):
                missing.append(
                    MissingAnswer(
                        section.key, section.title(language), question.key, question.text(language)
                    )
                )
    return missing


def missing_required(questionnaire: Questionnaire, language: str) -> list[str]:
    """The required questions that are shown and still empty, named for a message."""
    return [
        f"{m.section_title}: {m.question_text}" for m in missing_answers(questionnaire, language)
    ]


def _refuse_missing(questionnaire: Questionnaire) -> None:
    language = _language()
    missing = missing_required(questionnaire, language)
    if missing:
        raise RuleViolation(
            _("Required answers are missing: %(questions)s") % {"questions": "; ".join(missing)},
            rule="P&R para 17",
            subjects=tuple(missing),
        )


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


@transaction.atomic
def clear_answers(
    *, questionnaire: Questionnaire, by: Person, request: HttpRequest | None = None
) -> Questionnaire:
    """The focal point clears the answers for submission; required answers must be given."""
    if not permissions.can_clear_and_submit(by, questionnaire.review):
        raise PermissionDenied
    _check_open(questionnaire)
    _refuse_missing(questionnaire)
    now = timezone.now()
    questionnaire.status = QuestionnaireStatus.CLEARED
    questionnaire.cleared_at, questionnaire.cleared_by = now, by
    questionnaire.save(update_fields=["status", "cleared_at", "cleared_by"])
    audit.record(
        "questionnaires.questionnaire.cleared",
        actor=by,
        subject=questionnaire,
        request=request,
        review_id=questionnaire.review_id,
    )
    return questionnaire


@transaction.atomic
def submit_questionnaire(
    *, questionnaire: Questionnaire, by: Person, today: date, request: HttpRequest | None = None
) -> Questionnaire:
    """Submit the cleared answers (final, P&R para 26); the review moves to the desk review."""
    review = questionnaire.review
    if not permissions.can_clear_and_submit(by, review):
        raise PermissionDenied
    _check_open(questionnaire)
    if questionnaire.status != QuestionnaireStatus.CLEARED:
        raise RuleViolation(
            _("The focal point clears the answers before they are submitted."),
            rule="P&R para 26",
        )
    _refuse_missing(questionnaire)
    now = timezone.now()
    moved = Questionnaire.objects.filter(
        pk=questionnaire.pk, status=QuestionnaireStatus.CLEARED
    ).update(status=QuestionnaireStatus.SUBMITTED, submitted_at=now, submitted_by=by)
    if moved != 1:
        raise RuleViolation(
            _("Someone changed the answers meanwhile; clear them again."),
            rule="concurrent change",
        )
    questionnaire.status = QuestionnaireStatus.SUBMITTED
    questionnaire.submitted_at, questionnaire.submitted_by = now, by
    audit.record(
        "questionnaires.questionnaire.submitted",
        actor=by,
        subject=questionnaire,
        request=request,
        review_id=review.pk,
    )
    if review.stage == Stage.SELF_ASSESSMENT:
        review_services.submit_self_assessment(review=review, by=by, today=today, request=request)
    return questionnaire


@transaction.atomic
def give_supplementary_information(
    *,
    questionnaire: Questionnaire,
    text: str,
    by: Person,
    question_key: str = "",
    request: HttpRequest | None = None,
) -> SupplementaryInformation:
    """Material after the submission, kept beside the final answers (P&R paras 26, 29)."""
    if not permissions.can_answer(by, questionnaire.review):
        raise PermissionDenied
    if not questionnaire.is_submitted:
        raise RuleViolation(
            _("Before the submission, change the answers themselves."), rule="P&R para 26"
        )
    clean = content.from_textarea(text)
    if not content.plain(clean):
        raise RuleViolation(_("Write the supplementary information."), rule="P&R para 26")
    given = SupplementaryInformation.objects.create(
        questionnaire=questionnaire,
        question_key=question_key,
        text=clean,
        given_at=timezone.now(),
        given_by=by,
    )
    audit.record(
        "questionnaires.supplementary.given",
        actor=by,
        subject=given,
        request=request,
        review_id=questionnaire.review_id,
        question_key=question_key,
    )
    return given
