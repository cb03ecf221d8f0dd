"""v4 draws every allowed complete draw equally likely (P&R para 20; docs/lots.md, "Uniform").

Deterministic: the exact tests compute the chain's transition matrix without sampling; the
measured ones use fixed seeds, so they give the same figures on every run.
"""

from collections import Counter

import pytest

from revmech.rules.lots import DrawConfig, draw_phase, verify
from revmech.rules.lots.chain import ChainProblem, problem_from_rows, run_chain
from revmech.rules.lots.engine import ALGORITHM_V3, ALGORITHM_VERSION, STEPS_PER_SEAT
from revmech.rules.lots.fairness import (
    WORLDS,
    chain_matrix,
    mixing,
    soft_counts,
    target_draws,
    uniformity,
)
from revmech.rules.lots.stream import LotStream


@pytest.mark.parametrize("name", ["small", "legal"])
def test_the_chain_is_symmetric_on_the_target_draws_so_uniform_is_stationary(name):
    make, config = WORLDS[name]
    _states, rows = chain_matrix(make(), config)
    for i, row in enumerate(rows):
        assert sum(row.values()) == pytest.approx(1.0)
        for j, chance in row.items():
            assert rows[j][i] == pytest.approx(chance)  # P(i, j) = P(j, i)


@pytest.mark.parametrize(("name", "draws"), [("small", 288), ("legal", 26)])
def test_the_exact_distance_from_uniform_after_the_chain_is_negligible(name, draws):
    make, config = WORLDS[name]
    result = mixing(make(), config, [STEPS_PER_SEAT])
    assert result["target_draws"] == draws
    assert result["irreducible"]
    assert result["worst_tv"][STEPS_PER_SEAT] < 1e-3  # from the worst start, ideal stream


def test_the_measured_distance_is_at_the_sampling_floor():
    """600 fixed seeds on the small world: v4 within 0.03 of a uniform sampler's distance."""
    make, config = WORLDS["small"]
    v4 = uniformity(600, world=make(), config=config, algorithm=ALGORITHM_VERSION)
    assert v4["complete_draws"] == 288
    assert v4["total_variation"] <= v4["noise_floor"] + 0.03


def test_on_the_legal_world_every_draw_ends_among_the_draws_honouring_the_rule():
    make, config = WORLDS["legal"]
    world = make()
    target = set(target_draws(world, config))
    for run in range(40):
        meeting = draw_phase(world, f"legal-{run}", config)
        outcome = tuple(
            (r["state_under_review"], *r["reviewers"]) for r in meeting.assignment()["assignments"]
        )
        assert outcome in target
        assert soft_counts(world, outcome, config) == (0, 0)


def _rows():
    # Two groups: A0-A2 and B0-B1; seats in pairs (same, other) per State under review.
    same = {0: (1, 2), 1: (0, 2), 2: (0, 1), 3: (4,), 4: (3,)}
    other = {0: (3, 4), 1: (3, 4), 2: (3, 4), 3: (0, 1, 2), 4: (0, 1, 2)}
    start = {0: (1, 3), 1: (2, 3), 2: (0, 4), 3: (4, 0), 4: (3, 1)}
    rows = []
    for x in range(5):
        rows.append((x, start[x][0], same[x]))
        rows.append((x, start[x][1], other[x]))
    return rows


def _valid(problem: ChainProblem) -> bool:
    load = Counter(problem.assign)
    for f, r in enumerate(problem.assign):
        if r not in problem.eligible_sets[f] or r == problem.partner(f):
            return False
    return all(problem.lo <= load[r] <= problem.hi for r in range(problem.n))


def test_every_move_of_the_chain_keeps_every_rule_and_the_level():
    problem = problem_from_rows(_rows(), n=5, lo=1, hi=3)
    stream = LotStream("moves")
    for _ in range(300):
        run_chain(problem, stream, 1)
        assert _valid(problem)


def test_the_chain_reads_the_stream_only_as_documented():
    """The same seed gives the same moves; a different one, other moves."""
    first = problem_from_rows(_rows(), n=5, lo=1, hi=3)
    second = problem_from_rows(_rows(), n=5, lo=1, hi=3)
    third = problem_from_rows(_rows(), n=5, lo=1, hi=3)
    run_chain(first, LotStream("same"), 50)
    run_chain(second, LotStream("same"), 50)
    run_chain(third, LotStream("other"), 50)
    assert first.assign == second.assign
    assert first.assign != third.assign


def test_a_v3_protocol_still_verifies_and_v4_is_recorded_as_such():
    make, config = WORLDS["small"]
    old = draw_phase(make(), "old", config, ALGORITHM_V3).protocol()
    new = draw_phase(make(), "new", config).protocol()
    assert (old["algorithm"], old["format"]) == ("revmech.lots.v3", "revmech.lots.protocol.v1")
    assert (new["algorithm"], new["format"]) == ("revmech.lots.v4", "revmech.lots.protocol.v2")
    assert "completable" in next(e for e in old["events"] if e["type"] == "seat")
    assert "completable" not in next(e for e in new["events"] if e["type"] == "seat")
    assert verify(old).is_valid
    assert verify(new).is_valid


def test_verify_explain_derives_the_candidate_lists_the_protocol_leaves_out():
    make, config = WORLDS["small"]
    protocol = draw_phase(make(), "explain", config).protocol()
    trace: list[dict] = []
    assert verify(protocol, trace=trace).is_valid
    seats = [e for e in trace if e["type"] == "seat" and "eligible" in e]
    assert len(seats) == 10
    assert all(set(e["completable"]) <= set(e["eligible"]) for e in seats)
    mix = next(e for e in trace if e["type"] == "mix")
    assert len(mix["start"]) == 10
    assert DrawConfig().to_json()["max_reviews"] == 3
