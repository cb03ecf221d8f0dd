"""Who may read the audit log (P&R paras 32, 37): predicates read aloud.

The audit log says who looked at which confidential review, so it is itself confidential. Until
the roles model arrives, the secretariat is Django's staff; that model will replace the body.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def can_view_audit_log(person: AbstractBaseUser | AnonymousUser) -> bool:
    """The secretariat, and nobody else."""
    if not person.is_authenticated:
        return False
    return bool(getattr(person, "is_staff", False))
