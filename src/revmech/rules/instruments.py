"""The instruments, their articles, the thematic clusters and the workplan (P&R paras 8, 9).

Read from `data/instruments.json` and `data/clusters.json` and validated: a cluster may only
name articles of its instrument. Clusters and workplans are versioned (P&R paras 6, 8, 9):
Appendix I Table 1 is the default version, Appendix II Table 1 an alternative.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from revmech.rules import RuleViolation

LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

# Articles App. I note b limits to States not party to the UN Convention against Corruption.
UNCAC_NON_PARTIES_ONLY = "uncac_non_parties_only"


class InstrumentDataError(RuleViolation):
    """The instruments or clusters data breaks a rule; the message names the entry."""


Text = Mapping[str, str]
"""A text in the six languages, keyed by language code (ar, zh, en, fr, ru, es)."""


@dataclass(frozen=True)
class Article:
    number: str
    title: Text

    @property
    def base_number(self) -> str:
        """The article a part belongs to: "11(a)" is part of article 11 (App. II)."""
        return self.number.split("(")[0].strip()


@dataclass(frozen=True)
class InstrumentText:
    code: str
    short_name: Text
    title: Text
    working_groups: tuple[str, ...]
    articles: tuple[Article, ...]
    adopted_by: Text | None = None  # the adopting resolution, in the six languages
    adopted_on: str = ""
    entered_into_force_on: str = ""

    def article(self, number: str) -> Article:
        for article in self.articles:
            if article.number == number:
                return article
        raise KeyError(number)


@dataclass(frozen=True)
class Cluster:
    code: str
    name: Text
    articles: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class WorkplanEntry:
    years: str
    phase: str
    clusters: tuple[str, ...]


@dataclass(frozen=True)
class ClusterSet:
    """One version of the thematic clusters and the multi-year workplan."""

    code: str
    label: Text
    source: Text
    is_default: bool
    clusters: tuple[Cluster, ...]
    article_notes: Mapping[str, Mapping[str, str]]
    workplan: tuple[WorkplanEntry, ...]
    notes: Text | None = None

    def cluster(self, code: str) -> Cluster:
        for cluster in self.clusters:
            if cluster.code == code:
                return cluster
        raise KeyError(code)


@dataclass(frozen=True)
class WorkingGroup:
    code: str
    name: Text


@dataclass(frozen=True)
class Catalogue:
    """Everything the instruments and clusters files hold, validated together."""

    instruments: tuple[InstrumentText, ...]
    working_groups: tuple[WorkingGroup, ...]
    cluster_sets: tuple[ClusterSet, ...]

    def instrument(self, code: str) -> InstrumentText:
        for instrument in self.instruments:
            if instrument.code == code:
                return instrument
        raise KeyError(code)

    @property
    def default_cluster_set(self) -> ClusterSet:
        return next(s for s in self.cluster_sets if s.is_default)


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict):
        raise InstrumentDataError(f"{where}: expected a text in the six languages")
    missing = [lang for lang in LANGUAGES if not str(value.get(lang, "")).strip()]
    if missing:
        raise InstrumentDataError(f"{where}: no text in {', '.join(missing)}")
    return {lang: str(value[lang]) for lang in LANGUAGES}


def _optional_text(value: Any, where: str) -> Text | None:
    return None if value is None else _text(value, where)


def parse_catalogue(
    instruments_data: Mapping[str, Any], clusters_data: Mapping[str, Any]
) -> Catalogue:
    """Build and check the catalogue; refuses it whole at the first broken rule."""
    if instruments_data.get("format") != "revmech.instruments.v1":
        raise InstrumentDataError("instruments.json: format must be revmech.instruments.v1")
    if clusters_data.get("format") != "revmech.clusters.v1":
        raise InstrumentDataError("clusters.json: format must be revmech.clusters.v1")
    working_groups = tuple(
        WorkingGroup(code=wg["code"], name=_text(wg["name"], f"working group {wg['code']}"))
        for wg in instruments_data.get("working_groups", [])
    )
    wg_codes = {wg.code for wg in working_groups}
    instruments: list[InstrumentText] = []
    for item in instruments_data["instruments"]:
        code = item["code"]
        numbers: set[str] = set()
        articles: list[Article] = []
        for art in item["articles"]:
            number = str(art["number"])
            if number in numbers:
                raise InstrumentDataError(f"instruments.json: {code} article {number} is repeated")
            numbers.add(number)
            articles.append(Article(number, _text(art["title"], f"{code} article {number}")))
        unknown_wg = [wg for wg in item.get("working_groups", []) if wg not in wg_codes]
        if unknown_wg:
            raise InstrumentDataError(f"instruments.json: {code} names unknown {unknown_wg[0]}")
        instruments.append(
            InstrumentText(
                code=code,
                short_name=_text(item["short_name"], f"{code} short name"),
                title=_text(item["title"], f"{code} title"),
                working_groups=tuple(item.get("working_groups", [])),
                articles=tuple(articles),
                adopted_by=_optional_text(item.get("adopted_by"), f"{code} adopted by"),
                adopted_on=item.get("adopted_on", ""),
                entered_into_force_on=item.get("entered_into_force_on", ""),
            )
        )
    by_code = {i.code: i for i in instruments}
    sets: list[ClusterSet] = []
    for version in clusters_data["versions"]:
        vcode = version["code"]
        clusters: list[Cluster] = []
        for c in version["clusters"]:
            arts: dict[str, tuple[str, ...]] = {}
            for icode, numbers_list in c["articles"].items():
                if icode not in by_code:
                    raise InstrumentDataError(f"clusters.json: {vcode}/{c['code']}: no {icode}")
                known = {a.number for a in by_code[icode].articles}
                for number in numbers_list:
                    if str(number).split("(")[0].strip() not in known:
                        raise InstrumentDataError(
                            f"clusters.json: {vcode}/{c['code']}: {icode} has no article {number}"
                        )
                arts[icode] = tuple(str(n) for n in numbers_list)
            clusters.append(
                Cluster(
                    code=c["code"], name=_text(c["name"], f"cluster {c['code']}"), articles=arts
                )
            )
        cluster_codes = {c.code for c in clusters}
        workplan: list[WorkplanEntry] = []
        for entry in version.get("workplan", []):
            for cc in entry.get("clusters", []):
                if cc not in cluster_codes:
                    raise InstrumentDataError(f"clusters.json: {vcode} workplan names {cc}")
            workplan.append(
                WorkplanEntry(
                    years=str(entry["years"]),
                    phase=str(entry["phase"]),
                    clusters=tuple(entry.get("clusters", [])),
                )
            )
        sets.append(
            ClusterSet(
                code=vcode,
                label=_text(version["label"], f"cluster version {vcode}"),
                source=_text(version["source"], f"cluster version {vcode} source"),
                is_default=bool(version.get("is_default", False)),
                clusters=tuple(clusters),
                article_notes={k: dict(v) for k, v in version.get("article_notes", {}).items()},
                workplan=tuple(workplan),
                notes=_optional_text(version.get("notes"), f"cluster version {vcode} notes"),
            )
        )
    if sum(s.is_default for s in sets) != 1:
        raise InstrumentDataError("clusters.json: exactly one version must be the default")
    return Catalogue(tuple(instruments), working_groups, tuple(sets))


def _load_json(name: str) -> Any:
    return json.loads(resources.files("revmech.data").joinpath(name).read_text(encoding="utf-8"))


def read_catalogue() -> Catalogue:
    """The shipped catalogue of instruments, articles, clusters and workplans."""
    return parse_catalogue(_load_json("instruments.json"), _load_json("clusters.json"))
