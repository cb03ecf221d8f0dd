# ruff: noqa: RUF001  (Chinese punctuation on purpose)
"""The pages: answering a section, the conflict shown beside one's own text, progress, the DOCX
exports in the working language, and the search within a review."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.questionnaires import services
from revmech.questionnaires.models import Questionnaire
from revmech.reviews.models import CountryReview

pytestmark = pytest.mark.django_db


def _url(name: str, q: Questionnaire) -> str:
    return reverse(f"questionnaires:{name}", kwargs={"review_id": q.review_id})


def _section(q: Questionnaire) -> str:
    return q.structures()[0].sections[1].key  # Article 5


def _fieldset(html: str, key: str) -> str:
    """The opening tag of the fieldset of one question."""
    found = re.search(rf'<fieldset class="question" id="q-{re.escape(key)}"[^>]*>', html)
    assert found is not None
    return found.group(0)


def test_answers_are_saved_from_the_section_page_and_progress_counts_them(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    key = _section(questionnaire)
    page = client.get(_url("answers", questionnaire), {"section": key})
    assert page.status_code == 200
    assert "Does your national law implement this provision?" in page.content.decode()
    # A follow-up question is on the page, hidden and not sent until an answer calls for it.
    assert _fieldset(page.content.decode(), f"{key}.measures").endswith(" hidden disabled>")
    response = client.post(
        _url("save", questionnaire),
        {
            "section": key,
            f"answer:{key}.implements": "partly",
            f"version:{key}.implements": "0",
            f"answer:{key}.challenges": "تحديات التنسيق بين الوكالات",
            f"version:{key}.challenges": "0",
        },
    )
    assert response.status_code == 302
    page = client.get(_url("answers", questionnaire), {"section": key})
    html = page.content.decode()
    assert f'name="answer:{key}.measures"' in html  # shown now that the answer is "partly"
    assert "hidden" not in _fieldset(html, f"{key}.measures")
    assert "تحديات التنسيق بين الوكالات" in html
    overview = client.get(_url("review", questionnaire)).content.decode()
    assert "2 of" in overview


def test_a_stale_save_shows_the_current_text_beside_mine(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{_section(questionnaire)}.challenges"
    services.save_answer(
        questionnaire=questionnaire,
        question_key=key,
        text="The expert's text",
        based_on_version=0,
        by=personas["expert_under_review"],
    )
    client.force_login(personas["focal_point_under_review"])
    response = client.post(
        _url("save", questionnaire),
        {"section": _section(questionnaire), f"answer:{key}": "My text", f"version:{key}": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The expert&#x27;s text" in html or "The expert's text" in html
    assert "My text" in html
    assert f'name="version:{key}" value="1"' in html
    assert questionnaire.answers.get(question_key=key).text == "<p>The expert's text</p>"


def test_the_questionnaire_docx_holds_the_answers_in_the_working_language(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    CountryReview.objects.filter(pk=questionnaire.review_id).update(working_languages=["fr"])
    key = _section(questionnaire)
    services.save_answer(
        questionnaire=questionnaire,
        question_key=f"{key}.implements",
        text="yes",
        based_on_version=0,
        by=personas["expert_under_review"],
    )
    client.force_login(personas["expert_reviewing"])
    response = client.get(_url("docx", questionnaire))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Votre législation nationale met-elle en œuvre cette disposition\u202f?" in text
    assert "Oui" in text
    assert Entry.objects.filter(action="questionnaires.questionnaire.downloaded").exists()


def test_search_finds_answers_of_this_review_only_for_its_readers(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    services.save_answer(
        questionnaire=questionnaire,
        question_key=f"{_section(questionnaire)}.examples",
        text="The Mombasa port case of 2024.",
        based_on_version=0,
        by=personas["expert_under_review"],
    )
    client.force_login(personas["expert_reviewing"])
    html = client.get(_url("search", questionnaire), {"q": "mombasa"}).content.decode()
    assert "Mombasa port case" in html
    client.force_login(personas["outsider"])
    assert client.get(_url("search", questionnaire), {"q": "mombasa"}).status_code == 404


@pytest.mark.parametrize("name", ["review", "answers", "desk_review", "outcome", "search"])
def test_pages_render_for_a_reader_in_arabic(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person], name: str
) -> None:
    client.force_login(personas["observer"])
    client.cookies["django_language"] = "ar"
    response = client.get(_url(name, questionnaire), headers={"accept-language": "ar"})
    assert response.status_code == 200


def test_definition_pages_show_six_languages_side_by_side(
    client: Client, definitions: None, personas: dict[str, Person]
) -> None:
    client.force_login(personas["ngo"])
    listing = client.get(reverse("questionnaires:definitions"))
    assert listing.status_code == 200
    first = listing.context["definitions"][0]
    html = client.get(first.get_absolute_url()).content.decode()
    assert "هل تنفذ تشريعاتكم الوطنية هذا الحكم؟" in html
    assert "贵国国内法是否执行了本条规定？" in html
