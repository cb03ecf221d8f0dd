"""Who may read the audit log (P&R paras 32, 37): predicates read aloud.

The audit log says who looked at which confidential review, so it is itself confidential.
"""

from __future__ import annotations

from revmech.accounts.permissions import Someone, is_secretariat


def can_view_audit_log(person: Someone) -> bool:
    """The secretariat, and nobody else."""
    return bool(is_secretariat(person))
