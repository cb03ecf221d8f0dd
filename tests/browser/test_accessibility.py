"""The main pages of every role pass axe-core with no serious or critical violation, in English
and in Arabic (right to left) (issue 16).

axe-core comes from the npm registry into the git-ignored `.browser-tools/` (`make
browser-tools`; this module installs it when it is missing), never from a CDN, and is injected
into each page by Playwright.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from revmech.accounts.models import Person
from revmech.reviews.models import CountryReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".browser-tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"  # the Makefile's AXE_VERSION
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.exists():
        subprocess.run(  # noqa: S603 - a fixed command, no user input
            [  # noqa: S607 - npm from the PATH, as `make browser-tools` runs it
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(TOOLS),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return AXE


def _pages(review: CountryReview) -> dict[str | None, list[str]]:
    """The pages each role starts from and works in."""
    detail = review.get_absolute_url()
    return {
        None: [reverse("home"), reverse("registry:states"), reverse("lots:public_list")],
        "secretariat": [
            reverse("home"),
            reverse("accounts:nominations"),
            reverse("reviews:overview"),
            reverse("lots:meetings"),
        ],
        "focal_point_under_review": [
            reverse("home"),
            detail,
            reverse("questionnaires:review", kwargs={"review_id": review.pk}),
        ],
        "expert_reviewing": [detail, reverse("reviews:notifications")],
        "observer": [reverse("home")],
        "ngo": [reverse("home")],
    }


def _violations(
    browser: Browser, live_server: LiveServer, axe: Path, cookie: dict[str, Any] | None, url: str
) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for language in ("en", "ar"):
        # The pages allow no inline script (Content-Security-Policy); the check's own script is
        # let in by the browser, not by the site.
        context = browser.new_context(bypass_csp=True)
        cookies: list[Any] = [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        ]
        if cookie:
            cookies.append(cookie)
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(f"{live_server.url}{url}")
        page.add_script_tag(path=str(axe))
        result = page.evaluate("async () => (await axe.run(document)).violations")
        context.close()
        for violation in result:
            if violation["impact"] in SERIOUS:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                found.setdefault(f"{language} {url}", []).append(
                    f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}"
                )
    return found


def test_the_main_pages_of_every_role_pass_axe_in_english_and_arabic(
    live_server: LiveServer,
    browser: Browser,
    axe_script: Path,
    review: CountryReview,
    personas: dict[str, Person],
) -> None:
    problems: dict[str, list[str]] = {}
    for role, urls in _pages(review).items():
        cookie = None
        if role is not None:
            client = Client()
            client.force_login(personas[role])
            cookie = {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        for url in urls:
            for where, what in _violations(browser, live_server, axe_script, cookie, url).items():
                problems[f"{role or 'anonymous'} {where}"] = what
    assert not problems, "\n".join(f"{k}: {' | '.join(v)}" for k, v in sorted(problems.items()))


def test_the_check_finds_a_serious_violation(browser: Browser, axe_script: Path) -> None:
    """The check itself works: a form field without a label is reported."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content('<html lang="en"><title>t</title><main><input type="text"></main></html>')
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    context.close()
    assert any(v["id"] == "label" and v["impact"] in SERIOUS for v in result)
