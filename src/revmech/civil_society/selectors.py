"""Reads of the register and the briefings, each answering for the person asking (P&R para 53).

A selector returns 404 for an object the person may not see, hiding that it exists; lists hold
only what the person may see, in a bounded number of queries.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from revmech.accounts.permissions import Someone
from revmech.civil_society import permissions
from revmech.civil_society.models import (
    Briefing,
    Invitation,
    Objection,
    Organization,
    Summary,
    WrittenComment,
)


def organizations(person: Someone, search: str = "") -> QuerySet[Organization]:
    """The register, for the secretariat and the Bureau; with admissions and invitations counted."""
    if not permissions.can_see_register(person):
        raise Http404
    found = Organization.objects.annotate(
        admission_count=Count("admissions", distinct=True),
        invitation_count=Count("invitations", distinct=True),
    )
    if search.strip():
        term = search.strip()
        found = found.filter(
            Q(name__icontains=term) | Q(acronym__icontains=term) | Q(areas_of_work__icontains=term)
        )
    return found.order_by("name", "pk")


def organization_for(person: Someone, organization_id: int) -> Organization:
    organization: Organization = get_object_or_404(Organization, pk=organization_id)
    if not permissions.can_see_organization(person, organization):
        raise Http404
    return organization


def briefings_for(person: Someone) -> QuerySet[Briefing]:
    """The briefings the person may see: all of them for the secretariat, the Bureau and
    representatives of Member States; the ones an organization is invited to for its people."""
    if not permissions.can_see_briefings(person):
        raise Http404
    found = Briefing.objects.select_related("session", "bureau_member").annotate(
        invitation_count=Count("invitations", distinct=True)
    )
    if not (permissions.conducts(person) or permissions.represents_a_member_state(person)):
        found = found.filter(
            invitations__organization_id__in=permissions.represented_organizations(person)
        ).distinct()
    return found.order_by("-held_on", "-pk")


def briefing_for(person: Someone, briefing_id: int) -> Briefing:
    briefing: Briefing = get_object_or_404(
        Briefing.objects.select_related("session", "bureau_member", "materials_cleared_by"),
        pk=briefing_id,
    )
    if not permissions.can_see_briefing(person, briefing):
        raise Http404
    return briefing


def invitations_of(person: Someone, briefing: Briefing) -> QuerySet[Invitation]:
    """A briefing's invitations: all for the secretariat and the Bureau, the organization's own
    for its people, none for representatives of Member States."""
    found = briefing.invitations.select_related("organization").prefetch_related(
        Prefetch("objections", queryset=Objection.objects.select_related("state"))
    )
    if permissions.conducts(person):
        return found
    return found.filter(organization_id__in=permissions.represented_organizations(person))


def invitations_for(person: Someone) -> QuerySet[Invitation]:
    """Every invitation the person may see (the API's list)."""
    if not permissions.can_see_briefings(person):
        raise Http404
    found = Invitation.objects.select_related("organization", "briefing")
    if permissions.conducts(person):
        return found.order_by("-briefing__held_on", "organization__name", "pk")
    return found.filter(organization_id__in=permissions.represented_organizations(person)).order_by(
        "-briefing__held_on", "pk"
    )


def invitation_for(person: Someone, invitation_id: int) -> Invitation:
    invitation: Invitation = get_object_or_404(
        Invitation.objects.select_related("organization", "briefing__session"), pk=invitation_id
    )
    if not permissions.can_see_invitation(person, invitation):
        raise Http404
    return invitation


def comments_of(person: Someone, invitation: Invitation) -> QuerySet[WrittenComment]:
    return invitation.comments.select_related("submitted_by", "decided_by")


def comment_for(person: Someone, comment_id: int) -> WrittenComment:
    comment: WrittenComment = get_object_or_404(
        WrittenComment.objects.select_related("invitation__organization", "invitation__briefing"),
        pk=comment_id,
    )
    if not permissions.can_check_comment(person, comment):
        raise Http404
    return comment


def objection_for(person: Someone, objection_id: int) -> Objection:
    objection: Objection = get_object_or_404(
        Objection.objects.select_related(
            "state", "invitation__organization", "invitation__briefing", "decided_by"
        ),
        pk=objection_id,
    )
    if not permissions.can_see_objection(person, objection):
        raise Http404
    return objection


def summary_for(person: Someone, summary_id: int) -> Summary:
    summary: Summary = get_object_or_404(
        Summary.objects.select_related("briefing__session", "organization", "document"),
        pk=summary_id,
    )
    if not permissions.can_issue_summary(person, summary):
        raise Http404
    return summary


def circulated_comments(briefing: Briefing) -> QuerySet[WrittenComment]:
    """Comments the secretariat circulated: seen by all who may see the briefing."""
    return WrittenComment.objects.filter(
        invitation__briefing=briefing, circulation="circulated"
    ).select_related("invitation__organization")


def summaries_of(briefing: Briefing) -> QuerySet[Summary]:
    return briefing.summaries.select_related("organization", "document")


def awaiting_comments(briefing: Briefing) -> QuerySet[WrittenComment]:
    """Comments waiting for the secretariat's check (P&R para 53 (b))."""
    return WrittenComment.objects.filter(
        invitation__briefing=briefing, circulation="awaiting"
    ).select_related("invitation__organization")
