"""The outcome of the desk review as PDF, made by a worker when it is long (issue 17): its text
is shaped with HarfBuzz, about a second per 20,000 characters (P&R paras 28-30).

An outcome of more than `REVMECH_EXPORT_BACKGROUND_CHARACTERS` characters is queued; the worker
makes the PDF from the outcome as it is then, for someone who may still read the questionnaire.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.questionnaires import docx_io, selectors
from revmech.questionnaires.models import Questionnaire
from revmech.reviews.models import CountryReview
from revmech.web.roles import Someone

OUTCOME_PDF = "questionnaires.outcome_pdf"


def is_long(questionnaire: Questionnaire) -> bool:
    outcome = selectors.outcome_of(questionnaire)
    characters = len(outcome.text) if outcome is not None else 0
    return characters > settings.REVMECH_EXPORT_BACKGROUND_CHARACTERS


def file_name(review: CountryReview) -> str:
    code = f"{review.state_under_review.code}-{review.instrument.code}"
    return f"desk-review-outcome-{code}.pdf"


def _questionnaire(person: Someone, parameters: Mapping[str, Any]) -> Questionnaire | None:
    """The questionnaire of the review the parameters name, if `person` may still read it."""
    try:
        review = selectors.review_for(person, int(parameters["review_id"]))
    except Http404:
        return None
    return selectors.questionnaire_of(review)


def _title(parameters: Mapping[str, Any]) -> str:
    review = (
        CountryReview.objects.select_related("state_under_review", "instrument")
        .filter(pk=parameters["review_id"])
        .first()
    )
    if review is None:
        return "PDF"
    return _("Outcome of the desk review of %(state)s: %(instrument)s") % {
        "state": review.state_under_review.display_name,
        "instrument": review.instrument,
    }


def _may_fetch(person: Someone, parameters: Mapping[str, Any]) -> bool:
    return _questionnaire(person, parameters) is not None


def _build(job: ExportJob) -> exports.Built:
    questionnaire = _questionnaire(job.requested_by, job.parameters)
    if questionnaire is None:
        raise exports.no_longer_allowed()
    data = docx_io.outcome_pdf(questionnaire)
    return exports.Built(data, "application/pdf", file_name(questionnaire.review))


def _downloaded(person: AbstractBaseUser, job: ExportJob, request: HttpRequest) -> None:
    audit.record(
        "questionnaires.outcome.downloaded",
        actor=person,
        subject=_questionnaire(person, job.parameters),
        request=request,
        review_id=int(job.parameters["review_id"]),
        format="pdf",
        background_export=job.pk,
    )


def register() -> None:
    exports.register(
        exports.ExportKind(
            name=OUTCOME_PDF,
            title=_title,
            build=_build,
            may_fetch=_may_fetch,
            downloaded=_downloaded,
        )
    )
