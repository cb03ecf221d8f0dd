"""The report and its executive summary as PDF, made by a worker when they are long (issue 17):
shaping a report's text with HarfBuzz takes about a second per 20,000 characters.

A PDF of sections holding more than `REVMECH_EXPORT_BACKGROUND_CHARACTERS` characters is queued;
the worker makes it from the sections as they are then, and only for someone who may still read
the report (P&R para 37: it stays confidential).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest
from django.utils import timezone

from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.reports import documents, permissions, selectors
from revmech.reports.models import Part, Report, Section
from revmech.reviews.models import CountryReview
from revmech.web.roles import Someone

REPORT_PDF = "reports.report_pdf"


def chosen_sections(report: Report, *, part: str, cluster: str, article: str) -> list[Section]:
    """The sections of `part`, optionally of one chapter (`cluster`) or one `article`."""
    sections = report.sections.filter(part=part)
    if cluster:
        sections = sections.filter(cluster=cluster)
    if article:
        sections = sections.filter(article=article)
    return list(sections.order_by("position"))


def is_long(sections: Sequence[Section]) -> bool:
    characters = sum(len(section.text) for section in sections)
    return characters > settings.REVMECH_EXPORT_BACKGROUND_CHARACTERS


def file_name(report: Report, part: str, extension: str) -> str:
    review = report.review
    what = "summary" if part == Part.SUMMARY else "report"
    return (
        f"{what}_{review.state_under_review.code}_{review.instrument.code}"
        f"_phase{review.phase}_v{report.version}.{extension}"
    )


def _report(person: Someone, parameters: Mapping[str, Any]) -> Report | None:
    """The report the parameters name, if `person` may still read it."""
    try:
        review = selectors.review_for(
            person, int(parameters["review_id"]), permissions.can_read_existing_report
        )
    except Http404:
        return None
    return selectors.report_of(review)


def _title(parameters: Mapping[str, Any]) -> str:
    review = (
        CountryReview.objects.select_related("state_under_review", "instrument")
        .filter(pk=parameters["review_id"])
        .first()
    )
    report = selectors.report_of(review) if review is not None else None
    if report is None:
        return "PDF"
    return documents.title_of(report, parameters["part"])


def _may_fetch(person: Someone, parameters: Mapping[str, Any]) -> bool:
    return _report(person, parameters) is not None


def _build(job: ExportJob) -> exports.Built:
    report = _report(job.requested_by, job.parameters)
    if report is None:  # checked by the worker just before; the review may be gone since
        raise exports.no_longer_allowed()
    part = job.parameters["part"]
    sections = chosen_sections(
        report, part=part, cluster=job.parameters["cluster"], article=job.parameters["article"]
    )
    data = documents.report_pdf(report, sections=sections, part=part, today=timezone.localdate())
    return exports.Built(data, "application/pdf", file_name(report, part, "pdf"))


def _downloaded(person: AbstractBaseUser, job: ExportJob, request: HttpRequest) -> None:
    report = _report(person, job.parameters)
    audit.record(
        "reports.report.exported",
        actor=person,
        subject=report,
        request=request,
        review_id=int(job.parameters["review_id"]),
        format="pdf",
        part=job.parameters["part"],
        file=job.filename,
        background_export=job.pk,
    )


def register() -> None:
    exports.register(
        exports.ExportKind(
            name=REPORT_PDF,
            title=_title,
            build=_build,
            may_fetch=_may_fetch,
            downloaded=_downloaded,
        )
    )
