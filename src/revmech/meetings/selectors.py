"""Reads of the register: everything in it is public, so no reader is refused (P&R para 36)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from revmech.meetings.models import Document, DocumentFile, Session


def sessions() -> QuerySet[Session]:
    """Every session, newest first, with how many documents it has."""
    return Session.objects.annotate(document_count=Count("documents")).order_by(
        "-starts_on", "body", "pk"
    )


def session(session_id: int) -> Session:
    return get_object_or_404(Session, pk=session_id)


def documents_of(session: Session) -> QuerySet[Document]:
    return session.documents.prefetch_related(
        Prefetch("files", queryset=DocumentFile.objects.only("id", "document_id", "language"))
    )


def document(document_id: int) -> Document:
    found: Document = get_object_or_404(
        Document.objects.select_related("session").prefetch_related("files"), pk=document_id
    )
    return found


def document_file(document_id: int, language: str) -> DocumentFile:
    found: DocumentFile = get_object_or_404(
        DocumentFile.objects.select_related("document"),
        document_id=document_id,
        language=language,
    )
    return found
