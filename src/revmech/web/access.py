"""The types of the access table: who may use one URL (P&R paras 32, 37).

Each app's `permissions.py` declares `ACCESS` with these types; `revmech.site.access` gathers
every app's declarations into the one table the tests walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Rule = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Access:
    """Who may use one URL: `rule` None means public; `method` is how it is used."""

    subject: str | None
    rule: Rule | None
    method: str = "GET"

    @property
    def is_public(self) -> bool:
        return self.rule is None


PUBLIC_PAGE = Access(subject=None, rule=None)
