"""The secretariat's planning and accounts (P&R paras 15, 42, 46-50).

Each service checks that the actor is the secretariat, runs in one transaction and writes the
audit log. Money keeps its currency: sums are made per currency, and a conversion needs an
exchange rate recorded for that day (`convert`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import cast

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from moneyed import Money

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.registry.models import State
from revmech.reviews.models import CountryReview, CountryVisit, WorkingLanguage
from revmech.rules import RuleViolation
from revmech.secretariat import permissions
from revmech.secretariat.models import (
    PURPOSES_FOR,
    Activity,
    BudgetLine,
    BudgetProposal,
    BudgetVersion,
    Contribution,
    Course,
    ExchangeRate,
    Funding,
    FundingNeed,
    NeedKind,
    Participant,
    Purpose,
    Source,
    SupportKind,
    SupportRequest,
)
from revmech.web.dates import day
from revmech.web.roles import Someone

CENT = Decimal("0.01")


def _secretariat_only(actor: Someone) -> Person:
    if not permissions.is_secretariat_staff(actor):
        raise PermissionDenied
    return cast(Person, actor)


def _currency(code: str) -> str:
    code = code.strip().upper()
    if code not in settings.CURRENCIES:
        raise RuleViolation(
            _("%(code)s is not a currency the secretariat accounts in.") % {"code": code}
        )
    return code


def _positive(amount: Decimal) -> Decimal:
    if amount <= 0:
        raise RuleViolation(_("An amount must be more than zero."))
    if amount != amount.quantize(CENT):
        raise RuleViolation(_("An amount has at most two decimals."))
    return amount


# ---------------------------------------------------------------------------------------------
# The biennial budget proposal (paras 49, 50)


@dataclass(frozen=True)
class LineData:
    activity: str
    year: int
    source: str
    amount: Decimal
    currency: str
    description: str = ""


@transaction.atomic
def propose_budget(
    *, first_year: int, actor: Someone, request: HttpRequest | None = None
) -> BudgetProposal:
    """Open the budget proposal of the biennium that starts in `first_year` (para 49)."""
    staff = _secretariat_only(actor)
    if not 2000 <= first_year <= 2100:
        raise RuleViolation(_("%(year)s is not a year of a biennium.") % {"year": first_year})
    if BudgetProposal.objects.filter(first_year=first_year).exists():
        raise RuleViolation(
            _("The proposal for the biennium starting in %(year)s already exists.")
            % {"year": first_year}
        )
    proposal = BudgetProposal.objects.create(first_year=first_year, created_by=staff)
    audit.record("secretariat.budget.proposed", actor=actor, subject=proposal, request=request)
    return proposal


@transaction.atomic
def save_budget_version(
    *,
    proposal: BudgetProposal,
    lines: Sequence[LineData],
    note: str,
    based_on: int | None,
    actor: Someone,
    now: datetime,
    request: HttpRequest | None = None,
) -> BudgetVersion:
    """Save the next version of `proposal` with all its lines.

    `based_on` is the version the editor started from: if another version was saved since,
    nothing is saved and the refusal says so, so that two people revising at once never
    overwrite each other's lines.
    """
    staff = _secretariat_only(actor)
    locked = BudgetProposal.objects.select_for_update().get(pk=proposal.pk)
    latest = locked.versions.order_by("-number").values_list("number", flat=True).first()
    if latest != based_on:
        raise RuleViolation(
            _(
                "Version %(latest)s was saved while you were editing version %(yours)s: "
                "open the latest version and make your changes again."
            )
            % {"latest": latest, "yours": based_on or 0}
        )
    if not lines:
        raise RuleViolation(_("A budget version needs at least one line."))
    checked = []
    for number, line in enumerate(lines, start=1):
        if line.activity not in Activity.values:
            raise RuleViolation(
                _("Line %(n)s: %(value)s is not an activity.")
                % {"n": number, "value": line.activity}
            )
        if line.source not in Source.values:
            raise RuleViolation(
                _("Line %(n)s: %(value)s is not a source of funds.")
                % {"n": number, "value": line.source}
            )
        if line.year not in locked.years:
            raise RuleViolation(
                _("Line %(n)s: %(year)s is not a year of the biennium %(first)s-%(second)s.")
                % {
                    "n": number,
                    "year": line.year,
                    "first": locked.years[0],
                    "second": locked.years[1],
                }
            )
        try:
            amount = _positive(line.amount)
        except RuleViolation as refusal:
            raise RuleViolation(
                _("Line %(n)s: %(problem)s") % {"n": number, "problem": refusal}
            ) from refusal
        checked.append(
            BudgetLine(  # type: ignore[misc]  # django-stubs types a MoneyField as Decimal
                activity=line.activity,
                year=line.year,
                source=line.source,
                amount=Money(amount, _currency(line.currency)),
                description=line.description.strip()[:300],
            )
        )
    version = BudgetVersion.objects.create(
        proposal=locked,
        number=(latest or 0) + 1,
        note=note.strip()[:300],
        created_at=now,
        created_by=staff,
    )
    for line_object in checked:
        line_object.version = version
    BudgetLine.objects.bulk_create(checked)
    audit.record(
        "secretariat.budget.version_saved",
        actor=actor,
        subject=locked,
        request=request,
        version=version.number,
        lines=len(checked),
    )
    return version


def latest_version(proposal: BudgetProposal) -> BudgetVersion | None:
    return proposal.versions.order_by("-number").first()


@dataclass(frozen=True)
class BudgetTotals:
    """Sums of a version, each per currency: never one currency added to another."""

    by_activity: dict[str, dict[str, Money]]
    by_year: dict[int, dict[str, Money]]
    by_source: dict[str, dict[str, Money]]
    total: dict[str, Money]


def budget_totals(lines: Iterable[BudgetLine]) -> BudgetTotals:
    by_activity: dict[str, dict[str, Money]] = defaultdict(dict)
    by_year: dict[int, dict[str, Money]] = defaultdict(dict)
    by_source: dict[str, dict[str, Money]] = defaultdict(dict)
    total: dict[str, Money] = {}

    def add(into: dict[str, Money], amount: Money) -> None:
        code = str(amount.currency)
        into[code] = into[code] + amount if code in into else amount

    for line in lines:
        add(by_activity[line.activity], line.amount)
        add(by_year[line.year], line.amount)
        add(by_source[line.source], line.amount)
        add(total, line.amount)
    return BudgetTotals(dict(by_activity), dict(by_year), dict(by_source), total)


# ---------------------------------------------------------------------------------------------
# Voluntary contributions and what they fund (paras 15, 46, 47, 48)


@transaction.atomic
def record_contribution(
    *,
    donor: str,
    amount: Decimal,
    currency: str,
    received_on: date,
    purpose: str,
    free_of_conditions: bool,
    actor: Someone,
    now: datetime,
    donor_state: State | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Contribution:
    """Record a voluntary contribution; one with conditions attached is not accepted (para 47)."""
    staff = _secretariat_only(actor)
    if not donor.strip():
        raise RuleViolation(_("Name the donor."))
    if purpose not in Purpose.values:
        raise RuleViolation(_("%(value)s is not a purpose.") % {"value": purpose})
    if not free_of_conditions:
        raise RuleViolation(
            _(
                "A voluntary contribution is accepted only free of conditions and influence "
                "(P&R para 47): confirm it is, or do not record it."
            )
        )
    contribution = Contribution.objects.create(  # type: ignore[misc]  # as above: MoneyField
        donor=donor.strip(),
        donor_state=donor_state,
        amount=Money(_positive(amount), _currency(currency)),
        received_on=received_on,
        purpose=purpose,
        free_of_conditions=True,
        note=note.strip()[:300],
        recorded_at=now,
        recorded_by=staff,
    )
    audit.record(
        "secretariat.contribution.recorded",
        actor=actor,
        subject=contribution,
        request=request,
        amount=str(contribution.amount.amount),
        currency=str(contribution.amount.currency),
    )
    return contribution


@transaction.atomic
def record_rate(
    *,
    from_currency: str,
    to_currency: str,
    rate: Decimal,
    on: date,
    source: str,
    actor: Someone,
    request: HttpRequest | None = None,
) -> ExchangeRate:
    """Record the rate of a day, with where it comes from (e.g. the UN operational rate)."""
    staff = _secretariat_only(actor)
    first, second = _currency(from_currency), _currency(to_currency)
    if first == second:
        raise RuleViolation(_("A rate converts between two different currencies."))
    if rate <= 0:
        raise RuleViolation(_("The rate must be more than zero."))
    if not source.strip():
        raise RuleViolation(_("Say where the rate comes from."))
    if ExchangeRate.objects.filter(from_currency=first, to_currency=second, on=on).exists():
        raise RuleViolation(
            _("A rate of %(first)s to %(second)s is already recorded for %(on)s.")
            % {"first": first, "second": second, "on": day(on)}
        )
    recorded = ExchangeRate.objects.create(
        from_currency=first,
        to_currency=second,
        rate=rate,
        on=on,
        source=source.strip()[:200],
        recorded_by=staff,
    )
    audit.record("secretariat.rate.recorded", actor=actor, subject=recorded, request=request)
    return recorded


def convert(amount: Money, to_currency: str, on: date) -> tuple[Money, ExchangeRate | None]:
    """`amount` in `to_currency` at the rate recorded for `on` (either direction), rounded to
    the cent; refused, naming the missing rate, when none is recorded for that day."""
    source = str(amount.currency)
    if source == to_currency:
        return amount, None
    direct = ExchangeRate.objects.filter(
        from_currency=source, to_currency=to_currency, on=on
    ).first()
    if direct is not None:
        value = amount.amount * direct.rate
        return Money(value.quantize(CENT, ROUND_HALF_EVEN), to_currency), direct
    inverse = ExchangeRate.objects.filter(
        from_currency=to_currency, to_currency=source, on=on
    ).first()
    if inverse is not None:
        value = amount.amount / inverse.rate
        return Money(value.quantize(CENT, ROUND_HALF_EVEN), to_currency), inverse
    raise RuleViolation(
        _(
            "No rate of %(first)s to %(second)s is recorded for %(on)s: record it first, with "
            "its source."
        )
        % {"first": source, "second": to_currency, "on": day(on)}
    )


def balance(contribution: Contribution) -> Money:
    """What is left of a contribution after what it has funded."""
    spent = sum(
        (funding.amount.amount for funding in contribution.fundings.all()), start=Decimal(0)
    )
    return Money(contribution.amount.amount - spent, contribution.amount.currency)


@dataclass(frozen=True)
class PurposeBalance:
    purpose: str
    received: dict[str, Money]
    funded: dict[str, Money]
    left: dict[str, Money]

    @property
    def label(self) -> str:
        return str(Purpose(self.purpose).label)


def balances_by_purpose(contributions: Iterable[Contribution]) -> list[PurposeBalance]:
    """Received, funded and left per purpose, per currency. `contributions` should have their
    fundings prefetched (the page asks once for all)."""
    received: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    funded: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for contribution in contributions:
        code = str(contribution.amount.currency)
        received[contribution.purpose][code] += contribution.amount.amount
        for funding in contribution.fundings.all():
            funded[contribution.purpose][code] += funding.amount.amount
    result = []
    for purpose in Purpose.values:
        if purpose not in received:
            continue
        currencies = sorted(received[purpose])
        result.append(
            PurposeBalance(
                purpose=purpose,
                received={c: Money(received[purpose][c], c) for c in currencies},
                funded={c: Money(funded[purpose][c], c) for c in currencies},
                left={c: Money(received[purpose][c] - funded[purpose][c], c) for c in currencies},
            )
        )
    return result


def _language_code(code: str) -> str:
    code = code.strip().replace("_", "-")
    try:
        Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError) as unknown:
        raise RuleViolation(
            _("%(code)s is not a language code (for example pt, sw or fa).") % {"code": code}
        ) from unknown
    return code


@transaction.atomic
def open_need(
    *,
    kind: str,
    description: str,
    estimate: Decimal,
    currency: str,
    actor: Someone,
    now: datetime,
    review: CountryReview | None = None,
    visit: CountryVisit | None = None,
    language: str = "",
    request: HttpRequest | None = None,
) -> FundingNeed:
    """Mark work as waiting for funding: a country visit (para 48), a translation of a country
    report into a further language requested by the State under review (para 46), a course
    (para 42) or a State's request for support (para 15, 42)."""
    staff = _secretariat_only(actor)
    if kind not in NeedKind.values:
        raise RuleViolation(_("%(value)s is not a kind of need.") % {"value": kind})
    if not description.strip():
        raise RuleViolation(_("Describe what needs funding."))
    if kind == NeedKind.COUNTRY_VISIT:
        if visit is None:
            raise RuleViolation(_("Choose the country visit that needs funding."))
        review = visit.review
    if kind == NeedKind.TRANSLATION:
        if review is None:
            raise RuleViolation(_("Choose the review whose report is to be translated."))
        if not language.strip():
            raise RuleViolation(_("Give the language to translate into."))
        language = _language_code(language)
    need = FundingNeed.objects.create(  # type: ignore[misc]  # MoneyField
        kind=kind,
        description=description.strip()[:300],
        review=review,
        visit=visit,
        language=language if kind == NeedKind.TRANSLATION else "",
        estimate=Money(_positive(estimate), _currency(currency)),
        created_at=now,
        created_by=staff,
    )
    audit.record(
        "secretariat.need.opened",
        actor=actor,
        subject=need,
        request=request,
        review_id=review.pk if review else None,
        kind=kind,
    )
    return need


