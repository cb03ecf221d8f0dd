"""The lots app: draw meetings and their recorded draws (P&R paras 10, 11, 18, 20-22)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotsConfig(AppConfig):
    name = "revmech.lots"
    label = "lots"
    verbose_name = _("Drawing of lots")
