"""Second-factor secrets encrypted at rest (TOTP keys and recovery-code seeds).

allauth stores each person's TOTP key and recovery-code seed in the database; a copy of the
database alone must not let anyone produce valid codes. They are encrypted with Fernet
(AES-128-CBC with an HMAC-SHA256, from `cryptography`) under `REVMECH_SECRETS_KEYS`, a
comma-separated list of Fernet keys, newest first, so keys can be rotated: values encrypted under
an older key still read, and `revmech rotate_secrets` re-encrypts them under the newest. Without
that variable the key is derived from `SECRET_KEY` (changing it then needs the rotation).
Stored values carry a prefix; a value without it is a secret stored before encryption and reads
as it is until the migration or the rotation encrypts it.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1:"


def _keys() -> list[bytes]:
    configured = [k.strip() for k in getattr(settings, "REVMECH_SECRETS_KEYS", []) if k.strip()]
    if configured:
        return [k.encode() for k in configured]
    derived = hashlib.sha256(b"revmech second-factor secrets|" + settings.SECRET_KEY.encode())
    return [base64.urlsafe_b64encode(derived.digest())]


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except ValueError as bad:
        raise ImproperlyConfigured(
            "REVMECH_SECRETS_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from bad


def encrypt(text: str) -> str:
    """`text` encrypted under the newest key, with the prefix that marks it."""
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    """The secret behind a stored value; a value from before encryption reads as it is."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as unknown:
        raise ImproperlyConfigured(
            "A second-factor secret cannot be decrypted with REVMECH_SECRETS_KEYS: keep the "
            "old key in the list until `revmech rotate_secrets` has run."
        ) from unknown


def reencrypt(stored: str) -> str:
    """The value encrypted under the newest key (plain values are encrypted)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode()).decode()


# The fields of allauth's Authenticator.data that hold secrets, by authenticator type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}


def reencrypt_data(kind: str, data: dict[str, object]) -> bool:
    """Re-encrypt the secrets of one authenticator's data in place; True if anything changed."""
    changed = False
    for field in SECRET_FIELDS.get(kind, ()):
        value = data.get(field)
        if isinstance(value, str):
            data[field] = reencrypt(value)
            changed = True
    codes = data.get("migrated_codes")
    if kind == "recovery_codes" and isinstance(codes, list):
        data["migrated_codes"] = [reencrypt(c) if isinstance(c, str) else c for c in codes]
        changed = True
    return changed
