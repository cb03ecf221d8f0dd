"""Fixtures of the questionnaire tests: the first-phase definitions, a started questionnaire and
one submitted (P&R para 26)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import Questionnaire
from revmech.reviews.models import CountryReview, Stage


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def definitions(reference_data: None) -> None:
    services.ensure_first_phase_definitions()


@pytest.fixture
def questionnaire(definitions: None, review: CountryReview) -> Questionnaire:
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    return services.start_questionnaire(review=review, by=None)


@pytest.fixture
def submitted(questionnaire: Questionnaire, personas: dict[str, Person]) -> Questionnaire:
    focal_point = personas["focal_point_under_review"]
    for structure in questionnaire.structures():
        for section in structure.sections:
            for key, value in (("implements", "no"), ("assistance", "no")):
                services.save_answer(
                    questionnaire=questionnaire,
                    question_key=f"{section.key}.{key}",
                    text=value,
                    based_on_version=0,
                    by=focal_point,
                )
    first = questionnaire.structures()[0].sections[1].key
    services.save_answer(
        questionnaire=questionnaire,
        question_key=f"{first}.implements",
        text="yes",
        based_on_version=1,
        by=focal_point,
    )
    services.save_answer(
        questionnaire=questionnaire,
        question_key=f"{first}.measures",
        text="Section 3 of the Organized Crime Act.",
        based_on_version=0,
        by=focal_point,
    )
    services.clear_answers(questionnaire=questionnaire, by=focal_point)
    services.submit_questionnaire(
        questionnaire=questionnaire, by=focal_point, today=dt.date(2026, 9, 1)
    )
    return questionnaire
