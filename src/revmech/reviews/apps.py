"""The reviews app: the country review of one State under review, instrument and phase."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "revmech.reviews"
    label = "reviews"
    verbose_name = _("Country reviews")
