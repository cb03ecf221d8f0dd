"""How fair the draw is in practice: frequencies against expectation, and distance from uniform.

`reviewer_frequencies(world, runs)` draws `runs` phases (seeds ``fairness-0``, ...) and counts,
per instrument and State in code order (never sorted by value: P&R para 3 (b)), how often the
State was drawn as reviewing State, beside its expectation (the mean of the parties of its
regional group, which the rules treat alike when none defers).

`uniformity(runs)` uses a world small enough to enumerate every complete draw of reviewing
States, and gives the total variation distance between the procedure's outcomes over `runs`
seeds and the uniform distribution over complete draws, beside the distance that a perfectly
uniform sampler shows with the same number of samples (the noise floor).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from revmech.rules.lots.engine import DrawConfig, Meeting, draw_phase
from revmech.rules.lots.stream import LotStream
from revmech.rules.lots.world import StateEntry, World


@dataclass(frozen=True)
class Frequency:
    instrument: str
    state: str
    drawn: int
    expected: float


def reviewer_frequencies(world: World, runs: int) -> list[Frequency]:
    """How often each State reviewed, per instrument, over `runs` phases, in code order."""
    counts: Counter[tuple[str, str]] = Counter()
    meeting: Meeting | None = None
    for run in range(runs):
        meeting = draw_phase(world, f"fairness-{run}")
        for (instrument, _), review in meeting.reviews.items():
            for code in (review.same, review.other):
                if code is not None:
                    counts[(instrument, code)] += 1
    if meeting is None:
        return []
    out = []
    for instrument, parties in meeting.parties.items():
        for code in parties:
            group = [c for c in parties if meeting.group[c] == meeting.group[code]]
            expected = sum(counts[(instrument, c)] for c in group) / len(group)
            out.append(Frequency(instrument, code, counts[(instrument, code)], expected))
    return out


def small_world() -> World:
    """Two groups (three and two States), one instrument, no deferrals, one legal system."""
    states = tuple(
        StateEntry(code, group, "civil law", ("UNTOC",))
        for code, group in (
            ("A1", "African"),
            ("A2", "African"),
            ("A3", "African"),
            ("B1", "Asia-Pacific"),
            ("B2", "Asia-Pacific"),
        )
    )
    return World(states, (), ("UNTOC",))


def complete_draws(world: World) -> list[tuple[tuple[str, str, str], ...]]:
    """Every complete set of reviewing States of a tiny one-instrument world, by brute force."""
    parties = [s for s in world.states if s.party_to]
    options = []
    for x in parties:
        same = [r.code for r in parties if r.regional_group == x.regional_group and r != x]
        other = [r.code for r in parties if r.regional_group != x.regional_group]
        options.append([(x.code, a, b) for a in same for b in other])
    out = []
    for combo in product(*options):
        load = Counter(r for _, a, b in combo for r in (a, b))
        if all(1 <= load[s.code] <= 3 for s in parties):
            out.append(tuple(combo))
    return out


def _outcome(meeting: Meeting) -> tuple[tuple[str, str, str], ...]:
    rows = []
    for row in meeting.assignment()["assignments"]:
        same, other = row["reviewers"]
        rows.append((row["state_under_review"], same, other))
    return tuple(rows)


def _tv(counts: Counter[Any], support: list[Any], runs: int) -> float:
    uniform = 1 / len(support)
    inside = sum(abs(counts[o] / runs - uniform) for o in support)
    outside = sum(v for k, v in counts.items() if k not in set(support)) / runs
    return (inside + outside) / 2


def uniformity(runs: int, *, world: World | None = None) -> dict[str, Any]:
    """Total variation distance of the procedure from uniform over complete draws."""
    world = world or small_world()
    support = complete_draws(world)
    config = DrawConfig(avoid_mutual=False, prefer_legal_system=False)
    observed: Counter[tuple[tuple[str, str, str], ...]] = Counter()
    for run in range(runs):
        observed[_outcome(draw_phase(world, f"uniformity-{run}", config))] += 1
    stream = LotStream("uniform-baseline")
    baseline: Counter[tuple[tuple[str, str, str], ...]] = Counter(
        support[stream.below(len(support))] for _ in range(runs)
    )
    return {
        "complete_draws": len(support),
        "runs": runs,
        "total_variation": _tv(observed, support, runs),
        "noise_floor": _tv(baseline, support, runs),
    }


def report(world: World | None, runs: int) -> Iterator[str]:
    """The lines `fairness --runs N` prints."""
    if world is not None:
        yield "instrument state drawn expected (mean of its regional group)"
        for f in reviewer_frequencies(world, runs):
            yield f"{f.instrument} {f.state} {f.drawn} {f.expected:.2f}"
    result = uniformity(runs)
    yield (
        f"small world: {result['complete_draws']} complete draws; total variation from uniform"
        f" over {runs} runs: {result['total_variation']:.4f}"
        f" (a uniform sampler with as many runs: {result['noise_floor']:.4f})"
    )
