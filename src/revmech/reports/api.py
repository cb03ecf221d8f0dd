"""The API of country review reports: the reports the person may read (P&R paras 32, 37), a
section saved with its version check (para 33) and one State's approval of a version (para 34),
through the same services as the pages. The report of a review is addressed by the review's id.

What the person may not read or do answers 404, as the pages do; a refusal of the rules answers
400 with its translated sentence; a save on a revision someone has since replaced answers 409.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from revmech.audit import services as audit
from revmech.reports import permissions, selectors, services
from revmech.reports.models import AssistanceNeed, Report, Section
from revmech.rules import RuleViolation
from revmech.web.pagination import PageSizePagination
from revmech.web.refusals import explain


class SectionSerializer(serializers.ModelSerializer[Section]):
    class Meta:
        model = Section
        fields = [
            "id", "key", "part", "kind", "cluster", "article", "heading", "position", "text",
            "revision", "updated_at",
        ]  # fmt: skip


class ReportAssistanceNeedSerializer(serializers.ModelSerializer[AssistanceNeed]):
    class Meta:
        model = AssistanceNeed
        fields = ["id", "kind", "article", "description", "priority", "revision"]


class ReportSummarySerializer(serializers.ModelSerializer[Report]):
    review = serializers.IntegerField(source="review_id")
    state_under_review = serializers.CharField(source="review.state_under_review.code")
    instrument = serializers.CharField(source="review.instrument.code")
    is_final = serializers.BooleanField()

    class Meta:
        model = Report
        fields = ["review", "state_under_review", "instrument", "language", "version", "is_final"]


class ReportSerializer(ReportSummarySerializer):
    digest = serializers.SerializerMethodField()
    sections = SectionSerializer(many=True)
    needs = ReportAssistanceNeedSerializer(many=True)
    approvals = serializers.SerializerMethodField()

    class Meta(ReportSummarySerializer.Meta):
        fields = [
            *ReportSummarySerializer.Meta.fields,
            "digest", "final_digest", "finalized_at", "sections", "needs", "approvals",
        ]  # fmt: skip

    def get_digest(self, report: Report) -> str:
        return services.current_digest(report)

    def get_approvals(self, report: Report) -> list[dict[str, Any]]:
        return [
            {"state": a.state.code, "version": a.report_version, "approved_at": a.approved_at}
            for a in report.approvals.filter(withdrawn_at__isnull=True).select_related("state")
        ]


class SaveSectionSerializer(serializers.Serializer[dict[str, Any]]):
    section = serializers.IntegerField()
    based_on = serializers.IntegerField(min_value=0)
    text = serializers.CharField(allow_blank=True)


class ApproveSerializer(serializers.Serializer[dict[str, Any]]):
    state = serializers.CharField(max_length=3)
    version = serializers.IntegerField(min_value=1)
    digest = serializers.CharField(min_length=64, max_length=64)


class ReportViewSet(viewsets.GenericViewSet[Report]):
    """Country review reports (confidential, P&R para 37), addressed by their review's id."""

    pagination_class = PageSizePagination
    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.reports_for(self.request.user)

    def _review(self, pk: str | None, rule: Any = permissions.can_read_existing_report) -> Any:
        try:
            return selectors.review_for(self.request.user, int(str(pk)), rule)
        except (Http404, ValueError):
            raise NotFound from None

    @extend_schema(responses=ReportSummarySerializer(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReportSummarySerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        review = self._review(pk)
        report = selectors.existing_report(review)
        audit.record("reports.report.read_api", actor=request.user, subject=report, request=request)
        return Response(ReportSerializer(report).data)

    @extend_schema(
        request=SaveSectionSerializer,
        responses={
            200: SectionSerializer,
            400: OpenApiResponse(description="Refused by the rules"),
            409: OpenApiResponse(description="Someone saved the section meanwhile"),
        },
    )
    @action(detail=True, methods=["post"], url_path="save-section")
    def save_section(self, request: Request, pk: str | None = None) -> Response:
        review = self._review(pk, permissions.can_edit_report)
        report = selectors.existing_report(review)
        given = SaveSectionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            section = selectors.section_in(report, given.validated_data["section"])
            saved = services.save_section(
                section=section,
                text=given.validated_data["text"],
                based_on=given.validated_data["based_on"],
                by=request.user,  # type: ignore[arg-type]
                request=request._request,
            )
        except Http404:
            raise NotFound from None
        except services.StaleSection as stale:
            return Response(
                {
                    "detail": explain(stale),
                    "current": SectionSerializer(stale.current).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except RuleViolation as refusal:
            return Response({"detail": explain(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SectionSerializer(saved).data)

    @extend_schema(
        request=ApproveSerializer,
        responses={200: ReportSerializer, 400: OpenApiResponse(description="Refused")},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        review = self._review(pk, permissions.can_approve_report)
        report = selectors.existing_report(review)
        given = ApproveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            services.approve_report(
                report=report,
                by=request.user,  # type: ignore[arg-type]
                state_code=given.validated_data["state"],
                version=given.validated_data["version"],
                digest=given.validated_data["digest"],
                request=request._request,
            )
        except PermissionDenied:
            raise NotFound from None
        except RuleViolation as refusal:
            return Response({"detail": explain(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        report.refresh_from_db()
        return Response(ReportSerializer(report).data)
