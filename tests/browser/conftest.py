"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against a live server.

Only this conftest allows Django's async-unsafe calls: Playwright's sync API runs an event loop
in the test thread, and the live server and fixtures still use the ORM from it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def audit_entries_flushable(transactional_db: None) -> Iterator[None]:
    """Let the flush after a live-server test empty the append-only audit table on SQLite.

    SQLite's flush deletes rows, which the audit triggers refuse; the triggers are dropped by
    migrating the audit app back, the rows removed, and the triggers restored.
    """
    yield
    if connection.vendor == "sqlite":
        call_command("migrate", "audit", "0001", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_entry")
        call_command("migrate", "audit", verbosity=0)
