"""The API docs work under the Content-Security-Policy: the Swagger UI loads its script from its
own address (no inline script) and ReDoc renders the schema (the `page` fixture fails on any
refusal by the policy)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_swagger_ui_shows_the_endpoints(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("revmech API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()


def test_redoc_shows_the_endpoints(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.locator("h1").first).to_contain_text("revmech API")
