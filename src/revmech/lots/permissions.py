"""Who may run a draw meeting and who may see its results (P&R paras 20-22).

A draw meeting is run by the secretariat; its confirmed results and protocol are public, so
that any State can replay them (`revmech lots verify`). A draw in progress is not public.
"""

from __future__ import annotations

from revmech.accounts.permissions import Someone, is_secretariat
from revmech.lots.models import Draw
from revmech.web.access import PUBLIC_PAGE, Access


def can_run_draw(person: Someone) -> bool:
    """The secretariat opens, conducts and confirms draws."""
    return bool(is_secretariat(person))


def can_see_draw(person: Someone, draw: Draw) -> bool:
    """Everyone sees a confirmed draw; only the secretariat sees one in progress."""
    if draw.is_confirmed:
        return True
    return can_run_draw(person)


def can_run_draws(person: Someone, _nothing: object = None) -> bool:
    return can_run_draw(person)


ACCESS: dict[str, Access] = {
    "lots:public_list": PUBLIC_PAGE,
    "lots:public_detail": Access(subject="draw", rule=can_see_draw),
    "lots:protocol": Access(subject="draw", rule=can_see_draw),
    "lots:assignment": Access(subject="draw", rule=can_see_draw),
    "lots:meetings": Access(subject=None, rule=can_run_draws),
    "lots:meeting_open": Access(subject=None, rule=can_run_draws),
    "lots:meeting": Access(subject="draw", rule=lambda person, draw: can_run_draw(person)),
    "lots:meeting_act": Access(
        subject="draw", rule=lambda person, draw: can_run_draw(person), method="POST"
    ),
    # The screen in the meeting room, shown by the secretariat while it draws.
    "lots:screen": Access(subject="draw", rule=lambda person, draw: can_run_draw(person)),
    "lots:add_volunteer": Access(
        subject="draw", rule=lambda person, draw: can_run_draw(person), method="POST"
    ),
    "draw-list": PUBLIC_PAGE,  # lists only what the person may see
    "draw-detail": Access(subject="draw", rule=can_see_draw),
}
