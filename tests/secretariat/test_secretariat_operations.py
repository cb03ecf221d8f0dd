"""The secretariat's operations (P&R paras 15, 42, 46-50): budget versions and totals,
voluntary contributions and their balances, funding links, exchange rates, training,
support requests, languages; and that nobody outside the secretariat reaches any of it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from moneyed import Money

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.registry.models import State
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation
from revmech.secretariat import demo, exports, services
from revmech.secretariat.models import (
    BudgetLine,
    BudgetVersion,
    Contribution,
    Funding,
    FundingNeed,
    NeedKind,
)

NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)


def line(activity: str, year: int, amount: str, currency: str = "USD", **more: Any) -> Any:
    return services.LineData(
        activity=activity,
        year=year,
        source=more.pop("source", "regular"),
        amount=Decimal(amount),
        currency=currency,
        **more,
    )


@pytest.fixture
def staff(personas: dict[str, Person]) -> Person:
    return personas["secretariat"]


def _contribution(staff: Person, amount: str, currency: str = "USD", **more: Any) -> Contribution:
    arguments: dict[str, Any] = {
        "donor": "Norway",
        "amount": Decimal(amount),
        "currency": currency,
        "received_on": dt.date(2026, 3, 2),
        "purpose": "general",
        "free_of_conditions": True,
        "actor": staff,
        "now": NOW,
    }
    arguments.update(more)
    return services.record_contribution(**arguments)


def _need(
    staff: Person, review: CountryReview, estimate: str, currency: str = "USD"
) -> FundingNeed:
    return services.open_need(
        kind=NeedKind.TRANSLATION,
        review=review,
        language="pt",
        description="Report into Portuguese",
        estimate=Decimal(estimate),
        currency=currency,
        actor=staff,
        now=NOW,
    )


# --- budget (paras 49, 50) ------------------------------------------------------------------


def test_each_revision_is_a_new_version_and_the_old_one_is_kept(staff: Person) -> None:
    proposal = services.propose_budget(first_year=2026, actor=staff)
    first = services.save_budget_version(
        proposal=proposal,
        lines=[line("meetings", 2026, "100.00"), line("meetings", 2027, "100.00")],
        note="first",
        based_on=None,
        actor=staff,
        now=NOW,
    )
    second = services.save_budget_version(
        proposal=proposal,
        lines=[line("meetings", 2026, "120.00")],
        note="second",
        based_on=1,
        actor=staff,
        now=NOW,
    )
    assert (first.number, second.number) == (1, 2)
    assert [str(x.amount.amount) for x in first.lines.all()] == ["100.00", "100.00"]
    assert [str(x.amount.amount) for x in second.lines.all()] == ["120.00"]


def test_a_stale_revision_is_refused_and_nothing_is_saved(staff: Person) -> None:
    proposal = services.propose_budget(first_year=2026, actor=staff)
    services.save_budget_version(
        proposal=proposal,
        lines=[line("meetings", 2026, "1.00")],
        note="",
        based_on=None,
        actor=staff,
        now=NOW,
    )
    services.save_budget_version(
        proposal=proposal,
        lines=[line("meetings", 2026, "2.00")],
        note="",
        based_on=1,
        actor=staff,
        now=NOW,
    )
    with pytest.raises(RuleViolation, match="Version 2 was saved while you were editing"):
        services.save_budget_version(
            proposal=proposal,
            lines=[line("meetings", 2026, "3.00")],
            note="",
            based_on=1,
            actor=staff,
            now=NOW,
        )
    assert BudgetVersion.objects.filter(proposal=proposal).count() == 2
    assert BudgetLine.objects.count() == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (line("meetings", 2028, "1.00"), "Line 2: 2028 is not a year of the biennium 2026-2027"),
        (line("parties", 2026, "1.00"), "Line 2: parties is not an activity"),
        (line("meetings", 2026, "0.00"), "Line 2: An amount must be more than zero"),
        (line("meetings", 2026, "1.001"), "at most two decimals"),
        (line("meetings", 2026, "1.00", currency="XYZ"), "XYZ is not a currency"),
    ],
)
def test_a_bad_line_is_named_and_no_version_is_made(staff: Person, bad: Any, message: str) -> None:
    proposal = services.propose_budget(first_year=2026, actor=staff)
    with pytest.raises(RuleViolation, match=message):
        services.save_budget_version(
            proposal=proposal,
            lines=[line("meetings", 2026, "5.00"), bad],
            note="",
            based_on=None,
            actor=staff,
            now=NOW,
        )
    assert not BudgetVersion.objects.exists()
    assert not BudgetLine.objects.exists()


def test_totals_add_up_per_currency_and_never_across_currencies(staff: Person) -> None:
    proposal = services.propose_budget(first_year=2026, actor=staff)
    version = services.save_budget_version(
        proposal=proposal,
        lines=[
            line("meetings", 2026, "100.10"),
            line("meetings", 2027, "200.20"),
            line("training", 2026, "50.00", currency="EUR", source="extrabudgetary"),
            line("training", 2027, "0.05", source="extrabudgetary"),
        ],
        note="",
        based_on=None,
        actor=staff,
        now=NOW,
    )
    totals = services.budget_totals(version.lines.all())
    assert totals.total == {"USD": Money("300.35", "USD"), "EUR": Money("50.00", "EUR")}
    assert totals.by_activity["meetings"] == {"USD": Money("300.30", "USD")}
    assert totals.by_year[2026] == {"USD": Money("100.10", "USD"), "EUR": Money("50.00", "EUR")}
    assert totals.by_source["extrabudgetary"] == {
        "EUR": Money("50.00", "EUR"),
        "USD": Money("0.05", "USD"),
    }
    assert isinstance(totals.total["USD"].amount, Decimal)


def test_the_budget_exports_to_word_and_to_a_spreadsheet_without_formulas(staff: Person) -> None:
    from docx import Document
    from openpyxl import load_workbook

    proposal = services.propose_budget(first_year=2026, actor=staff)
    version = services.save_budget_version(
        proposal=proposal,
        lines=[line("meetings", 2026, "1234.50", description='=HYPERLINK("http://x")')],
        note="",
        based_on=None,
        actor=staff,
        now=NOW,
    )
    word = Document(io.BytesIO(exports.budget_docx(version)))
    cells = [cell.text for row in word.tables[0].rows for cell in row.cells]
    assert "2026" in cells
    assert any("1,234.50" in c for c in cells)
    sheet = load_workbook(io.BytesIO(exports.budget_xlsx(version))).worksheets[0]
    row = [cell.value for cell in sheet[2]]
    assert row[3] == Decimal("1234.5") or row[3] == 1234.5
    assert row[5] == '\'=HYPERLINK("http://x")'


# --- contributions (paras 15, 46-48) --------------------------------------------------------


def test_a_contribution_with_conditions_is_not_accepted(staff: Person) -> None:
    with pytest.raises(RuleViolation, match="free of conditions and influence"):
        _contribution(staff, "100.00", free_of_conditions=False)
    assert not Contribution.objects.exists()


def test_funding_spends_a_contribution_for_its_purpose_only_up_to_its_balance(
    staff: Person, review: CountryReview
) -> None:
    general = _contribution(staff, "100.00")
    training = _contribution(staff, "100.00", purpose="training")
    need = _need(staff, review, "150.00")
    with pytest.raises(RuleViolation, match="given for Training"):
        services.fund(need=need, contribution=training, amount=Decimal("10"), actor=staff, now=NOW)
    services.fund(need=need, contribution=general, amount=Decimal("60.00"), actor=staff, now=NOW)
    with pytest.raises(RuleViolation, match=r"Only 40\.00 USD is left"):
        services.fund(
            need=need, contribution=general, amount=Decimal("40.01"), actor=staff, now=NOW
        )
    assert services.balance(general) == Money("40.00", "USD")
    status = services.need_status(FundingNeed.objects.get(pk=need.pk))
    assert status.covered == Money("60.00", "USD")
    assert status.waiting
    services.fund(need=need, contribution=general, amount=Decimal("40.00"), actor=staff, now=NOW)
    status = services.need_status(FundingNeed.objects.get(pk=need.pk))
    assert status.covered == Money("100.00", "USD")
    assert status.waiting
    assert services.balance(Contribution.objects.get(pk=general.pk)) == Money("0.00", "USD")


def test_a_conversion_needs_a_rate_recorded_for_the_day(
    staff: Person, review: CountryReview
) -> None:
    euros = _contribution(staff, "1000.00", currency="EUR")
    need = _need(staff, review, "540.00", currency="USD")
    with pytest.raises(RuleViolation, match="No rate of EUR to USD is recorded for 3 December"):
        services.fund(need=need, contribution=euros, amount=Decimal("500"), actor=staff, now=NOW)
    assert not Funding.objects.exists()
    services.record_rate(
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.925925926"),
        on=dt.date(2026, 12, 2),
        source="UN operational rate",
        actor=staff,
    )  # a rate of another day does not serve
    with pytest.raises(RuleViolation, match="No rate"):
        services.fund(need=need, contribution=euros, amount=Decimal("500"), actor=staff, now=NOW)
    rate = services.record_rate(
        from_currency="EUR",
        to_currency="USD",
        rate=Decimal("1.08"),
        on=NOW.date(),
        source="UN operational rate",
        actor=staff,
    )
    funding = services.fund(
        need=need, contribution=euros, amount=Decimal("500.00"), actor=staff, now=NOW
    )
    assert funding.rate == rate
    assert funding.amount == Money("500.00", "EUR")
    status = services.need_status(FundingNeed.objects.get(pk=need.pk))
    assert status.covered == Money("540.00", "USD")
    assert not status.waiting
    assert services.convert(Money("10.00", "USD"), "EUR", NOW.date())[0] == Money("9.26", "EUR")


def test_balances_by_purpose_keep_currencies_apart(staff: Person, review: CountryReview) -> None:
    general = _contribution(staff, "100.00")
    _contribution(staff, "70.00", currency="EUR")
    _contribution(staff, "30.00", purpose="visits")
    services.fund(
        need=_need(staff, review, "25.00"),
        contribution=general,
        amount=Decimal("25.00"),
        actor=staff,
        now=NOW,
    )
    rows = {row.purpose: row for row in services.balances_by_purpose(Contribution.objects.all())}
    assert rows["general"].received == {
        "EUR": Money("70.00", "EUR"),
        "USD": Money("100.00", "USD"),
    }
    assert rows["general"].left["USD"] == Money("75.00", "USD")
    assert rows["general"].left["EUR"] == Money("70.00", "EUR")
    assert rows["visits"].funded == {"USD": Money("0", "USD")}


def test_a_translation_need_names_its_review_and_a_real_language(
    staff: Person, review: CountryReview
) -> None:
    with pytest.raises(RuleViolation, match="not a language code"):
        services.open_need(
            kind=NeedKind.TRANSLATION,
            review=review,
            language="klingon!",
            description="x",
            estimate=Decimal("1"),
            currency="USD",
            actor=staff,
            now=NOW,
        )
    with pytest.raises(RuleViolation, match="Choose the review"):
        services.open_need(
            kind=NeedKind.TRANSLATION,
            language="pt",
            description="x",
            estimate=Decimal("1"),
            currency="USD",
            actor=staff,
            now=NOW,
        )
    assert not FundingNeed.objects.exists()


# --- training and support (para 42) ---------------------------------------------------------


def test_a_certificate_names_the_participant_and_the_course_in_the_readers_language(
    staff: Person,
) -> None:
    course = services.plan_course(
        title="Conducting a country review",
        starts_on=dt.date(2026, 11, 9),
        ends_on=dt.date(2026, 11, 11),
        language="fr",
        place="Vienna",
        actor=staff,
    )
    trainee = services.add_participant(
        course=course, name="Amina Odhiambo", state=State.objects.get(code="KEN"), actor=staff
    )
    with pytest.raises(RuleViolation, match="already takes part"):
        services.add_participant(
            course=course, name="Amina Odhiambo", state=State.objects.get(code="KEN"), actor=staff
        )
    pdf = exports.certificate_pdf(trainee, language="fr")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed to read the PDF back"
    text = subprocess.run(  # noqa: S603 (the path found above, fixed arguments)
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Amina Odhiambo" in text
    assert "Conducting a country review" in text


def test_an_answered_request_waits_for_funding_when_it_costs_money(staff: Person) -> None:
    request = services.record_support_request(
        state=State.objects.get(code="KEN"),
        kind="technical",
        description="Drafting help",
        received_on=dt.date(2026, 10, 1),
        actor=staff,
    )
    with pytest.raises(RuleViolation, match="cannot come before the request"):
        services.answer_support_request(
            support=request, answer="Yes", answered_on=dt.date(2026, 9, 1), actor=staff, now=NOW
        )
    answered = services.answer_support_request(
        support=request,
        answer="An expert will help",
        answered_on=dt.date(2026, 10, 5),
        estimate=Decimal("3000.00"),
        actor=staff,
        now=NOW,
    )
    assert answered.need is not None
    assert answered.need.kind == NeedKind.SUPPORT
    with pytest.raises(RuleViolation, match="already answered"):
        services.answer_support_request(
            support=request, answer="Again", answered_on=dt.date(2026, 10, 6), actor=staff, now=NOW
        )


# --- who may: the secretariat only ----------------------------------------------------------


OUTSIDERS = (
    "focal_point_under_review",
    "expert_reviewing",
    "observer",
    "ngo",
    "working_group_member",
    "no_role",
)


def test_nobody_outside_the_secretariat_can_act(personas: dict[str, Person]) -> None:
    for name in OUTSIDERS:
        with pytest.raises(PermissionDenied):
            services.propose_budget(first_year=2030, actor=personas[name])
        with pytest.raises(PermissionDenied):
            _contribution(personas[name], "10.00")
    assert not Contribution.objects.exists()


@pytest.fixture
def demo_data(staff: Person, review: CountryReview) -> None:
    demo.load(staff)


def _pages() -> list[str]:
    from revmech.secretariat.models import BudgetProposal, Course, Participant, SupportRequest

    proposal = BudgetProposal.objects.get()
    contribution = Contribution.objects.order_by("pk").first()
    assert contribution is not None
    course = Course.objects.get()
    return [
        reverse("secretariat:index"),
        reverse("secretariat:budgets"),
        reverse("secretariat:budget", args=[proposal.pk]),
        reverse("secretariat:revise_budget", args=[proposal.pk]),
        reverse("secretariat:budget_docx", args=[proposal.pk]),
        reverse("secretariat:budget_xlsx", args=[proposal.pk]) + "?version=1",
        reverse("secretariat:contributions"),
        reverse("secretariat:contribution", args=[contribution.pk]),
        reverse("secretariat:rates"),
        reverse("secretariat:needs"),
        reverse("secretariat:new_need"),
        reverse("secretariat:courses"),
        reverse("secretariat:course", args=[course.pk]),
        reverse("secretariat:certificate", args=[Participant.objects.get().pk]),
        reverse("secretariat:support"),
        reverse("secretariat:answer_support", args=[SupportRequest.objects.get().pk]),
        reverse("secretariat:languages"),
        "/api/secretariat/budgets/",
        f"/api/secretariat/contributions/{contribution.pk}/",
    ]


def test_outsiders_get_nothing_from_any_page_or_api_call(
    client: Client, personas: dict[str, Person], demo_data: None
) -> None:
    for name in OUTSIDERS:
        client.force_login(personas[name])
        for url in _pages():
            response = client.get(url)
            assert response.status_code == 404, (name, url)
            assert b"Norway" not in response.content
            assert b"410" not in response.content
    client.logout()
    for url in _pages():
        assert client.get(url).status_code in {302, 401, 403, 404}, url


def test_the_secretariat_reads_every_page_in_a_bounded_number_of_queries(
    client: Client, staff: Person, demo_data: None, django_assert_max_num_queries: Any
) -> None:
    client.force_login(staff)
    for url in _pages():
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("secretariat:contributions")).content.decode()
    assert "Norway" in page
    assert "European Union" in page
    assert "EUR" in page


def test_the_demo_has_two_budget_versions_three_contributions_and_what_they_funded(
    demo_data: None,
) -> None:
    assert BudgetVersion.objects.count() == 2
    assert Contribution.objects.count() == 3
    assert Funding.objects.count() >= 1
    assert any(
        services.need_status(need).waiting for need in FundingNeed.objects.all()
    )  # one translation still waits


def test_a_revision_through_the_page_saves_a_version_and_is_audited(
    client: Client, staff: Person, demo_data: None
) -> None:
    from revmech.secretariat.models import BudgetProposal

    proposal = BudgetProposal.objects.get()
    client.force_login(staff)
    form = {
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "200",
        "line-0-activity": "meetings",
        "line-0-year": "2026",
        "line-0-source": "regular",
        "line-0-amount": "10.00",
        "line-0-currency": "USD",
        "note": "page",
        "based_on": "1",
    }
    stale = client.post(reverse("secretariat:revise_budget", args=[proposal.pk]), form)
    assert stale.status_code == 200
    assert "Version 2 was saved" in stale.content.decode()
    form["based_on"] = "2"
    saved = client.post(reverse("secretariat:revise_budget", args=[proposal.pk]), form)
    assert saved.status_code == 302
    assert BudgetVersion.objects.filter(proposal=proposal).count() == 3
    assert Entry.objects.filter(action="secretariat.budget.version_saved").count() == 3


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Contributions volontaires"),
        ("ar", "المساهمات الطوعية"),
        ("zh-hans", "自愿捐款"),
    ],
)
def test_the_pages_speak_the_readers_language(
    client: Client, staff: Person, demo_data: None, language: str, title: str
) -> None:
    client.force_login(staff)
    client.cookies["django_language"] = language
    page = client.get(reverse("secretariat:contributions")).content.decode()
    assert title in page
    for english in ("Voluntary contributions", "Balances by purpose", "Record a contribution"):
        assert english not in page
