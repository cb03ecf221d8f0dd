"""The meetings app: sessions of the Conference and its working groups, and their documents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "revmech.meetings"
    label = "meetings"
    verbose_name = _("Sessions and documents")
