"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against a live server.

Only this conftest allows Django's async-unsafe calls: Playwright's sync API runs an event loop
in the test thread, and the live server and fixtures still use the ORM from it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Outside addresses a library page asks for and the policy refuses on purpose (no CDN): ReDoc's
# own logo.
REFUSED_ON_PURPOSE = ("https://cdn.redoc.ly/",)

CHROMIUM = Path(os.environ.get("REVMECH_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page; a test fails if the Content-Security-Policy refused anything on it (a
    script or style the pages rely on would otherwise stop working unnoticed)."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            and not any(url in message.text for url in REFUSED_ON_PURPOSE)
            else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "refused by the Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture(autouse=True)
def flushable(audit_entries_flushable: None) -> None:
    """Every browser test runs against a live server, so it needs the flush to succeed."""
