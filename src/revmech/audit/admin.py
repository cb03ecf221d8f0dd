"""The audit log in Django's admin: readable by the secretariat, changeable by nobody (P&R para 32).

The admin is only a second window on the log; `can_view_audit_log` decides who looks through it,
and no one, superusers included, may add, change or delete an entry here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from revmech.audit import permissions
from revmech.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ("at", "actor_label", "action", "subject_type", "subject_id", "review_id")
    list_filter = ("action",)
    search_fields = ("action", "actor_label", "subject_label")
    date_hierarchy = "at"
    readonly_fields = tuple(field.name for field in Entry._meta.fields)
    show_full_result_count = False  # one COUNT(*) fewer on a table that only grows

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_view_audit_log(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_view_audit_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
