"""Questionnaire definitions per instrument and cluster (P&R para 16).

Definitions are versioned; a published version never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.questionnaires import permissions, standard
from revmech.questionnaires.models import (
    DefinitionStatus,
    QuestionnaireDefinition,
)
from revmech.questionnaires.structure import (
    DefinitionError,
    Structure,
    parse,
)
from revmech.registry.models import ClusterSet, Instrument
from revmech.rules import RuleViolation

FIRST_PHASE = "1"


# Definitions (P&R para 16)


def first_phase_clusters(cluster_set: ClusterSet) -> list[Any]:
    """The clusters the default workplan puts in the first phase (App. I Table 2)."""
    entries = cluster_set.workplan.filter(phase=FIRST_PHASE)
    return [c for entry in entries for c in entry.clusters.order_by("position")]


@transaction.atomic
def ensure_first_phase_definitions() -> list[QuestionnaireDefinition]:
    """Define, from the reference data, the Convention's and each Protocol's questionnaire for
    the first-phase clusters, published as version 1; existing definitions are left alone."""
    cluster_set = ClusterSet.objects.filter(is_default=True).first()
    if cluster_set is None:
        return []
    created = []
    now = timezone.now()
    for cluster in first_phase_clusters(cluster_set):
        for instrument in Instrument.objects.order_by("position"):
            entries = cluster.entries.filter(article__instrument=instrument).select_related(
                "article"
            )
            if not entries:
                continue
            exists = QuestionnaireDefinition.objects.filter(
                instrument=instrument, cluster=cluster.code
            )
            if exists.exists():
                continue
            document = standard.generated_document(
                instrument=instrument.code,
                cluster=cluster.code,
                cluster_names=cluster.names,
                articles=[(e.label, e.article.titles) for e in entries],
            )
            parse(document)
            created.append(
                QuestionnaireDefinition.objects.create(
                    instrument=instrument,
                    cluster=cluster.code,
                    version=1,
                    status=DefinitionStatus.PUBLISHED,
                    content=document,
                    created_at=now,
                    published_at=now,
                )
            )
    if created:
        audit.record(
            "questionnaires.definitions.generated",
            actor=None,
            definitions=[str(d) for d in created],
        )
    return created


def _check_document(document: Mapping[str, Any]) -> Structure:
    try:
        return parse(document)
    except DefinitionError as error:
        raise RuleViolation(
            _("The definition is not valid: %(error)s") % {"error": error}, rule="P&R para 16"
        ) from error


@transaction.atomic
def create_new_version(
    *, definition: QuestionnaireDefinition, by: Person, request: HttpRequest | None = None
) -> QuestionnaireDefinition:
    """A new draft version, copied from the latest one; published versions never change."""
    if not permissions.can_manage_definitions(by, definition):
        raise PermissionDenied
    versions = QuestionnaireDefinition.objects.filter(
        instrument=definition.instrument, cluster=definition.cluster
    )
    latest = versions.order_by("-version").first() or definition
    draft = QuestionnaireDefinition.objects.create(
        instrument=definition.instrument,
        cluster=definition.cluster,
        version=latest.version + 1,
        content=latest.content,
        created_at=timezone.now(),
    )
    audit.record(
        "questionnaires.definition.version_created",
        actor=by,
        subject=draft,
        request=request,
        copied_from=latest.version,
    )
    return draft


@transaction.atomic
def update_draft_definition(
    *,
    definition: QuestionnaireDefinition,
    document: Mapping[str, Any],
    by: Person,
    request: HttpRequest | None = None,
) -> QuestionnaireDefinition:
    """Replace the content of a draft version (a published version is immutable)."""
    if not permissions.can_manage_definitions(by, definition):
        raise PermissionDenied
    if definition.is_published:
        raise RuleViolation(
            _("A published version cannot be changed; create a new version instead."),
            rule="P&R para 16",
        )
    _check_document(document)
    content_only = {k: v for k, v in document.items() if k not in ("instrument", "cluster")}
    content_only.pop("version", None)
    definition.content = {**content_only, "instrument": definition.instrument.code}
    definition.content["cluster"] = definition.cluster
    definition.save(update_fields=["content"])
    audit.record("questionnaires.definition.edited", actor=by, subject=definition, request=request)
    return definition


@transaction.atomic
def publish_definition(
    *, definition: QuestionnaireDefinition, by: Person, request: HttpRequest | None = None
) -> QuestionnaireDefinition:
    """Publish a draft: from now on it is the version new questionnaires start from."""
    if not permissions.can_manage_definitions(by, definition):
        raise PermissionDenied
    if definition.is_published:
        raise RuleViolation(_("This version is already published."), rule="P&R para 16")
    _check_document(definition.content)
    moved = QuestionnaireDefinition.objects.filter(
        pk=definition.pk, status=DefinitionStatus.DRAFT
    ).update(status=DefinitionStatus.PUBLISHED, published_at=timezone.now())
    if moved != 1:
        raise RuleViolation(_("This version is already published."), rule="P&R para 16")
    definition.refresh_from_db()
    audit.record(
        "questionnaires.definition.published", actor=by, subject=definition, request=request
    )
    return definition


@transaction.atomic
def import_definition(
    *, document: Mapping[str, Any], publish: bool = False, actor: Person | None = None
) -> QuestionnaireDefinition:
    """Import a definition document as the next version of its instrument and cluster (the
    command-line `revmech questionnaires import`, run by the site's administrators)."""
    structure = _check_document(document)
    instrument = Instrument.objects.filter(code=structure.instrument).first()
    if instrument is None or not structure.cluster:
        raise RuleViolation(
            _("The definition must name a known instrument and a cluster."), rule="P&R para 16"
        )
    latest = (
        QuestionnaireDefinition.objects.filter(instrument=instrument, cluster=structure.cluster)
        .order_by("-version")
        .first()
    )
    now = timezone.now()
    stored = {k: v for k, v in document.items() if k not in ("version", "status")}
    definition = QuestionnaireDefinition.objects.create(
        instrument=instrument,
        cluster=structure.cluster,
        version=(latest.version if latest else 0) + 1,
        status=DefinitionStatus.PUBLISHED if publish else DefinitionStatus.DRAFT,
        content=stored,
        created_at=now,
        published_at=now if publish else None,
    )
    audit.record("questionnaires.definition.imported", actor=actor, subject=definition)
    return definition
