"""Who may see and do what around NGO briefings (P&R para 53), and the app's access table.

The secretariat keeps the register, convenes briefings, invites, checks texts and issues
conference room papers; a member of the Bureau conducts briefings with it and the Bureau
decides objections (para 53 (a), (d)); representatives of Member States and intergovernmental
organizations may attend (para 53 (f)); an organization's representatives see their own
organization, their own invitations and the briefings they are invited to, nothing else.
None of these pages carries any content of a country review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from revmech.accounts.models import Person, Role
from revmech.accounts.permissions import (
    Someone,
    approved_appointments,
    is_bureau_member,
    is_secretariat,
)
from revmech.civil_society.models import Representative
from revmech.web.access import Access

if TYPE_CHECKING:
    from revmech.civil_society.models import (
        Briefing,
        Invitation,
        Objection,
        Organization,
        Summary,
        WrittenComment,
    )

# Roles through which a person represents a Member State (para 53 (f)).
MEMBER_STATE_ROLES = (Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER, Role.WORKING_GROUP, Role.BUREAU)


def _active(person: Someone) -> Person | None:
    if isinstance(person, Person) and person.is_active:
        return person
    return None


def represented_organizations(person: Someone) -> frozenset[int]:
    """The organizations the person represents: an approved NGO appointment and an open
    representation in the register, read once per person object."""
    someone = _active(person)
    if someone is None:
        return frozenset()
    cached: frozenset[int] | None = getattr(someone, "_ngo_organizations", None)
    if cached is None:
        has_role = any(a.role == Role.NGO for a in approved_appointments(someone))
        cached = frozenset(
            Representative.objects.filter(person=someone, ended_at__isnull=True).values_list(
                "organization_id", flat=True
            )
            if has_role
            else ()
        )
        someone._ngo_organizations = cached  # type: ignore[attr-defined]
    return cached


def forget_organizations(person: Someone) -> None:
    if person is not None and hasattr(person, "_ngo_organizations"):
        delattr(person, "_ngo_organizations")


def represents(person: Someone, organization_id: int) -> bool:
    return organization_id in represented_organizations(person)


def member_state_codes(person: Someone) -> frozenset[str]:
    """The States the person represents through an approved appointment (para 53 (f))."""
    return frozenset(
        a.state.code
        for a in approved_appointments(person)
        if a.role in MEMBER_STATE_ROLES and a.state is not None
    )


def represents_a_member_state(person: Someone) -> bool:
    return bool(member_state_codes(person))


def conducts(person: Someone) -> bool:
    """The secretariat and the Bureau, who conduct briefings and decide on them."""
    return bool(is_secretariat(person)) or is_bureau_member(person)


# The register (para 53 (c)).


def can_keep_register(person: Someone, _nothing: object = None) -> bool:
    """The secretariat records organizations, their status, admissions and representatives."""
    return bool(is_secretariat(person))


def can_see_register(person: Someone, _nothing: object = None) -> bool:
    """The secretariat and the Bureau (who decide objections) read the whole register."""
    return conducts(person)


def can_see_organization(person: Someone, organization: Organization) -> bool:
    if conducts(person):
        return True
    return represents(person, organization.pk)


def can_report_activities(person: Someone, organization: Organization) -> bool:
    """An organization reports to the working groups on its activities (para 53 (h))."""
    return represents(person, organization.pk)


# Briefings (para 53 (a), (f)).


def can_see_briefings(person: Someone, _nothing: object = None) -> bool:
    """The list of briefings: whoever conducts, attends or is invited to briefings."""
    if conducts(person):
        return True
    if represents_a_member_state(person):
        return True
    return bool(represented_organizations(person))


def can_convene(person: Someone, _nothing: object = None) -> bool:
    """The secretariat convenes briefings at the President's request (para 53 (a))."""
    return bool(is_secretariat(person))


def is_invited(person: Someone, briefing: Briefing) -> bool:
    organizations = represented_organizations(person)
    if not organizations:
        return False
    return briefing.invitations.filter(organization_id__in=organizations).exists()


def can_see_briefing(person: Someone, briefing: Briefing) -> bool:
    if conducts(person):
        return True
    if represents_a_member_state(person):
        return True
    return is_invited(person, briefing)


def can_manage_briefing(person: Someone, briefing: Briefing) -> bool:
    """Invitations, materials, attendance of intergovernmental organizations: the secretariat."""
    return bool(is_secretariat(person))


