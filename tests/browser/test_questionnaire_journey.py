# ruff: noqa: RUF001  (Arabic text on purpose)
"""Questionnaire journey: an expert of the State under review answers two questions, saves,
reloads the page and finds both answers (issue 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from revmech.accounts.models import Person
from revmech.questionnaires import services
from revmech.reviews.models import CountryReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_two_questions_save_reload_and_find_them(
    live_server: LiveServer,
    browser: Browser,
    review: CountryReview,
    personas: dict[str, Person],
) -> None:
    services.ensure_first_phase_definitions()
    questionnaire = services.start_questionnaire(review=review, by=None)
    section = questionnaire.structures()[0].sections[1].key  # Article 5
    client = Client()
    client.force_login(personas["expert_under_review"])
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/questionnaires/review/{review.pk}/")
    page.get_by_role("link", name="Article 5.", exact=False).first.click()
    page.get_by_label("Partly").check()
    page.get_by_label("What challenges do you face in implementing this provision?").fill(
        "Coordination between agencies.\n\nالتنسيق بين الوكالات"
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messages")).to_contain_text("Saved as a draft (2 answers)")
    page.reload()
    expect(page.get_by_label("Partly")).to_be_checked()
    challenges = page.get_by_label("What challenges do you face in implementing this provision?")
    expect(challenges).to_have_value("Coordination between agencies.\n\nالتنسيق بين الوكالات")
    # The conditional question on the measures appears once the answer is "partly".
    expect(page.locator(f'textarea[name="answer:{section}.measures"]')).to_be_visible()
    page.goto(f"{live_server.url}/questionnaires/review/{review.pk}/")
    expect(page.locator("main")).to_contain_text("2 of")
    context.close()
