"""The work each stage move needs, made directly for tests about something else (P&R 26-34)."""

from __future__ import annotations

from django.utils import timezone

from revmech.accounts.models import Person
from revmech.reviews.models import CountryReview


def provide_artefacts(review: CountryReview, by: Person) -> None:
    """The work each stage move needs (P&R paras 26, 29, 34), made directly: a submitted
    questionnaire of every cluster of the phase, a sent desk-review outcome, a final report.
    For tests about something else than `reviews.artefacts`; those tests build them through the
    services (tests/reviews/test_reviews_artefacts.py)."""
    from revmech.questionnaires import services as questionnaire_services
    from revmech.questionnaires.models import DeskReviewOutcome, Questionnaire, QuestionnaireStatus
    from revmech.reports.models import Report

    now = timezone.now()
    questionnaire_services.ensure_first_phase_definitions()
    questionnaire = questionnaire_services.start_questionnaire(review=review, by=None)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        status=QuestionnaireStatus.SUBMITTED, submitted_at=now, submitted_by=by
    )
    DeskReviewOutcome.objects.get_or_create(
        questionnaire=questionnaire,
        defaults={"text": "Outcome", "updated_at": now, "updated_by": by, "sent_at": now},
    )
    Report.objects.get_or_create(
        review=review,
        defaults={"language": "en", "created_at": now, "created_by": by, "finalized_at": now},
    )
