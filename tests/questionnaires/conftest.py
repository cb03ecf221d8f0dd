"""Fixtures of the questionnaire tests: the first-phase definitions and a started questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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