@transaction.atomic
def fund(
    *,
    need: FundingNeed,
    contribution: Contribution,
    amount: Decimal,
    actor: Someone,
    now: datetime,
    request: HttpRequest | None = None,
) -> Funding:
    """Spend `amount` of `contribution` (in its currency) on `need`.

    The contribution must be for the need's kind of work or for general purposes, and have
    enough left. When the need is estimated in another currency, the rate of the day must be
    recorded: it is kept with the funding.
    """
    staff = _secretariat_only(actor)
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.purpose not in PURPOSES_FOR[NeedKind(need.kind)]:
        raise RuleViolation(
            _("This contribution was given for %(purpose)s, not for this kind of work.")
            % {"purpose": locked.get_purpose_display()}
        )
    spent = Money(_positive(amount), locked.amount.currency)
    left = balance(locked)
    if spent > left:
        raise RuleViolation(
            _("Only %(left)s is left of this contribution.")
            % {"left": f"{left.amount} {left.currency}"}
        )
    _converted, rate = convert(spent, str(need.estimate.currency), now.date())
    funding = Funding.objects.create(  # type: ignore[misc]  # MoneyField
        contribution=locked, need=need, amount=spent, rate=rate, funded_at=now, funded_by=staff
    )
    audit.record(
        "secretariat.need.funded",
        actor=actor,
        subject=need,
        request=request,
        review_id=need.review_id,
        contribution=locked.pk,
        amount=str(spent.amount),
        currency=str(spent.currency),
    )
    return funding


