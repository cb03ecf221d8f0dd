"""A phase's draw holds every hard rule, replays, and refuses what cannot be done (P&R 10-22)."""

import contextlib
import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revmech.rules import RuleViolation
from revmech.rules.lots import (
    WORKING_GROUPS,
    DrawConfig,
    Infeasible,
    Meeting,
    SeatRef,
    draw_phase,
    verify,
    world_from_json,
    world_from_reference,
    world_to_json,
)
from revmech.rules.lots.checks import hard_rule_violations
from revmech.rules.lots.engine import ALGORITHM_V3
from revmech.rules.lots.world import REGIONAL_GROUPS, Deferral, StateEntry, World, WorldError
from revmech.rules.reference import read_states

FAMILIES = ("civil law", "common law", "mixed: civil law + Muslim law", "customary law", "")


@st.composite
def worlds(draw, *, max_group=6, instruments=("UNTOC", "TIP")):
    """Small random worlds: few groups, small and uneven, many deferrals, uneven parties."""
    n_groups = draw(st.integers(min_value=2, max_value=4))
    states = []
    for g in REGIONAL_GROUPS[:n_groups]:
        size = draw(st.integers(min_value=2, max_value=max_group))
        for i in range(size):
            code = f"{g[:2].upper()}{i}"
            party = ["UNTOC"] + [x for x in instruments[1:] if draw(st.floats(0, 1)) < 0.7]
            legal = draw(st.sampled_from(FAMILIES))
            states.append(StateEntry(code, g, legal, tuple(party)))
    states.sort(key=lambda s: s.code)
    deferrals = []
    rate = draw(st.sampled_from([0.0, 0.25, 0.6]))
    for s in states:
        for instrument in s.party_to:
            if draw(st.floats(0, 1)) < rate:
                deferrals.append(Deferral(s.code, instrument))
    return World(tuple(states), tuple(deferrals), instruments)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _state(code, group, *, legal="civil law", party=("UNTOC",)):
    return StateEntry(code, group, legal, party)


def small_feasible_world():
    states = [_state(f"A{i}", "African") for i in range(6)]
    states += [_state(f"B{i}", "Asia-Pacific", legal="common law") for i in range(5)]
    states += [_state(f"E{i}", "Eastern European") for i in range(5)]
    return World(tuple(states), (Deferral("A0", "UNTOC"),), ("UNTOC",))


def _first_review(seed):
    """A meeting with only its first review drawn, and that review's State."""
    meeting = Meeting.open(small_feasible_world(), seed)
    meeting.draw_years()
    meeting.draw_seat()
    meeting.draw_seat()
    return meeting, meeting.events[-1]["state_under_review"]


@SETTINGS
@given(world=worlds(), seed=st.text(min_size=1, max_size=8))
def test_every_draw_holds_every_hard_rule_and_replays(world, seed):
    try:
        meeting = draw_phase(world, seed)
    except Infeasible as refusal:
        rule = refusal.rule
        assert rule.startswith("P&R para")
        return
    assert hard_rule_violations(meeting) == []
    protocol = meeting.protocol()
    assert protocol["outcome"]["is_complete"] == (not meeting.blocked)
    assert verify(protocol).is_valid
    assert Meeting.replay(protocol).assignment() == meeting.assignment()
    # v4: an instrument set aside by the group rule is drawn once the meeting allows it.
    for blocked in meeting.blocked_report():
        try:
            meeting.record_exception(
                instrument=blocked["instrument"], reason="alone", allowed_by="the chair"
            )
        except RuleViolation:
            continue
        meeting.draw_all()
        assert hard_rule_violations(meeting) == []
        assert verify(meeting.protocol()).is_valid


