"""Thematic analysis for the Conference (P&R paras 3 (b), 7 (d), 40, 53 (a)): counts of needs,
successes, good practices and challenges by instrument, cluster, article, type, status and
regional group.

No ranking, by construction: a State is never a dimension (`DIMENSIONS` has none and asking for
one raises), and rows come in the dimension's own order (instrument, cluster and article
positions, the order of the choices), never sorted by a count. The public scope counts only
published or consented material; the internal scope counts everything but quotes nothing and
names no State (paras 37, 53 (b)).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revmech.followup.models import (
    AssistanceType,
    Finding,
    FindingKind,
    Need,
    NeedStatus,
)
from revmech.registry.models import Article, Cluster, ClusterSet, Instrument, RegionalGroup

PUBLIC = "public"
INTERNAL = "internal"
SCOPES = (PUBLIC, INTERNAL)

# What figures may be grouped by. "state" is deliberately absent (P&R para 3 (b)).
DIMENSIONS = ("instrument", "cluster", "article", "type", "regional_group", "status", "kind")
ANALYSED_KINDS = (FindingKind.SUCCESS, FindingKind.GOOD_PRACTICE, FindingKind.CHALLENGE)


@dataclass(frozen=True)
class Category:
    key: str
    label: str


@dataclass(frozen=True)
class Table:
    """One figure: rows of a dimension, columns of a series, counts in the cells."""

    key: str
    title: str
    dimension: str
    series: tuple[Category, ...]
    rows: tuple[tuple[Category, tuple[int, ...]], ...]

    @property
    def total(self) -> int:
        return sum(sum(values) for _category, values in self.rows)

    def row_totals(self) -> list[tuple[Category, tuple[int, ...], int]]:
        return [(category, values, sum(values)) for category, values in self.rows]

    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(values[i] for _c, values in self.rows) for i in range(len(self.series)))


@dataclass(frozen=True)
class Spec:
    key: str
    title: Any  # a lazy translation
    subject: str  # "needs" or "findings"
    dimension: str
    series: str


SPECS: tuple[Spec, ...] = (
    Spec(
        "needs-instrument-type",
        gettext_lazy("Technical assistance needs by instrument and type of assistance"),
        "needs",
        "instrument",
        "type",
    ),
    Spec(
        "needs-cluster-status",
        gettext_lazy("Technical assistance needs by thematic cluster and status"),
        "needs",
        "cluster",
        "status",
    ),
    Spec(
        "needs-article-type",
        gettext_lazy("Technical assistance needs by article and type of assistance"),
        "needs",
        "article",
        "type",
    ),
    Spec(
        "needs-region-type",
        gettext_lazy("Technical assistance needs by regional group and type of assistance"),
        "needs",
        "regional_group",
        "type",
    ),
    Spec(
        "findings-cluster-kind",
        gettext_lazy("Successes, good practices and challenges by thematic cluster"),
        "findings",
        "cluster",
        "kind",
    ),
    Spec(
        "findings-instrument-kind",
        gettext_lazy("Successes, good practices and challenges by instrument"),
        "findings",
        "instrument",
        "kind",
    ),
    Spec(
        "findings-region-kind",
        gettext_lazy("Successes, good practices and challenges by regional group"),
        "findings",
        "regional_group",
        "kind",
    ),
)
SPEC_BY_KEY = {spec.key: spec for spec in SPECS}

# The field each dimension reads, on a need and on a finding.
_FIELDS = {
    "instrument": "instrument_id",
    "cluster": "cluster_id",
    "article": "article_id",
    "type": "assistance_type",
    "regional_group": "state__regional_group",
    "status": "status",
    "kind": "kind",
}


def needs_in(scope: str, *, instruments: Sequence[str] = ()) -> QuerySet[Need]:
    """The needs a scope counts: public ones only, or all; of some instruments, or all."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope {scope!r}.")
    needs = Need.objects.all()
    if scope == PUBLIC:
        needs = needs.filter(is_public=True)
    if instruments:
        needs = needs.filter(instrument__code__in=list(instruments))
    return needs


