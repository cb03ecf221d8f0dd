"""Who may read the reference data (everyone, P&R para 3 (a)) and who may correct it."""

from __future__ import annotations

from revmech.web.access import PUBLIC_PAGE, Access
from revmech.web.roles import Someone, is_secretariat


def can_confirm_status(person: Someone, _nothing: object = None) -> bool:
    """The secretariat confirms or corrects treaty statuses, with their source."""
    return bool(is_secretariat(person))


def can_add_rulebook_version(person: Someone, _nothing: object = None) -> bool:
    """P&R para 6: the secretariat enters a version the Conference adopted, with its day."""
    return bool(is_secretariat(person))


ACCESS: dict[str, Access] = {
    "registry:rulebook": PUBLIC_PAGE,
    "registry:add_rulebook_version": Access(
        subject=None, rule=can_add_rulebook_version, method="POST"
    ),
    "registry:instruments": PUBLIC_PAGE,
    "registry:instrument": Access(subject="instrument", rule=None),
    "registry:clusters": PUBLIC_PAGE,
    "registry:states": PUBLIC_PAGE,
    "registry:to_confirm": Access(subject=None, rule=can_confirm_status),
    "registry:confirm": Access(subject="participation", rule=can_confirm_status, method="POST"),
    "registry:state": Access(subject="state", rule=None),
    "state-list": PUBLIC_PAGE,
    "state-detail": Access(subject="state", rule=None),
    "instrument-list": PUBLIC_PAGE,
    "instrument-detail": Access(subject="instrument", rule=None),
}