@SETTINGS
@given(world=worlds(), seed=st.text(min_size=1, max_size=8), pick=st.integers(0, 10**6))
def test_a_redraw_never_breaks_a_hard_rule(world, seed, pick):
    try:
        meeting = draw_phase(world, seed)
    except Infeasible:
        return
    keys = sorted(meeting.reviews)
    instrument, x = keys[pick % len(keys)]
    review = meeting.reviews[(instrument, x)]
    struck = review.same if pick % 2 else review.other
    try:
        meeting.request_redraw(
            instrument=instrument, state_under_review=x, struck=struck, requested_by=x
        )
    except RuleViolation:
        assert hard_rule_violations(meeting) == []
        return
    review = meeting.reviews[(instrument, x)]
    assert struck not in (review.same, review.other) or review.same == review.other
    assert getattr(review, "same" if pick % 2 else "other") != struck
    assert hard_rule_violations(meeting) == []
    assert verify(meeting.protocol()).is_valid


@SETTINGS
@given(world=worlds(), seed=st.text(min_size=1, max_size=8), pick=st.integers(0, 10**6))
def test_a_deferral_in_the_meeting_keeps_the_phase_complete(world, seed, pick):
    try:
        meeting = Meeting.open(world, seed)
    except Infeasible:
        return
    meeting.draw_years()
    for _ in range(pick % 7):
        if meeting.next_seat() is not None:
            meeting.draw_seat()
    parties = meeting.parties["UNTOC"]
    state = parties[pick % len(parties)]
    with contextlib.suppress(RuleViolation):
        meeting.request_deferral(state=state, instrument="UNTOC", year=1 + pick % 4)
    meeting.draw_all()
    assert hard_rule_violations(meeting) == []
    assert verify(meeting.protocol()).is_valid


def test_a_group_with_a_single_party_is_refused_before_any_lot_in_v3():
    states = [_state(f"A{i}", "African") for i in range(3)] + [_state("B0", "Asia-Pacific")]
    with pytest.raises(Infeasible, match="B0 is the only party to UNTOC in the Asia-Pacific") as e:
        Meeting.open(World(tuple(states), (), ("UNTOC",)), "seed", algorithm=ALGORITHM_V3)
    assert e.value.rule == "P&R para 20"
    assert e.value.subjects == ("B0",)


def test_a_group_with_a_single_party_sets_its_instrument_aside_and_the_others_are_drawn():
    """P&R para 20: v4 draws TIP although UNTOC has B0 alone in its group; UNTOC then needs
    an exception recorded by the meeting, and is drawn with it."""
    states = [_state(f"A{i}", "African", party=("UNTOC", "TIP")) for i in range(4)]
    states += [_state("B0", "Asia-Pacific", party=("UNTOC", "TIP"))]
    states += [_state("B1", "Asia-Pacific", party=("TIP",))]
    states += [_state(f"E{i}", "Eastern European", party=("UNTOC", "TIP")) for i in range(3)]
    meeting = draw_phase(World(tuple(states), (), ("UNTOC", "TIP")), "aside")
    [blocked] = meeting.blocked_report()
    assert blocked["instrument"] == "UNTOC"
    assert blocked["rule"] == "P&R para 20"
    assert blocked["states"] == ["B0"]
    assert "B0 is the only party to UNTOC" in blocked["message"]
    assert all(r.other is not None for (i, _), r in meeting.reviews.items() if i == "TIP")
    assert not any(i == "UNTOC" for i, _ in meeting.reviews)
    protocol = meeting.protocol()
    assert not protocol["outcome"]["is_complete"]
    assert protocol["outcome"]["blocked"][0]["exception"] is None
    assert verify(protocol).is_valid
    with pytest.raises(RuleViolation, match="needs a reason"):
        meeting.record_exception(instrument="UNTOC", reason=" ", allowed_by="the chair")
    with pytest.raises(RuleViolation, match="needs no exception"):
        meeting.record_exception(instrument="TIP", reason="why", allowed_by="the chair")
    meeting.record_exception(
        instrument="UNTOC", reason="B0 is the only party in its group", allowed_by="the chair"
    )
    meeting.draw_all()
    review = meeting.reviews[("UNTOC", "B0")]
    assert review.same != review.other
    assert {meeting.group[review.same], meeting.group[review.other]} <= {
        "African",
        "Eastern European",
    }
    assert hard_rule_violations(meeting) == []
    protocol = meeting.protocol()
    assert protocol["outcome"]["is_complete"]
    exception = protocol["outcome"]["blocked"][0]["exception"]
    assert exception["allowed_by"] == "the chair"
    assert exception["states"] == ["B0"]
    assert verify(protocol).is_valid
    forged = copy.deepcopy(protocol)
    next(e for e in forged["events"] if e["type"] == "exception")["allowed_by"] = "nobody"
    assert not verify(forged).is_valid


