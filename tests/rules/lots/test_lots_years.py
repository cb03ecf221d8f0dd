"""The year lot is exact: a year is offered iff some complete draw has it (P&R 10, 11, 20, 21)."""

from itertools import permutations, product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revmech.rules.lots import DrawConfig, Infeasible, Meeting
from revmech.rules.lots.checks import hard_rule_violations
from revmech.rules.lots.engine import ALGORITHM_V3, _Network
from revmech.rules.lots.world import REGIONAL_GROUPS, Deferral, StateEntry, World
from revmech.rules.lots.years import AggregateNet, aggregate_ok, patterns


@st.composite
def tiny_worlds(draw):
    """Two or three groups of two to four States, two instruments, many deferrals."""
    n_groups = draw(st.integers(min_value=2, max_value=3))
    states = []
    largest = 4 if n_groups == 2 else 3
    for g in REGIONAL_GROUPS[:n_groups]:
        for i in range(draw(st.integers(min_value=2, max_value=largest))):
            party = ("UNTOC", "TIP") if draw(st.booleans()) else ("UNTOC",)
            states.append(StateEntry(f"{g[:2].upper()}{i}", g, "civil law", party))
    states.sort(key=lambda s: s.code)
    deferrals = tuple(
        Deferral(s.code, i) for s in states for i in s.party_to if draw(st.floats(0, 1)) < 0.6
    )
    return World(tuple(states), deferrals, ("UNTOC", "TIP"))


def _spreads(members, counts):
    """Every allocation of `members` to years with the given counts per year."""
    slots = [y for y in (1, 2, 3, 4) for _ in range(counts[y - 1])]
    seen = set()
    for order in permutations(slots):
        if order not in seen:
            seen.add(order)
            yield dict(zip(members, order, strict=True))


def _complete_allocations(meeting):
    """(counts, years) of every allocation whose seats can all be filled, by enumeration."""
    groups = meeting._groups()
    members = {g: meeting._group_members(g) for g in groups}
    target = (len(meeting.participants) + 1) // 2
    cache = {}
    out = []
    for counts in product(*(patterns(len(members[g])) for g in groups)):
        if sum(c[0] + c[1] for c in counts) != target:
            continue
        for parts in product(
            *(list(_spreads(members[g], c)) for g, c in zip(groups, counts, strict=True))
        ):
            years = {k: v for part in parts for k, v in part.items()}
            if all(_solves(meeting, i, years, cache) for i in meeting.parties):
                out.append((dict(zip(groups, counts, strict=True)), years))
    return out


def _solves(meeting, instrument, years, cache):
    parties = meeting.parties[instrument]
    key = (instrument, tuple(years[c] for c in parties))
    if key not in cache:
        network = _Network(
            instrument=instrument,
            parties=parties,
            group=meeting.group,
            year=years,
            deferred={
                c: frozenset({years[c]} if instrument in meeting.deferring.get(c, ()) else ())
                for c in parties
            },
            config=meeting.config,
        )
        cache[key] = network.solve()
    return cache[key]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    world=tiny_worlds(),
    seed=st.text(min_size=1, max_size=4),
    max_reviews=st.sampled_from([2, 3]),
)
def test_the_years_offered_are_exactly_those_of_some_complete_draw(world, seed, max_reviews):
    config = DrawConfig(max_reviews=max_reviews)
    try:
        meeting = Meeting.open(world, seed, config, ALGORITHM_V3)  # v4 records no lists
    except Infeasible:
        probe = Meeting(world, seed, config)
        assert _complete_allocations(probe) == []
        return
    good = _complete_allocations(meeting)
    assert good, "a world with no complete draw was not refused"
    while not meeting.years_drawn:
        before = len(meeting.events)
        meeting._step()
        event = meeting.events[before]
        if event["type"] == "year_counts":
            g = event["regional_group"]
            drawn_counts = {k: v for k, v in meeting.counts.items() if k != g}
            expected = sorted(
                {
                    counts[g]
                    for counts, _ in good
                    if all(counts[h] == p for h, p in drawn_counts.items())
                }
            )
            assert sorted(tuple(p) for p in event["completable"]) == expected
        elif event["type"] == "year":
            code = event["state"]
            fixed = {c: y for c, y in meeting.year.items() if c != code}
            expected = sorted(
                {
                    years[code]
                    for counts, years in good
                    if counts == meeting.counts and all(years[c] == y for c, y in fixed.items())
                }
            )
            assert event["completable"] == expected
    meeting.draw_all()
    assert hard_rule_violations(meeting) == []


def test_a_refusal_carries_its_template_and_params_for_translation():
    states = [StateEntry(f"A{i}", "African", "civil law", ("UNTOC",)) for i in range(3)]
    states.append(StateEntry("B0", "Asia-Pacific", "civil law", ("UNTOC",)))
    with pytest.raises(Infeasible) as refusal:
        Meeting.open(World(tuple(states), (), ("UNTOC",)), "seed", algorithm=ALGORITHM_V3)
    assert "%(state)s" in refusal.value.template
    assert refusal.value.params["state"] == "B0"
    assert refusal.value.message == refusal.value.template % refusal.value.params


@settings(max_examples=30, deadline=None)
@given(
    steps=st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B"]),
                st.integers(min_value=0, max_value=4),
                st.booleans(),
                st.integers(min_value=-2, max_value=2),
            ),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=25,
    ),
    bounds=st.sampled_from([(1, 3), (1, 2), (0, 3)]),
)
def test_the_repaired_aggregated_flow_answers_as_a_fresh_one(steps, bounds):
    """`AggregateNet` repairs its last flow; it must decide exactly as `aggregate_ok`."""
    lo, hi = bounds
    net = AggregateNet(["A", "B"], lo, hi)
    types: dict = {}
    undrawn: dict = {}
    for step in steps:
        for g, y, d, delta in step:
            if y == 0:
                undrawn[g] = max(0, undrawn.get(g, 0) + delta)
            else:
                types[(g, y, d)] = max(0, types.get((g, y, d), 0) + delta)
        assert net.feasible(types, undrawn) == aggregate_ok(types, undrawn, lo, hi)
