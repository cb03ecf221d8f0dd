# ruff: noqa: RUF001  (Arabic text on purpose)
"""Answering without losing anything (issue 16): a follow-up question appears as soon as the
answer calls for it, and what was typed comes back, with a visible note, after the session was
lost before saving."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, expect
from pytest_django.live_server_helper import LiveServer

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.questionnaires.models import Answer
from revmech.reviews.models import CountryReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURES = "Section 3 of the Organized Crime Act.\n\nالمادة 3 من القانون"


def _sign_in(context: BrowserContext, person: Person, url: str) -> None:
    client = Client()
    client.force_login(person)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]
    )


def test_a_follow_up_appears_at_once_and_a_draft_survives_a_lost_session(
    live_server: LiveServer,
    browser: Browser,
    review: CountryReview,
    personas: dict[str, Person],
) -> None:
    services.ensure_first_phase_definitions()
    questionnaire = services.start_questionnaire(review=review, by=None)
    section = questionnaire.structures()[0].sections[1].key  # Article 5
    person = personas["expert_under_review"]
    context = browser.new_context()
    _sign_in(context, person, live_server.url)
    page = context.new_page()
    section_url = f"{live_server.url}/questionnaires/review/{review.pk}/answers/?section={section}"
    page.goto(section_url)
    measures = page.locator(f'textarea[name="answer:{section}.measures"]')
    expect(measures).to_be_hidden()
    page.get_by_label("Partly").check()
    # Shown without saving, as soon as the answer calls for it.
    expect(measures).to_be_visible()
    measures.fill(MEASURES)
    expect(page.locator("#draft-note")).to_be_hidden()

    # The session ends before the save (signed out elsewhere, expired): nothing is saved.
    # The form goes to a refusal (no session, no CSRF cookie) and the typed text seems lost.
    context.clear_cookies()
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("textarea")).to_have_count(0)
    assert not Answer.objects.filter(questionnaire=questionnaire).exists()

    # Signed in again, the section comes back as it was typed, with a note saying so.
    _sign_in(context, person, live_server.url)
    page.goto(section_url)
    expect(page.locator("#draft-note")).to_be_visible()
    expect(page.locator("#draft-note")).to_contain_text("A draft kept on this device was restored")
    expect(page.get_by_label("Partly")).to_be_checked()
    expect(measures).to_be_visible()
    expect(measures).to_have_value(MEASURES)

    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messages")).to_contain_text("Saved as a draft (2 answers)")
    saved = Answer.objects.get(questionnaire=questionnaire, question_key=f"{section}.measures")
    assert "Organized Crime Act" in saved.text
    # Once saved, the draft is gone: no note on the next visit.
    page.goto(section_url)
    expect(measures).to_have_value(MEASURES)
    expect(page.locator("#draft-note")).to_be_hidden()
    context.close()
