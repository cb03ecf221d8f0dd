"""Reads of reports, filtered by who asks (P&R paras 32, 37, 39): a report, section, version or
comment one may not read does not exist (404). Also what the follow-up reads (`findings_of`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from revmech.accounts.permissions import Someone
from revmech.reports import permissions
from revmech.reports.models import (
    AssistanceNeed,
    Comment,
    Part,
    Report,
    Section,
    SectionKind,
    SectionRevision,
)
from revmech.reviews import selectors as review_selectors
from revmech.reviews.models import CountryReview


def review_for(
    person: Someone,
    review_id: int,
    rule: Callable[[Someone, CountryReview], bool] = permissions.can_read_report,
) -> CountryReview:
    """The review, or 404 for anyone the rule refuses, as if it did not exist."""
    review = review_selectors.review_for(person, review_id)
    if not rule(person, review):
        raise Http404
    return review


def review_for_anyone(
    person: Someone, review_id: int, rule: Callable[[Someone, CountryReview], bool]
) -> CountryReview:
    """The review for rules that reach beyond its parties (shared, public), or 404."""
    review = (
        CountryReview.objects.select_related("state_under_review", "instrument")
        .prefetch_related("reviewers__state", "secretariat_assignments")
        .filter(pk=review_id)
        .first()
    )
    if review is None or not rule(person, review):
        raise Http404
    return review


def report_of(review: CountryReview) -> Report | None:
    return permissions.report_of(review)


def existing_report(review: CountryReview) -> Report:
    report = report_of(review)
    if report is None:
        raise Http404
    return report


def sections_of(report: Report) -> list[Section]:
    """Every section in order, with its last author and how many comments it has."""
    return list(
        report.sections.select_related("updated_by")
        .annotate(comment_count=Count("comments"))
        .order_by("position")
    )


def threads_of(section: Section) -> list[Comment]:
    """The section's comments with their replies, oldest first."""
    return list(
        section.comments.filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
    )


def section_in(report: Report, section_id: object) -> Section:
    try:
        key = int(str(section_id))
    except ValueError:
        raise Http404 from None
    found = report.sections.select_related("updated_by").filter(pk=key).first()
    if found is None:
        raise Http404
    return found


def revisions_of(section: Section) -> QuerySet[SectionRevision]:
    return section.revisions.select_related("saved_by").order_by("-number")


def revision_of(section: Section, number: object) -> SectionRevision:
    try:
        wanted = int(str(number))
    except ValueError:
        raise Http404 from None
    found = section.revisions.filter(number=wanted).first()
    if found is None:
        raise Http404
    return found


def need_in(report: Report, need_id: object) -> AssistanceNeed:
    try:
        key = int(str(need_id))
    except ValueError:
        raise Http404 from None
    found = report.needs.filter(pk=key).first()
    if found is None:
        raise Http404
    return found


def comment_in(section: Section, comment_id: object) -> Comment:
    try:
        key = int(str(comment_id))
    except ValueError:
        raise Http404 from None
    found = section.comments.filter(pk=key).first()
    if found is None:
        raise Http404
    return found


def reports_for(person: Someone) -> QuerySet[Report]:
    """The reports the person may read as a party, observer or assigned secretariat, in code
    order (phase, instrument, State; never a ranking, P&R para 3 (b))."""
    readable = review_selectors.reviews_for(person).values("pk")
    return (
        Report.objects.filter(review__in=readable)
        .select_related("review__state_under_review", "review__instrument")
        .order_by("review__phase", "review__instrument__position", "review__state_under_review")
    )


@dataclass(frozen=True)
class Observation:
    """One section of the final report: its key, article, what it holds and its text (HTML)."""

    key: str
    cluster: str
    article: str
    kind: str
    heading: str
    text: str


@dataclass(frozen=True)
class Need:
    kind: str
    article: str
    description: str
    priority: str


@dataclass(frozen=True)
class Findings:
    """What the follow-up reads of a final report (P&R paras 40, 41): its structured technical
    assistance needs and its observations, as agreed."""

    review_id: int
    digest: str
    needs: tuple[Need, ...]
    observations: tuple[Observation, ...]


def findings_of(report: Report) -> Findings:
    """The agreed needs and observations of a final report (from its frozen final version).

    The caller decides who may see them; a report not yet final has no findings (ValueError).
    """
    if not report.is_final:
        raise ValueError("Only a final report has findings (P&R para 34).")
    content = report.final_content
    return Findings(
        review_id=report.review_id,
        digest=report.final_digest,
        needs=tuple(
            Need(n["kind"], n["article"], n["description"], n["priority"])
            for n in content.get("needs", [])
        ),
        observations=tuple(
            Observation(s["key"], s["cluster"], s["article"], s["kind"], s["heading"], s["text"])
            for s in content.get("sections", [])
            if s["part"] == Part.REPORT
            and s["kind"]
            in (SectionKind.OBSERVATIONS, SectionKind.CHALLENGES, SectionKind.SUCCESSES)
        ),
    )
