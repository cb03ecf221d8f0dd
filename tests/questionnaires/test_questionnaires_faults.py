"""The database going away in the middle of saving answers: the person is told (503, in their
language), nothing is half-saved, and sending the same form again saves it (issue 17, faults)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, transaction
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import Answer, Questionnaire

pytestmark = pytest.mark.django_db


def test_a_save_cut_by_the_database_is_told_rolled_back_and_saved_when_sent_again(
    client: Client,
    questionnaire: Questionnaire,
    personas: dict[str, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    section = questionnaire.structures()[0].sections[1]
    key = f"{section.key}.examples"
    form = {"section": section.key, f"answer:{key}": "Two cases in 2025.", f"version:{key}": "0"}
    url = reverse("questionnaires:save", kwargs={"review_id": questionnaire.review_id})
    real = services.save_answers

    def connection_lost(**kwargs: Any) -> Any:
        with transaction.atomic():
            real(**kwargs)  # the rows are written...
            raise OperationalError("server closed the connection unexpectedly")  # ...then lost

    monkeypatch.setattr(services, "save_answers", connection_lost)
    client.force_login(personas["focal_point_under_review"])
    refused = client.post(url, form, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 503
    assert refused["Retry-After"]
    page = refused.content.decode()
    assert "rien n\u2019a été enregistré" in page
    assert 'lang="fr"' in page
    assert not Answer.objects.filter(questionnaire=questionnaire, question_key=key).exists()

    monkeypatch.setattr(services, "save_answers", real)
    saved = client.post(url, form)
    assert saved.status_code == 302
    answer = Answer.objects.get(questionnaire=questionnaire, question_key=key)
    assert "Two cases in 2025." in answer.text


def test_the_api_answers_503_in_json_when_the_database_is_lost(
    client: Client, personas: dict[str, Person], monkeypatch: pytest.MonkeyPatch, review: Any
) -> None:
    from revmech.reviews import selectors

    def lost(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "reviews_for", lost)
    client.force_login(personas["secretariat"])
    response = client.get(reverse("review-list"))
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
