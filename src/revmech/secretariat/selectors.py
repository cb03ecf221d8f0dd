"""Reads of the secretariat's files, each in a bounded number of queries."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from revmech.reviews.models import CountryReview
from revmech.secretariat.models import (
    BudgetProposal,
    BudgetVersion,
    Contribution,
    Course,
    Funding,
    FundingNeed,
    NeedKind,
    Participant,
    SupportRequest,
)


def proposals() -> QuerySet[BudgetProposal]:
    return BudgetProposal.objects.prefetch_related("versions").order_by("-first_year")


def proposal(proposal_id: int) -> BudgetProposal:
    found: BudgetProposal = get_object_or_404(BudgetProposal, pk=proposal_id)
    return found


def versions_of(proposal: BudgetProposal) -> list[BudgetVersion]:
    return list(
        proposal.versions.select_related("created_by").prefetch_related("lines").order_by("-number")
    )


def contributions() -> QuerySet[Contribution]:
    return Contribution.objects.select_related("donor_state").prefetch_related("fundings")


def contribution(contribution_id: int) -> Contribution:
    found: Contribution = get_object_or_404(
        Contribution.objects.select_related("donor_state").prefetch_related(
            Prefetch("fundings", queryset=Funding.objects.select_related("need", "rate"))
        ),
        pk=contribution_id,
    )
    return found


def needs() -> QuerySet[FundingNeed]:
    return FundingNeed.objects.select_related(
        "review__state_under_review", "review__instrument"
    ).prefetch_related(Prefetch("fundings", queryset=Funding.objects.select_related("rate")))


def courses() -> QuerySet[Course]:
    return Course.objects.prefetch_related("participants")


def course(course_id: int) -> Course:
    found: Course = get_object_or_404(Course, pk=course_id)
    return found


def participants_of(course: Course) -> QuerySet[Participant]:
    return course.participants.select_related("state")


def participant(participant_id: int) -> Participant:
    found: Participant = get_object_or_404(
        Participant.objects.select_related("course", "state"), pk=participant_id
    )
    return found


def support_requests() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related("state", "need")


def support_request(support_id: int) -> SupportRequest:
    found: SupportRequest = get_object_or_404(SupportRequest, pk=support_id)
    return found


def reviews_by_language() -> QuerySet[CountryReview]:
    return CountryReview.objects.select_related("state_under_review", "instrument").order_by("pk")


def language_counts() -> Counter[str]:
    """How many reviews are conducted in each working language (para 44)."""
    counts: Counter[str] = Counter()
    for languages in CountryReview.objects.values_list("working_languages", flat=True):
        counts.update(languages or [])
    return counts


def translation_needs() -> QuerySet[FundingNeed]:
    return needs().filter(kind=NeedKind.TRANSLATION)
