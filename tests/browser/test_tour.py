"""The README's tour of the demo, walked in Chromium on the demo's own data (issue 16).

Each demo person signs in through the sign-in page with the printed password and, for the
confidential roles, the second factor of the published demo secret (P&R para 32: confidential
content only to those entitled), and reaches the page the tour starts them from, where their
part in the demo review (Afghanistan, the Convention, phase 1, left at "drawn") is shown. A last
test takes that review from the draw to the report communicated to the secretariat, each step
taken on its page by the demo person the tour names. The tour is also walked with the interface
in Arabic: every page visited is right to left, keeps no English interface text, and axe-core
finds no serious or critical violation on it.

The second factor is deterministic: the time step allauth checks the code against is fixed,
and the code is computed for that step, so no test depends on the clock's 30-second window.
The demo's deadlines are in 2026 and later, so "overdue" flags depend on the day the tests run:
no assertion reads them.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from revmech.accounts.models import Person
from revmech.lots.models import Draw
from revmech.questionnaires.demo import _answer_all
from revmech.questionnaires.models import Questionnaire
from revmech.questionnaires.services import save_outcome
from revmech.reviews.models import CountryReview, Stage
from revmech.site.management.commands.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    WITH_SECOND_FACTOR,
    totp_code,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from test_accessibility import SERIOUS, axe_script
from test_language_sweep import data_names, interface_texts, untranslated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["axe_script"]  # axe-core, installed in .browser-tools when missing (a fixture)

# The 30-second step the second factor is checked against during these tests.
FIXED_STEP = 59_000_000


@pytest.fixture
def demo(reference_data: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountryReview]:
    """`revmech demo` on the reference data; the demo people's own review (the first of
    phase 1, as `revmech demo` prints it)."""
    call_command("demo", stdout=io.StringIO())
    monkeypatch.setattr(totp_auth, "yield_hotp_counters_from_time", lambda: iter([FIXED_STEP]))
    cache.clear()  # used codes and rate limits of an earlier test
    own = (
        CountryReview.objects.filter(phase=1, draw__status=Draw.Status.CONFIRMED)
        .select_related("state_under_review", "instrument")
        .order_by("instrument__position", "state_under_review__code")
        .first()
    )
    assert own is not None
    assert own.stage == Stage.DRAWN
    yield own
    cache.clear()


def sign_in(browser: Browser, live_server: LiveServer, username: str) -> Page:
    """Sign in through the pages as the README says: user name, demo password, and the code of
    the demo's authenticator for the confidential roles. Returns the page, on the home page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    if username in WITH_SECOND_FACTOR:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        page.locator("#id_code").fill(totp_code(DEMO_TOTP_SECRET, now=FIXED_STEP * 30))
        page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#now-title")).to_have_text("What needs you now")
    return page


def _task(page: Page, where: str, title: str, about: str) -> None:
    """The home lists, under `where` (now or next), the step `title` of the review `about`."""
    expect(
        page.locator(f"#tasks-{where} li").filter(has_text=about).filter(has_text=title)
    ).to_have_count(1)


