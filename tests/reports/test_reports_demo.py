"""The demonstration shows a report being drafted with comments, one final with its summary
published in six languages, and an access request granted; a second run changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from revmech.reports.models import AccessRequest, Comment, Report

pytestmark = pytest.mark.django_db


def test_the_demo_drafts_agrees_publishes_and_shares_a_report(
    reference_data: None, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", stdout=out)
    drafts = Report.objects.filter(finalized_at__isnull=True)
    assert drafts.exists()
    assert Comment.objects.filter(kind="explanation_request", replies__isnull=False).exists()
    published = Report.objects.filter(summary_published_at__isnull=False).get()
    assert published.is_final
    assert published.summary_document.files.count() == 6
    assert AccessRequest.objects.filter(report=published, status="granted").count() == 1
    assert "published in six languages" in out.getvalue()
    before = list(Report.objects.order_by("pk").values_list("pk", "version", "finalized_at"))
    call_command("demo", stdout=io.StringIO())
    assert (
        list(Report.objects.order_by("pk").values_list("pk", "version", "finalized_at")) == before
    )
    assert AccessRequest.objects.count() == 1
