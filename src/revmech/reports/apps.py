"""The country review report and its executive summary (P&R paras 33-39, 43-46)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "revmech.reports"
    label = "reports"
    verbose_name = _("Country review reports")

    def ready(self) -> None:
        from revmech.reports import (
            artefacts,  # registers the checks of the stage moves
            background,  # registers the PDF made by a worker
        )

        artefacts.register()
        background.register()
