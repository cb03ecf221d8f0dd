"""Who may see and change the follow-up (P&R paras 3 (b), 37, 40, 41): predicates read aloud.

A State's needs and observations are visible to that State (its focal point and governmental
experts for the instrument, its observers), to the secretariat, and to the members of the
working groups mandated to consider that instrument's needs (para 40 and its note; see
`mandates`). A working-group appointment that names no group gives no such view: membership
is per group. Thematic analysis of published material is public.
"""

from __future__ import annotations

from revmech.accounts.models import Person, Role
from revmech.accounts.permissions import (
    Someone,
    _approved,
    acts_for,
    observes,
    roles_for_state,
)
from revmech.accounts.permissions import (
    is_secretariat as is_secretariat,
)
from revmech.followup import mandates
from revmech.followup.models import Finding, Need
from revmech.registry.models import WorkingGroup
from revmech.web.access import PUBLIC_PAGE, Access


def working_groups_of(person: Someone) -> set[str]:
    """The working groups the person is an approved member of (appointments naming a group)."""
    cached: set[str] | None = getattr(person, "_followup_groups", None)
    if cached is not None:
        return cached
    groups: set[str] = set()
    ids = set()
    for appointment in _approved(person):
        if appointment.role != Role.WORKING_GROUP:
            continue
        if appointment.working_group_id is not None:
            ids.add(appointment.working_group_id)
    if ids:
        groups |= set(WorkingGroup.objects.filter(pk__in=ids).values_list("code", flat=True))
    if isinstance(person, Person):
        person._followup_groups = groups  # type: ignore[attr-defined]
    return groups


def instruments_considered_by(person: Someone) -> set[str]:
    """The instruments whose needs the person considers as a working-group member (para 40)."""
    found: set[str] = set()
    for group in working_groups_of(person):
        found |= set(mandates.instruments_of(group))
    return found


def _speaks_for(person: Someone, state_code: str, instrument_code: str) -> bool:
    if acts_for(person, (state_code,), instrument_code):
        return True
    return observes(person, (state_code,))


def can_list_needs(person: Someone, _nothing: object = None) -> bool:
    """Anyone signed in may ask; the register holds only the needs they may read."""
    return isinstance(person, Person) and person.is_active


def can_read_need(person: Someone, need: Need) -> bool:
    """The State, the secretariat, the working groups considering the instrument (para 40)."""
    if is_secretariat(person):
        return True
    if _speaks_for(person, need.state.code, need.instrument.code):
        return True
    return need.instrument.code in instruments_considered_by(person)


def is_focal_point_for(person: Someone, state_code: str, instrument_code: str) -> bool:
    return Role.FOCAL_POINT in roles_for_state(person, state_code, instrument_code)


def can_report_on_need(person: Someone, need: Need) -> bool:
    """P&R para 40: the State says whether its need has been addressed, through its focal
    point or a governmental expert for the instrument."""
    return acts_for(person, (need.state.code,), need.instrument.code)


def can_share_need(person: Someone, need: Need) -> bool:
    """The State consents to its need feeding the public analysis: its focal point only, and
    only while the need is not public yet (publicity is never withdrawn)."""
    if need.is_public:
        return False
    return is_focal_point_for(person, need.state.code, need.instrument.code)


def can_manage_need(person: Someone, need: object = None) -> bool:
    """The secretariat keeps the register: status and who provides the assistance."""
    return bool(is_secretariat(person))


def can_add_need(person: Someone, state_code: str, instrument_code: str) -> bool:
    """A State adds a need of its own; the secretariat records one it was told of."""
    if is_secretariat(person):
        return True
    return acts_for(person, (state_code,), instrument_code)


def can_add_any_need(person: Someone, _nothing: object = None) -> bool:
    """Whoever may add a need for at least one State and instrument."""
    if is_secretariat(person):
        return True
    return any(
        a.role in {Role.FOCAL_POINT, Role.EXPERT} and a.state_id is not None
        for a in _approved(person)
    )


def can_read_finding(person: Someone, finding: Finding) -> bool:
    """An observation and its progress reports: as a need of the same State (paras 37, 41)."""
    if is_secretariat(person):
        return True
    if _speaks_for(person, finding.state.code, finding.instrument.code):
        return True
    return finding.instrument.code in instruments_considered_by(person)


