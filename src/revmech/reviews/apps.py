"""The reviews app: the country review of one State under review, instrument and phase."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "revmech.reviews"
    label = "reviews"
    verbose_name = _("Country reviews")

    def ready(self) -> None:
        from revmech.accounts.signals import access_revoked
        from revmech.reviews import background  # registers the ZIP made by a worker
        from revmech.reviews.receivers import stop_calendar_feeds

        access_revoked.connect(stop_calendar_feeds, dispatch_uid="reviews.stop_calendar_feeds")
        background.register()
