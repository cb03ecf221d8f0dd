"""Who may read and who may keep the register of sessions and documents (P&R paras 36, 53 (g)).

Everything in the register is public: it holds documents issued for the sessions. Only the
secretariat records sessions and issues documents.
"""

from __future__ import annotations

from revmech.web.access import PUBLIC_PAGE, Access
from revmech.web.roles import Someone, is_secretariat


def can_keep_register(person: Someone, _nothing: object = None) -> bool:
    """The secretariat records sessions and issues documents, and nobody else."""
    return bool(is_secretariat(person))


ACCESS: dict[str, Access] = {
    "meetings:sessions": PUBLIC_PAGE,
    "meetings:session": Access(subject="session", rule=None),
    "meetings:document": Access(subject="document", rule=None),
    "meetings:file": Access(subject="document_file", rule=None),
    "meetings:new_session": Access(subject=None, rule=can_keep_register, method="POST"),
    "meetings:new_document": Access(subject="session", rule=can_keep_register, method="POST"),
    "session-list": PUBLIC_PAGE,
    "session-detail": Access(subject="session", rule=None),
}
