"""Who may read the audit log (P&R paras 32, 37): predicates read aloud.

The audit log says who looked at which confidential review, so it is itself confidential.
"""

from __future__ import annotations

from revmech.web.access import Access
from revmech.web.roles import Someone, is_secretariat


def can_view_audit_log(person: Someone) -> bool:
    """The secretariat, and nobody else."""
    return bool(is_secretariat(person))


def can_view_log(person: Someone, _nothing: object = None) -> bool:
    return can_view_audit_log(person)


ACCESS: dict[str, Access] = {
    "audit:list": Access(subject=None, rule=can_view_log),
    "audit:export": Access(subject=None, rule=can_view_log),
}
