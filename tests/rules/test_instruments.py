"""The instruments, clusters and workplans as shipped (P&R paras 8, 9, App. I and II)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from revmech.rules.instruments import (
    LANGUAGES,
    InstrumentDataError,
    parse_catalogue,
    read_catalogue,
)


def _raw() -> tuple[dict[str, Any], dict[str, Any]]:
    files = resources.files("revmech.data")
    return (
        json.loads(files.joinpath("instruments.json").read_text("utf-8")),
        json.loads(files.joinpath("clusters.json").read_text("utf-8")),
    )


@pytest.mark.parametrize(
    ("code", "articles"), [("UNTOC", 41), ("TIP", 20), ("SOM", 25), ("FIREARMS", 21)]
)
def test_every_article_is_there_with_a_title_in_six_languages(code: str, articles: int) -> None:
    instrument = read_catalogue().instrument(code)
    assert [a.number for a in instrument.articles] == [str(n) for n in range(1, articles + 1)]
    for article in instrument.articles:
        assert all(article.title[lang].strip() for lang in LANGUAGES)


def test_appendix_one_is_the_default_and_matches_table_1() -> None:
    clusters = read_catalogue().default_cluster_set
    assert clusters.code == "app1"
    criminalization = clusters.cluster("criminalization")
    assert criminalization.articles["UNTOC"] == ("2", "5", "6", "8", "9", "10", "15", "23")
    assert criminalization.articles["TIP"] == ("3", "5")
    assert criminalization.articles["SOM"] == ("3", "5", "6")
    assert criminalization.articles["FIREARMS"] == ("3", "5", "8")
    assert clusters.article_notes["UNTOC"] == {
        "8": "uncac_non_parties_only",
        "9": "uncac_non_parties_only",
    }


def test_the_workplan_reviews_two_clusters_in_each_phase() -> None:
    workplan = read_catalogue().default_cluster_set.workplan
    assert [entry.years for entry in workplan] == ["1-2", "3-6", "7-10"]
    assert workplan[0].clusters == ()
    assert len(workplan[1].clusters) == 2
    assert len(workplan[2].clusters) == 2
    assert set(workplan[1].clusters).isdisjoint(workplan[2].clusters)


def test_appendix_one_clusters_cover_each_article_once_per_instrument() -> None:
    clusters = read_catalogue().default_cluster_set
    for code in ("UNTOC", "TIP", "SOM", "FIREARMS"):
        listed = [n for c in clusters.clusters for n in c.articles.get(code, ())]
        assert len(listed) == len(set(listed)), code


def test_a_cluster_naming_an_article_that_does_not_exist_is_refused() -> None:
    instruments, clusters = _raw()
    broken = copy.deepcopy(clusters)
    broken["versions"][0]["clusters"][0]["articles"]["TIP"].append("99")
    with pytest.raises(InstrumentDataError, match="TIP has no article 99"):
        parse_catalogue(instruments, broken)


def test_a_missing_translation_is_refused() -> None:
    instruments, clusters = _raw()
    broken = copy.deepcopy(instruments)
    broken["instruments"][1]["articles"][4]["title"]["ru"] = ""
    with pytest.raises(InstrumentDataError, match="TIP article 5: no text in ru"):
        parse_catalogue(broken, clusters)


def test_two_default_versions_are_refused() -> None:
    instruments, clusters = _raw()
    broken = copy.deepcopy(clusters)
    for version in broken["versions"]:
        version["is_default"] = True
    with pytest.raises(InstrumentDataError, match="exactly one version"):
        parse_catalogue(instruments, broken)