def can_register_attendance(person: Someone, briefing: Briefing) -> bool:
    """Representatives of Member States register themselves; the secretariat registers anyone
    (para 53 (f))."""
    return bool(is_secretariat(person)) or represents_a_member_state(person)


def can_submit_summary(person: Someone, briefing: Briefing) -> bool:
    """Organizations that confirmed prepare summaries (para 53 (g))."""
    organizations = represented_organizations(person)
    if not organizations:
        return False
    return briefing.invitations.filter(
        organization_id__in=organizations, status="confirmed"
    ).exists()


# Invitations, comments, objections (para 53 (d), (e)).


def can_see_invitation(person: Someone, invitation: Invitation) -> bool:
    if conducts(person):
        return True
    return represents(person, invitation.organization_id)


def can_answer_invitation(person: Someone, invitation: Invitation) -> bool:
    """The organization's representatives confirm and comment (para 53 (e))."""
    return represents(person, invitation.organization_id)


def can_record_objection(person: Someone, invitation: Invitation) -> bool:
    """The secretariat records a State's objection, received by note verbale (para 53 (d))."""
    return bool(is_secretariat(person))


def can_check_comment(person: Someone, comment: WrittenComment) -> bool:
    """The secretariat reads the flagged passages and decides (para 53 (b))."""
    return bool(is_secretariat(person))


def can_see_objection(person: Someone, objection: Objection) -> bool:
    """The secretariat and the Bureau; the organization sees its objections (not the State's
    reasons, see the template)."""
    if conducts(person):
        return True
    return represents(person, objection.invitation.organization_id)


def can_decide_objection(person: Someone, objection: Objection) -> bool:
    """The Bureau of the Conference decides (para 53 (d))."""
    return is_bureau_member(person)


def can_issue_summary(person: Someone, summary: Summary) -> bool:
    """The secretariat issues a summary as a conference room paper (para 53 (g))."""
    return bool(is_secretariat(person))


ACCESS: dict[str, Access] = {
    "civil_society:briefings": Access(subject=None, rule=can_see_briefings),
    "civil_society:new_briefing": Access(subject=None, rule=can_convene, method="POST"),
    "civil_society:briefing": Access(subject="briefing", rule=can_see_briefing),
    "civil_society:invite": Access(subject="briefing", rule=can_manage_briefing, method="POST"),
    "civil_society:materials": Access(subject="briefing", rule=can_manage_briefing, method="POST"),
    "civil_society:attend": Access(subject="briefing", rule=can_register_attendance, method="POST"),
    "civil_society:summary": Access(subject="briefing", rule=can_submit_summary, method="POST"),
    "civil_society:organizations": Access(subject=None, rule=can_see_register),
    "civil_society:new_organization": Access(subject=None, rule=can_keep_register, method="POST"),
    "civil_society:organization": Access(subject="organization", rule=can_see_organization),
    "civil_society:edit_organization": Access(
        subject="organization", rule=can_keep_register, method="POST"
    ),
    "civil_society:admit": Access(subject="organization", rule=can_keep_register, method="POST"),
    "civil_society:add_representative": Access(
        subject="organization", rule=can_keep_register, method="POST"
    ),
    "civil_society:end_representative": Access(
        subject="organization", rule=can_keep_register, method="POST"
    ),
    "civil_society:report": Access(
        subject="organization", rule=can_report_activities, method="POST"
    ),
    "civil_society:invitation": Access(subject="invitation", rule=can_see_invitation),
    "civil_society:confirm": Access(
        subject="invitation", rule=can_answer_invitation, method="POST"
    ),
    "civil_society:comment": Access(
        subject="invitation", rule=can_answer_invitation, method="POST"
    ),
    "civil_society:object": Access(subject="invitation", rule=can_record_objection, method="POST"),
    "civil_society:check_comment": Access(subject="comment", rule=can_check_comment, method="POST"),
    "civil_society:objection": Access(subject="objection", rule=can_see_objection),
    "civil_society:decide": Access(subject="objection", rule=can_decide_objection, method="POST"),
    "civil_society:issue_summary": Access(subject="summary", rule=can_issue_summary, method="POST"),
    "briefing-list": Access(subject=None, rule=can_see_briefings),
    "briefing-detail": Access(subject="briefing", rule=can_see_briefing),
    "invitation-list": Access(subject=None, rule=can_see_briefings),
    "invitation-detail": Access(subject="invitation", rule=can_see_invitation),
    "invitation-confirm": Access(subject="invitation", rule=can_answer_invitation, method="POST"),
    "invitation-comment": Access(subject="invitation", rule=can_answer_invitation, method="POST"),
}
