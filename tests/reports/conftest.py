"""Fixtures of the report tests: a review in the constructive dialogue with answers and desk
review notes, its first draft, and the focal points of the three States (P&R paras 29, 33, 34)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from report_helpers import NOW, later, section_of  # noqa: F401 (shared with the test modules)
from revmech.accounts.models import Person, Role
from revmech.questionnaires import services as questionnaires
from revmech.questionnaires.models import DeskReviewNote, NoteKind, Questionnaire
from revmech.reports import services
from revmech.reports.models import Report
from revmech.reviews.models import CountryReview, Stage

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def answered(
    reference_data: None, review: CountryReview, personas: dict[str, Person]
) -> Questionnaire:
    """Kenya's questionnaire with one article answered and annotated by a reviewer."""
    questionnaires.ensure_first_phase_definitions()
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    questionnaire = questionnaires.start_questionnaire(review=review, by=None)
    first = questionnaire.structures()[0].sections[0].key
    for key, text in (
        ("measures", "<p>Section 3 of the Organized Crime Act 2010.</p>"),
        ("examples", "<p>Twelve convictions in 2024.</p>"),
        ("challenges", "<p>Coordination between agencies.</p>"),
        ("assistance", "yes"),
        ("assistance_type", "legislative,capacity_building"),
    ):
        questionnaires.save_answer(
            questionnaire=questionnaire,
            question_key=f"{first}.{key}",
            text=text,
            based_on_version=0,
            by=personas["focal_point_under_review"],
        )
    for kind, text in (
        (NoteKind.SUCCESS, "A comprehensive offence in force since 2010."),
        (NoteKind.CHALLENGE, "Few prosecutions of leaders of groups."),
    ):
        DeskReviewNote.objects.create(
            questionnaire=questionnaire,
            question_key=f"{first}.measures",
            kind=kind,
            text=text,
            author=personas["expert_reviewing"],
            created_at=NOW,
        )
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.DIALOGUE)
    review.refresh_from_db()
    return questionnaire


@pytest.fixture
def report(answered: Questionnaire, review: CountryReview, personas: dict[str, Person]) -> Report:
    return services.start_report(review=review, by=personas["expert_reviewing"], now=NOW)


@pytest.fixture
def focal_points(
    personas: dict[str, Person], make_person: Callable[..., Person]
) -> dict[str, Person]:
    """The focal point of each of the three States: Kenya under review, Nigeria and France."""
    return {
        "KEN": personas["focal_point_under_review"],
        "NGA": personas["focal_point_reviewing"],
        "FRA": make_person("focal_point_france", Role.FOCAL_POINT, "FRA", "UNTOC"),
    }


@pytest.fixture
def brazil(make_person: Callable[..., Person]) -> Person:
    """The focal point of Brazil, a State party outside the review (P&R para 39)."""
    person = make_person("focal_point_brazil", Role.FOCAL_POINT, "BRA", "UNTOC")
    TOTP.activate(person, TEST_TOTP_SECRET)
    return person


@pytest.fixture
def at_draft_report(report: Report, review: CountryReview) -> Report:
    """The dialogue closed with the draft report: approvals may be given (P&R para 34)."""
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.DRAFT_REPORT)
    review.refresh_from_db()
    return report


def today() -> dt.date:
    return timezone.localdate(NOW)
