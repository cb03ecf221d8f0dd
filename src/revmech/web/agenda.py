"""What a person's home page lists: the things that need them now and what comes next.

Each app that has work for people declares `agenda_for(person, *, today) -> list[Task]` in its
`agenda.py`; `revmech.site.home` gathers them (the apps never import each other). A task the
person can do names no one in `waiting_on`; a task that waits on someone else names them.
Tasks are listed by date, then by what they are about: never by how well a State does
(P&R para 3 (b)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class Kind:
    """What sort of work a task is; the home page groups by it."""

    STEP = "step"  # a step of a country review, with its deadline (P&R paras 23-34)
    REQUEST = "request"  # a request to answer (dialogue, desk review, visit)
    APPROVAL = "approval"  # an agreement or approval to give
    NOMINATION = "nomination"  # a nomination or profile to handle (P&R paras 12, 19)


@dataclass(frozen=True)
class Task:
    kind: str
    title: str
    url: str
    about: str = ""  # what it concerns, e.g. "Kenya · UNTOC · phase 1"
    due_on: date | None = None
    is_target: bool = False  # a date to aim for (P&R para 33), not a deadline
    is_overdue: bool = False
    waiting_on: str = ""  # empty: the person acts; otherwise who must act first

    @property
    def is_mine(self) -> bool:
        return not self.waiting_on


def in_order(tasks: list[Task]) -> list[Task]:
    """Dated tasks first, by date; then the rest, by what they concern and their title."""
    return sorted(tasks, key=lambda t: (t.due_on is None, t.due_on or date.min, t.about, t.title))
