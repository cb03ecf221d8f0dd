"""Briefings for non-governmental organizations on the review outcomes (P&R para 53)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilSocietyConfig(AppConfig):
    name = "revmech.civil_society"
    label = "civil_society"
    verbose_name = _("Civil society")