def findings_in(scope: str, *, instruments: Sequence[str] = ()) -> QuerySet[Finding]:
    """The successes, good practices and challenges a scope counts."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope {scope!r}.")
    findings = Finding.objects.filter(kind__in=ANALYSED_KINDS)
    if scope == PUBLIC:
        findings = findings.filter(is_public=True)
    if instruments:
        findings = findings.filter(instrument__code__in=list(instruments))
    return findings


def _categories(dimension: str, present: set[Any]) -> list[Category]:
    """The categories of a dimension in its own order; articles only where something is."""
    if dimension == "instrument":
        return [Category(str(i.pk), i.short_name) for i in Instrument.objects.order_by("position")]
    if dimension == "cluster":
        default = ClusterSet.objects.filter(is_default=True).first()
        clusters = Cluster.objects.filter(cluster_set=default) | Cluster.objects.filter(
            pk__in=[p for p in present if p is not None]
        )
        found = [
            Category(str(c.pk), str(c))
            for c in clusters.distinct().order_by("cluster_set__position", "position")
        ]
        return [*found, Category("None", _("No cluster named"))] if None in present else found
    if dimension == "article":
        articles = Article.objects.filter(pk__in=[p for p in present if p is not None])
        found = [
            Category(
                str(a.pk),
                _("%(instrument)s, art. %(number)s")
                % {"instrument": a.instrument.short_name, "number": a.number},
            )
            for a in articles.select_related("instrument").order_by(
                "instrument__position", "position"
            )
        ]
        return [*found, Category("None", _("No article named"))] if None in present else found
    if dimension == "type":
        return [Category(value, str(label)) for value, label in AssistanceType.choices]
    if dimension == "regional_group":
        groups = [Category(value, str(label)) for value, label in RegionalGroup.choices]
        return [*groups, Category("", _("No regional group"))] if "" in present else groups
    if dimension == "status":
        return [Category(value, str(label)) for value, label in NeedStatus.choices]
    if dimension == "kind":
        return [Category(str(k.value), str(k.label)) for k in ANALYSED_KINDS]
    raise ValueError(
        f"{dimension!r} is not a dimension of the analysis; States are never one (para 3 (b))."
    )


def table(
    spec: Spec | str, *, scope: str, instruments: Sequence[str] = (), title: str | None = None
) -> Table:
    """The counts of one figure, in the dimension's own order (never by count)."""
    spec = SPEC_BY_KEY[spec] if isinstance(spec, str) else spec
    for dimension in (spec.dimension, spec.series):
        if dimension not in DIMENSIONS:
            raise ValueError(
                f"{dimension!r} is not a dimension of the analysis; States are never one."
            )
    source: QuerySet[Any] = (
        needs_in(scope, instruments=instruments)
        if spec.subject == "needs"
        else findings_in(scope, instruments=instruments)
    )
    pairs = list(source.values_list(_FIELDS[spec.dimension], _FIELDS[spec.series]))
    counts = Counter((_key(a), _key(b)) for a, b in pairs)
    rows_present = {a for a, _b in pairs}
    series_present = {b for _a, b in pairs}
    row_categories = _categories(spec.dimension, rows_present)
    series = _categories(spec.series, series_present)
    rows = tuple(
        (row, tuple(counts[(row.key, column.key)] for column in series)) for row in row_categories
    )
    return Table(
        key=spec.key,
        title=title or str(spec.title),
        dimension=spec.dimension,
        series=tuple(series),
        rows=rows,
    )


def _key(value: Any) -> str:
    return "None" if value is None else str(value)


def tables(
    scope: str, *, instruments: Sequence[str] = (), subjects: Sequence[str] = ("needs", "findings")
) -> list[Table]:
    return [
        table(spec, scope=scope, instruments=instruments)
        for spec in SPECS
        if spec.subject in subjects
    ]


def summary(scope: str, *, instruments: Sequence[str] = ()) -> dict[str, int]:
    """Totals: needs by status and findings by kind (no State named)."""
    needs = Counter(needs_in(scope, instruments=instruments).values_list("status", flat=True))
    findings = Counter(findings_in(scope, instruments=instruments).values_list("kind", flat=True))
    return {
        "needs": sum(needs.values()),
        **{f"needs_{status}": needs[status] for status in NeedStatus.values},
        **{f"findings_{kind}": findings[kind] for kind in ANALYSED_KINDS},
    }


def good_practices(
    *, query: str = "", instrument: str = "", kinds: Iterable[str] = ()
) -> QuerySet[Finding]:
    """Published good practices and successes, searchable, in instrument and article order
    (then by State code: an index, never a ranking). Confidential material never appears."""
    chosen = [k for k in kinds if k in (FindingKind.GOOD_PRACTICE, FindingKind.SUCCESS)] or [
        FindingKind.GOOD_PRACTICE,
        FindingKind.SUCCESS,
    ]
    found = Finding.objects.filter(is_public=True, kind__in=chosen).select_related(
        "state", "instrument", "article", "cluster"
    )
    if instrument:
        found = found.filter(instrument__code=instrument)
    for word in query.split()[:8]:
        found = found.filter(text__icontains=word)
    return found.order_by("instrument__position", "article__position", "state__code", "pk")
