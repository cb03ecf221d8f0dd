"""The secretariat runs the drawing of lots of a phase through the pages (issue 16; P&R paras
10, 11, 18-22): opens the draw, draws the years and the seats, repeats the draw of a seat at a
State's request picking the States by name, reads the events in words, and watches the screen
for the meeting room follow. Long actions show that they are busy and cannot be sent twice.

Each long action's request is held by the browser until the busy state has been seen, then let
through: the check does not depend on how fast the machine draws.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from revmech.accounts.models import Person
from revmech.lots.models import Draw
from revmech.registry import models as registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACT = "**/lots/meetings/*/act/"


@pytest.fixture
def secretariat(
    browser: Browser, live_server: LiveServer, reference_data: None, personas: dict[str, Person]
) -> Iterator[Page]:
    """A page signed in as the secretariat; closed, with the screen that polls, before the
    database is emptied."""
    client = Client()
    client.force_login(personas["secretariat"])
    context = browser.new_context()
    cookie: Any = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
    context.add_cookies([cookie])
    yield context.new_page()
    context.close()


def _busy_while(page: Page, act: Callable[[], None]) -> None:
    """`act` sends a long action: while its request is under way the page says it is busy and
    every button of the page is disabled (another action sent meanwhile would be refused as
    stale); once the answer is in, the page is usable again."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(ACT, hold)
    act()
    busy = page.locator("#busy")
    expect(busy).to_be_visible()
    expect(busy).to_have_attribute("role", "status")
    buttons = page.locator("main button")
    assert buttons.count() >= 1
    for button in buttons.all():  # no other action can be sent meanwhile, from any form
        expect(button).to_be_disabled()
    assert len(held) == 1
    held[0].continue_()
    page.unroute(ACT)
    expect(busy).to_be_hidden(timeout=120_000)  # drawing every seat takes a while
    for button in page.locator("main button").all():
        expect(button).to_be_enabled()


def _events(page: Page) -> Any:
    return page.locator("ol.protocol-events > li")


def _state(code: str) -> registry.State:
    return registry.State.objects.get(code=code)


def test_the_secretariat_draws_the_lots_of_a_phase_through_the_pages(
    live_server: LiveServer, secretariat: Page
) -> None:
    page = secretariat

    # Start the draw from the list of draw meetings.
    page.goto(f"{live_server.url}/lots/meetings/")
    page.get_by_role("link", name="Open a draw").click()
    page.locator("#id_phase").fill("2")
    page.locator("#id_title").fill("Joint meeting of the working groups")
    page.locator("#id_held_on").fill("2026-12-03")
    page.locator("#id_seed").fill("4 8 1 5 9 2 6")
    page.get_by_role("button", name="Open the draw").click()
    expect(page.locator("h1")).to_have_text("Joint meeting of the working groups")
    draw = Draw.objects.get(title="Joint meeting of the working groups")
    expect(page.locator("main")).to_contain_text("Protocol: 0 events")

    # The screen for the meeting room, in French, beside the meeting page.
    screen = page.context.new_page()
    screen.goto(f"{live_server.url}/lots/meetings/{draw.pk}/screen/?language=fr")
    expect(screen.locator("#latest-lot")).to_contain_text("Le tirage au sort va commencer.")

    # The review years: a long action.
    _busy_while(page, lambda: page.get_by_role("button", name="Draw the review years").click())
    expect(page.locator("main")).to_contain_text("The review years of every State are drawn.")
    expect(_events(page).first).to_have_text("The review years of every State are drawn.")

    # One seat, in words on the page and, within seconds, on the screen.
    _busy_while(page, lambda: page.get_by_role("button", name="Draw this seat").click())
    draw.refresh_from_db()
    seat = draw.events[-1]
    assert seat["type"] == "seat"
    under_review, drawn = _state(seat["state_under_review"]), _state(seat["drawn"])
    expect(_events(page).first).to_contain_text(
        f"review of {under_review.names['en']}: {drawn.names['en']} is drawn as"
    )
    expect(screen.locator("#latest-lot")).to_contain_text(drawn.names["fr"], timeout=10_000)
    expect(screen.locator("#screen")).to_contain_text(
        re.compile(r"\b1 États examinateurs tirés sur \d+"), timeout=10_000
    )

    # The State under review asks for another reviewing State: picked by name, not by code.
    redraw = page.locator("form").filter(
        has=page.get_by_role("button", name="Repeat the draw of this seat")
    )
    instrument = registry.Instrument.objects.get(code=seat["instrument"])
    redraw.get_by_label("Instrument").select_option(label=instrument.short_name)
    redraw.get_by_label("State under review").select_option(label=under_review.names["en"])
    redraw.get_by_label("Reviewing State to replace").select_option(label=drawn.names["en"])
    redraw.get_by_label("Requested by (State)").select_option(label=under_review.names["en"])
    _busy_while(
        page, lambda: page.get_by_role("button", name="Repeat the draw of this seat").click()
    )
    expect(page.locator(".messages .error")).to_have_count(0)
    expect(_events(page)).to_contain_text(
        [
            f"{under_review.names['en']} asks that {drawn.names['en']} be replaced in the review"
            f" of {under_review.names['en']}"
        ]
    )
    draw.refresh_from_db()
    again = draw.events[-1]
    assert again["type"] == "seat"
    assert again["drawn"] != seat["drawn"]  # the struck State cannot come back (P&R para 20)
    expect(screen.locator("#latest-lot")).to_contain_text(
        _state(again["drawn"]).names["fr"], timeout=10_000
    )

    # Every remaining seat: the longest action.
    _busy_while(page, lambda: page.get_by_role("button", name="Draw all remaining seats").click())
    expect(page.locator("main")).to_contain_text("Every seat is drawn.")
    for line in _events(page).all_inner_texts():
        assert "see the protocol" not in line, line  # every event has its words
    draw.refresh_from_db()
    total = 2 * len(draw.protocol["outcome"]["assignments"])
    expect(screen.locator("#screen")).to_contain_text(
        f"{total} États examinateurs tirés sur {total}", timeout=10_000
    )

    # Confirmed, another long action: the country reviews of the phase are created.
    _busy_while(
        page,
        lambda: page.get_by_role(
            "button", name="Confirm the draw and create the country reviews"
        ).click(),
    )
    expect(page.locator(".messages")).to_contain_text("The draw is confirmed")
    draw.refresh_from_db()
    assert draw.is_confirmed
