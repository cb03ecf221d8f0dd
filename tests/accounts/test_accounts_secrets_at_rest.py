"""Second-factor secrets are encrypted at rest and keys can be rotated (docs/security.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from revmech.accounts import secrets_at_rest
from revmech.accounts.models import Person

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXP"  # a base32 TOTP key


def test_a_totp_key_is_not_stored_in_the_clear_and_still_verifies(
    make_person: Callable[..., Person],
) -> None:
    person = make_person("amina")
    TOTP.activate(person, SECRET)
    stored = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP).data["secret"]
    assert SECRET not in stored
    assert stored.startswith(secrets_at_rest.PREFIX)
    authenticator = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
    code = format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))
    assert TOTP(authenticator).validate_code(code)


def test_a_value_stored_before_encryption_still_reads() -> None:
    assert secrets_at_rest.decrypt(SECRET) == SECRET


def test_keys_rotate_and_an_unknown_key_is_named(
    make_person: Callable[..., Person], settings: Any
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.REVMECH_SECRETS_KEYS = [old]
    person = make_person("boris")
    TOTP.activate(person, SECRET)
    settings.REVMECH_SECRETS_KEYS = [new, old]
    call_command("rotate_secrets")
    settings.REVMECH_SECRETS_KEYS = [new]
    stored = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP).data["secret"]
    assert secrets_at_rest.decrypt(stored) == SECRET
    settings.REVMECH_SECRETS_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        secrets_at_rest.decrypt(stored)
    settings.REVMECH_SECRETS_KEYS = ["not a key"]
    with pytest.raises(ImproperlyConfigured, match="must hold Fernet keys"):
        secrets_at_rest.encrypt(SECRET)
