"""Briefings for non-governmental organizations as pure rules (P&R para 53 (b), (c), (e))."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revmech.rules import RuleViolation
from revmech.rules import briefings as rules
from revmech.rules.briefings import AdmissionBasis, ConferenceSession, Standing
from revmech.rules.rulebook import default_rulebook

VIENNA = "Europe/Vienna"
COP_11 = ConferenceSession(11, date(2022, 10, 17), date(2022, 10, 21))
COP_12 = ConferenceSession(12, date(2024, 10, 14), date(2024, 10, 18))
COP_13 = ConferenceSession(13, date(2026, 10, 12), date(2026, 10, 16))
SESSIONS = (COP_11, COP_12, COP_13)


# -- Eligibility (P&R para 53 (c)) -------------------------------------------------------------


def test_the_previous_session_is_the_last_one_ended_before_the_briefing() -> None:
    assert rules.previous_session(date(2025, 6, 2), SESSIONS) == COP_12
    assert rules.previous_session(date(2026, 10, 16), SESSIONS) == COP_12  # COP 13 still sitting
    assert rules.previous_session(date(2026, 10, 17), SESSIONS) == COP_13
    assert rules.previous_session(date(2022, 1, 1), SESSIONS) is None


def test_consultative_status_and_admission_to_the_previous_session_make_eligible() -> None:
    standing = Standing(consultative_status_since=date(2010, 7, 1), admitted_to=frozenset({12}))
    found = rules.eligibility(standing, date(2025, 6, 2), SESSIONS)
    assert found.is_eligible
    assert found.basis is AdmissionBasis.CONSULTATIVE_STATUS
    assert "rule 17, paragraph 1" in found.reason


def test_an_organization_without_status_admitted_by_the_conference_is_eligible() -> None:
    standing = Standing(consultative_status_since=None, admitted_to=frozenset({12}))
    found = rules.eligibility(standing, date(2025, 6, 2), SESSIONS)
    assert found.is_eligible
    assert found.basis is AdmissionBasis.OTHER_RELEVANT


def test_status_granted_after_the_session_opened_counts_as_rule_17_paragraph_2() -> None:
    standing = Standing(consultative_status_since=date(2024, 10, 15), admitted_to=frozenset({12}))
    found = rules.eligibility(standing, date(2025, 6, 2), SESSIONS)
    assert found.basis is AdmissionBasis.OTHER_RELEVANT
    on_the_first_day = Standing(date(2024, 10, 14), frozenset({12}))
    assert rules.eligibility(on_the_first_day, date(2025, 6, 2), SESSIONS).basis is (
        AdmissionBasis.CONSULTATIVE_STATUS
    )


def test_consultative_status_alone_is_not_enough() -> None:
    standing = Standing(consultative_status_since=date(2010, 7, 1), admitted_to=frozenset())
    found = rules.eligibility(standing, date(2025, 6, 2), SESSIONS)
    assert not found.is_eligible
    assert "2024-10-14 to 2024-10-18" in found.reason


def test_admission_to_an_older_session_is_not_enough() -> None:
    standing = Standing(consultative_status_since=date(2010, 7, 1), admitted_to=frozenset({11}))
    assert not rules.eligibility(standing, date(2025, 6, 2), SESSIONS).is_eligible


def test_without_a_previous_session_nobody_is_eligible() -> None:
    standing = Standing(consultative_status_since=date(2010, 7, 1), admitted_to=frozenset({11}))
    found = rules.eligibility(standing, date(2021, 6, 2), SESSIONS)
    assert not found.is_eligible
    assert "2021-06-02" in found.reason


# -- Confirmation no later than 10 days before (P&R para 53 (e)) -------------------------------


def test_the_rulebook_gives_ten_days() -> None:
    assert default_rulebook().count("ngo_confirmation_days") == 10


def test_the_last_day_is_ten_days_before_the_briefing() -> None:
    assert rules.last_day_to_confirm(date(2026, 5, 20), 10) == date(2026, 5, 10)
    assert rules.last_day_to_confirm(date(2026, 3, 5), 10) == date(2026, 2, 23)


@pytest.mark.parametrize(
    ("confirmed_at", "in_time"),
    [
        (datetime(2026, 5, 10, 0, 0, tzinfo=ZoneInfo(VIENNA)), True),
        (datetime(2026, 5, 10, 23, 59, 59, 999999, tzinfo=ZoneInfo(VIENNA)), True),
        (datetime(2026, 5, 11, 0, 0, tzinfo=ZoneInfo(VIENNA)), False),
        (datetime(2026, 5, 19, 12, 0, tzinfo=ZoneInfo(VIENNA)), False),
        (datetime(2026, 5, 1, 9, 0, tzinfo=ZoneInfo(VIENNA)), True),
        # Vienna is at UTC+2 in May: 21:59:59 UTC is the last second, 22:00 UTC the first late one.
        (datetime(2026, 5, 10, 21, 59, 59, tzinfo=UTC), True),
        (datetime(2026, 5, 10, 22, 0, 0, tzinfo=UTC), False),
        # From New York, 17:30 on 10 May is 23:30 in Vienna: in time; 18:00 is midnight: late.
        (datetime(2026, 5, 10, 17, 30, tzinfo=ZoneInfo("America/New_York")), True),
        (datetime(2026, 5, 10, 18, 0, tzinfo=ZoneInfo("America/New_York")), False),
        # From Tokyo, 06:59 on 11 May is 23:59 on 10 May in Vienna: still in time.
        (datetime(2026, 5, 11, 6, 59, tzinfo=ZoneInfo("Asia/Tokyo")), True),
        (datetime(2026, 5, 11, 7, 0, tzinfo=ZoneInfo("Asia/Tokyo")), False),
    ],
)
def test_the_ten_day_rule_at_its_edges(confirmed_at: datetime, in_time: bool) -> None:
    assert rules.is_confirmation_in_time(confirmed_at, date(2026, 5, 20), 10, VIENNA) is in_time


def test_the_deadline_follows_the_place_across_a_change_of_summer_time() -> None:
    # Briefing on 5 November in New York: the last day (26 October) is still summer time there.
    deadline = rules.confirmation_deadline(date(2026, 11, 5), 10, "America/New_York")
    assert deadline.astimezone(UTC) == datetime(2026, 10, 27, 4, 0, tzinfo=UTC)


def test_a_late_confirmation_is_refused_naming_the_deadline() -> None:
    late = datetime(2026, 5, 11, 8, 0, tzinfo=ZoneInfo(VIENNA))
    with pytest.raises(RuleViolation) as refused:
        rules.check_confirmation_in_time(late, date(2026, 5, 20), 10, VIENNA)
    assert "by the end of 2026-05-10 (Europe/Vienna time)" in refused.value.message
    assert refused.value.rule == "P&R para 53 (e)"


def test_a_naive_time_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        rules.is_confirmation_in_time(datetime(2026, 5, 1), date(2026, 5, 20), 10, VIENNA)  # noqa: DTZ001


def test_an_unknown_time_zone_is_refused_by_name() -> None:
    with pytest.raises(RuleViolation, match="Mars/Olympus"):
        rules.confirmation_deadline(date(2026, 5, 20), 10, "Mars/Olympus")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a loaded machine
@given(
    briefing_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=60),
    zone=st.sampled_from([VIENNA, "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati"]),
)
def test_the_last_second_is_in_time_and_the_next_is_late(
    briefing_on: date, days: int, zone: str
) -> None:
    deadline = rules.confirmation_deadline(briefing_on, days, zone)
    assert rules.is_confirmation_in_time(
        deadline - timedelta(microseconds=1), briefing_on, days, zone
    )
    assert not rules.is_confirmation_in_time(deadline, briefing_on, days, zone)
    assert (deadline - timedelta(microseconds=1)).date() == briefing_on - timedelta(days=days)


# -- Mentions of States (P&R para 53 (b)) ------------------------------------------------------


@pytest.fixture(scope="module")
def checker() -> rules.MentionChecker:
    raw = resources.files("revmech.data").joinpath("state_names.json").read_text("utf-8")
    terms = {code: list(names.values()) for code, names in json.loads(raw)["names"].items()}
    for code, words in rules.shipped_adjectives().items():
        terms.setdefault(code, []).extend(words)
    return rules.build_checker(terms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Kenyan authorities and the courts of Nigeria.",
            [("KEN", "Kenyan"), ("NGA", "Nigeria")],
        ),
        ("The French reform.", [("FRA", "French")]),
        (
            "Les autorités kényanes et la réforme française au Niger.",
            [("KEN", "kényanes"), ("FRA", "française"), ("NER", "Niger")],
        ),
        (
            "Las autoridades de Francia y el sistema keniano.",
            [("FRA", "Francia"), ("KEN", "keniano")],
        ),
        (
            "Власти Кении и французская реформа в Нигерии.",
            [("KEN", "Кении"), ("FRA", "французская"), ("NGA", "Нигерии")],
        ),
        (
            "السلطات الكينية والإصلاح في فرنسا وبالبرازيل",
            [("KEN", "الكينية"), ("FRA", "فرنسا"), ("BRA", "وبالبرازيل")],
        ),
        ("肯尼亚当局和法国的改革", [("KEN", "肯尼亚"), ("FRA", "法国")]),
        (
            "The Democratic Republic of the Congo and the Congo.",
            [("COD", "Democratic Republic of the Congo"), ("COG", "Congo")],
        ),
    ],
)
def test_states_are_found_by_name_and_adjective_in_six_languages(
    checker: rules.MentionChecker, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(m.state, m.found) for m in checker.find(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our malice towards none; give us the statistics.",
        "Trafficking in persons is a transnational crime; regional cooperation helps.",
        "La coopération régionale et l'assistance technique.",
        "Техническая помощь и региональное сотрудничество.",
        "التعاون الإقليمي والمساعدة التقنية",
        "区域合作和技术援助",
    ],
)
def test_general_text_is_not_flagged(checker: rules.MentionChecker, text: str) -> None:
    assert checker.find(text) == []


def test_a_mention_points_at_the_original_text_and_keeps_it(checker: rules.MentionChecker) -> None:
    text = "Témoignage: les réformes MISES EN ŒUVRE au Kenya depuis 2019."
    [mention] = checker.find(text)
    assert text[mention.start : mention.end] == "Kenya"
    assert "Kenya depuis 2019" in mention.excerpt
    assert mention.as_json()["state"] == "KEN"


def test_a_term_two_states_share_names_neither() -> None:
    checker = rules.build_checker({"AAA": ["Atlantis"], "BBB": ["Atlantis", "Lemuria"]})
    assert [m.state for m in checker.find("Atlantis and Lemuria")] == ["BBB"]
