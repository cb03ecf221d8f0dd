"""The signed-in person's home: what needs them now and next, gathered from every app's
`agenda.py`, and the latest notifications they were mailed (issue 16).

The apps do not know each other; this module, at the top, asks each in turn. An app that adds
work for people adds its `agenda` module to `APPS_WITH_AGENDA`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import import_module

from revmech.accounts.models import Notice
from revmech.accounts.permissions import Someone
from revmech.reviews import selectors as review_selectors
from revmech.web.agenda import Task, in_order

APPS_WITH_AGENDA = (
    "revmech.reviews.agenda",
    "revmech.questionnaires.agenda",
    "revmech.accounts.agenda",
)
LATEST_NOTICES = 5


@dataclass(frozen=True)
class Home:
    now: list[Task]
    next: list[Task]
    notices: list[Notice]


def home_of(person: Someone, *, today: date) -> Home:
    tasks: list[Task] = []
    for module_name in APPS_WITH_AGENDA:
        tasks.extend(import_module(module_name).agenda_for(person, today=today))
    ordered = in_order(tasks)
    return Home(
        now=[t for t in ordered if t.is_mine],
        next=[t for t in ordered if not t.is_mine],
        notices=list(review_selectors.notices_for(person)[:LATEST_NOTICES]),
    )
