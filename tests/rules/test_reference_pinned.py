"""The shipped reference data pinned to the text of the P&R (App. I and II, paras 6-53).

The tables below are written from the specification, not from the data files: every article of
every cluster of Appendices I and II (Table 1), in its phase and years (Table 2), and every
number of the rulebook against the paragraph that sets it. Swapping two clusters, moving one
article or changing one number in `data/` makes a test here fail.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from revmech.rules.instruments import ClusterSet, parse_catalogue, read_catalogue
from revmech.rules.rulebook import default_rulebook

Table = dict[str, dict[str, tuple[str, ...]]]

# P&R App. I Table 1 (adopted by resolution 8/2). The Firearms Protocol has no article in the
# cluster on law enforcement and the judicial system.
APPENDIX_I: Table = {
    "criminalization": {
        "UNTOC": ("2", "5", "6", "8", "9", "10", "15", "23"),
        "TIP": ("3", "5"),
        "SOM": ("3", "5", "6"),
        "FIREARMS": ("3", "5", "8"),
    },
    "prevention": {
        "UNTOC": ("24", "25", "29", "30", "31"),
        "TIP": ("6", "7", "9"),
        "SOM": ("8", "9", "14", "15", "16"),
        "FIREARMS": ("7", "9", "10", "11", "14", "15"),
    },
    "law_enforcement": {
        "UNTOC": ("7", "11", "19", "20", "22", "26", "27", "28"),
        "TIP": ("11", "12", "13"),
        "SOM": ("11", "12", "13"),
        "FIREARMS": (),
    },
    "international_cooperation": {
        "UNTOC": ("12", "13", "14", "16", "17", "18", "21"),
        "TIP": ("8", "10"),
        "SOM": ("7", "10", "18"),
        "FIREARMS": ("6", "12", "13"),
    },
}

# P&R App. II Table 1 (prepared by the secretariat for discussion).
APPENDIX_II: Table = {
    "criminalization": {
        "UNTOC": ("2", "5", "6", "8", "23"),
        "TIP": ("3", "5"),
        "SOM": ("3", "5", "6"),
        "FIREARMS": ("3", "5"),
    },
    "prevention": {
        "UNTOC": ("7", "9", "28", "29", "30", "31"),
        "TIP": ("9", "12", "13"),
        "SOM": ("12", "13", "14", "15"),
        "FIREARMS": ("7", "8", "9", "10", "11(a)", "14", "15"),
    },
    "criminal_justice": {
        "UNTOC": ("10", "11", "12", "15", "20", "22", "24", "25", "26"),
        "TIP": ("6", "7", "11", "14"),
        "SOM": ("11", "16", "19"),
        "FIREARMS": ("6", "11(b)"),
    },
    "international_cooperation": {
        "UNTOC": ("13", "14", "16", "17", "18", "19", "21", "27"),
        "TIP": ("8", "10"),
        "SOM": ("7", "8", "9", "10", "17", "18"),
        "FIREARMS": ("12", "13"),
    },
}

# Table 2 of each appendix: (years, phase, clusters reviewed); paras 8, 9.
WORKPLANS: dict[str, list[tuple[str, str, frozenset[str]]]] = {
    "app1": [
        ("1-2", "preparatory", frozenset()),
        ("3-6", "1", frozenset({"criminalization", "international_cooperation"})),
        ("7-10", "2", frozenset({"law_enforcement", "prevention"})),
    ],
    "app2": [
        ("1-2", "preparatory", frozenset()),
        ("3-6", "1", frozenset({"criminalization", "prevention"})),
        ("7-10", "2", frozenset({"criminal_justice", "international_cooperation"})),
    ],
}

# App. I note b and App. II note b: articles 8 and 9 only for non-parties to UNCAC.
UNCAC_NOTE = {"UNTOC": {"8": "uncac_non_parties_only", "9": "uncac_non_parties_only"}}

# Every number of the rulebook: (value, unit, paragraph) as the P&R text sets it.
RULEBOOK: dict[str, tuple[int, str, int | None]] = {
    "consultations": (3, "weeks", 23),  # "within three weeks following the drawing of lots"
    "self_assessment": (3, "months", 26),  # "within three months following the drawing"
    "desk_review": (1, "months", 29),  # "within one month of receipt"
    "draft_report_target": (6, "months", 33),  # "preferably within six months"
    "redraws_per_party": (2, "count", 20),  # "a maximum of two times each"
    "reviewing_states_per_review": (2, "count", 18),  # "two other States"
    "reviews_per_state_min": (1, "count", 21),  # "a minimum of one review"
    "reviews_per_state_max": (3, "count", 21),  # "a maximum of three reviews"
    "experts_per_state_and_instrument": (5, "count", 19),  # "up to five governmental experts"
    "preparatory_phase_years": (2, "count", 9),  # "years 1 and 2"
    "review_phases": (2, "count", 8),  # "two review phases"
    "review_phase_years": (4, "count", 9),  # "They shall last four years each"
    "years_first_half": (2, "count", 10),  # "within the first two years of that review phase"
    "share_reviewed_in_first_half": (1, "ratio", 10),  # "One half of the States"
    "ngo_confirmation_days": (10, "days", 53),  # "no later than 10 days prior"
    "activation_link_days": (10, "days", None),  # the platform's own rule (DESIGN.md)
}


def _raw() -> tuple[dict[str, Any], dict[str, Any]]:
    files = resources.files("revmech.data")
    return (
        json.loads(files.joinpath("instruments.json").read_text("utf-8")),
        json.loads(files.joinpath("clusters.json").read_text("utf-8")),
    )


def _table(clusters: ClusterSet) -> Table:
    return {c.code: {i: tuple(a) for i, a in c.articles.items()} for c in clusters.clusters}


def _full(table: Table) -> Table:
    """Every instrument named in every cluster, empty where the appendix lists no article."""
    return {
        c: {i: arts.get(i, ()) for i in ("UNTOC", "TIP", "SOM", "FIREARMS")}
        for c, arts in table.items()
    }


@pytest.mark.parametrize(("code", "expected"), [("app1", APPENDIX_I), ("app2", APPENDIX_II)])
def test_every_cluster_article_is_the_appendix_one(code: str, expected: Table) -> None:
    clusters = next(s for s in read_catalogue().cluster_sets if s.code == code)
    assert _full(_table(clusters)) == expected
    assert dict(clusters.article_notes) == UNCAC_NOTE


@pytest.mark.parametrize("code", ["app1", "app2"])
def test_each_phase_reviews_the_clusters_of_its_years(code: str) -> None:
    clusters = next(s for s in read_catalogue().cluster_sets if s.code == code)
    assert [(w.years, w.phase, frozenset(w.clusters)) for w in clusters.workplan] == WORKPLANS[code]


def test_appendix_one_is_the_configuration_in_use() -> None:
    """App. I was adopted by resolution 8/2; App. II is the secretariat's alternative."""
    assert read_catalogue().default_cluster_set.code == "app1"