def test_an_instrument_whose_parties_are_all_in_one_group_is_refused():
    states = [_state(f"A{i}", "African") for i in range(3)]
    with pytest.raises(Infeasible, match="every party to UNTOC"):
        Meeting.open(World(tuple(states), (), ("UNTOC",)), "seed", algorithm=ALGORITHM_V3)
    meeting = draw_phase(World(tuple(states), (), ("UNTOC",)), "seed")
    assert "every party to UNTOC" in meeting.blocked_report()[0]["message"]
    assert not meeting.blocked_report()[0]["exception_possible"]


def test_deferrals_that_leave_no_reviewer_are_refused_naming_the_states():
    # Two-party groups in which everyone defers: each pair must be drawn into different years
    # (each needs the other in its own year); with one review at most, eight seats cannot be
    # filled by four States, and the refusal names the deferring States.
    states = [_state("A0", "African"), _state("A1", "African")]
    states += [_state("B0", "Asia-Pacific"), _state("B1", "Asia-Pacific")]
    deferrals = tuple(Deferral(s.code, "UNTOC") for s in states)
    config = DrawConfig(max_reviews=2, min_reviews=2)
    world = World(tuple(states), deferrals, ("UNTOC",))
    meeting = Meeting.open(world, "s", config)  # separate years are drawn for each pair
    meeting.draw_all()
    assert hard_rule_violations(meeting) == []
    tight = World(tuple(states), deferrals, ("UNTOC",))
    with pytest.raises(Infeasible, match=r"P&R paras 20, 21: .*deferring: A0, A1, B0, B1"):
        Meeting.open(tight, "s", DrawConfig(max_reviews=1, min_reviews=1))


def test_no_lot_is_drawn_when_the_world_is_refused():
    states = [_state("A0", "African"), _state("B0", "Asia-Pacific"), _state("B1", "Asia-Pacific")]
    world = World(tuple(states), (), ("UNTOC",))
    with pytest.raises(Infeasible):
        draw_phase(world, "seed", algorithm=ALGORITHM_V3)
    meeting = draw_phase(world, "seed")  # v4: the years are drawn, UNTOC is set aside
    assert not [e for e in meeting.events if e["type"] in ("seat", "mix", "review_order")]
    assert list(meeting.blocked) == ["UNTOC"]


def test_the_first_seat_is_the_same_group_reviewer():
    meeting = draw_phase(small_feasible_world(), "first")
    for row in meeting.assignment()["assignments"]:
        same, other = row["reviewers"]
        assert meeting.group[same] == meeting.group[row["state_under_review"]]
        assert meeting.group[other] != meeting.group[row["state_under_review"]]


def test_a_state_that_defers_does_not_review_in_its_own_year():
    meeting = draw_phase(small_feasible_world(), "defer")
    year = meeting.year["A0"]
    for row in meeting.assignment()["assignments"]:
        if "A0" in row["reviewers"]:
            assert row["year"] != year


def test_third_redraw_needs_a_reason_and_who_allowed_it():
    meeting, x = _first_review("redraw")
    for _ in range(2):
        struck = meeting.reviews[("UNTOC", x)].other
        meeting.request_redraw(
            instrument="UNTOC", state_under_review=x, struck=struck, requested_by=x
        )
    struck = meeting.reviews[("UNTOC", x)].other
    with pytest.raises(RuleViolation, match="exception that needs a reason"):
        meeting.request_redraw(
            instrument="UNTOC", state_under_review=x, struck=struck, requested_by=x
        )
    event = meeting.request_redraw(
        instrument="UNTOC",
        state_under_review=x,
        struck=struck,
        requested_by=x,
        exception_reason="conflict of interest",
        allowed_by="Chair of the working group",
    )
    assert event["drawn"] != struck
    redraws = [e for e in meeting.protocol()["events"] if e["type"] == "redraw"]
    assert redraws[-1]["exception"] == {
        "reason": "conflict of interest",
        "allowed_by": "Chair of the working group",
    }
    meeting.draw_all()
    assert hard_rule_violations(meeting) == []
    assert verify(meeting.protocol()).is_valid


