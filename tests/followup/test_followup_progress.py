"""Progress on the observations of a country review report (P&R para 41)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.followup import services
from revmech.followup.models import Finding
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_the_state_reports_progress_and_the_observation_closes_when_implemented(
    client: Client, finding: Finding, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    client.force_login(focal_point)
    url = reverse("followup:report_progress", kwargs={"finding_id": finding.pk})
    empty = client.post(url, {"progress": "partial", "text": " "})
    assert empty.status_code == 200
    assert "This field is required" in empty.content.decode()
    response = client.post(url, {"progress": "partial", "text": "A bill is before parliament."})
    assert response.status_code == 302
    open_list = client.get(reverse("followup:observations") + "?open=1").content.decode()
    assert "criminalize the agreement" in open_list
    services.report_progress(
        finding=finding,
        by=focal_point,
        progress="implemented",
        text="Act No. 4 of 2027.",
        now=NOW,
    )
    open_list = client.get(reverse("followup:observations") + "?open=1").content.decode()
    assert "criminalize the agreement" not in open_list
    page = client.get(finding.get_absolute_url()).content.decode()
    assert page.index("A bill is before parliament") < page.index("Act No. 4 of 2027")


def test_only_the_state_reviewed_reports_progress(
    finding: Finding, personas: dict[str, Person]
) -> None:
    for persona in ("expert_reviewing", "secretariat", "observer", "outsider"):
        with pytest.raises(PermissionDenied):
            services.report_progress(
                finding=finding, by=personas[persona], progress="none", text="x", now=NOW
            )
    with pytest.raises(RuleViolation, match="not a known progress"):
        services.report_progress(
            finding=finding,
            by=personas["expert_under_review"],
            progress="done",
            text="x",
            now=NOW,
        )
    assert not finding.progress.exists()


def test_progress_is_reported_on_observations_only(
    review: object, personas: dict[str, Person]
) -> None:
    _needs, findings = services.record_report_outcome(
        review=review,  # type: ignore[arg-type]
        needs=[],
        findings=[services.FindingInput(kind="good_practice", text="A joint task force.", key="g")],
        is_public=True,
        identified_on=dt.date(2027, 1, 1),
        now=NOW,
        report_key="r",
    )
    with pytest.raises(RuleViolation, match="observations only"):
        services.report_progress(
            finding=findings[0],
            by=personas["focal_point_under_review"],
            progress="none",
            text="x",
            now=NOW,
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat_unassigned", 200), ("observer", 200), ("expert_reviewing", 404), ("ngo", 404)],
)
def test_who_sees_an_observation(
    client: Client, finding: Finding, personas: dict[str, Person], persona: str, status: int
) -> None:
    client.force_login(personas[persona])
    response = client.get(finding.get_absolute_url())
    assert response.status_code == status
    assert ("criminalize the agreement" in response.content.decode()) is (status == 200)
