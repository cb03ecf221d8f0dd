"""The register in the Django admin: read-only; sessions and documents are kept through pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from revmech.meetings.models import Document, Session


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["body", "number", "starts_on", "place"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["symbol", "kind", "issued_on"]
