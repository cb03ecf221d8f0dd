"""`revmech reports`: list, show, approve as a focal point, findings, export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from revmech.accounts.models import Person
from revmech.reports.models import Report

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("reports", *args, stdout=out)
    return out.getvalue()


def test_the_command_approves_as_the_focal_point_and_exports(
    at_draft_report: Report, focal_points: dict[str, Person], tmp_path: Path
) -> None:
    review = str(at_draft_report.review_id)
    assert "draft" in _run("list")
    with pytest.raises(CommandError, match="not the focal point"):
        _run("approve", review, "--state", "KEN", "--as", focal_points["NGA"].username)
    for code in ("KEN", "NGA"):
        assert _run("approve", review, "--state", code, "--as", focal_points[code].username)
    assert "approved by KEN" in _run("show", review)
    with pytest.raises(CommandError, match="not final"):
        _run("findings", review)
    assert "final" in _run(
        "approve", review, "--state", "FRA", "--as", focal_points["FRA"].username
    )
    assert '"legislative"' in _run("findings", review)
    target = tmp_path / "report.pdf"
    _run("export", review, "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")
