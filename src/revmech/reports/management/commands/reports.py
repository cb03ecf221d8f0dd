"""`revmech reports`: country review reports from the command line (P&R paras 33-36).

revmech reports list                          reports, their version and whether final
revmech reports show REVIEW                   sections, digest and approvals of one report
revmech reports approve REVIEW --state KEN --as USERNAME
                                              one State's approval of the current version,
                                              given as its focal point (checked like a page)
revmech reports findings REVIEW               the final report's needs and observations (JSON)
revmech reports export REVIEW --format docx|pdf [--part summary] --output FILE
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from revmech.reports import documents, selectors, services
from revmech.reports.models import Part, Report
from revmech.rules import RuleViolation
from revmech.web.refusals import explain


def _report(review_id: int) -> Report:
    report = Report.objects.select_related("review__state_under_review").filter(review_id=review_id)
    found = report.first()
    if found is None:
        raise CommandError(f"Review {review_id} has no report.")
    return found


class Command(BaseCommand):
    help = "Country review reports: list, show, approve, findings, export."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list")
        show = sub.add_parser("show")
        show.add_argument("review", type=int)
        approve = sub.add_parser("approve")
        approve.add_argument("review", type=int)
        approve.add_argument("--state", required=True)
        approve.add_argument("--as", dest="username", required=True)
        findings = sub.add_parser("findings")
        findings.add_argument("review", type=int)
        export = sub.add_parser("export")
        export.add_argument("review", type=int)
        export.add_argument("--format", choices=["docx", "pdf"], default="docx")
        export.add_argument("--part", choices=[Part.REPORT, Part.SUMMARY], default=Part.REPORT)
        export.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        reports = Report.objects.select_related(
            "review__state_under_review", "review__instrument"
        ).order_by("review__phase", "review__instrument__position", "review__state_under_review")
        for report in reports:
            review = report.review
            status = "final" if report.is_final else "draft"
            self.stdout.write(
                f"{review.pk}\t{review.state_under_review.code}\t{review.instrument.code}\t"
                f"phase {review.phase}\tv{report.version}\t{status}"
            )

    def _show(self, options: dict[str, Any]) -> None:
        report = _report(options["review"])
        self.stdout.write(f"version {report.version} digest {services.current_digest(report)}")
        for approval in report.approvals.filter(withdrawn_at__isnull=True).select_related("state"):
            self.stdout.write(f"approved by {approval.state.code} (v{approval.report_version})")
        for section in report.sections.order_by("position"):
            self.stdout.write(f"{section.key}\tr{section.revision}")

    def _approve(self, options: dict[str, Any]) -> None:
        report = _report(options["review"])
        person = get_user_model().objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"No person {options['username']}.")
        try:
            services.approve_report(
                report=report,
                by=person,
                state_code=options["state"],
                version=report.version,
                digest=services.current_digest(report),
            )
        except PermissionDenied:
            raise CommandError(
                f"{options['username']} is not the focal point of {options['state']} here."
            ) from None
        except RuleViolation as refusal:
            raise CommandError(explain(refusal)) from None
        report.refresh_from_db()
        self.stdout.write("final" if report.is_final else "approved")

    def _findings(self, options: dict[str, Any]) -> None:
        report = _report(options["review"])
        if not report.is_final:
            raise CommandError("The report is not final yet (P&R para 34).")
        self.stdout.write(json.dumps(asdict(selectors.findings_of(report)), ensure_ascii=False))

    def _export(self, options: dict[str, Any]) -> None:
        report = _report(options["review"])
        part = options["part"]
        sections = report.sections.filter(part=part).order_by("position")
        today = timezone.localdate()
        if options["format"] == "pdf":
            data = documents.report_pdf(report, sections=sections, part=part, today=today)
        else:
            data = documents.report_docx(report, sections=sections, part=part, today=today)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{options['output']}: {len(data)} bytes")
