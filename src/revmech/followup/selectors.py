"""Reads of the follow-up, filtered by who asks; a need one may not read does not exist.

Lists are in code order (State code, instrument, then when recorded), never by how many needs
or how far they are addressed (P&R para 3 (b): no ranking).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.accounts.permissions import Someone, is_secretariat
from revmech.followup import mandates, permissions
from revmech.followup.models import Finding, FindingKind, Need, ProgressReport
from revmech.registry.models import WorkingGroup


def _visible(person: Someone) -> Q | None:
    """The condition on (state, instrument) a person may read; None for everything."""
    if not isinstance(person, Person) or not person.is_active:
        return Q(pk__in=[])
    if is_secretariat(person):
        return None
    condition = Q(pk__in=[])
    approved = Appointment.objects.filter(person=person, status=AppointmentStatus.APPROVED)
    for appointment in approved:
        if appointment.state_id is None:
            continue
        if appointment.role in (Role.FOCAL_POINT, Role.EXPERT):
            mine = Q(state_id=appointment.state_id)
            if appointment.instrument_id is not None:
                mine &= Q(instrument_id=appointment.instrument_id)
            condition |= mine
        elif appointment.role == Role.OBSERVER:
            condition |= Q(state_id=appointment.state_id)
    considered = permissions.instruments_considered_by(person)
    if considered:
        condition |= Q(instrument__code__in=sorted(considered))
    return condition


def needs_for(
    person: Someone,
    *,
    state: str = "",
    instrument: str = "",
    status: str = "",
    assistance_type: str = "",
) -> QuerySet[Need]:
    """The needs the person may read (the same rule as `can_read_need`), in code order."""
    needs = Need.objects.select_related("state", "instrument", "article", "cluster")
    condition = _visible(person)
    if condition is not None:
        needs = needs.filter(condition)
    if state:
        needs = needs.filter(state__code=state)
    if instrument:
        needs = needs.filter(instrument__code=instrument)
    if status:
        needs = needs.filter(status=status)
    if assistance_type:
        needs = needs.filter(assistance_type=assistance_type)
    return needs.order_by("state__code", "instrument__position", "recorded_at", "pk")


def need_for(person: Someone, need_id: int) -> Need:
    """The need, or 404 for anyone who may not read it, as if it did not exist."""
    need = (
        Need.objects.select_related("state", "instrument", "article", "cluster", "review")
        .filter(pk=need_id)
        .first()
    )
    if need is None or not permissions.can_read_need(person, need):
        raise Http404
    return need


def observations_for(
    person: Someone, *, state: str = "", open_only: bool = False
) -> QuerySet[Finding]:
    """The observations (P&R para 41) the person may read, with their progress reports."""
    findings = Finding.objects.filter(kind=FindingKind.OBSERVATION).select_related(
        "state", "instrument", "article"
    )
    condition = _visible(person)
    if condition is not None:
        findings = findings.filter(condition)
    if state:
        findings = findings.filter(state__code=state)
    if open_only:
        findings = findings.exclude(progress__progress="implemented")
    return findings.prefetch_related("progress").order_by(
        "state__code", "instrument__position", "pk"
    )


def finding_for(person: Someone, finding_id: int) -> Finding:
    finding = (
        Finding.objects.select_related("state", "instrument", "article", "review")
        .filter(pk=finding_id)
        .first()
    )
    if finding is None or not permissions.can_read_finding(person, finding):
        raise Http404
    return finding


def progress_of(finding: Finding) -> QuerySet[ProgressReport]:
    return finding.progress.select_related("submitted_by").order_by("submitted_at", "pk")


def working_group_for(person: Someone, code: str) -> WorkingGroup:
    """A working group with a mandate on needs that the person may see, or 404."""
    group = WorkingGroup.objects.filter(code=code).first()
    if group is None or not permissions.can_see_working_group(person, group):
        raise Http404
    return group


def working_groups_for(person: Someone) -> list[WorkingGroup]:
    """The mandated working groups whose view the person may open, in code order."""
    codes = sorted(mandates.mandates())
    return [
        group
        for group in WorkingGroup.objects.filter(code__in=codes).order_by("code")
        if permissions.can_see_working_group(person, group)
    ]
