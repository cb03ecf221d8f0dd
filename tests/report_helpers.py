"""Helpers the report tests share, in a module of its own: each test directory has a
`conftest`, so importing helpers from one would depend on which was loaded last."""

from __future__ import annotations

import datetime as dt
from typing import Any

from revmech.accounts.models import Person
from revmech.reports import services
from revmech.reports.models import Report

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def section_of(report: Report, kind: str, part: str = "report") -> Any:
    return report.sections.filter(kind=kind, part=part).order_by("position").first()


def later(minutes: int) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


def approve_by_the_three(report: Report, focal_points: dict[str, Person]) -> None:
    """The focal points of the State under review and of both reviewing States approve the
    report's current version, one after the other (P&R para 34)."""
    for code in ("KEN", "NGA", "FRA"):
        report.refresh_from_db()
        services.approve_report(
            report=report,
            by=focal_points[code],
            state_code=code,
            version=report.version,
            digest=services.current_digest(report),
        )
