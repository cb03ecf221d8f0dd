"""The public read-only API of the register of sessions and documents (P&R para 36)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from revmech.meetings.models import Document, DocumentFile, Session


class SessionDocumentFileSerializer(serializers.ModelSerializer[DocumentFile]):
    class Meta:
        model = DocumentFile
        fields = ["language", "content_type", "size", "sha256"]


class SessionDocumentSerializer(serializers.ModelSerializer[Document]):
    files = SessionDocumentFileSerializer(many=True)

    class Meta:
        model = Document
        fields = ["symbol", "kind", "titles", "issued_on", "files"]


class SessionSerializer(serializers.ModelSerializer[Session]):
    documents = SessionDocumentSerializer(many=True)

    class Meta:
        model = Session
        fields = ["id", "body", "number", "starts_on", "ends_on", "place", "documents"]


class SessionViewSet(viewsets.ReadOnlyModelViewSet[Session]):
    """Sessions of the Conference and its working groups, with their documents."""

    permission_classes = [AllowAny]
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[Session]:
        return Session.objects.prefetch_related("documents__files").order_by("-starts_on", "pk")
