"""The public random stream of the lots and how a meeting fixes its seed (P&R para 20).

The stream (version ``revmech.lots.stream.v1``) is specified in ``docs/lots.md``:

* key = SHA-256(UTF-8 bytes of the seed text);
* block i (i = 0, 1, 2, ...) = SHA-256(key || i as 8-byte unsigned big-endian);
* the stream is block 0, block 1, ... read as one sequence of bytes;
* ``below(n)`` (a uniform integer 0 <= x < n): 0 without reading anything if n == 1;
  otherwise b = bit length of n - 1, read ceil(b / 8) bytes as a big-endian integer, keep its
  low b bits, and return it if it is below n, else read again (rejection sampling).

Seeds: ``commitment(secret)`` is the hex SHA-256 a regional representative publishes before the
meeting; ``seed_from_reveals`` checks every revealed secret against its commitment and returns
the hex SHA-256 of the sorted secrets joined by a line feed. ``seed_from_digits`` accepts digits
drawn in the room as the seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TypeVar

from revmech.rules import RuleViolation, gettext_noop

STREAM_VERSION = "revmech.lots.stream.v1"

T = TypeVar("T")


class SeedError(RuleViolation):
    """A seed that a meeting cannot trust: a reveal that does not match its commitment."""


class LotStream:
    """SHA-256 in counter mode, keyed by the public seed; never `random`, never the clock."""

    def __init__(self, seed: str) -> None:
        self._key = hashlib.sha256(seed.encode("utf-8")).digest()
        self._counter = 0
        self._buffer = b""
        self._pos = 0  # bytes of `_buffer` already consumed
        self.bytes_read = 0

    def _refill(self, count: int) -> None:
        """Keep at least `count` unread bytes, computing blocks ahead (the stream is the same)."""
        rest = self._buffer[self._pos :]
        blocks = [rest]
        have = len(rest)
        key, counter = self._key, self._counter
        while have < count + 1024:
            blocks.append(hashlib.sha256(key + counter.to_bytes(8, "big")).digest())
            counter += 1
            have += 32
        self._counter = counter
        self._buffer = b"".join(blocks)
        self._pos = 0

    def read(self, count: int) -> bytes:
        """The next `count` bytes of the stream."""
        if self._pos + count > len(self._buffer):
            self._refill(count)
        pos = self._pos
        self._pos = pos + count
        self.bytes_read += count
        return self._buffer[pos : pos + count]

    def below(self, n: int) -> int:
        """A uniform integer in range(n), by rejection sampling."""
        if n < 1:
            raise ValueError("below() needs n >= 1")
        if n == 1:
            return 0
        bits = (n - 1).bit_length()
        size = (bits + 7) // 8
        mask = (1 << bits) - 1
        while True:
            if self._pos + size > len(self._buffer):
                self._refill(size)
            pos = self._pos
            if size == 1:
                value = self._buffer[pos] & mask
            else:
                value = int.from_bytes(self._buffer[pos : pos + size], "big") & mask
            self._pos = pos + size
            self.bytes_read += size
            if value < n:
                return value

    def choice(self, items: Sequence[T]) -> T:
        """One of `items`, uniformly; callers pass them in a documented (code) order."""
        return items[self.below(len(items))]

    def shuffle(self, items: Sequence[T]) -> list[T]:
        """A uniform permutation: Fisher-Yates from the last position down."""
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return out


def commitment(secret: str) -> str:
    """The hex SHA-256 of a secret, published before the meeting."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def seed_from_reveals(commitments: Mapping[str, str], reveals: Mapping[str, str]) -> str:
    """The seed from the secrets revealed in the meeting, each checked against its commitment.

    `commitments` and `reveals` map a participant (e.g. a regional group) to the published
    hash and to the revealed secret. Every committed participant must reveal.
    """
    missing = sorted(set(commitments) - set(reveals))
    extra = sorted(set(reveals) - set(commitments))
    if missing or extra:
        who = ", ".join(missing + extra)
        raise SeedError(
            template=gettext_noop(
                "Every participant who committed must reveal, and only they: %(who)s."
            ),
            params={"who": who},
            rule="seed",
            subjects=tuple(missing + extra),
        )
    for who, secret in sorted(reveals.items()):
        if commitment(secret) != commitments[who].lower():
            raise SeedError(
                template=gettext_noop(
                    "The secret revealed by %(who)s does not match its commitment."
                ),
                params={"who": who},
                rule="seed",
                subjects=(who,),
            )
    joined = "\n".join(sorted(reveals.values()))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def seed_from_digits(digits: str) -> str:
    """Digits drawn in the room (e.g. from a lottery drum), used as the seed text."""
    text = digits.strip()
    if not text or not text.isdigit() or not text.isascii():
        raise SeedError(
            template=gettext_noop("A seed drawn in the room must be a non-empty string of digits."),
            rule="seed",
        )
    return text