def can_report_progress(person: Someone, finding: Finding) -> bool:
    """P&R para 41: the State reviewed submits information on progress, observation by
    observation (its focal point or a governmental expert for the instrument)."""
    return acts_for(person, (finding.state.code,), finding.instrument.code)


def can_see_working_group(person: Someone, working_group: WorkingGroup) -> bool:
    """A working group's view of the needs: its members (and the Bureau) and the secretariat,
    for a group that has a mandate in the configuration (para 40 and its note)."""
    if working_group.code not in mandates.mandates():
        return False
    if is_secretariat(person):
        return True
    return working_group.code in working_groups_of(person)


def can_record_recommendation(person: Someone, working_group: WorkingGroup) -> bool:
    """The secretariat records what the working group adopted (para 40)."""
    if working_group.code not in mandates.mandates():
        return False
    return bool(is_secretariat(person))


def can_see_internal_analysis(person: Someone, _nothing: object = None) -> bool:
    """Aggregates that also count confidential material (naming no State, quoting nothing):
    the secretariat and working-group members."""
    if is_secretariat(person):
        return True
    return bool(working_groups_of(person))


def can_export_functioning(person: Someone, _nothing: object = None) -> bool:
    """The secretariat exports the figures on the functioning for the Conference (para 5)."""
    return bool(is_secretariat(person))


def _working_group_of_chart(person: Someone, subject: tuple[WorkingGroup, str]) -> bool:
    return can_see_working_group(person, subject[0])


ACCESS: dict[str, Access] = {
    "followup:home": Access(subject=None, rule=can_list_needs),
    "followup:needs": Access(subject=None, rule=can_list_needs),
    "followup:new_need": Access(subject=None, rule=can_add_any_need, method="POST"),
    "followup:need": Access(subject="need", rule=can_read_need),
    "followup:update_need": Access(subject="need", rule=can_manage_need, method="POST"),
    "followup:report_need": Access(subject="need", rule=can_report_on_need, method="POST"),
    "followup:share_need": Access(subject="need", rule=can_share_need, method="POST"),
    "followup:collect": Access(subject=None, rule=can_manage_need, method="POST"),
    "followup:observations": Access(subject=None, rule=can_list_needs),
    "followup:observation": Access(subject="finding", rule=can_read_finding),
    "followup:report_progress": Access(subject="finding", rule=can_report_progress, method="POST"),
    # Aggregates of published or consented material: public (P&R paras 7 (d), 53 (a)).
    "followup:analysis": PUBLIC_PAGE,
    "followup:analysis_docx": PUBLIC_PAGE,
    "followup:analysis_chart": Access(subject="chart", rule=None),
    "followup:good_practices": PUBLIC_PAGE,
    # Aggregates that also count confidential material, naming no State.
    "followup:analysis_internal": Access(subject=None, rule=can_see_internal_analysis),
    "followup:analysis_internal_docx": Access(subject=None, rule=can_see_internal_analysis),
    "followup:analysis_internal_chart": Access(subject="chart", rule=can_see_internal_analysis),
    "followup:working_group": Access(subject="working_group", rule=can_see_working_group),
    "followup:working_group_docx": Access(subject="working_group", rule=can_see_working_group),
    "followup:working_group_chart": Access(
        subject="working_group_chart", rule=_working_group_of_chart
    ),
    "followup:recommend": Access(
        subject="working_group", rule=can_record_recommendation, method="POST"
    ),
    "followup:functioning": Access(subject=None, rule=can_see_internal_analysis),
    "followup:functioning_chart": Access(
        subject="functioning_chart", rule=can_see_internal_analysis
    ),
    "followup:functioning_docx": Access(subject=None, rule=can_export_functioning),
    "followup:functioning_csv": Access(subject=None, rule=can_export_functioning),
    # The API (REST framework names).
    "need-list": Access(subject=None, rule=can_list_needs),
    "need-detail": Access(subject="need", rule=can_read_need),
    "need-report": Access(subject="need", rule=can_report_on_need, method="POST"),
    "observation-list": Access(subject=None, rule=can_list_needs),
    "observation-detail": Access(subject="finding", rule=can_read_finding),
    "observation-progress": Access(subject="finding", rule=can_report_progress, method="POST"),
    "good-practice-list": PUBLIC_PAGE,
    "good-practice-detail": Access(subject="good_practice", rule=None),
    "analysis-figures": PUBLIC_PAGE,
}
