"""Follow-up: assistance needs, progress on observations, thematic analysis (P&R paras 40, 41)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "revmech.followup"
    label = "followup"
    verbose_name = _("Follow-up and analysis")
