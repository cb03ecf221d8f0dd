"""The questionnaire's checks of two stage moves (P&R paras 26, 29), registered with `reviews`.

`reviews.artefacts` asks them before "self-assessment submitted" (a submitted questionnaire that
covers every cluster of the phase with articles of the instrument) and "desk review sent" (a sent
outcome); each answers None or a sentence naming what is missing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from revmech.questionnaires.models import DeskReviewOutcome, Questionnaire
from revmech.registry.models import Cluster
from revmech.reviews import artefacts
from revmech.reviews.models import CountryReview


def clusters_in_scope(review: CountryReview) -> list[Cluster]:
    """The clusters the workplan reviews in the review's phase that hold articles of its
    instrument (App. I Tables 1 and 2)."""
    return list(
        Cluster.objects.filter(
            cluster_set__is_default=True,
            workplanentry__phase=str(review.phase),
            entries__article__instrument=review.instrument,
        )
        .distinct()
        .order_by("position")
    )


def self_assessment_submitted(review: CountryReview) -> str | None:
    questionnaire = Questionnaire.objects.filter(review=review).first()
    if questionnaire is None or not questionnaire.is_submitted:
        return _(
            "The self-assessment can be recorded as submitted only once the questionnaire is "
            "submitted; this review's questionnaire is not."
        )
    answered = set(questionnaire.definitions.values_list("cluster", flat=True))
    lacking = [str(c) for c in clusters_in_scope(review) if c.code not in answered]
    if lacking:
        return _("The submitted questionnaire does not cover the clusters: %(clusters)s.") % {
            "clusters": ", ".join(lacking)
        }
    return None


def desk_review_sent(review: CountryReview) -> str | None:
    if DeskReviewOutcome.objects.filter(
        questionnaire__review=review, sent_at__isnull=False
    ).exists():
        return None
    return _(
        "The desk review can be recorded as sent only once its outcome is sent to the State "
        "under review; no outcome has been sent."
    )


def register() -> None:
    artefacts.register(artefacts.SELF_ASSESSMENT, self_assessment_submitted)
    artefacts.register(artefacts.DESK_REVIEW, desk_review_sent)
