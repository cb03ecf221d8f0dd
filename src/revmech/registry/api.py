"""The public read-only API of the reference data: States and instruments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from revmech.registry import models, selectors


class ParticipationSerializer(serializers.ModelSerializer[models.Participation]):
    instrument = serializers.CharField(source="instrument.code")
    is_verified = serializers.BooleanField()

    class Meta:
        model = models.Participation
        fields = ["instrument", "status", "is_verified", "deposited_on", "source"]


class StateSerializer(serializers.ModelSerializer[models.State]):
    display_name = serializers.CharField()
    participation = ParticipationSerializer(source="participations", many=True)

    class Meta:
        model = models.State
        fields = [
            "code",
            "name",
            "display_name",
            "names",
            "regional_group",
            "legal_system",
            "uncac_status",
            "is_regional_organization",
            "participation",
        ]


class ArticleSerializer(serializers.ModelSerializer[models.Article]):
    title = serializers.CharField()

    class Meta:
        model = models.Article
        fields = ["number", "title", "titles"]


class InstrumentSerializer(serializers.ModelSerializer[models.Instrument]):
    short_name = serializers.CharField()
    title = serializers.CharField()
    articles = ArticleSerializer(many=True)
    clusters = serializers.SerializerMethodField()

    class Meta:
        model = models.Instrument
        fields = [
            "code",
            "short_name",
            "title",
            "short_names",
            "titles",
            "adopted_by",
            "adopted_on",
            "entered_into_force_on",
            "working_groups",
            "articles",
            "clusters",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_clusters(self, instrument: models.Instrument) -> list[dict[str, Any]]:
        """Each cluster version's clusters with this instrument's articles, and the workplan."""
        result = []
        for cluster_set in self.context["cluster_sets"]:
            result.append(
                {
                    "version": cluster_set.code,
                    "is_default": cluster_set.is_default,
                    "clusters": [
                        {
                            "code": cluster.code,
                            "name": models.localized(cluster.names),
                            "articles": [
                                e.label
                                for e in cluster.entries.all()
                                if e.article.instrument_id == instrument.pk
                            ],
                        }
                        for cluster in cluster_set.clusters.all()
                    ],
                    "workplan": [
                        {
                            "years": entry.years,
                            "phase": entry.phase,
                            "clusters": [c.code for c in entry.clusters.all()],
                        }
                        for entry in cluster_set.workplan.all()
                    ],
                }
            )
        return result


class StateViewSet(viewsets.ReadOnlyModelViewSet[models.State]):
    """Every State with its regional group, legal system and participation, in code order."""

    serializer_class = StateSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[models.State]:
        params = self.request.query_params
        return selectors.states(
            regional_group=params.get("regional_group", ""),
            instrument=params.get("instrument", ""),
            status=params.get("status", ""),
        )


class InstrumentViewSet(viewsets.ReadOnlyModelViewSet[models.Instrument]):
    """The instruments, their articles, clusters and the multi-year workplan."""

    serializer_class = InstrumentSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self) -> QuerySet[models.Instrument]:
        return selectors.instruments()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["cluster_sets"] = list(selectors.cluster_sets())
        return context
