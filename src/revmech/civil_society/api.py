"""The API of NGO briefings (P&R para 53): briefings and invitations as the person may see them,
and the organization's confirmation and comments through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from revmech.audit import services as audit
from revmech.civil_society import permissions, selectors, services
from revmech.civil_society.models import Briefing, Invitation
from revmech.rules import RuleViolation
from revmech.web.pagination import PageSizePagination
from revmech.web.refusals import explain


class BriefingSerializer(serializers.ModelSerializer[Briefing]):
    session = serializers.SerializerMethodField()
    bureau_member = serializers.CharField(source="bureau_member.display_name")
    last_day_to_confirm = serializers.SerializerMethodField()

    class Meta:
        model = Briefing
        fields = [
            "id",
            "session",
            "held_on",
            "starts_at",
            "time_zone",
            "place",
            "topics",
            "technical_assistance_needs",
            "president_requested_on",
            "bureau_member",
            "last_day_to_confirm",
        ]

    def get_session(self, briefing: Briefing) -> str:
        return str(briefing.session)

    def get_last_day_to_confirm(self, briefing: Briefing) -> str:
        return services.last_day_of(briefing).isoformat()


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    organization = serializers.CharField(source="organization.name")
    briefing = serializers.IntegerField(source="briefing_id", read_only=True)
    held_on = serializers.DateField(source="briefing.held_on")

    class Meta:
        model = Invitation
        fields = ["id", "briefing", "held_on", "organization", "status", "confirmed_at"]


class ConfirmSerializer(serializers.Serializer[Any]):
    attendees = serializers.CharField(required=False, allow_blank=True, default="")


class RefusalSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(
        help_text="Why the rules refuse it now, in the request's language."
    )


class MentionSerializer(serializers.Serializer[Any]):
    state = serializers.CharField()
    found = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    excerpt = serializers.CharField()


class CommentAnswerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    circulation = serializers.CharField(help_text="Whether the comments are circulated yet.")
    mentions = MentionSerializer(
        many=True, help_text="Passages that mention a State (para 53 (b))."
    )


# A step the rules refuse now (too late, already done, attendance not confirmed).
REFUSED = OpenApiResponse(RefusalSerializer, description="The rules refuse this step now.")


class CommentSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()


class BriefingViewSet(viewsets.ReadOnlyModelViewSet[Briefing]):
    """Briefings for non-governmental organizations the person may see (P&R para 53)."""

    # For the schema only (the type of the id); get_queryset decides what a reader gets.
    queryset = Briefing.objects.none()
    serializer_class = BriefingSerializer
    pagination_class = PageSizePagination

    def get_queryset(self) -> QuerySet[Briefing]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks no one
            return Briefing.objects.none()
        return selectors.briefings_for(self.request.user)

    def get_object(self) -> Briefing:
        return selectors.briefing_for(self.request.user, _id(self.kwargs["pk"]))


def _id(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError) as bad:
        raise Http404 from bad


class InvitationViewSet(viewsets.ReadOnlyModelViewSet[Invitation]):
    """Invitations to briefings: all for the secretariat and the Bureau, an organization's own
    for its representatives, who confirm attendance and send comments (P&R para 53 (e))."""

    # For the schema only (the type of the id); get_queryset decides what a reader gets.
    queryset = Invitation.objects.none()
    serializer_class = InvitationSerializer
    pagination_class = PageSizePagination

    def get_queryset(self) -> QuerySet[Invitation]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks no one
            return Invitation.objects.none()
        return selectors.invitations_for(self.request.user)

    def get_object(self) -> Invitation:
        found = selectors.invitation_for(self.request.user, _id(self.kwargs["pk"]))
        audit.record(
            "civil_society.invitation.viewed",
            actor=self.request.user,
            subject=found,
            request=self.request,
        )
        return found

    def _answerable(self, pk: Any) -> Invitation:
        found = selectors.invitation_for(self.request.user, _id(pk))
        if not permissions.can_answer_invitation(self.request.user, found):
            raise Http404
        return found

    @extend_schema(request=ConfirmSerializer, responses={200: InvitationSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        """Confirm attendance, no later than 10 days before the briefing (P&R para 53 (e))."""
        found = self._answerable(pk)
        payload = ConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            done = services.confirm_attendance(
                invitation=found,
                by=request.user,
                attendees=payload.validated_data["attendees"],
                request=request._request,
            )
        except RuleViolation as refusal:
            return Response({"detail": explain(refusal)}, status=status.HTTP_409_CONFLICT)
        return Response(InvitationSerializer(done).data)

    @extend_schema(
        request=CommentSerializer, responses={201: CommentAnswerSerializer, 409: REFUSED}
    )
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: Any = None) -> Response:
        """Send comments in writing once attendance is confirmed (P&R para 53 (e))."""
        found = self._answerable(pk)
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            done = services.submit_comment(
                invitation=found,
                text=payload.validated_data["text"],
                by=request.user,
                request=request._request,
            )
        except RuleViolation as refusal:
            return Response({"detail": explain(refusal)}, status=status.HTTP_409_CONFLICT)
        return Response(
            {"id": done.pk, "circulation": done.circulation, "mentions": done.mentions},
            status=status.HTTP_201_CREATED,
        )
