"""How fair the draw is in practice: frequencies against expectation, and distance from uniform.

`reviewer_frequencies(world, runs)` draws `runs` phases (seeds ``fairness-0``, ...) and counts,
per instrument and State in code order (never sorted by value: P&R para 3 (b)), how often the
State was drawn as reviewing State, beside its expectation (the mean of the parties of its
regional group, which the rules treat alike when none defers).

`uniformity(runs, world=, config=, algorithm=)` uses a world small enough to enumerate every
complete draw of reviewing States (`WORLDS`), and gives the total variation distance between the
procedure's outcomes over `runs` seeds and the uniform distribution over the target draws (the
complete draws with the fewest reviews sharing no legal family, then the fewest mutual reviews,
as far as `config` asks), beside the distance that a perfectly uniform sampler shows with the
same number of samples (the sampling floor).

`mixing(world, config, per_seat)` computes exactly, without sampling, the v4 chain's transition
matrix over the target draws (every proposal fed to `chain.run_chain` itself) and the largest
distance from uniform after `k` moves per seat over every start: a bound for any start the
procedure may use, assuming an ideal stream (docs/lots.md, "Uniform").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from revmech.rules.lots.chain import ChainProblem, problem_from_rows, run_chain
from revmech.rules.lots.engine import (
    ALGORITHM_V3,
    ALGORITHM_VERSION,
    STEPS_PER_SEAT,
    DrawConfig,
    Meeting,
    draw_phase,
)
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


def legal_world() -> World:
    """Three and two States, one instrument, civil and common law: the legal rule binds."""
    states = tuple(
        StateEntry(code, group, legal, ("UNTOC",))
        for code, group, legal in (
            ("A1", "African", "civil law"),
            ("A2", "African", "common law"),
            ("A3", "African", "civil law"),
            ("B1", "Asia-Pacific", "common law"),
            ("B2", "Asia-Pacific", "civil law"),
        )
    )
    return World(states, (), ("UNTOC",))


def mutual_world() -> World:
    """Three groups of two, one instrument: mutual reviews cannot all be avoided (at least 3)."""
    states = tuple(
        StateEntry(code, group, "civil law", ("UNTOC",))
        for code, group in (
            ("A1", "African"),
            ("A2", "African"),
            ("B1", "Asia-Pacific"),
            ("B2", "Asia-Pacific"),
            ("E1", "Eastern European"),
            ("E2", "Eastern European"),
        )
    )
    return World(states, (), ("UNTOC",))


# The enumerable worlds of docs/lots.md, each with the soft rules that bind on it.
WORLDS: dict[str, tuple[Callable[[], World], DrawConfig]] = {
    "small": (small_world, DrawConfig(avoid_mutual=False, prefer_legal_system=False)),
    "legal": (legal_world, DrawConfig(avoid_mutual=False)),
    "mutual": (mutual_world, DrawConfig()),
}

Draw = tuple[tuple[str, str, str], ...]


def complete_draws(world: World) -> list[Draw]:
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


def soft_counts(world: World, draw: Draw, config: DrawConfig) -> tuple[int, int]:
    """(reviews sharing no legal family, mutual pairs) of a draw, as far as `config` asks."""
    entries = {s.code: s for s in world.states}
    misses = 0
    if config.prefer_legal_system:
        for x, a, b in draw:
            fam = entries[x].legal_families
            if fam and not (fam & entries[a].legal_families or fam & entries[b].legal_families):
                misses += 1
    mutual = 0
    if config.avoid_mutual:
        edges = {(r, x) for x, a, b in draw for r in (a, b)}
        mutual = sum(1 for r, x in edges if r < x and (x, r) in edges)
    return misses, mutual


def target_draws(world: World, config: DrawConfig) -> list[Draw]:
    """The draws v4 is uniform over: complete, with the fewest reviews sharing no legal family
    and, among those, the fewest mutual reviews (what "if possible" asks on these worlds)."""
    support = complete_draws(world)
    counts = {d: soft_counts(world, d, config) for d in support}
    best = min(counts.values())
    return [d for d in support if counts[d] == best]


def _outcome(meeting: Meeting) -> Draw:
    rows = []
    for row in meeting.assignment()["assignments"]:
        same, other = row["reviewers"]
        rows.append((row["state_under_review"], same, other))
    return tuple(rows)


def _tv(counts: Counter[Any], support: list[Any], runs: int) -> float:
    uniform = 1 / len(support)
    inside = sum(abs(counts[o] / runs - uniform) for o in support)
    members = set(support)
    outside = sum(v for k, v in counts.items() if k not in members) / runs
    return (inside + outside) / 2


def uniformity(
    runs: int,
    *,
    world: World | None = None,
    config: DrawConfig | None = None,
    algorithm: str = ALGORITHM_VERSION,
) -> dict[str, Any]:
    """Total variation distance of the procedure's outcomes from uniform over the target draws,
    over `runs` seeds, beside that of a perfectly uniform sampler with as many runs."""
    world = world or small_world()
    config = config or DrawConfig(avoid_mutual=False, prefer_legal_system=False)
    support = target_draws(world, config)
    observed: Counter[Draw] = Counter()
    for run in range(runs):
        observed[_outcome(draw_phase(world, f"uniformity-{run}", config, algorithm))] += 1
    floors = sampling_floor(len(support), runs)
    return {
        "algorithm": algorithm,
        "complete_draws": len(support),
        "runs": runs,
        "total_variation": _tv(observed, support, runs),
        "noise_floor": floors[0],
        "floor_range": (min(floors), max(floors)),
    }


def sampling_floor(size: int, runs: int, samplers: int = 20) -> list[float]:
    """The distance from uniform of `samplers` perfectly uniform samplers of `runs` draws each
    over `size` outcomes (seeds ``uniform-baseline``, ``uniform-baseline-1``, ...): what perfect
    uniformity shows with that many runs."""
    out = []
    support = list(range(size))
    for k in range(samplers):
        stream = LotStream("uniform-baseline" if k == 0 else f"uniform-baseline-{k}")
        counts: Counter[int] = Counter(stream.below(size) for _ in range(runs))
        out.append(_tv(counts, support, runs))
    return out


class _Script:
    """A stream that answers `below` from a list: one proposal of the chain, exactly."""

    def __init__(self, values: list[int]) -> None:
        self.values = values

    def below(self, n: int) -> int:
        value = self.values.pop(0)
        if not 0 <= value < n:
            raise ValueError(f"scripted {value} is not below {n}")
        return value


def chain_matrix(world: World, config: DrawConfig) -> tuple[list[Draw], list[dict[int, float]]]:
    """The exact transition probabilities of one move of the v4 chain over the target draws.

    Every proposal (seat, move, State or second seat) is fed to `run_chain` itself through a
    scripted stream, so the matrix is that of the code, with an ideal stream.
    """
    states = target_draws(world, config)
    codes = [s.code for s in world.states if s.party_to]
    index = {c: i for i, c in enumerate(codes)}
    entries = {s.code: s for s in world.states}
    position = {d: i for i, d in enumerate(states)}
    rows_out: list[dict[int, float]] = []
    first = states[0]
    eligible: list[tuple[int, ...]] = []
    sharing: list[frozenset[int] | None] = []
    for x, _, _ in first:
        g = entries[x].regional_group
        same = tuple(index[r] for r in codes if entries[r].regional_group == g and r != x)
        other = tuple(index[r] for r in codes if entries[r].regional_group != g)
        fam = entries[x].legal_families
        share = (
            frozenset(index[r] for r in codes if fam & entries[r].legal_families)
            if config.prefer_legal_system and fam
            else None
        )
        eligible += [same, other]
        sharing += [share, share]
    seats = len(eligible)
    for d in states:

        def problem(draw: Draw = d) -> ChainProblem:
            rows = []
            for i, (x, a, b) in enumerate(draw):
                rows.append((index[x], index[a], eligible[2 * i]))
                rows.append((index[x], index[b], eligible[2 * i + 1]))
            return problem_from_rows(
                rows,
                n=len(codes),
                lo=config.min_reviews,
                hi=config.max_reviews,
                sharing=sharing,
                avoid_mutual=config.avoid_mutual,
            )

        row: dict[int, float] = {}
        proposals: list[tuple[list[int], float]] = []
        for f in range(seats):
            for j in range(len(eligible[f])):
                proposals.append(([2 * f, j], 1 / (2 * seats) / len(eligible[f])))
            for second in range(seats):
                proposals.append(([2 * f + 1, second], 1 / (2 * seats) / seats))
        for script, chance in proposals:
            p = problem()
            run_chain(p, _Script(script), 1)  # type: ignore[arg-type]
            after = tuple(
                (x, codes[p.assign[2 * i]], codes[p.assign[2 * i + 1]])
                for i, (x, _, _) in enumerate(d)
            )
            target = position[after]  # KeyError: the chain left the target set
            row[target] = row.get(target, 0.0) + chance
        rows_out.append(row)
    return states, rows_out


def mixing(world: World, config: DrawConfig, per_seat: list[int]) -> dict[str, Any]:
    """Exactly, with an ideal stream: the largest total variation distance from uniform over the
    target draws after `k * seats` moves, over every start in the target set, for each k."""
    import numpy as np  # the exact computation only (bench and fairness command)

    states, rows = chain_matrix(world, config)
    size = len(states)
    matrix = np.zeros((size, size))
    for i, row in enumerate(rows):
        for j, chance in row.items():
            matrix[i, j] = chance
    seats = 2 * len(states[0])
    reached, frontier = {0}, [0]
    while frontier:  # every target draw reachable from the first (the chain is reversible)
        i = frontier.pop()
        for j in rows[i]:
            if j not in reached:
                reached.add(j)
                frontier.append(j)
    out: dict[str, Any] = {
        "target_draws": size,
        "seats": seats,
        "irreducible": len(reached) == size,
        "worst_tv": {},
    }
    for k in per_seat:
        power = np.linalg.matrix_power(matrix, k * seats)
        out["worst_tv"][k] = float(np.abs(power - 1 / size).sum(axis=1).max() / 2)
    return out


def report(world: World | None, runs: int, *, exact: bool = True) -> Iterator[str]:
    """The lines `fairness --runs N` prints: frequencies on `world`, then on the enumerable
    worlds the exact distance of the chain and the measured distance of v3 and v4."""
    if world is not None:
        yield "instrument state drawn expected (mean of its regional group)"
        for f in reviewer_frequencies(world, runs):
            yield f"{f.instrument} {f.state} {f.drawn} {f.expected:.2f}"
    for name in ("small", "legal"):
        make, config = WORLDS[name]
        if exact:
            result = mixing(make(), config, [10, 20, STEPS_PER_SEAT])
            worst = ", ".join(f"{k}/seat {v:.2e}" for k, v in result["worst_tv"].items())
            yield (
                f"{name} world: {result['target_draws']} target draws; exact distance of the"
                f" chain from uniform, worst start: {worst}"
            )
        for algorithm in (ALGORITHM_V3, ALGORITHM_VERSION):
            measured = uniformity(runs, world=make(), config=config, algorithm=algorithm)
            low, high = measured["floor_range"]
            yield (
                f"{name} world, {algorithm}: total variation from uniform over {runs} runs:"
                f" {measured['total_variation']:.4f} (uniform samplers with as many runs:"
                f" {measured['noise_floor']:.4f}, 20 of them {low:.4f}-{high:.4f})"
            )