def _review_page(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Afghanistan")
    expect(page.locator("#stage")).to_have_text("Drawn")


def _secretariat(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    # Starts at the draw meetings: phase 2 in progress, phase 1 confirmed.
    page.goto(f"{live_server.url}/lots/meetings/")
    expect(page.locator("main tr").filter(has_text="second review phase")).to_contain_text(
        "In progress"
    )
    expect(page.locator("main tr").filter(has_text="first review phase")).to_contain_text(
        "Confirmed"
    )
    # Then the home: the demo review's next step, and the review itself, to which the
    # secretariat is assigned (not a 404).
    page.goto(f"{live_server.url}/")
    _task(page, "now", "Open the consultations", "Afghanistan")
    _task(page, "now", "Communicate the report", "Armenia")
    _review_page(page, live_server, review)


def _focal_point(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    # "What needs you now": open the consultations of their own review, which they may do.
    _task(page, "now", "Open the consultations", "Afghanistan")
    page.locator("#tasks-now li").filter(has_text="Afghanistan").get_by_role("link").click()
    expect(page.locator("#stage")).to_have_text("Drawn")
    expect(page.get_by_role("button", name="Open the consultations")).to_be_visible()


def _expert(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    # The questionnaire, partly answered by the demo.
    page.goto(f"{live_server.url}/questionnaires/review/{review.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Self-assessment of Afghanistan")
    expect(main).to_contain_text("Being answered")
    expect(main).to_contain_text("Article 5. Criminalization of participation")


def _reviewing(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    # The demo review waits on the State under review; the home says so and who acts.
    afghanistan = page.locator("#tasks-next li").filter(has_text="Afghanistan")
    expect(afghanistan).to_contain_text("Open the consultations")
    expect(afghanistan).to_contain_text("Who acts: The focal point of Afghanistan")
    _review_page(page, live_server, review)
    # Their own steps come after the submission: the desk review says when it begins.
    page.goto(f"{live_server.url}/questionnaires/review/{review.pk}/desk-review/")
    expect(page.locator("main")).to_contain_text(
        "The desk review begins when the State under review submits its answers."
    )


def _observer(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    # Reads the review, acts on nothing.
    _review_page(page, live_server, review)
    expect(page.locator("main")).to_contain_text("Who acts: The focal point of Afghanistan")
    expect(page.locator("main form button")).to_have_count(0)


def _ngo(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    page.goto(f"{live_server.url}/civil-society/")
    main = page.locator("main")
    expect(main).to_contain_text("Briefings for non-governmental organizations")
    expect(main).to_contain_text("Demo Civil Society Network")
    expect(main.locator("tbody tr")).to_have_count(2)
    _no_review(page, live_server, review)


def _bureau(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    page.goto(f"{live_server.url}/civil-society/")
    main = page.locator("main")
    expect(main).to_contain_text("Briefings for non-governmental organizations")
    expect(main.get_by_role("link", name="Register of organizations")).to_be_visible()
    expect(main.locator("tbody tr")).to_have_count(2)
    _no_review(page, live_server, review)


def _working_group(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    page.goto(f"{live_server.url}/followup/")
    main = page.locator("main")
    expect(main).to_contain_text("Follow-up and analysis")
    expect(
        main.get_by_role("link", name="Working Group of Government Experts on Technical Assistance")
    ).to_be_visible()
    _no_review(page, live_server, review)


def _visitor(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    expect(page.locator("main")).to_contain_text("Nothing needs you at the moment.")
    expect(page.locator("main")).to_contain_text("No step of your reviews waits on someone else.")
    _no_review(page, live_server, review)


def _no_review(page: Page, live_server: LiveServer, review: CountryReview) -> None:
    """Without a part in the demo review, its page answers 404 and shows nothing of it."""
    response = page.goto(f"{live_server.url}{review.get_absolute_url()}")
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Afghanistan")


TOUR = {
    "secretariat": _secretariat,
    "focal-point": _focal_point,
    "expert": _expert,
    "reviewer": _reviewing,
    "reviewing-fp-1": _reviewing,
    "reviewing-fp-2": _reviewing,
    "observer": _observer,
    "ngo": _ngo,
    "bureau": _bureau,
    "working-group": _working_group,
    "visitor": _visitor,
}


@pytest.mark.parametrize("username", list(TOUR))
def test_each_demo_person_signs_in_and_finds_their_part_of_the_demo_review(
    live_server: LiveServer, browser: Browser, demo: CountryReview, username: str
) -> None:
    page = sign_in(browser, live_server, username)
    TOUR[username](page, live_server, demo)
    page.context.close()


def _stage(page: Page, live_server: LiveServer, review: CountryReview, stage: Stage) -> None:
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    expect(page.locator("#stage")).to_have_text(str(stage.label))


def test_the_demo_review_goes_from_the_draw_to_a_communicated_report_through_the_pages(
    live_server: LiveServer, browser: Browser, demo: CountryReview
) -> None:
    """P&R paras 23, 26, 29, 33, 34: each step taken by the demo person the tour names. The
    answers and the desk review's text are saved through the services (typing them is covered by
    the questionnaire tests); every move of the review is a button on a page."""
    review = demo
    people = {p.username: p for p in Person.objects.filter(username__in=TOUR)}

    # The focal point opens the consultations and records the schedule and languages.
    focal_point = sign_in(browser, live_server, "focal-point")
    focal_point.goto(f"{live_server.url}{review.get_absolute_url()}")
    focal_point.get_by_role("button", name="Open the consultations").click()
    expect(focal_point.locator("#stage")).to_have_text("Consultations")
    focal_point.get_by_label("Schedule agreed").fill("Answers by 15 September.")
    focal_point.get_by_label("English").check()
    focal_point.get_by_label("French").check()
    focal_point.get_by_role(
        "button", name="Record the agreed schedule and working languages"
    ).click()
    expect(focal_point.locator("#stage")).to_have_text(str(Stage.SELF_ASSESSMENT.label))

    # The remaining answers, then the focal point clears and submits them (with confirmation).
    questionnaire = Questionnaire.objects.get(review=review)
    _answer_all(questionnaire, people["focal-point"], sections=None)
    focal_point.goto(f"{live_server.url}/questionnaires/review/{review.pk}/")
    focal_point.get_by_role("button", name="Clear the answers").click()
    focal_point.get_by_role("link", name="Submit the answers (final)…").click()
    focal_point.get_by_role("button", name="Yes, submit the answers now").click()
    _stage(focal_point, live_server, review, Stage.DESK_REVIEW)

    # A reviewer sends the outcome of the desk review.
    questionnaire.refresh_from_db()
    save_outcome(
        questionnaire=questionnaire,
        text="The legislation covers the offences.",
        based_on_version=0,
        by=people["reviewer"],
    )
    reviewer = sign_in(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/questionnaires/review/{review.pk}/desk-review/outcome/")
    reviewer.get_by_role("button", name="Send to the State under review").click()
    _stage(reviewer, live_server, review, Stage.DIALOGUE)

    # The first reviewing State's focal point closes the dialogue with the draft report.
    first = sign_in(browser, live_server, "reviewing-fp-1")
    first.goto(f"{live_server.url}{review.get_absolute_url()}")
    first.get_by_role("button", name="Prepare the draft report").click()
    expect(first.locator("#stage")).to_have_text(str(Stage.DRAFT_REPORT.label))

    # ... and generates the first draft of the report from the answers and the desk review.
    first.goto(f"{live_server.url}/reports/{review.pk}/")
    first.get_by_role("button", name="Generate the first draft").click()
    expect(first.locator("#report-status")).to_have_text("Draft")

    # The three focal points approve the same version of the report.
    for page in (focal_point, first, sign_in(browser, live_server, "reviewing-fp-2")):
        page.goto(f"{live_server.url}/reports/{review.pk}/")
        page.get_by_role("button", name=re.compile(r"^Approve version \d+ for")).click()
        expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("#report-status")).to_contain_text("Final since")
    _stage(page, live_server, review, Stage.AGREED)

    # The secretariat records the report as communicated.
    secretariat = sign_in(browser, live_server, "secretariat")
    secretariat.goto(f"{live_server.url}{review.get_absolute_url()}")
    secretariat.get_by_role(
        "button", name="Record the report as communicated to the secretariat"
    ).click()
    expect(secretariat.locator("#stage")).to_have_text(str(Stage.COMMUNICATED.label))
    review.refresh_from_db()
    assert review.stage == Stage.COMMUNICATED


# -- The tour in Arabic ---------------------------------------------------------------------


def _ar(english: str) -> str:
    with translation.override("ar"):
        return gettext(english)


class ArabicTour:
    """One person's pages in Arabic: each page visited is checked as it is reached."""

    def __init__(self, browser: Browser, live_server: LiveServer, axe: Path) -> None:
        self.live_server = live_server
        self.axe = axe
        self.names = data_names("ar")
        # axe's own script is let in by the browser, not by the site's policy.
        self.context = browser.new_context(bypass_csp=True)
        self.page = self.context.new_page()
        self.problems: list[str] = []

    def _language(self, code: str) -> None:
        self.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": self.live_server.url}]
        )

    def check(self) -> None:
        """Right to left, in Arabic, no English interface text, no serious axe violation."""
        page, where = self.page, self.page.url.removeprefix(self.live_server.url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        arabic = interface_texts(page.content())
        self._language("en")
        english_page = self.context.request.get(page.url).text()
        assert '<html lang="en"' in english_page  # the same page in English, to compare with
        english = interface_texts(english_page)
        self._language("ar")
        self.problems += [
            f"{where}: English left: {t}" for t in untranslated(english, arabic, self.names)
        ]
        page.add_script_tag(path=str(self.axe))
        for violation in page.evaluate("async () => (await axe.run(document)).violations"):
            if violation["impact"] in SERIOUS:
                targets = "; ".join(", ".join(n["target"]) for n in violation["nodes"][:3])
                self.problems.append(
                    f"{where}: {violation['id']} ({violation['impact']}): {targets}"
                )

    def visit(self, path: str) -> Page:
        self.page.goto(f"{self.live_server.url}{path}")
        self.check()
        return self.page

    def sign_in(self, username: str) -> Page:
        """The README's sign-in, every page of it in Arabic; ends on the home page."""
        self._language("ar")
        page = self.visit("/accounts/login/")
        page.locator("#id_login").fill(username)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("main form").get_by_role("button", name=_ar("Sign in")).click()
        if username in WITH_SECOND_FACTOR:
            expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
            self.check()
            page.locator("#id_code").fill(totp_code(DEMO_TOTP_SECRET, now=FIXED_STEP * 30))
            page.locator("main form button[type=submit]").first.click()
        expect(page).to_have_url(f"{self.live_server.url}/")
        expect(page.locator("#now-title")).to_have_text(_ar("What needs you now"))
        self.check()
        return page


def _pages_in_arabic(review: CountryReview) -> dict[str, list[str]]:
    """The page each person of the tour starts from, after the home page."""
    detail = review.get_absolute_url()
    return {
        "secretariat": ["/lots/meetings/", detail],
        "focal-point": [detail],
        "expert": [f"/questionnaires/review/{review.pk}/"],
        "reviewer": [detail, f"/questionnaires/review/{review.pk}/desk-review/"],
        "observer": [detail],
        "ngo": ["/civil-society/"],
        "bureau": ["/civil-society/"],
        "working-group": ["/followup/"],
        "visitor": [],
    }


def test_the_tour_in_arabic_is_right_to_left_translated_and_accessible(
    live_server: LiveServer, browser: Browser, demo: CountryReview, axe_script: Path
) -> None:
    """Each person signs in with the interface in Arabic and opens their start pages; the focal
    point then takes the tour's first step, opening the consultations (P&R para 23)."""
    problems: list[str] = []
    for username, paths in _pages_in_arabic(demo).items():
        tour = ArabicTour(browser, live_server, axe_script)
        tour.sign_in(username)
        for path in paths:
            tour.visit(path)
        if username == "focal-point":
            page = tour.page
            expect(page.locator("#stage")).to_have_text(_ar(str(Stage.DRAWN.label)))
            page.get_by_role("button", name=_ar("Open the consultations")).click()
            expect(page.locator("#stage")).to_have_text(_ar(str(Stage.CONSULTATIONS.label)))
            tour.check()
        problems += [f"{username} {p}" for p in tour.problems]
        tour.context.close()
    assert problems == [], "\n".join(problems)
