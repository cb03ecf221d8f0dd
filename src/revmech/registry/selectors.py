"""Reads of the registry: the public lists of States, instruments, clusters and workplans."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from revmech.registry import models


def states(
    *, regional_group: str = "", instrument: str = "", status: str = ""
) -> QuerySet[models.State]:
    """States in code order (never ranked, P&R para 3 (b)), with their participation prefetched."""
    queryset = models.State.objects.prefetch_related(
        Prefetch(
            "participations",
            queryset=models.Participation.objects.select_related("instrument").order_by(
                "instrument__position"
            ),
        )
    )
    if regional_group:
        queryset = queryset.filter(regional_group=regional_group)
    if instrument:
        wanted = status if status != "unverified" else ""
        if status:
            queryset = queryset.filter(
                participations__instrument__code=instrument, participations__status=wanted
            )
        else:
            queryset = queryset.filter(
                participations__instrument__code=instrument,
                participations__status=models.TreatyStatus.PARTY,
            )
    return queryset.order_by("code").distinct()


def instruments() -> QuerySet[models.Instrument]:
    return models.Instrument.objects.prefetch_related("articles").order_by("position")


def cluster_sets() -> QuerySet[models.ClusterSet]:
    return models.ClusterSet.objects.prefetch_related(
        Prefetch("clusters", queryset=models.Cluster.objects.order_by("position")),
        Prefetch(
            "clusters__entries",
            queryset=models.ClusterArticle.objects.select_related("article__instrument"),
        ),
        Prefetch("workplan", queryset=models.WorkplanEntry.objects.prefetch_related("clusters")),
    ).order_by("position")


def unverified_participations() -> QuerySet[models.Participation]:
    """Every treaty cell the reference data leaves unverified, for the secretariat to confirm."""
    return (
        models.Participation.objects.filter(status=models.TreatyStatus.UNVERIFIED)
        .select_related("state", "instrument")
        .order_by("state__code", "instrument__position")
    )
