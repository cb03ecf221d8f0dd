"""The jobs app: mail and other slow work run by `revmech worker`, outside the request."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "revmech.jobs"
    label = "jobs"
    verbose_name = _("Background work")
