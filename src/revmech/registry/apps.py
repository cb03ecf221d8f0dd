"""The registry app: States, their participation in the instruments, the instruments themselves."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "revmech.registry"
    label = "registry"
    verbose_name = _("Registry")
