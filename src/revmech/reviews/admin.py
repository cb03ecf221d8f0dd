from django.contrib import admin

from revmech.reviews import models


class ReviewingStateInline(admin.TabularInline[models.ReviewingState, models.CountryReview]):
    model = models.ReviewingState
    extra = 0


@admin.register(models.CountryReview)
class CountryReviewAdmin(admin.ModelAdmin[models.CountryReview]):
    list_display = ["state_under_review", "instrument", "phase", "year", "stage"]
    list_filter = ["instrument", "phase", "year", "stage"]
    inlines = [ReviewingStateInline]
