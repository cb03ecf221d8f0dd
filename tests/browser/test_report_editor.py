"""The report's rich-text editor (django-prose-editor) works under the Content-Security-Policy:
its import map carries the request's nonce, its modules load from the site, and the `page`
fixture fails on any refusal by the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from reports.conftest import answered, report  # the report tests' own review and draft
from revmech.accounts.models import Person
from revmech.registry import services as registry_services
from revmech.reports.models import Report, SectionKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["answered", "report"]


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    registry_services.load_reference()


def test_the_report_editor_loads_under_the_policy(
    live_server: LiveServer, page: Page, report: Report, personas: dict[str, Person]
) -> None:
    expert = personas["expert_reviewing"]
    page.context.add_cookies(
        [{"name": "sessionid", "value": _session_for(expert), "url": live_server.url}]
    )
    section = report.sections.filter(kind=SectionKind.OBSERVATIONS).order_by("position").first()
    assert section is not None
    url = reverse("reports:section", kwargs={"review_id": report.review_id})
    page.goto(f"{live_server.url}{url}?section={section.pk}")
    editor = page.locator("#section-form").get_by_role("textbox")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Typed in the editor.")
    expect(editor).to_contain_text("Typed in the editor.")


def _session_for(person: Person) -> str:
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client.cookies["sessionid"].value
