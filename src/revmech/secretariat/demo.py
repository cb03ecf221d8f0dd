"""Demonstration of the secretariat's operations (called by `revmech demo`): a budget proposal
with two versions, three contributions and what they fund, a rate, a course, a request."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from revmech.registry.models import State
from revmech.reviews.models import CountryReview
from revmech.secretariat import services
from revmech.secretariat.models import Activity, BudgetProposal, NeedKind, Purpose, Source
from revmech.web.roles import Someone

FIRST_YEAR = 2026


def _line(activity: str, year: int, source: str, amount: str, note: str = "") -> services.LineData:
    return services.LineData(activity, year, source, Decimal(amount), "USD", note)


FIRST_LINES = [
    _line(Activity.MEETINGS, 2026, Source.REGULAR, "410000.00", "Two sessions of each group"),
    _line(Activity.MEETINGS, 2027, Source.REGULAR, "410000.00", "Two sessions of each group"),
    _line(Activity.TRANSLATION, 2026, Source.REGULAR, "180000.00", "Executive summaries"),
    _line(Activity.TRANSLATION, 2027, Source.REGULAR, "180000.00", "Executive summaries"),
    _line(Activity.COUNTRY_VISITS, 2026, Source.EXTRABUDGETARY, "95000.00"),
    _line(Activity.TRAINING, 2026, Source.EXTRABUDGETARY, "60000.00"),
    _line(Activity.PLATFORM, 2026, Source.REGULAR, "75000.00"),
]


def load(secretariat: Someone) -> None:
    """Idempotent: nothing is added once the demo proposal exists."""
    if BudgetProposal.objects.filter(first_year=FIRST_YEAR).exists():
        return
    now = timezone.now()
    proposal = services.propose_budget(first_year=FIRST_YEAR, actor=secretariat)
    services.save_budget_version(
        proposal=proposal,
        lines=FIRST_LINES,
        note="First proposal",
        based_on=None,
        actor=secretariat,
        now=now,
    )
    services.save_budget_version(
        proposal=proposal,
        lines=[
            *FIRST_LINES,
            _line(Activity.COUNTRY_VISITS, 2027, Source.EXTRABUDGETARY, "95000.00"),
            _line(Activity.TECHNICAL_ASSISTANCE, 2027, Source.EXTRABUDGETARY, "120000.00"),
        ],
        note="Country visits and assistance in the second year",
        based_on=1,
        actor=secretariat,
        now=now,
    )
    norway = State.objects.filter(code="NOR").first()
    general = services.record_contribution(
        donor="Norway",
        donor_state=norway,
        amount=Decimal("150000.00"),
        currency="USD",
        received_on=dt.date(2026, 3, 2),
        purpose=Purpose.GENERAL,
        free_of_conditions=True,
        actor=secretariat,
        now=now,
    )
    services.record_contribution(
        donor="European Union",
        amount=Decimal("80000.00"),
        currency="EUR",
        received_on=dt.date(2026, 4, 15),
        purpose=Purpose.COUNTRY_VISITS,
        free_of_conditions=True,
        actor=secretariat,
        now=now,
    )
    services.record_contribution(
        donor="A private foundation",
        amount=Decimal("25000.00"),
        currency="USD",
        received_on=dt.date(2026, 5, 20),
        purpose=Purpose.TRAINING,
        free_of_conditions=True,
        actor=secretariat,
        now=now,
    )
    services.record_rate(
        from_currency="EUR",
        to_currency="USD",
        rate=Decimal("1.08"),
        on=now.date(),
        source="United Nations operational rate of exchange",
        actor=secretariat,
    )
    review = CountryReview.objects.order_by("pk").first()
    if review is not None:
        translation = services.open_need(
            kind=NeedKind.TRANSLATION,
            review=review,
            language="pt",
            description="Translation of the country report into Portuguese",
            estimate=Decimal("12000.00"),
            currency="USD",
            actor=secretariat,
            now=now,
        )
        services.fund(
            need=translation,
            contribution=general,
            amount=Decimal("12000.00"),
            actor=secretariat,
            now=now,
        )
        services.open_need(  # left waiting for funding: the demo shows one open need
            kind=NeedKind.TRANSLATION,
            review=review,
            language="sw",
            description="Translation of the country report into Kiswahili",
            estimate=Decimal("9000.00"),
            currency="USD",
            actor=secretariat,
            now=now,
        )
    course = services.plan_course(
        title="Conducting a country review",
        starts_on=dt.date(2026, 11, 9),
        ends_on=dt.date(2026, 11, 11),
        language="fr",
        place="Vienna",
        actor=secretariat,
    )
    kenya = State.objects.filter(code="KEN").first()
    if kenya is not None:
        trainee = services.add_participant(
            course=course, name="Amina Odhiambo", state=kenya, actor=secretariat
        )
        services.record_completion(participant=trainee, actor=secretariat)
        services.record_support_request(
            state=kenya,
            kind="substantive",
            received_on=dt.date(2026, 10, 1),
            description="Guidance on answering the questions on article 23",
            actor=secretariat,
        )
