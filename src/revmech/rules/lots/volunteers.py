"""A signatory volunteering to be reviewed in a phase already drawn (P&R paras 18, 20, 52).

A signatory may take part "as a State under review" on a voluntary basis (para 52): it is drawn
a year and two reviewing States, one of its regional group and one of another (para 20), among
the parties to the instrument (para 18) that still have room under the phase's maximum (para 21),
and it is never drawn as a reviewer. The phase's draw is confirmed and its protocol fixed, so the
volunteer's lots are drawn apart, from a stream seeded with the phase's seed, the State and the
instrument: anyone can redo them with `draw_volunteer` and get the same result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from revmech.rules import RuleViolation, gettext_noop
from revmech.rules.lots.stream import LotStream
from revmech.rules.lots.years import YEARS

VOLUNTEER_FORMAT = "revmech.lots.volunteer.v1"


@dataclass(frozen=True)
class VolunteerDraw:
    state: str
    instrument: str
    seed: str
    year: int
    same: str
    other: str
    same_candidates: tuple[str, ...]
    other_candidates: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": VOLUNTEER_FORMAT,
            "state": self.state,
            "instrument": self.instrument,
            "seed": self.seed,
            "year": self.year,
            "reviewers": [self.same, self.other],
            "same_candidates": list(self.same_candidates),
            "other_candidates": list(self.other_candidates),
        }


def volunteer_seed(phase_seed: str, state: str, instrument: str) -> str:
    return f"{phase_seed}|volunteer|{state}|{instrument}"


def draw_volunteer(
    *,
    state: str,
    group: str,
    instrument: str,
    phase_seed: str,
    parties: Sequence[str],
    reviews: Sequence[Mapping[str, Any]],
    groups: Mapping[str, str],
    max_reviews: int,
) -> VolunteerDraw:
    """Draw the volunteer's year and its two reviewing States.

    `parties` are the parties to the instrument that took part in the phase's draw (only they
    review, P&R paras 18, 52); `reviews` are the phase's rows (`revmech.assignment.v1`:
    instrument, state_under_review, year, reviewers) with the volunteers' reviews already drawn,
    so no party reviews more than `max_reviews` times.
    """
    rows = [r for r in reviews if r["instrument"] == instrument]
    candidates = sorted(set(parties) - {state})
    load: dict[str, int] = dict.fromkeys(candidates, 0)
    for row in rows:
        for reviewer in row.get("reviewers") or ():
            if reviewer in load:
                load[reviewer] += 1
    room = [code for code in candidates if load[code] < max_reviews]
    same = tuple(c for c in room if groups.get(c) == group)
    other = tuple(c for c in room if groups.get(c) not in (None, group))
    if not same or not other:
        template = (
            gettext_noop(
                "No party to %(instrument)s of the regional group of %(state)s has room for"
                " another review in this phase."
            )
            if not same
            else gettext_noop(
                "No party to %(instrument)s of another regional group than that of %(state)s has"
                " room for another review in this phase."
            )
        )
        raise RuleViolation(
            template=template,
            params={"instrument": instrument, "state": state},
            rule="P&R paras 20, 21, 52",
            subjects=(state,),
        )
    seed = volunteer_seed(phase_seed, state, instrument)
    stream = LotStream(seed)
    year = YEARS[stream.below(len(YEARS))]
    return VolunteerDraw(
        state=state,
        instrument=instrument,
        seed=seed,
        year=year,
        same=stream.choice(same),
        other=stream.choice(other),
        same_candidates=same,
        other_candidates=other,
    )
