"""The follow-up API (P&R paras 7 (d), 15, 40, 41): the register of needs, observations and
progress for those who may read them; the thematic figures and good practices for everyone.

Needs and observations one may not read are absent from lists and answer 404 one by one. The
figures come in the dimension's own order and never name a State (para 3 (b)).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from revmech.accounts.models import Person
from revmech.followup import analysis, permissions, selectors, services
from revmech.followup.models import (
    AssistanceType,
    Finding,
    Need,
    Priority,
    Progress,
    ProgressReport,
)
from revmech.registry.models import Instrument, State
from revmech.rules import RuleViolation
from revmech.web.refusals import explain


class NeedSerializer(serializers.ModelSerializer[Need]):
    state = serializers.CharField(source="state.code")
    instrument = serializers.CharField(source="instrument.code")
    article = serializers.CharField(source="article.number", allow_null=True, default=None)
    cluster = serializers.CharField(source="cluster.code", allow_null=True, default=None)

    class Meta:
        model = Need
        fields = [
            "id",
            "state",
            "instrument",
            "review",
            "cluster",
            "article",
            "assistance_type",
            "description",
            "priority",
            "status",
            "provider",
            "source",
            "is_public",
            "identified_on",
            "version",
        ]


class NewNeedSerializer(serializers.Serializer[Any]):
    state = serializers.CharField(max_length=3)
    instrument = serializers.CharField(max_length=10)
    assistance_type = serializers.ChoiceField(choices=AssistanceType.choices)
    description = serializers.CharField(max_length=4000)
    article = serializers.CharField(max_length=10, required=False, default="")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, default="")


class ReportNeedSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=0)
    is_addressed = serializers.BooleanField()
    note = serializers.CharField(max_length=4000)


class ProgressSerializer(serializers.ModelSerializer[ProgressReport]):
    class Meta:
        model = ProgressReport
        fields = ["progress", "text", "submitted_at"]


class ObservationSerializer(serializers.ModelSerializer[Finding]):
    state = serializers.CharField(source="state.code")
    instrument = serializers.CharField(source="instrument.code")
    article = serializers.CharField(source="article.number", allow_null=True, default=None)
    progress = ProgressSerializer(many=True)
    is_open = serializers.BooleanField()

    class Meta:
        model = Finding
        fields = ["id", "state", "instrument", "review", "article", "text", "is_open", "progress"]


class NewProgressSerializer(serializers.Serializer[Any]):
    progress = serializers.ChoiceField(choices=Progress.choices)
    text = serializers.CharField(max_length=8000)


def _person(request: Request) -> Person:
    if not isinstance(request.user, Person):
        raise NotFound
    return request.user


def _refused(refusal: RuleViolation) -> Response:
    return Response({"detail": explain(refusal)}, status=status.HTTP_400_BAD_REQUEST)


class NeedViewSet(viewsets.ReadOnlyModelViewSet[Need]):
    """The register of technical assistance needs (P&R para 40), as the person may read it."""

    serializer_class = NeedSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Need]:
        return selectors.needs_for(
            self.request.user,
            state=(self.request.query_params.get("state") or "").upper()[:3],
            instrument=self.request.query_params.get("instrument") or "",
            status=self.request.query_params.get("status") or "",
        )

    @extend_schema(
        summary="Add a need of a State",
        request=NewNeedSerializer,
        responses={201: NeedSerializer},
    )
    def create(self, request: Request) -> Response:
        person = _person(request)
        given = NewNeedSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        state = State.objects.filter(code=data["state"].upper()).first()
        instrument = Instrument.objects.filter(code=data["instrument"]).first()
        if state is None or instrument is None:
            raise serializers.ValidationError({"state": ["Unknown State or instrument."]})
        if not permissions.can_add_need(person, state.code, instrument.code):
            raise NotFound
        try:
            need = services.add_need(
                state=state,
                instrument=instrument,
                need=services.NeedInput(
                    assistance_type=data["assistance_type"],
                    description=data["description"],
                    article=data["article"],
                    priority=data["priority"],
                ),
                by=person,
                now=timezone.now(),
                request=request._request,
            )
        except RuleViolation as refusal:
            return _refused(refusal)
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The State reports whether its need has been addressed (P&R para 40)",
        request=ReportNeedSerializer,
        responses={
            200: NeedSerializer,
            409: OpenApiResponse(description="Someone changed the need meanwhile: read it again."),
        },
    )
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        person = _person(request)
        if not permissions.can_report_on_need(person, need):
            raise NotFound
        given = ReportNeedSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            services.report_on_need(
                need=need,
                by=person,
                is_addressed=given.validated_data["is_addressed"],
                note=given.validated_data["note"],
                based_on_version=given.validated_data["version"],
                now=timezone.now(),
                request=request._request,
            )
        except RuleViolation as refusal:
            if "meanwhile" in refusal.message:
                return Response({"detail": explain(refusal)}, status=status.HTTP_409_CONFLICT)
            return _refused(refusal)
        return Response(NeedSerializer(need).data)


class ObservationViewSet(viewsets.ReadOnlyModelViewSet[Finding]):
    """Observations of final reports and the progress reported on them (P&R para 41)."""

    serializer_class = ObservationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Finding]:
        return selectors.observations_for(
            self.request.user, open_only=self.request.query_params.get("open") == "1"
        )

    @extend_schema(
        summary="Submit progress on an observation (P&R para 41)",
        request=NewProgressSerializer,
        responses={201: ProgressSerializer},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        finding = self.get_object()
        person = _person(request)
        if not permissions.can_report_progress(person, finding):
            raise NotFound
        given = NewProgressSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            report = services.report_progress(
                finding=finding,
                by=person,
                progress=given.validated_data["progress"],
                text=given.validated_data["text"],
                now=timezone.now(),
                request=request._request,
            )
        except RuleViolation as refusal:
            return _refused(refusal)
        return Response(ProgressSerializer(report).data, status=status.HTTP_201_CREATED)


def table_data(table: analysis.Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "dimension": table.dimension,
        "series": [{"key": c.key, "label": c.label} for c in table.series],
        "rows": [
            {"key": c.key, "label": c.label, "values": list(values)} for c, values in table.rows
        ],
    }


class AnalysisView(APIView):
    """The thematic figures (P&R paras 7 (d), 53 (a)): published or consented material for
    everyone; `?scope=internal` counts everything for the secretariat and working groups."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("scope", str, enum=list(analysis.SCOPES))],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        scope = request.query_params.get("scope") or analysis.PUBLIC
        if scope not in analysis.SCOPES:
            raise serializers.ValidationError({"scope": ["public or internal"]})
        if scope == analysis.INTERNAL and not permissions.can_see_internal_analysis(request.user):
            raise NotFound
        return Response(
            {
                "scope": scope,
                "summary": analysis.summary(scope),
                "tables": [table_data(t) for t in analysis.tables(scope)],
            }
        )


class GoodPracticeSerializer(serializers.ModelSerializer[Finding]):
    state = serializers.CharField(source="state.code")
    instrument = serializers.CharField(source="instrument.code")
    article = serializers.CharField(source="article.number", allow_null=True, default=None)

    class Meta:
        model = Finding
        fields = ["id", "kind", "state", "instrument", "article", "text"]


class GoodPracticeViewSet(viewsets.ReadOnlyModelViewSet[Finding]):
    """Published good practices and successes; `?q=` searches their text."""

    serializer_class = GoodPracticeSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Finding]:
        return analysis.good_practices(
            query=(self.request.query_params.get("q") or "")[:200],
            instrument=self.request.query_params.get("instrument") or "",
        )
