"""The report's check of the agreement (P&R para 34), registered with `reviews`: a review's
report is agreed only on a final version, one the three States approved."""

from __future__ import annotations

from django.utils.translation import gettext as _

from revmech.reports.models import Report
from revmech.reviews import artefacts
from revmech.reviews.models import CountryReview


def report_final(review: CountryReview) -> str | None:
    if Report.objects.filter(review=review, finalized_at__isnull=False).exists():
        return None
    return _(
        "The report can be agreed only on a final version of the country review report, one "
        "the three States approved; this review's report has none yet."
    )


def register() -> None:
    artefacts.register(artefacts.AGREEMENT, report_final)