def test_a_struck_state_cannot_come_back_to_its_seat():
    meeting, x = _first_review("struck")
    struck = meeting.reviews[("UNTOC", x)].same
    meeting.request_redraw(instrument="UNTOC", state_under_review=x, struck=struck, requested_by=x)
    eligible, _ = meeting.candidates(SeatRef("UNTOC", x, "same"))
    assert struck not in eligible
    assert meeting.reviews[("UNTOC", x)].same != struck


def test_a_redraw_that_would_leave_the_struck_state_without_a_review_is_refused():
    meeting = draw_phase(small_feasible_world(), "late")
    key, struck = next(
        (key, review.other)
        for key, review in sorted(meeting.reviews.items())
        if sum(review.other in (r.same, r.other) for r in meeting.reviews.values()) == 1
    )
    instrument, x = key
    before = meeting.assignment()
    with pytest.raises(RuleViolation, match="impossible to complete"):
        meeting.request_redraw(
            instrument=instrument, state_under_review=x, struck=struck, requested_by=x
        )
    assert meeting.assignment() == before


def test_only_the_parties_to_a_review_may_ask_for_a_redraw():
    meeting = draw_phase(small_feasible_world(), "who")
    review = meeting.reviews[("UNTOC", "A1")]
    outsider = next(c for c in meeting.participants if c not in ("A1", review.same, review.other))
    with pytest.raises(RuleViolation, match="Only A1 and its reviewing States"):
        meeting.request_redraw(
            instrument="UNTOC", state_under_review="A1", struck=review.same, requested_by=outsider
        )


def test_a_tampered_protocol_names_the_first_differing_event():
    protocol = draw_phase(small_feasible_world(), "tamper").protocol()
    forged = copy.deepcopy(protocol)
    seats = [e for e in forged["events"] if e["type"] == "seat"]
    target = seats[3]
    other = next(e["drawn"] for e in seats if e["drawn"] != target["drawn"])
    target["drawn"] = other
    result = verify(forged)
    assert not result.is_valid
    assert f"Event {target['n']} (seat UNTOC {target['state_under_review']}" in (
        result.first_difference or ""
    )


def test_a_protocol_with_altered_inputs_is_caught():
    protocol = draw_phase(small_feasible_world(), "inputs").protocol()
    forged = copy.deepcopy(protocol)
    forged["inputs"]["world"]["deferrals"] = []
    result = verify(forged)
    assert not result.is_valid
    assert "SHA-256" in (result.first_difference or "")


def test_the_reference_data_draws_a_complete_phase_without_the_eu():
    world = world_from_reference(read_states())
    meeting = draw_phase(world, "reference")
    assert hard_rule_violations(meeting) == []
    excluded = {e["state"] for e in meeting.protocol()["excluded"]}
    assert {"EU", "PSE", "VAT"} <= excluded
    assert all("EU" not in row["reviewers"] for row in meeting.assignment()["assignments"])
    for instrument in ("TIP", "SOM", "FIREARMS"):
        parties = meeting.parties[instrument]
        early = sum(1 for c in parties if meeting.year[c] <= 2)
        assert abs(early - len(parties) / 2) <= 0.05 * len(parties)
    # v4 protocols record the choices only: a 190-State phase stays well under 1 MB.
    assert len(json.dumps(meeting.protocol(), ensure_ascii=False).encode()) < 1_000_000


def test_a_configured_draw_group_lets_the_eu_take_part():
    world = world_from_reference(read_states())
    config = DrawConfig(draw_groups=(("EU", "Western European and others"),))
    meeting = Meeting.open(world, "eu", config)
    assert "EU" in meeting.participants


