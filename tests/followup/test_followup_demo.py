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
from revmech.registry.models import Cluster, Instrument
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
    reference_data: None, settings: Any, tmp_path: Any, client: Client
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())
    published = CountryReview.objects.get(phase=1, stage=Stage.COMMUNICATED, draw__isnull=False)
    instrument = published.instrument.short_name
    untoc = Instrument.objects.get(code="UNTOC").short_name

    # Public figures: the published report only: 2 needs, 1 success, 1 good practice, 1 challenge.
    public = analysis.summary(analysis.PUBLIC)
    assert public == {
        "needs": 2,
        "needs_identified": 0,
        "needs_being_addressed": 1,
        "needs_addressed": 1,
        "findings_success": 1,
        "findings_good_practice": 1,
        "findings_challenge": 1,
    }
    by_type = _cells(analysis.table("needs-instrument-type", scope=analysis.PUBLIC))
    assert by_type == {(instrument, "legislative"): 1, (instrument, "capacity_building"): 1}
    by_kind = _cells(analysis.table("findings-cluster-kind", scope=analysis.PUBLIC))
    cluster = {c.code: str(c) for c in Cluster.objects.filter(cluster_set__is_default=True)}
    assert by_kind == {
        (cluster["criminalization"], "good_practice"): 1,
        (cluster["international_cooperation"], "success"): 1,
        (cluster["prevention"], "challenge"): 1,
    }
    region = published.state_under_review.get_regional_group_display()
    by_region = _cells(analysis.table("findings-region-kind", scope=analysis.PUBLIC))
    assert by_region == {
        (str(region), "good_practice"): 1,
        (str(region), "success"): 1,
        (str(region), "challenge"): 1,
    }

    # Internal figures add the confidential report (2 needs, 1 good practice, 1 challenge), the
    # needs of the submitted questionnaire (one per article answered "yes") and the own need.
    from_questionnaire = Need.objects.filter(source="questionnaire").count()
    assert from_questionnaire > 0
    internal = analysis.summary(analysis.INTERNAL)
    assert internal["needs"] == 2 + 2 + from_questionnaire + 1
    assert internal["findings_good_practice"] == 2
    assert internal["findings_challenge"] == 2
    assert internal["needs_addressed"] == 1
    internal_types = _cells(analysis.table("needs-instrument-type", scope=analysis.INTERNAL))
    assert internal_types[(untoc, "technology")] >= 1

    # The register's life cycle as the demo leaves it, and progress on observations (para 41).
    first, second = (
        Need.objects.filter(source_key__startswith="demo-report:")
        .filter(review=published)
        .order_by("source_key")
    )
    assert (first.status, second.status) == (NeedStatus.BEING_ADDRESSED, NeedStatus.ADDRESSED)
    assert first.provider.startswith("UNODC")
    assert second.updates.filter(is_reported_by_state=True).count() == 1
    assert ProgressReport.objects.count() == 2
    open_observations = [
        f
        for f in Finding.objects.filter(kind="observation").prefetch_related("progress")
        if f.is_open
    ]
    assert len(open_observations) == 2  # one partly implemented, one of the confidential report
    assert Recommendation.objects.count() == 1

    # The public page shows the same figures, with a chart and its table, to anyone.
    page = client.get(reverse("followup:analysis")).content.decode()
    assert 'src="/followup/analysis/charts/needs-instrument-type.svg"' in page
    assert "2 technical assistance needs" in page
    chart = client.get(reverse("followup:analysis_chart", kwargs={"key": "needs-instrument-type"}))
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content

    # A second run changes nothing.
    before = (Need.objects.count(), Finding.objects.count(), ProgressReport.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Need.objects.count(), Finding.objects.count(), ProgressReport.objects.count()) == before
    assert demo.NOW.year == 2027
