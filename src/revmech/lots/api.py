"""The API of the drawing of lots: confirmed draws with their results and protocol (public)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from revmech.lots import presenters, selectors
from revmech.lots.models import Draw


class DrawSerializer(serializers.ModelSerializer[Draw]):
    assignment = serializers.SerializerMethodField()
    protocol_url = serializers.SerializerMethodField()

    class Meta:
        model = Draw
        fields = [
            "id",
            "phase",
            "title",
            "held_on",
            "seed",
            "status",
            "assignment",
            "blocked",
            "protocol_url",
        ]

    blocked = serializers.SerializerMethodField()

    def get_blocked(self, draw: Draw) -> list[dict[str, Any]]:
        """Instruments set aside by the group rule (P&R para 20) and the exceptions recorded."""
        return [
            {
                "instrument": item["instrument"],
                "rule": item["rule"],
                "message": item["message"],
                "states": item["states"],
                "exception": item.get("exception"),
            }
            for item in draw.protocol.get("outcome", {}).get("blocked", [])
        ]

    def get_assignment(self, draw: Draw) -> dict[str, Any]:
        """The results in the `revmech.assignment.v1` format."""
        return presenters.assignment(draw)

    def get_protocol_url(self, draw: Draw) -> str:
        request = self.context.get("request")
        path = f"/lots/{draw.pk}/protocol.json"
        return request.build_absolute_uri(path) if request is not None else path


class DrawViewSet(viewsets.ReadOnlyModelViewSet[Draw]):
    """Confirmed draws are public; the secretariat also sees draws in progress."""

    serializer_class = DrawSerializer
    permission_classes = [AllowAny]
    pagination_class = None

    def get_queryset(self) -> QuerySet[Draw]:
        return selectors.draws_for(self.request.user)
