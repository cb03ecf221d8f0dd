"""Who may read the reference data: everyone (P&R para 3 (a), a transparent mechanism)."""

from __future__ import annotations

from revmech.site.access import PUBLIC_PAGE, Access

ACCESS: dict[str, Access] = {
    "registry:instruments": PUBLIC_PAGE,
    "registry:instrument": Access(subject="instrument", rule=None),
    "registry:clusters": PUBLIC_PAGE,
    "registry:states": PUBLIC_PAGE,
    "registry:state": Access(subject="state", rule=None),
    "state-list": PUBLIC_PAGE,
    "state-detail": Access(subject="state", rule=None),
    "instrument-list": PUBLIC_PAGE,
    "instrument-detail": Access(subject="instrument", rule=None),
}
