"""The public stream and the seed procedures (P&R para 20; docs/lots.md test vectors)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revmech.rules.lots.stream import (
    LotStream,
    SeedError,
    commitment,
    seed_from_digits,
    seed_from_reveals,
)


def test_the_stream_matches_its_published_test_vectors():
    stream = LotStream("revmech")
    assert stream.read(8).hex() == "0452b1c8aebd911c"
    assert [stream.below(10) for _ in range(10)] == [3, 3, 6, 5, 5, 8, 3, 6, 1, 8]
    assert LotStream("").read(32).hex() == (
        "5c5d42dcf39f71c0226ca720d8d518db615b5773f038e5e491963f6f47621bbd"
    )
    assert LotStream("190").below(190) == 53
    assert LotStream("12345").shuffle(list("ABCDEFGH")) == list("EACFGHDB")


def test_block_zero_is_sha256_of_key_and_counter():
    import hashlib

    key = hashlib.sha256(b"revmech").digest()
    block = hashlib.sha256(key + (0).to_bytes(8, "big")).digest()
    assert LotStream("revmech").read(32) == block


@settings(max_examples=200, deadline=None)
@given(seed=st.text(max_size=20), n=st.integers(min_value=1, max_value=10**6))
def test_below_stays_in_range_and_is_replayable(seed, n):
    first = [LotStream(seed).below(n) for _ in range(3)]
    assert all(0 <= x < n for x in first)
    assert LotStream(seed).below(n) == first[0]


def test_below_one_reads_nothing():
    stream = LotStream("x")
    assert stream.below(1) == 0
    assert stream.bytes_read == 0


def test_commitment_vector_and_seed_from_reveals():
    assert commitment("african-secret") == (
        "1af7d0109e35f2cd9b160ee2273ab21bfa3bcb5819d62c81cc57393ec47e83b4"
    )
    commitments = {"a": commitment("x1"), "b": commitment("y2")}
    seed = seed_from_reveals(commitments, {"a": "x1", "b": "y2"})
    assert seed == "ceaf47e5078dbb58464b3b013247c47f933906166e75733e3da0ecaa118424e2"


def test_a_reveal_that_does_not_match_its_commitment_is_refused():
    with pytest.raises(SeedError, match="b does not match"):
        seed_from_reveals({"a": commitment("x1"), "b": commitment("y2")}, {"a": "x1", "b": "y3"})


def test_a_participant_who_does_not_reveal_is_named():
    with pytest.raises(SeedError, match="b"):
        seed_from_reveals({"a": commitment("x1"), "b": commitment("y2")}, {"a": "x1"})


def test_digits_drawn_in_the_room_are_the_seed():
    assert seed_from_digits(" 4711 ") == "4711"
    with pytest.raises(SeedError):
        seed_from_digits("12a")
