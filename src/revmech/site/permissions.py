"""Who may reach the site-wide pages: the home page, the language switch, the API docs."""

from __future__ import annotations

from revmech.accounts.permissions import Someone
from revmech.web.access import PUBLIC_PAGE, Access


def is_signed_in(person: Someone, _nothing: object = None) -> bool:
    """The API's root (REST framework's list of endpoints) asks for a signed-in person."""
    return person is not None and bool(person.is_authenticated)


ACCESS: dict[str, Access] = {
    "home": PUBLIC_PAGE,
    "set_language": Access(subject=None, rule=None, method="POST"),
    "schema": PUBLIC_PAGE,
    "api-docs": PUBLIC_PAGE,
    "api-redoc": PUBLIC_PAGE,
    "api-root": Access(subject=None, rule=is_signed_in),
}
