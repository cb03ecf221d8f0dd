"""Agreement on one version (P&R para 34): three approvals of one exact version make it final;
any change withdraws every approval; a final report never changes; the review follows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from report_helpers import section_of
from revmech.accounts.models import Person
from revmech.reports import selectors, services
from revmech.reports.models import Report, SectionKind
from revmech.reports.signals import report_final
from revmech.reviews.models import CountryReview, EventKind, Stage
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _approve(report: Report, person: Person, state: str) -> None:
    report.refresh_from_db()
    services.approve_report(
        report=report,
        by=person,
        state_code=state,
        version=report.version,
        digest=services.current_digest(report),
    )


def test_an_edit_withdraws_every_approval(
    at_draft_report: Report, focal_points: dict[str, Person], personas: dict[str, Person]
) -> None:
    report = at_draft_report
    _approve(report, focal_points["KEN"], "KEN")
    _approve(report, focal_points["NGA"], "NGA")
    assert report.approvals.filter(withdrawn_at__isnull=True).count() == 2
    section = section_of(report, SectionKind.OBSERVATIONS)
    services.save_section(
        section=section, text="<p>A late change.</p>", based_on=1, by=personas["expert_reviewing"]
    )
    assert report.approvals.filter(withdrawn_at__isnull=True).count() == 0
    _approve(report, focal_points["FRA"], "FRA")
    report.refresh_from_db()
    assert not report.is_final


def test_an_approval_names_the_version_read(
    at_draft_report: Report, focal_points: dict[str, Person], personas: dict[str, Person]
) -> None:
    report = at_draft_report
    digest = services.current_digest(report)
    services.save_section(
        section=section_of(report, SectionKind.OBSERVATIONS),
        text="<p>Changed after reading.</p>",
        based_on=1,
        by=personas["expert_reviewing"],
    )
    with pytest.raises(RuleViolation, match="changed since you read it"):
        services.approve_report(
            report=report, by=focal_points["KEN"], state_code="KEN", version=1, digest=digest
        )


def test_approval_waits_for_the_draft_report_stage(
    report: Report, focal_points: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="constructive dialogue"):
        _approve(report, focal_points["KEN"], "KEN")


def test_three_approvals_make_the_version_final_and_the_review_agreed(
    at_draft_report: Report,
    focal_points: dict[str, Person],
    personas: dict[str, Person],
    review: CountryReview,
) -> None:
    report = at_draft_report
    received: list[Any] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append((sender, kwargs["report"].pk))

    report_final.connect(receiver)
    try:
        digest = services.current_digest(report)
        for code in ("KEN", "NGA", "FRA"):
            _approve(report, focal_points[code], code)
    finally:
        report_final.disconnect(receiver)
    report.refresh_from_db()
    assert report.is_final
    assert report.final_digest == digest
    assert received == [(Report, report.pk)]
    review.refresh_from_db()
    assert review.stage == Stage.AGREED
    agreed = review.events.filter(kind=EventKind.REPORT_AGREED_BY_STATE)
    assert set(agreed.values_list("state__code", flat=True)) == {"KEN", "NGA", "FRA"}
    assert any("is final" in m.subject for m in mail.outbox)
    assert personas["secretariat"].email in {a for m in mail.outbox for a in m.to}
    with pytest.raises(RuleViolation, match="final"):
        services.save_section(
            section=section_of(report, SectionKind.OBSERVATIONS),
            text="<p>After the agreement.</p>",
            based_on=1,
            by=personas["expert_reviewing"],
        )
    findings = selectors.findings_of(report)
    assert {n.kind for n in findings.needs} == {"legislative", "capacity_building"}
    assert findings.digest == digest
    assert any("Few prosecutions" in o.text for o in findings.observations)


def test_only_a_focal_point_approves_and_only_for_its_state(
    at_draft_report: Report, personas: dict[str, Person], focal_points: dict[str, Person]
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _approve(at_draft_report, personas["expert_reviewing"], "FRA")
    with pytest.raises(PermissionDenied):
        _approve(at_draft_report, focal_points["KEN"], "NGA")
    _approve(at_draft_report, focal_points["KEN"], "KEN")
    with pytest.raises(RuleViolation, match="already approved"):
        _approve(at_draft_report, focal_points["KEN"], "KEN")
