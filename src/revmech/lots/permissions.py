"""Who may run a draw meeting and who may see its results (P&R paras 20-22).

A draw meeting is run by the secretariat; its confirmed results and protocol are public, so
that any State can replay them (`revmech lots verify`). A draw in progress is not public.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from revmech.lots.models import Draw


def can_run_draw(person: AbstractBaseUser | AnonymousUser) -> bool:
    """The secretariat opens, conducts and confirms draws."""
    return bool(person.is_authenticated and getattr(person, "is_staff", False))


def can_see_draw(person: AbstractBaseUser | AnonymousUser, draw: Draw) -> bool:
    """Everyone sees a confirmed draw; only the secretariat sees one in progress."""
    if draw.is_confirmed:
        return True
    return can_run_draw(person)
