"""The Django admin shows reviews read only: every change goes through the services, which check
their predicates and write the audit log (stages, reviewers, assignments)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from revmech.reviews import models


class ReadOnly:
    """Neither add, change nor delete; the admin only shows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewingStateInline(
    ReadOnly, admin.TabularInline[models.ReviewingState, models.CountryReview]
):
    model = models.ReviewingState
    extra = 0


@admin.register(models.CountryReview)
class CountryReviewAdmin(ReadOnly, admin.ModelAdmin[models.CountryReview]):
    list_display = ["state_under_review", "instrument", "phase", "year", "stage"]
    list_filter = ["instrument", "phase", "year", "stage"]
    inlines = [ReviewingStateInline]
