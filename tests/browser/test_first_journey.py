"""First journey: open the site, switch to Arabic, find the page right to left with Arabic names."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from revmech.registry import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(transactional_db: None) -> None:
    services.load_reference()


def test_switching_to_arabic_turns_the_page_right_to_left(
    live_server: LiveServer, page: Page, loaded: None
) -> None:
    page.goto(f"{live_server.url}/states/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.select_option("#language-select", "ar")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.goto(f"{live_server.url}/states/FRA/")
    expect(page.locator("h1")).to_have_text("فرنسا")


def test_the_state_filter_works_without_javascript(
    live_server: LiveServer, browser: object, loaded: None
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{live_server.url}/states/")
    page.select_option("select[name=regional_group]", "Eastern European")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(23)
    context.close()
