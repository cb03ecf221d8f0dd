"""The accounts app: the people who sign in, their language and (later) roles and second factor."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "revmech.accounts"
    label = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from revmech.accounts import background
        from revmech.accounts.permissions import is_secretariat
        from revmech.web import roles

        roles.answer_secretariat_with(is_secretariat)
        background.register()