def test_the_working_groups_of_each_instrument():
    assert WORKING_GROUPS["UNTOC"] == ("WGIC", "WGTA")
    assert WORKING_GROUPS["TIP"] == ("WGTIP",)
    assert WORKING_GROUPS["SOM"] == ("WGSOM",)
    assert WORKING_GROUPS["FIREARMS"] == ("WGFIREARMS",)


def test_a_world_round_trips_through_json():
    world = small_feasible_world()
    assert world_from_json(world_to_json(world)) == world


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "x"}, "'format'"),
        ({"instruments": [{"code": "UNCAC"}]}, "unknown instrument"),
        ({"states": [{"code": "A0", "regional_group": "Mars", "party_to": []}]}, "A0"),
        ({"deferrals": [{"state": "ZZZ", "instrument": "UNTOC"}]}, "ZZZ"),
    ],
)
def test_a_bad_world_names_the_field_or_state(change, message):
    data = world_to_json(small_feasible_world())
    data.update(change)
    with pytest.raises(WorldError, match=message):
        world_from_json(data)


def test_unknown_fields_are_ignored():
    data = world_to_json(small_feasible_world())
    data["comment"] = "x"
    data["states"][0]["name"] = "Somewhere"
    assert world_from_json(data) == small_feasible_world()


def _completable_by_brute_force(meeting, seat, eligible):
    """Candidates after which a fresh flow still completes the phase (independent check)."""
    out = []
    for code in eligible:
        network = copy.deepcopy(meeting.networks[seat.instrument])
        network.load[network.index[code]] += 1
        network.open[network.seat_class(seat)] -= 1
        if seat.seat == "same":
            network.own_open[seat.state_under_review] = False
        if network.solve():
            out.append(code)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(max_group=4, instruments=("UNTOC",)), seed=st.text(min_size=1, max_size=4))
def test_the_completable_candidates_are_exactly_those_that_keep_the_phase_completable(world, seed):
    try:
        meeting = Meeting.open(world, seed)
    except Infeasible:
        return
    meeting.draw_years()
    while (seat := meeting.next_seat()) is not None:
        eligible, completable = meeting.candidates(seat)
        assert completable == _completable_by_brute_force(meeting, seat, eligible)
        meeting.draw_seat()


# ---------------------------------------------------------------- soft rules, exact per review


def _apply(network, seat, code):
    network.load[network.index[code]] += 1
    network.open[network.seat_class(seat)] -= 1
    if seat.seat == "same":
        network.own_open[seat.state_under_review] = False


def _completes_with(meeting, seat, code, other, fillers):
    """Brute force: some completion puts `code` in `seat` and a State of `fillers` in `other`."""
    for filler in fillers:
        network = copy.deepcopy(meeting.networks[seat.instrument])
        _apply(network, seat, code)
        _apply(network, other, filler)
        if network.solve():
            return True
    return False


def _first_seats(meeting):
    """Yield (seat, other seat, eligible, completable) at each review's first seat, drawing all."""
    while (seat := meeting.next_seat()) is not None:
        review = meeting.reviews[(seat.instrument, seat.state_under_review)]
        other_kind = "other" if seat.seat == "same" else "same"
        if getattr(review, other_kind) is None:
            eligible, completable = meeting.candidates(seat)
            other = SeatRef(seat.instrument, seat.state_under_review, other_kind)
            yield seat, other, eligible, completable
            if meeting.next_seat() != seat:
                continue  # the caller drew it
        meeting.draw_seat()


def _shares(meeting, a, b):
    return bool(meeting.families[a] & meeting.families[b])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(max_group=4, instruments=("UNTOC",)), seed=st.text(min_size=1, max_size=4))
