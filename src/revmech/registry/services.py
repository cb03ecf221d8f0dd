"""Every change to the registry: loading the reference data and confirming treaty statuses.

`load_reference` is idempotent (a second run changes nothing) and atomic (a file that breaks a
rule is refused whole and nothing is written). A status the secretariat has confirmed or
corrected is never overwritten by the reference files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from revmech.audit import services as audit
from revmech.registry import models
from revmech.rules import instruments as instrument_rules
from revmech.rules import reference
from revmech.rules.rulebook import RulebookError, parse_rulebooks, rule_to_stored
from revmech.web.dates import day
from revmech.web.roles import is_secretariat


@dataclass
class LoadReport:
    """What a load created or changed, by kind of record."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class _Table:
    """The rows of one model, read once and keyed by the fields that identify them, so that a
    load that changes nothing reads each table once instead of each row (a no-op load ran about
    1,900 queries before, issue 17)."""

    def __init__(self, model: type[Model], *keys: str) -> None:
        self.model = model
        self.keys = keys
        self.rows: dict[tuple[Any, ...], Any] = {
            self._key_of_row(obj): obj for obj in model._default_manager.all()
        }

    def _key_of_row(self, obj: Model) -> tuple[Any, ...]:
        fields = [self.model._meta.get_field(k) for k in self.keys]
        return tuple(getattr(obj, getattr(f, "attname", f.name)) for f in fields)

    def key(self, lookup: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(lookup[k].pk if isinstance(lookup[k], Model) else lookup[k] for k in self.keys)

    def get(self, **lookup: Any) -> Any:
        return self.rows.get(self.key(lookup))


def _sync(
    report: LoadReport,
    kind: str,
    table: _Table,
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> Any:
    """Create the row, or update the fields that differ; count what happened."""
    obj = table.get(**lookup)
    if obj is None:
        obj = table.model._default_manager.create(**lookup, **values)
        table.rows[table.key(lookup)] = obj
        report.count(kind, created=True)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(kind, created=False)
    return obj


def _state_names() -> dict[str, dict[str, str]]:
    text = resources.files("revmech.data").joinpath("state_names.json").read_text("utf-8")
    names: dict[str, dict[str, str]] = json.loads(text)["names"]
    return names


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@transaction.atomic
def load_reference(
    *,
    state_files: list[Path] | None = None,
    catalogue: instrument_rules.Catalogue | None = None,
) -> LoadReport:
    """Load States, instruments, articles, clusters, workplans and the rulebook.

    Reads and validates every file before writing anything; a broken file raises a
    `RuleViolation` naming file, line and field, and the transaction leaves the database as it was.
    """
    records = reference.read_states(state_files)
    cat = catalogue if catalogue is not None else instrument_rules.read_catalogue()
    rulebooks = parse_rulebooks(
        json.loads(resources.files("revmech.data").joinpath("rulebook.json").read_text("utf-8"))
    )
    names = _state_names()
    report = LoadReport()
    working_groups = _Table(models.WorkingGroup, "code")
    instrument_rows = _Table(models.Instrument, "code")
    article_rows = _Table(models.Article, "instrument", "number")
    cluster_sets = _Table(models.ClusterSet, "code")
    cluster_rows = _Table(models.Cluster, "cluster_set", "code")
    workplan_rows = _Table(models.WorkplanEntry, "cluster_set", "position")
    state_rows = _Table(models.State, "code")
    participations = _Table(models.Participation, "state", "instrument")
    rulebook_rows = _Table(models.RulebookVersion, "code")
    entries_of: dict[int, list[tuple[int, str, str]]] = {}
    for e in models.ClusterArticle.objects.order_by("cluster_id", "position"):
        entries_of.setdefault(e.cluster_id, []).append((e.article_id, e.part, e.note))
    clusters_of: dict[int, set[int]] = {}
    through = models.WorkplanEntry.clusters.through
    for entry_id, cluster_id in through.objects.values_list("workplanentry_id", "cluster_id"):
        clusters_of.setdefault(entry_id, set()).add(cluster_id)

    for wg in cat.working_groups:
        _sync(
            report,
            "working group",
            working_groups,
            {"code": wg.code},
            {"names": dict(wg.name)},
        )
    instruments: dict[str, models.Instrument] = {}
    for position, text in enumerate(cat.instruments):
        instrument = _sync(
            report,
            "instrument",
            instrument_rows,
            {"code": text.code},
            {
                "position": position,
                "short_names": dict(text.short_name),
                "titles": dict(text.title),
                "adopted_by_texts": dict(text.adopted_by or {}),
                "adopted_on": _date(text.adopted_on),
                "entered_into_force_on": _date(text.entered_into_force_on),
                "working_groups": list(text.working_groups),
            },
        )
        instruments[text.code] = instrument
        for article_position, article in enumerate(text.articles):
            _sync(
                report,
                "article",
                article_rows,
                {"instrument": instrument, "number": article.number},
                {"position": article_position, "titles": dict(article.title)},
            )
    codes = {i.pk: code for code, i in instruments.items()}
    articles = {
        (codes[a.instrument_id], a.number): a
        for a in article_rows.rows.values()
        if a.instrument_id in codes
    }
    for set_position, cluster_set in enumerate(cat.cluster_sets):
        set_row = _sync(
            report,
            "cluster version",
            cluster_sets,
            {"code": cluster_set.code},
            {
                "labels": dict(cluster_set.label),
                "source_texts": dict(cluster_set.source),
                "notes_texts": dict(cluster_set.notes or {}),
                "is_default": cluster_set.is_default,
                "position": set_position,
            },
        )
        clusters: dict[str, models.Cluster] = {}
        for cluster_position, cluster in enumerate(cluster_set.clusters):
            row = _sync(
                report,
                "cluster",
                cluster_rows,
                {"cluster_set": set_row, "code": cluster.code},
                {"position": cluster_position, "names": dict(cluster.name)},
            )
            clusters[cluster.code] = row
            wanted = []
            for icode, numbers in cluster.articles.items():
                notes = cluster_set.article_notes.get(icode, {})
                for number in numbers:
                    base = number.split("(")[0].strip()
                    part = number[len(base) :].strip()
                    wanted.append((articles[(icode, base)].pk, part, notes.get(base, "")))
            existing = entries_of.get(row.pk, [])
            if existing != wanted:
                row.entries.all().delete()
                for position, (article_id, part, note) in enumerate(wanted):
                    models.ClusterArticle.objects.create(
                        cluster=row, article_id=article_id, part=part, note=note, position=position
                    )
                report.count("cluster articles", created=not existing)
        for entry_position, entry in enumerate(cluster_set.workplan):
            entry_row = _sync(
                report,
                "workplan entry",
                workplan_rows,
                {"cluster_set": set_row, "position": entry_position},
                {"years": entry.years, "phase": entry.phase},
            )
            wanted_ids = {clusters[c].pk for c in entry.clusters}
            if clusters_of.get(entry_row.pk, set()) != wanted_ids:
                entry_row.clusters.set(wanted_ids)
                report.count("workplan entry", created=False)

    for record in records:
        state = _sync(
            report,
            "State",
            state_rows,
            {"code": record.code},
            {
                "name": record.name,
                "names": names.get(record.code, {"en": record.name}),
                "regional_group": record.regional_group.value if record.regional_group else "",
                "legal_system": record.legal_system,
                "uncac_status": record.uncac.status.value,
                "is_regional_organization": record.is_regional_organization,
                "notes": record.notes,
            },
        )
        for instrument_code, participation in record.participation.items():
            current = participations.get(state=state, instrument=instruments[instrument_code])
            if current is not None and current.source == models.Participation.Source.SECRETARIAT:
                continue  # the secretariat's confirmation outranks the shipped file
            _sync(
                report,
                "participation",
                participations,
                {"state": state, "instrument": instruments[instrument_code]},
                {"status": participation.status.value, "deposited_on": participation.deposited_on},
            )

    for book in rulebooks:
        _sync(
            report,
            "rulebook version",
            rulebook_rows,
            {"code": book.code},
            {
                "source": book.source,
                "is_default": book.is_default,
                "rules": {name: rule_to_stored(r) for name, r in book.rules.items()},
                "effective_on": book.effective_on,
            },
        )
    return report


class StatusError(ValueError):
    """A confirmation or correction of a status that cannot be recorded."""


@transaction.atomic
def confirm_participation(
    *,
    participation: models.Participation,
    status: str,
    deposited_on: date | None,
    source: str,
    changed_by: str,
) -> models.Participation:
    """The secretariat confirms or corrects a treaty status, with its date and source.

    The old value is kept in the history; the reference files never overwrite it again.
    """
    if status not in {
        models.TreatyStatus.PARTY,
        models.TreatyStatus.SIGNATORY,
        models.TreatyStatus.NONE,
    }:
        raise StatusError(f"{status!r} is not a status to confirm (party, signatory or none).")
    if not source.strip():
        raise StatusError(
            "A confirmation needs its source (for example the depositary notification)."
        )
    if deposited_on is not None and status != models.TreatyStatus.PARTY:
        raise StatusError("A date of deposit can only be given for a party.")
    locked = models.Participation.objects.select_for_update().get(pk=participation.pk)
    models.ParticipationChange.objects.create(
        participation=locked,
        old_status=locked.status,
        old_deposited_on=locked.deposited_on,
        new_status=status,
        new_deposited_on=deposited_on,
        source=source.strip(),
        changed_by=changed_by,
    )
    locked.status = status
    locked.deposited_on = deposited_on
    locked.source = models.Participation.Source.SECRETARIAT
    locked.save(update_fields=["status", "deposited_on", "source"])
    return locked


# Rulebook versions (P&R para 6): an amendment by the Conference is a new version with the day it
# takes effect; versions are kept, never edited or removed.


@transaction.atomic
def add_rulebook_version(
    *,
    version: dict[str, Any],
    effective_on: date,
    by: Any,
    today: date,
    request: HttpRequest | None = None,
) -> models.RulebookVersion:
    """Validate and keep a new version, in force from `effective_on` (not in the past).

    `version` is one version in the file's format (`code`, `source`, `rules`; see
    `data/rulebook.json`). `by` is a member of the secretariat, or None for the command line
    (`revmech rulebook add`). Refused, naming the problem, when a rule is missing or malformed,
    the code is taken, or the day is past; nothing is written then.
    """
    if by is not None and not is_secretariat(by):
        raise PermissionDenied
    if effective_on < today:
        raise RulebookError(
            _("A new version takes effect today or later, not on %(day)s.")
            % {"day": day(effective_on)}
        )
    candidate = {**version, "is_default": True, "effective_on": effective_on.isoformat()}
    book = parse_rulebooks({"format": "revmech.rulebook.v1", "versions": [candidate]})[0]
    if models.RulebookVersion.objects.filter(code=book.code).exists():
        raise RulebookError(
            _("A rulebook version %(code)s exists already; versions are kept, give a new code.")
            % {"code": book.code}
        )
    stored = models.RulebookVersion.objects.create(
        code=book.code,
        source=book.source,
        is_default=False,
        rules={name: rule_to_stored(r) for name, r in book.rules.items()},
        effective_on=effective_on,
        added_by=getattr(by, "username", "") or "revmech rulebook add",
        added_at=timezone.now(),
    )
    audit.record(
        "registry.rulebook.added",
        actor=by,
        subject=stored,
        request=request,
        code=book.code,
        effective_on=effective_on,
        source=book.source,
    )
    return stored
