"""The audit app: the append-only record of state changes and views of confidential content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "revmech.audit"
    label = "audit"
    verbose_name = _("Audit log")
