"""The analysis on the demo data, checked against figures counted by hand from `followup.demo`
(P&R paras 7 (d), 40, 41, 53 (a)): the published report alone feeds the public figures."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from revmech.followup import analysis, demo
from revmech.followup.models import Finding, Need, NeedStatus, ProgressReport, Recommendation
from revmech.questionnaires.models import Answer
from revmech.registry.models import Cluster
from revmech.reviews.models import CountryReview, Stage

pytestmark = pytest.mark.django_db


def _cells(table: analysis.Table) -> dict[tuple[str, str], int]:
    """The non-zero cells by (row label, column key)."""
    return {
        (row.label, column.key): value
        for row, values in table.rows
        for column, value in zip(table.series, values, strict=True)
        if value
    }


def test_the_demo_figures_match_the_hand_count(
    reference_data: None,
    settings: Any,
    tmp_path: Any,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The reports demo makes two reports final: the communicated review's with its summary
    published and one need (capacity-building, article 5), the agreed review's confidential with
    one need; each has one observation. The follow-up demo adds the needs of the submitted
    questionnaire and the demo focal point's own need (institution building)."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    published = CountryReview.objects.get(phase=1, stage=Stage.COMMUNICATED, draw__isnull=False)
    confidential = CountryReview.objects.get(phase=1, stage=Stage.AGREED, draw__isnull=False)
    instrument = published.instrument.short_name

    # The communicated report's needs: the reviewers' one (capacity-building, article 5) and one
    # per article its questionnaire answered "yes, capacity-building" (the questionnaire demo).
    answered_yes = Answer.objects.filter(
        questionnaire__review=published, question_key__endswith=".assistance", text="yes"
    ).count()
    published_needs = 1 + answered_yes
    assert len(published.report.final_content["needs"]) == published_needs

    # Public figures: the published summary's needs, one being addressed; no finding published.
    public = analysis.summary(analysis.PUBLIC)
    assert public == {
        "needs": published_needs,
        "needs_identified": published_needs - 1,
        "needs_being_addressed": 1,
        "needs_addressed": 0,
        "findings_success": 0,
        "findings_good_practice": 0,
        "findings_challenge": 0,
    }
    by_type = _cells(analysis.table("needs-instrument-type", scope=analysis.PUBLIC))
    assert by_type == {(instrument, "capacity_building"): published_needs}
    region = str(published.state_under_review.get_regional_group_display())
    by_region = _cells(analysis.table("needs-region-type", scope=analysis.PUBLIC))
    assert by_region == {(region, "capacity_building"): published_needs}
    cluster = {c.code: str(c) for c in Cluster.objects.filter(cluster_set__is_default=True)}
    by_cluster = _cells(analysis.table("needs-cluster-status", scope=analysis.PUBLIC))
    assert by_cluster[(cluster["criminalization"], "being_addressed")] == 1  # article 5
    assert sum(by_cluster.values()) == published_needs

    # Internal figures: both reports' needs, the questionnaires' and the own need.
    from_questionnaires = Need.objects.filter(source="questionnaire").count()
    from_reports = sum(len(r.report.final_content["needs"]) for r in (published, confidential))
    internal = analysis.summary(analysis.INTERNAL)
    assert internal["needs"] == from_reports + from_questionnaires + 1
    assert internal["needs_addressed"] == 1  # the agreed review's State reported it (para 40)
    internal_types = _cells(analysis.table("needs-instrument-type", scope=analysis.INTERNAL))
    assert internal_types[(instrument, "institutional")] == 1

    # The register's life cycle as the demo leaves it, and progress on observations (para 41).
    first = Need.objects.filter(review=published, source="report").order_by("pk").first()
    assert first is not None
    assert first.status == NeedStatus.BEING_ADDRESSED
    assert first.provider.startswith("UNODC")
    assert Need.objects.filter(
        review=published, description="Training of prosecutors in financial investigations."
    ).exists()
    other = Need.objects.filter(review=confidential, source="report").order_by("pk").first()
    assert other is not None
    assert other.updates.filter(is_reported_by_state=True).count() == 1
    assert ProgressReport.objects.count() == 1
    observations = Finding.objects.filter(kind="observation").prefetch_related("progress")
    assert {f.review_id for f in observations} == {published.pk, confidential.pk}
    assert all(f.is_open for f in observations)  # partly implemented, and no report yet
    assert Recommendation.objects.count() == 1

    # The public page shows the same figures, with a chart and its table, to anyone.
    page = client.get(reverse("followup:analysis")).content.decode()
    assert 'src="/followup/analysis/charts/needs-instrument-type.svg"' in page
    assert f"{published_needs} technical assistance needs" in page
    chart = client.get(reverse("followup:analysis_chart", kwargs={"key": "needs-instrument-type"}))
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content

    # A second run changes nothing.
    before = (Need.objects.count(), Finding.objects.count(), ProgressReport.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    assert (Need.objects.count(), Finding.objects.count(), ProgressReport.objects.count()) == before
    assert demo.NOW.year == 2027
