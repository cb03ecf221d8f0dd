"""Secretariat operations: budget, contributions, training, languages (P&R paras 15, 42-51)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "revmech.secretariat"
    label = "secretariat"
    verbose_name = _("Secretariat operations")