@dataclass(frozen=True)
class NeedStatus:
    need: FundingNeed
    covered: Money  # in the need's currency, at the rates recorded with each funding
    waiting: bool


def need_status(need: FundingNeed) -> NeedStatus:
    """How much of the estimate is covered; `fundings` (with their rates) should be prefetched."""
    currency = str(need.estimate.currency)
    covered = Decimal(0)
    for funding in need.fundings.all():
        if str(funding.amount.currency) == currency:
            covered += funding.amount.amount
        elif funding.rate is not None:
            rate = funding.rate
            value = (
                funding.amount.amount * rate.rate
                if rate.from_currency == str(funding.amount.currency)
                else funding.amount.amount / rate.rate
            )
            covered += value.quantize(CENT, ROUND_HALF_EVEN)
    return NeedStatus(need, Money(covered, currency), covered < need.estimate.amount)


# ---------------------------------------------------------------------------------------------
# Training and support for governmental experts (para 42)


@transaction.atomic
def plan_course(
    *,
    title: str,
    starts_on: date,
    ends_on: date,
    language: str,
    place: str,
    actor: Someone,
    request: HttpRequest | None = None,
) -> Course:
    staff = _secretariat_only(actor)
    if not title.strip() or not place.strip():
        raise RuleViolation(_("Give the course's title and place."))
    if ends_on < starts_on:
        raise RuleViolation(_("The course cannot end before it starts."))
    if language not in WorkingLanguage.values:
        raise RuleViolation(
            _("%(code)s is not a working language of the Mechanism (P&R para 43).")
            % {"code": language}
        )
    course = Course.objects.create(
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        language=language,
        place=place.strip(),
        created_by=staff,
    )
    audit.record("secretariat.course.planned", actor=actor, subject=course, request=request)
    return course


