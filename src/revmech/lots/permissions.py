"""Who may run a draw meeting and who may see its results (P&R paras 20-22).

A draw meeting is run by the secretariat; its confirmed results and protocol are public, so
that any State can replay them (`revmech lots verify`). A draw in progress is not public.
"""

from __future__ import annotations

from revmech.accounts.permissions import Someone, is_secretariat
from revmech.lots.models import Draw


def can_run_draw(person: Someone) -> bool:
    """The secretariat opens, conducts and confirms draws."""
    return bool(is_secretariat(person))


def can_see_draw(person: Someone, draw: Draw) -> bool:
    """Everyone sees a confirmed draw; only the secretariat sees one in progress."""
    if draw.is_confirmed:
        return True
    return can_run_draw(person)
