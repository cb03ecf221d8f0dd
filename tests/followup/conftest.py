"""Fixtures of the follow-up tests: needs from every source, a final report's findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from revmech.followup import services
from revmech.followup.models import Finding, Need, NeedSource
from revmech.registry.models import Instrument, State
from revmech.reviews.models import CountryReview

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def need(review: CountryReview) -> Need:
    """A need of Kenya for the Convention, article 5, from its final report (confidential)."""
    recorded, _new = services.record_need(
        state=review.state_under_review,
        instrument=review.instrument,
        review=review,
        need=services.NeedInput(
            assistance_type="legislative",
            description="Kenya needs help drafting the offence of participation.",
            article="5",
            cluster="criminalization",
            priority="high",
        ),
        source=NeedSource.REPORT,
        source_key="test-report:need:0",
        identified_on=dt.date(2027, 1, 10),
        now=NOW,
    )
    return recorded


@pytest.fixture
def finding(review: CountryReview) -> Finding:
    """An observation of Kenya's final report."""
    _needs, findings = services.record_report_outcome(
        review=review,
        needs=[],
        findings=[
            services.FindingInput(
                kind="observation",
                text="Kenya is encouraged to criminalize the agreement to commit a serious crime.",
                key="obs-1",
                article="5",
            )
        ],
        is_public=False,
        identified_on=dt.date(2027, 1, 10),
        now=NOW,
        report_key="test-report",
    )
    return findings[0]


@pytest.fixture
def other_need(reference_data: None) -> Need:
    """A need of Brazil for the Trafficking Protocol, entered by the secretariat."""
    recorded, _new = services.record_need(
        state=State.objects.get(code="BRA"),
        instrument=Instrument.objects.get(code="TIP"),
        need=services.NeedInput(
            assistance_type="capacity_building", description="Brazil training."
        ),
        source=NeedSource.STATE,
        source_key="test:bra",
        identified_on=dt.date(2027, 1, 5),
        now=NOW,
    )
    return recorded


def post_data(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}
