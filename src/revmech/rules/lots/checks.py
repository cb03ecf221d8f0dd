"""Independent checks of a drawn phase against the hard rules (P&R paras 10, 18, 20, 21).

`hard_rule_violations(meeting)` re-derives every hard rule from the world and the outcome,
without the engine's data structures, and returns one sentence per violation (empty if none).
"""

from __future__ import annotations

from collections import Counter

from revmech.rules.lots.engine import OTHER, SAME, Meeting


def hard_rule_violations(meeting: Meeting) -> list[str]:
    """Every broken hard rule of the meeting's outcome, as sentences."""
    problems: list[str] = []
    group = meeting.group
    year = meeting.year
    config = meeting.config
    # Years: even spread per group, ceil(n/2) in years 1-2 (P&R paras 10, 11).
    n = len(meeting.participants)
    if sum(1 for c in meeting.participants if year.get(c, 0) in (1, 2)) != (n + 1) // 2:
        problems.append("P&R para 10: years 1-2 do not hold ceil(n/2) States")
    for g in set(group.values()):
        counts = Counter(year.get(c) for c in meeting.participants if group[c] == g)
        values = [counts.get(y, 0) for y in (1, 2, 3, 4)]
        if max(values) - min(values) > 1:
            problems.append(f"P&R para 11: {g} is not spread evenly over the years: {values}")
    for instrument, parties in meeting.parties.items():
        if instrument in meeting.blocked and instrument not in meeting.exceptions:
            continue  # set aside until the meeting records an exception (v4, P&R para 20)
        excepted = set(meeting.exceptions.get(instrument, {}).get("states", ()))
        load: Counter[str] = Counter()
        pairs = set()
        for x in parties:
            review = meeting.reviews.get((instrument, x))
            if review is None or review.same is None or review.other is None:
                problems.append(f"P&R para 10: {x} has no complete review for {instrument}")
                continue
            for kind, r in ((SAME, review.same), (OTHER, review.other)):
                if r == x or r not in parties:
                    problems.append(f"P&R para 18: {r} may not review {x} for {instrument}")
                if r == (review.other if kind == SAME else review.same):
                    problems.append(f"P&R para 20: {r} holds both seats of {x} ({instrument})")
                if x in excepted:  # both from other groups, as the meeting allowed
                    if group[r] == group[x]:
                        problems.append(f"P&R para 20: {r} is of {x}'s group ({instrument})")
                elif (group[r] == group[x]) != (kind == SAME):
                    problems.append(f"P&R para 20: {r} in the wrong seat for {x} ({instrument})")
                if year[x] in meeting._deferred_years(r, instrument):
                    problems.append(f"P&R para 21: {r} reviews {x} in a year it defers")
                load[r] += 1
                pairs.add((r, x))
        for code in parties:
            if not config.min_reviews <= load[code] <= config.max_reviews:
                problems.append(
                    f"P&R para 21: {code} performs {load[code]} reviews for {instrument}"
                )
    return problems
