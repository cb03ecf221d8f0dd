"""A report that becomes final feeds the register through the one intake service: its structured
needs and its observations, challenges and good practices (P&R paras 33, 34, 40, 41); what its
State publishes later becomes public in the analysis (para 38)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from report_helpers import approve_by_the_three
from revmech.accounts.models import Person, Role
from revmech.followup import analysis, services
from revmech.followup.models import Finding, FindingKind, Need, NeedSource
from revmech.questionnaires import services as questionnaires
from revmech.reports import services as reports
from revmech.reports.models import Report, SectionKind
from revmech.reviews.models import CountryReview, Stage

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
OBSERVATION = "Kenya is encouraged to criminalize the agreement to commit a serious crime."
SUCCESS = "A comprehensive offence of participation, in force since 2010."


@pytest.fixture
def final_report(
    settings: Any,
    tmp_path: Any,
    review: CountryReview,
    personas: dict[str, Person],
    make_person: Callable[..., Person],
    django_capture_on_commit_callbacks: Any,
) -> Report:
    """Kenya's report with one need, an observation and a success, approved by the three
    States; the intake runs when the agreement is committed."""
    settings.MEDIA_ROOT = tmp_path
    questionnaires.ensure_first_phase_definitions()
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    questionnaires.start_questionnaire(review=review, by=None)
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.DIALOGUE)
    review.refresh_from_db()
    expert = personas["expert_reviewing"]
    report = reports.start_report(review=review, by=expert, now=NOW)
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.DRAFT_REPORT)
    for kind, text in ((SectionKind.OBSERVATIONS, OBSERVATION), (SectionKind.SUCCESSES, SUCCESS)):
        section = report.sections.filter(kind=kind, part="report").order_by("position").first()
        reports.save_section(section=section, text=f"<p>{text}</p>", based_on=1, by=expert)
    reports.save_need(
        report=report,
        by=expert,
        kind="legislative",
        article="5",
        description="Drafting the offence of conspiracy.",
        priority="high",
    )
    focal_points = {
        "KEN": personas["focal_point_under_review"],
        "NGA": personas["focal_point_reviewing"],
        "FRA": make_person("focal_point_france", Role.FOCAL_POINT, "FRA", "UNTOC"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        approve_by_the_three(report, focal_points)
    report.refresh_from_db()
    assert report.is_final
    return report


def test_a_final_report_feeds_its_needs_and_findings(final_report: Report) -> None:
    needs = Need.objects.filter(source=NeedSource.REPORT, review=final_report.review)
    drafted = needs.get(description="Drafting the offence of conspiracy.")
    assert (drafted.assistance_type, drafted.priority, drafted.article.number) == (  # type: ignore[union-attr]
        "legislative",
        "high",
        "5",
    )
    assert drafted.state.code == "KEN"
    assert not drafted.is_public  # the report stays confidential (P&R para 37)
    observation = Finding.objects.get(text=OBSERVATION)
    assert observation.kind == FindingKind.OBSERVATION
    assert Finding.objects.get(text=SUCCESS).kind == FindingKind.GOOD_PRACTICE
    assert not Finding.objects.filter(is_public=True).exists()
    counted = Need.objects.count(), Finding.objects.count()
    services.collect_needs(now=NOW)  # the safety net takes nothing twice
    assert (Need.objects.count(), Finding.objects.count()) == counted


def test_what_the_state_publishes_later_becomes_public(
    final_report: Report, personas: dict[str, Person]
) -> None:
    success = final_report.sections.get(
        kind=SectionKind.SUCCESSES, part="report", text__contains="2010"
    )
    reports.publish_report(
        report=final_report, by=personas["focal_point_under_review"], section_ids=[success.pk]
    )
    assert analysis.summary(analysis.PUBLIC)["findings_good_practice"] == 0
    services.collect_needs(now=timezone.now())
    assert analysis.summary(analysis.PUBLIC)["findings_good_practice"] == 1
    assert [f.text for f in analysis.good_practices(query="comprehensive")] == [SUCCESS]
    assert not Finding.objects.get(text=OBSERVATION).is_public  # its section stays unpublished


def test_the_state_reports_progress_on_an_observation_of_its_final_report(
    final_report: Report, personas: dict[str, Person]
) -> None:
    observation = Finding.objects.get(text=OBSERVATION)
    services.report_progress(
        finding=observation,
        by=personas["focal_point_under_review"],
        progress="partial",
        text="A bill is before parliament.",
        now=NOW,
    )
    assert observation.is_open
