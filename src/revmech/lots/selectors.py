"""Reads of draws, filtered by who asks; a draw one may not see does not exist (404)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from revmech.lots import permissions
from revmech.lots.models import Draw


def draws_for(person: AbstractBaseUser | AnonymousUser) -> QuerySet[Draw]:
    if permissions.can_run_draw(person):
        return Draw.objects.all()
    return Draw.objects.filter(status=Draw.Status.CONFIRMED)


def draw_for(person: AbstractBaseUser | AnonymousUser, draw_id: int) -> Draw:
    draw = draws_for(person).filter(pk=draw_id).first()
    if draw is None or not permissions.can_see_draw(person, draw):
        raise Http404
    return draw