def test_the_first_seat_keeps_exactly_the_candidates_that_let_the_review_share(world, seed):
    config = DrawConfig(avoid_mutual=False)
    try:
        meeting = Meeting.open(world, seed, config, ALGORITHM_V3)
    except Infeasible:
        return
    meeting.draw_years()
    for seat, other, _, completable in _first_seats(meeting):
        x = seat.state_under_review
        if not meeting.families[x]:
            continue
        other_eligible, _ = meeting.candidates(other)
        sharing = [c for c in other_eligible if _shares(meeting, x, c)]
        honouring = [
            c
            for c in completable
            if _shares(meeting, x, c) or _completes_with(meeting, seat, c, other, sharing)
        ]
        event_before = len(meeting.events)
        meeting.draw_seat()  # this seat
        event = meeting.events[event_before]
        assert event["preferred"] == (honouring or completable)
        assert ("legal system" in event["preferences"]) == (
            bool(honouring) and honouring != completable
        )
        meeting.draw_seat()  # the review's other seat
        last = meeting.events[-1]
        assert last["state_under_review"] == x
        assert last["legal_system_shared"] == bool(honouring)
    assert hard_rule_violations(meeting) == []
    assert verify(meeting.protocol()).is_valid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(max_group=4, instruments=("UNTOC",)), seed=st.text(min_size=1, max_size=4))
def test_the_first_seat_avoids_a_mutual_review_whenever_a_completion_does(world, seed):
    config = DrawConfig(prefer_legal_system=False)
    try:
        meeting = Meeting.open(world, seed, config, ALGORITHM_V3)
    except Infeasible:
        return
    meeting.draw_years()
    for seat, other, _, completable in _first_seats(meeting):
        x = seat.state_under_review
        reviewed = set(meeting.reviewing.get((seat.instrument, x), set()))
        other_eligible, _ = meeting.candidates(other)
        free = [c for c in other_eligible if c not in reviewed]
        fresh = [c for c in completable if c not in reviewed]
        avoiding = [c for c in fresh if _completes_with(meeting, seat, c, other, free)]
        event_before = len(meeting.events)
        meeting.draw_seat()
        assert meeting.events[event_before]["preferred"] == (avoiding or fresh or completable)
        meeting.draw_seat()
        review = meeting.reviews[(seat.instrument, x)]
        if avoiding:
            assert not {review.same, review.other} & reviewed
    assert hard_rule_violations(meeting) == []
    assert verify(meeting.protocol()).is_valid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds(max_group=4, instruments=("UNTOC",)), seed=st.text(min_size=1, max_size=4))
def test_both_soft_rules_together_keep_the_legal_system_first(world, seed):
    """v3, per review in drawing order; it is the start of v4's chain."""
    try:
        meeting = Meeting.open(world, seed, algorithm=ALGORITHM_V3)
    except Infeasible:
        return
    meeting.draw_years()
    for seat, other, _, completable in _first_seats(meeting):
        x = seat.state_under_review
        other_eligible, _ = meeting.candidates(other)
        sharing = [c for c in other_eligible if _shares(meeting, x, c)]
        can_share = bool(meeting.families[x]) and any(
            _shares(meeting, x, c) or _completes_with(meeting, seat, c, other, sharing)
            for c in completable
        )
        meeting.draw_seat()
        meeting.draw_seat()
        if can_share:
            assert meeting.events[-1]["legal_system_shared"]
    protocol = meeting.protocol()
    assert hard_rule_violations(meeting) == []
    assert verify(protocol).is_valid
    assert Meeting.replay(protocol).assignment() == meeting.assignment()


def test_an_exception_never_puts_one_state_in_both_seats_of_a_review():
    """P&R para 20: B0 alone in its group; two other groups, one of two States, so B0's two
    reviewing States come from six, most of whom other seats need too. Every seed completes."""
    states = [_state(f"A{i}", "African") for i in range(4)]
    states += [_state("B0", "Asia-Pacific"), _state("E0", "Eastern European")]
    states += [_state("E1", "Eastern European")]
    world = World(tuple(states), (Deferral("E0", "UNTOC"),), ("UNTOC",))
    for run in range(12):
        meeting = Meeting.open(world, f"lone-{run}")
        meeting.draw_all()
        meeting.record_exception(instrument="UNTOC", reason="alone", allowed_by="the chair")
        seat = meeting.next_seat()
        eligible, completable = meeting.candidates(seat)
        assert set(completable) <= set(eligible)
        meeting.draw_all()
        review = meeting.reviews[("UNTOC", "B0")]
        assert review.same != review.other
        assert hard_rule_violations(meeting) == []
        assert verify(meeting.protocol()).is_valid
