"""The questionnaires app: self-assessment questionnaires and the desk review (P&R 16-30)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "revmech.questionnaires"
    label = "questionnaires"
    verbose_name = _("Self-assessment questionnaires and desk review")

    def ready(self) -> None:
        from revmech.questionnaires import (
            artefacts,  # registers the checks of the stage moves
            background,  # registers the PDF made by a worker
        )

        artefacts.register()
        background.register()
