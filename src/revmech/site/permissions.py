"""Who may reach the site-wide pages: the home page, the language switch, the API docs."""

from __future__ import annotations

from revmech.site.access import PUBLIC_PAGE, Access

ACCESS: dict[str, Access] = {
    "home": PUBLIC_PAGE,
    "set_language": Access(subject=None, rule=None, method="POST"),
    "schema": PUBLIC_PAGE,
    "api-docs": PUBLIC_PAGE,
    "api-redoc": PUBLIC_PAGE,
    "api-root": PUBLIC_PAGE,
}
