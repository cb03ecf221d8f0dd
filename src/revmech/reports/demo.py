"""Demonstration reports for `revmech demo`: a draft being written with comments and a request
for explanations, a report agreed by the three States, and one whose summary is published in six
languages and read by another State at its request. Each step goes through the services; a
second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from revmech.accounts.models import Person
from revmech.meetings.models import Session
from revmech.reports import permissions, services
from revmech.reports.models import AccessRequest, Report, SectionKind, TranslationStatus
from revmech.reviews.models import CountryReview

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
SUMMARY = {
    "ar": "<p>أحرزت الدولة تقدما في تجريم المشاركة في جماعة إجرامية منظمة.</p>",
    "zh": "<p>该国在将参加有组织犯罪集团行为定为刑事犯罪方面取得了进展。</p>",
    "en": "<p>The State has made progress in criminalizing participation in an organized "
    "criminal group.</p>",
    "fr": "<p>L'État a progressé dans l'incrimination de la participation à un groupe "
    "criminel organisé.</p>",
    "ru": "<p>Государство добилось прогресса в криминализации участия в организованной "
    "преступной группе.</p>",
    "es": "<p>El Estado ha avanzado en la penalización de la participación en un grupo "
    "delictivo organizado.</p>",
}


def draft(review: CountryReview, *, reviewer: Person, under_review: Person) -> Report:
    """A first draft with an observation written, a comment, and the State under review's
    request for explanations answered in the thread (P&R paras 33, 35)."""
    existing = Report.objects.filter(review=review).first()
    if existing is not None:
        return existing
    report = services.start_report(review=review, by=reviewer, now=NOW)
    observations = report.sections.filter(kind=SectionKind.OBSERVATIONS).order_by("position")[0]
    services.save_section(
        section=observations,
        text="<p>The State may wish to consider criminalizing the agreement to commit a serious "
        "crime as a distinct offence.</p>",
        based_on=observations.revision,
        by=reviewer,
        now=NOW,
    )
    challenges = report.sections.filter(kind=SectionKind.CHALLENGES).order_by("position")[0]
    services.add_comment(
        section=observations,
        text="Could we cite the 2024 statistics here?",
        by=reviewer,
        now=NOW,
    )
    asked = services.add_comment(
        section=challenges,
        text="How have other States addressed coordination between their agencies?",
        kind="explanation_request",
        by=under_review,
        now=NOW,
    )
    services.add_comment(
        section=challenges,
        text="Several created a joint task force with a shared case register.",
        parent=asked,
        by=reviewer,
        now=NOW,
    )
    services.save_need(
        report=report,
        by=reviewer,
        kind="capacity_building",
        article="5",
        description="Training of prosecutors in financial investigations.",
        priority="high",
        now=NOW,
    )
    return report


def agree(review: CountryReview, *, focal_points: Mapping[str, Person], drafter: Person) -> Report:
    """A draft approved by the focal points of the three States: final, and the review agreed
    (P&R para 34)."""
    report = Report.objects.filter(review=review).first() or services.start_report(
        review=review, by=drafter, now=NOW
    )
    for code, person in focal_points.items():
        report.refresh_from_db()
        if report.is_final:
            break
        if report.approvals.filter(state__code=code, withdrawn_at__isnull=True).exists():
            continue
        services.approve_report(
            report=report,
            by=person,
            state_code=code,
            version=report.version,
            digest=services.current_digest(report),
            now=NOW,
        )
    report.refresh_from_db()
    return report


def publish(
    report: Report, *, secretariat: Person, session: Session, requester: Person, grantor: Person
) -> Report:
    """The summary translated, checked and issued in six languages; a request of another State
    granted (P&R paras 36, 39, 45)."""
    if not report.is_summary_published:
        services.open_translations(report=report, by=secretariat, now=NOW)
        for row in report.translations.all():
            if row.status != TranslationStatus.CHECKED:
                services.update_translation(
                    report=report,
                    language=row.language,
                    status=TranslationStatus.CHECKED,
                    text=SUMMARY[row.language],
                    based_on=row.revision,
                    by=secretariat,
                    now=NOW,
                )
        services.publish_summary(
            report=report,
            session=session,
            by=secretariat,
            issued_on=session.starts_on - dt.timedelta(days=30),
            now=NOW,
        )
    state = next(iter(permissions.requesting_states(requester, report.review)), None)
    if state is not None and not AccessRequest.objects.filter(report=report).exists():
        asked = services.request_access(
            report=report, by=requester, state_code=state, reason="Peer learning.", now=NOW
        )
        services.decide_access(access_request=asked, by=grantor, grant=True, now=NOW)
    report.refresh_from_db()
    return report