@transaction.atomic
def add_participant(
    *, course: Course, name: str, state: State, actor: Someone, request: HttpRequest | None = None
) -> Participant:
    _secretariat_only(actor)
    if not name.strip():
        raise RuleViolation(_("Give the participant's name."))
    if course.participants.filter(name=name.strip(), state=state).exists():
        raise RuleViolation(_("%(name)s already takes part.") % {"name": name.strip()})
    participant = Participant.objects.create(course=course, name=name.strip(), state=state)
    audit.record(
        "secretariat.course.participant_added", actor=actor, subject=participant, request=request
    )
    return participant


@transaction.atomic
def record_completion(
    *, participant: Participant, actor: Someone, request: HttpRequest | None = None
) -> Participant:
    _secretariat_only(actor)
    participant.completed = True
    participant.save(update_fields=["completed"])
    audit.record("secretariat.course.completed", actor=actor, subject=participant, request=request)
    return participant


@transaction.atomic
def record_support_request(
    *,
    state: State,
    kind: str,
    description: str,
    received_on: date,
    actor: Someone,
    request: HttpRequest | None = None,
) -> SupportRequest:
    """A State's request for technical or substantive support (para 42)."""
    staff = _secretariat_only(actor)
    if kind not in SupportKind.values:
        raise RuleViolation(_("%(value)s is not a kind of support.") % {"value": kind})
    if not description.strip():
        raise RuleViolation(_("Describe the request."))
    recorded = SupportRequest.objects.create(
        state=state,
        kind=kind,
        description=description.strip(),
        received_on=received_on,
        recorded_by=staff,
    )
    audit.record("secretariat.support.requested", actor=actor, subject=recorded, request=request)
    return recorded