def _moves() -> list[tuple[int, str, str, str, str]]:
    """Every article of every cluster, with another cluster of the same set to move it to."""
    _, clusters = _raw()
    moves = []
    for v, version in enumerate(clusters["versions"]):
        codes = [c["code"] for c in version["clusters"]]
        for cluster in version["clusters"]:
            target = next(c for c in codes if c != cluster["code"])
            for instrument, articles in cluster["articles"].items():
                for article in articles:
                    moves.append((v, cluster["code"], target, instrument, article))
    return moves


@pytest.mark.parametrize(("version", "source", "target", "instrument", "article"), _moves())
def test_moving_any_article_to_another_cluster_is_caught(
    version: int, source: str, target: str, instrument: str, article: str
) -> None:
    instruments, clusters = _raw()
    moved = copy.deepcopy(clusters)
    found = {c["code"]: c for c in moved["versions"][version]["clusters"]}
    found[source]["articles"][instrument].remove(article)
    found[target]["articles"].setdefault(instrument, []).append(article)
    catalogue = parse_catalogue(instruments, moved)
    set_ = catalogue.cluster_sets[version]
    expected = APPENDIX_I if set_.code == "app1" else APPENDIX_II
    assert _full(_table(set_)) != expected


def test_swapping_the_clusters_of_the_two_phases_is_caught() -> None:
    instruments, clusters = _raw()
    swapped = copy.deepcopy(clusters)
    plan = swapped["versions"][0]["workplan"]
    phase_one = next(e for e in plan if e["years"] == "3-6")
    phase_two = next(e for e in plan if e["years"] == "7-10")
    phase_one["clusters"], phase_two["clusters"] = phase_two["clusters"], phase_one["clusters"]
    workplan = parse_catalogue(instruments, swapped).cluster_sets[0].workplan
    assert [(w.years, w.phase, frozenset(w.clusters)) for w in workplan] != WORKPLANS["app1"]


def test_every_number_of_the_rulebook_is_the_paragraph_one() -> None:
    book = default_rulebook()
    assert {
        name: (rule.value, rule.unit, rule.paragraph) for name, rule in book.rules.items()
    } == RULEBOOK
    assert book["share_reviewed_in_first_half"].denominator == 2
    assert book["draft_report_target"].is_target
    assert [book[n].starts for n in ("consultations", "self_assessment", "desk_review")] == [
        "draw_of_lots",
        "draw_of_lots",
        "self_assessment_received",
    ]


def test_every_number_of_the_rulebook_is_read_somewhere() -> None:
    """A number nobody reads would let an amendment change nothing (P&R para 6)."""
    root = resources.files("revmech")
    sources = [
        path.read_text("utf-8")
        for path in Path(str(root)).rglob("*.py")
        if path.name != "rulebook.py" and "migrations" not in path.parts
    ]
    unread = [
        name
        for name in default_rulebook().rules
        if not any(f'"{name}"' in text for text in sources)
    ]
    # ngo_confirmation_days is kept for the briefings of civil society (P&R para 53 (e)).
    assert unread in ([], ["ngo_confirmation_days"])
