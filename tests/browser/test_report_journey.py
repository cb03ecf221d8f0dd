"""Drafting the report together in Chromium (P&R paras 33, 34): two reviewers edit the same
section, the second sees the first's text in the merge view and saves the merged text (nothing
lost), a reader compares two versions, and the three focal points approve one version."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.conftest import TEST_TOTP_SECRET, answered, report  # the report tests' own draft
from revmech.accounts.models import Person, Role
from revmech.registry import services as registry_services
from revmech.reports.models import Report, SectionKind
from revmech.reviews.models import CountryReview, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["answered", "report"]


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    registry_services.load_reference()


def _signed_in(browser: Browser, live_server: LiveServer, person: Person) -> Page:
    client = Client()
    client.force_login(person)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def _type_and_save(page: Page, text: str) -> None:
    editor = page.locator("#section-form").get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.get_by_role("button", name="Save the section").click()


def test_two_people_edit_one_compares_and_three_approve(
    live_server: LiveServer,
    browser: Browser,
    report: Report,
    personas: dict[str, Person],
    make_person: Callable[..., Person],
) -> None:
    section = report.sections.filter(kind=SectionKind.OBSERVATIONS).order_by("position").first()
    assert section is not None
    url = (
        f"{live_server.url}{reverse('reports:section', kwargs={'review_id': report.review_id})}"
        f"?section={section.pk}"
    )
    first = _signed_in(browser, live_server, personas["expert_reviewing"])
    second = _signed_in(browser, live_server, personas["focal_point_reviewing"])
    first.goto(url)
    second.goto(url)  # both read revision 1

    _type_and_save(first, "The offence should cover the agreement to commit.")
    expect(first.locator(".messages")).to_contain_text("The section is saved.")

    _type_and_save(second, "Add statistics on convictions.")
    expect(second.locator("#conflict")).to_contain_text("Saved meanwhile by someone else")
    expect(second.locator("#conflict")).to_contain_text("agreement to commit")
    # Their text stays in the editor, now based on the first's revision: saving keeps it.
    second.get_by_role("button", name="Save the section").click()
    expect(second.locator(".messages")).to_contain_text("The section is saved.")
    expect(second.locator("#section-revision")).to_contain_text("Revision 3")

    # A reader of the State under review compares revision 2 with revision 3.
    reader = _signed_in(browser, live_server, personas["focal_point_under_review"])
    reader.goto(url)
    reader.get_by_role("link", name="Versions and comparison").click()
    reader.get_by_label("Compare revision").select_option("2")
    reader.get_by_label("with revision").select_option("3")
    reader.get_by_role("button", name="Compare").click()
    expect(reader.locator(".report-compare ins", has_text="statistics")).to_have_count(1)
    expect(reader.locator(".report-compare del", has_text="agreement")).to_have_count(1)

    # The dialogue is closed with the draft report; the three focal points approve.
    CountryReview.objects.filter(pk=report.review_id).update(stage=Stage.DRAFT_REPORT)
    france = make_person("focal_point_france", Role.FOCAL_POINT, "FRA", "UNTOC")
    TOTP.activate(france, TEST_TOTP_SECRET)
    report_url = f"{live_server.url}{report.get_absolute_url()}"
    for person, code in (
        (personas["focal_point_under_review"], "KEN"),
        (personas["focal_point_reviewing"], "NGA"),
        (france, "FRA"),
    ):
        page = _signed_in(browser, live_server, person)
        page.goto(report_url)
        page.get_by_role("button", name=f"for {code}").click()
        expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("All three States have approved")
    expect(page.locator("#report-status")).to_contain_text("Final since")
    review = CountryReview.objects.get(pk=report.review_id)
    assert review.stage == Stage.AGREED
