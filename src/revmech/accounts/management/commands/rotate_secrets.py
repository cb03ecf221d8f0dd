"""`revmech rotate_secrets`: re-encrypt every second-factor secret under the newest key."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator  # type: ignore[import-untyped, unused-ignore]
from django.core.management.base import BaseCommand
from django.db import transaction

from revmech.accounts.secrets_at_rest import reencrypt_data


class Command(BaseCommand):
    help = (
        "Re-encrypt every TOTP key and recovery-code seed under the first of REVMECH_SECRETS_KEYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        with transaction.atomic():
            for row in Authenticator.objects.select_for_update().iterator():
                data = dict(row.data)
                if reencrypt_data(row.type, data):
                    row.data = data
                    row.save(update_fields=["data"])
                    changed += 1
        self.stdout.write(f"Re-encrypted the secrets of {changed} authenticators.")
