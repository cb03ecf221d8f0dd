"""Follow-up: assistance needs, progress on observations, thematic analysis (P&R paras 40, 41)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "revmech.followup"
    label = "followup"
    verbose_name = _("Follow-up and analysis")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from revmech.followup.receivers import take_assistance_request
        from revmech.reviews.models import AssistanceRequest

        post_save.connect(
            take_assistance_request,
            sender=AssistanceRequest,
            dispatch_uid="revmech.followup.take_assistance_request",
        )
