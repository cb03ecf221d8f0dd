"""Signals `accounts` sends to the apps built on it, so that it never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of `security.revoke_all_access` with `person` and `at`; each
# receiver stops what it issued to that person and returns how many things it stopped.
access_revoked = Signal()