@transaction.atomic
def answer_support_request(
    *,
    support: SupportRequest,
    answer: str,
    answered_on: date,
    actor: Someone,
    now: datetime,
    estimate: Decimal | None = None,
    currency: str = "USD",
    request: HttpRequest | None = None,
) -> SupportRequest:
    """Answer a request; with an estimate, the support waits for funding as a need (para 42:
    "subject to the availability of voluntary contributions")."""
    _secretariat_only(actor)
    locked = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if locked.answered_on is not None:
        raise RuleViolation(_("This request is already answered."))
    if not answer.strip():
        raise RuleViolation(_("Write the answer."))
    if answered_on < locked.received_on:
        raise RuleViolation(_("The answer cannot come before the request."))
    if estimate is not None:
        locked.need = open_need(
            kind=NeedKind.SUPPORT,
            description=locked.description[:300],
            estimate=estimate,
            currency=currency,
            actor=actor,
            now=now,
        )
    locked.answer = answer.strip()
    locked.answered_on = answered_on
    locked.save(update_fields=["answer", "answered_on", "need"])
    audit.record("secretariat.support.answered", actor=actor, subject=locked, request=request)
    return locked


def translation_needs() -> QuerySet[FundingNeed]:
    return FundingNeed.objects.filter(kind=NeedKind.TRANSLATION)
