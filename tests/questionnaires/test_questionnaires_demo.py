"""The demonstration loader: one questionnaire partly answered, one under desk review."""

from __future__ import annotations

import datetime as dt

import pytest

from revmech.accounts.models import Person
from revmech.questionnaires.demo import load_demo
from revmech.questionnaires.models import Questionnaire
from revmech.registry import models as registry
from revmech.reviews.models import CountryReview, ReviewingState, Seat

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_change(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    other = CountryReview.objects.create(
        state_under_review=registry.State.objects.get(code="NGA"),
        instrument=registry.Instrument.objects.get(code="UNTOC"),
        phase=1,
        year=1,
        drawn_on=dt.date(2026, 6, 15),
    )
    ReviewingState.objects.create(
        review=other, state=registry.State.objects.get(code="FRA"), seat=Seat.OTHER_GROUP
    )
    load_demo(partly_answered=review, under_desk_review=other)
    load_demo(partly_answered=review, under_desk_review=other)
    partly = Questionnaire.objects.get(review=review)
    submitted = Questionnaire.objects.get(review=other)
    assert 0 < partly.answers.count() < submitted.answers.count()
    assert submitted.is_submitted
    assert submitted.notes.count() == 3
