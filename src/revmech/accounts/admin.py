"""The admin of people and their appointments: for looking and for repairs, never for workflow.

Nominations, decisions, withdrawals and replacements go through the pages (and the services),
which check the rules and write the audit log; here the workflow fields are read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from revmech.accounts.models import ActivationLink, Appointment, ExpertProfile, Person


class AppointmentInline(admin.TabularInline[Appointment, Person]):
    model = Appointment
    fk_name = "person"
    extra = 0
    can_delete = False
    fields = ("role", "state", "instrument", "status", "nominated_at", "ended_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(UserAdmin[Person]):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("revmech", {"fields": ("language",)}))
    inlines = (AppointmentInline,)


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin[Appointment]):
    list_display = ("person", "role", "state", "instrument", "status", "nominated_at")
    list_filter = ("role", "status", "instrument")
    search_fields = ("person__username", "person__email", "person__last_name", "state__code")
    ordering = ("state__code", "role", "-nominated_at")
    readonly_fields = (
        "person",
        "role",
        "state",
        "instrument",
        "status",
        "nominated_at",
        "nominated_by",
        "approved_at",
        "ended_at",
        "end_reason",
        "replaced_by",
        "clarification_note",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ActivationLink)
class ActivationLinkAdmin(admin.ModelAdmin[ActivationLink]):
    list_display = ("appointment", "created_at", "expires_at", "used_at", "revoked_at")
    readonly_fields = ("appointment", "token_hash", "created_at", "expires_at", "used_at")
    exclude = ()

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin[ExpertProfile]):
    list_display = ("person", "current_position", "updated_at")
    search_fields = ("person__username", "person__last_name", "current_position")
    filter_horizontal = ("clusters", "articles")
