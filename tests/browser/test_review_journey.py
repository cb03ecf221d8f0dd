"""A focal point of the State under review walks through the consultations step in a browser
(P&R paras 23, 44): opens the consultations, records the schedule and working languages, and
finds the review moved to the self-assessment."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from revmech.accounts.models import Person
from revmech.reviews.models import CountryReview, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_records_the_consultations_through_the_page(
    live_server: LiveServer,
    browser: Browser,
    review: CountryReview,
    personas: dict[str, Person],
) -> None:
    # Signed in as the test client does (the second factor is tested in accounts); the session
    # cookie is handed to the browser.
    client = Client()
    client.force_login(personas["focal_point_under_review"])
    cookie: Any = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([cookie])
    page = context.new_page()
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(page.locator("#stage")).to_have_text("Drawn")
    page.get_by_role("button", name="Open the consultations").click()
    expect(page.locator("#stage")).to_have_text("Consultations")
    page.get_by_label("Schedule agreed").fill("Answers by 15 September; calls in October.")
    page.get_by_label("English").check()
    page.get_by_label("French").check()
    page.get_by_role("button", name="Record the agreed schedule and working languages").click()
    expect(page.locator("#stage")).to_have_text("Self-assessment in preparation")
    expect(page.locator("main")).to_contain_text("English, French")
    expect(page.locator("main")).to_contain_text("Answers by 15 September")
    context.close()
    review.refresh_from_db()
    assert review.stage == Stage.SELF_ASSESSMENT
    assert review.working_languages == ["en", "fr"]
