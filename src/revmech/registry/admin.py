"""The Django admin for the secretariat: reference data, with participation history read-only."""

from django.contrib import admin

from revmech.registry import models


class ParticipationInline(admin.TabularInline[models.Participation, models.State]):
    model = models.Participation
    extra = 0
    readonly_fields = ["instrument", "status", "deposited_on", "source"]
    can_delete = False


@admin.register(models.State)
class StateAdmin(admin.ModelAdmin[models.State]):
    list_display = ["code", "name", "regional_group", "legal_system", "uncac_status"]
    list_filter = ["regional_group", "is_regional_organization"]
    search_fields = ["code", "name"]
    inlines = [ParticipationInline]


@admin.register(models.Instrument)
class InstrumentAdmin(admin.ModelAdmin[models.Instrument]):
    list_display = ["code", "position", "adopted_on", "entered_into_force_on"]


@admin.register(models.ParticipationChange)
class ParticipationChangeAdmin(admin.ModelAdmin[models.ParticipationChange]):
    list_display = [
        "participation",
        "old_status",
        "new_status",
        "source",
        "changed_by",
        "changed_at",
    ]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(models.RulebookVersion)
admin.site.register(models.ClusterSet)
