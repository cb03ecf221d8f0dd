"""Who may reach the secretariat's pages: the secretariat, and nobody else (P&R para 42).

Budgets, contributions, training and support requests are the secretariat's working files;
States see what concerns them through their reviews, not here.
"""

from __future__ import annotations

from revmech.web.access import Access
from revmech.web.roles import Someone, is_secretariat


def is_secretariat_staff(person: Someone, _nothing: object = None) -> bool:
    return bool(is_secretariat(person))


def _page(subject: str | None = None, method: str = "GET") -> Access:
    return Access(subject=subject, rule=is_secretariat_staff, method=method)


ACCESS: dict[str, Access] = {
    "secretariat:index": _page(),
    "secretariat:budgets": _page(method="POST"),
    "secretariat:budget": _page("proposal"),
    "secretariat:revise_budget": _page("proposal", method="POST"),
    "secretariat:budget_docx": _page("proposal"),
    "secretariat:budget_xlsx": _page("proposal"),
    "secretariat:contributions": _page(),
    "secretariat:new_contribution": _page(method="POST"),
    "secretariat:contribution": _page("contribution", method="POST"),
    "secretariat:rates": _page(method="POST"),
    "secretariat:needs": _page(),
    "secretariat:new_need": _page(method="POST"),
    "secretariat:courses": _page(method="POST"),
    "secretariat:course": _page("course", method="POST"),
    "secretariat:certificate": _page("participant"),
    "secretariat:support": _page(method="POST"),
    "secretariat:answer_support": _page("support", method="POST"),
    "secretariat:languages": _page(),
    "secretariat-budget-list": _page(),
    "secretariat-budget-detail": _page("proposal"),
    "secretariat-contribution-list": _page(),
    "secretariat-contribution-detail": _page("contribution"),
}
