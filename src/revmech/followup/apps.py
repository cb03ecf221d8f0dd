"""Follow-up: assistance needs, progress on observations, thematic analysis (P&R paras 40, 41)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "revmech.followup"
    label = "followup"
    verbose_name = _("Follow-up and analysis")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from revmech.followup.receivers import take_assistance_request, take_final_report
        from revmech.reports.models import Report
        from revmech.reports.signals import report_final
        from revmech.reviews.models import AssistanceRequest

        post_save.connect(
            take_assistance_request,
            sender=AssistanceRequest,
            dispatch_uid="revmech.followup.take_assistance_request",
        )
        report_final.connect(
            take_final_report, sender=Report, dispatch_uid="revmech.followup.take_final_report"
        )
