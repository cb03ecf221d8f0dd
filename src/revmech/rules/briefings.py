"""Briefings for non-governmental organizations as pure rules (P&R para 53 (b), (c), (e)).

Three rules live here, with no Django, no database and no clock (times are passed in):

- who may be invited: organizations admitted as observers to the session of the Conference
  previous to the briefing, under rule 17, paragraph 1 (consultative status with the Economic
  and Social Council) or paragraph 2 (other relevant organizations) (P&R para 53 (c));
- until when an organization may confirm its attendance: no later than 10 days prior to the
  date of the briefing (P&R para 53 (e)), the last day counted at the place of the briefing;
- which passages of a text mention a State, by name or adjective, in the six languages, so
  that the secretariat can keep specific country situations out of briefings (P&R para 53 (b)).
  The check only flags: it never changes the text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from revmech.rules import RuleViolation, gettext_noop

# -- Eligibility (P&R para 53 (c)) -------------------------------------------------------------


class AdmissionBasis(StrEnum):
    """The paragraph of rule 17 of the rules of procedure of the Conference that admitted."""

    CONSULTATIVE_STATUS = "rule_17_1"  # consultative status with the Economic and Social Council
    OTHER_RELEVANT = "rule_17_2"  # other relevant organizations admitted by the Conference


@dataclass(frozen=True)
class ConferenceSession:
    """A session of the Conference: an identifier and its dates."""

    key: int
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Standing:
    """What the register knows of an organization for eligibility."""

    consultative_status_since: date | None  # None: no consultative status
    admitted_to: frozenset[int]  # keys of the Conference sessions it was admitted to


@dataclass(frozen=True)
class Eligibility:
    """Whether an organization may be invited, on which basis, and why (a sentence)."""

    is_eligible: bool
    basis: AdmissionBasis | None
    reason: str
    template: str
    params: Mapping[str, object]


def previous_session(
    briefing_on: date, sessions: Iterable[ConferenceSession]
) -> ConferenceSession | None:
    """The last session of the Conference that ended before the day of the briefing."""
    before = [s for s in sessions if s.ends_on < briefing_on]
    return max(before, key=lambda s: (s.ends_on, s.starts_on, s.key), default=None)


def admission_basis(
    consultative_status_since: date | None, session_starts_on: date
) -> AdmissionBasis:
    """Rule 17 (1) for an organization holding consultative status when the session opened,
    rule 17 (2) for any other relevant organization the Conference admitted."""
    if consultative_status_since is not None and consultative_status_since <= session_starts_on:
        return AdmissionBasis.CONSULTATIVE_STATUS
    return AdmissionBasis.OTHER_RELEVANT


def eligibility(
    standing: Standing, briefing_on: date, sessions: Iterable[ConferenceSession]
) -> Eligibility:
    """Whether an organization may be invited to a briefing on `briefing_on` (P&R para 53 (c)).

    Eligible: admitted as observer to the session of the Conference previous to the briefing.
    Admission to an older session is not enough, and neither is consultative status alone.
    """
    previous = previous_session(briefing_on, sessions)
    if previous is None:
        template = gettext_noop(
            "No session of the Conference ended before %(briefing_on)s, so no organization "
            "can have been admitted to the previous session (P&R para 53 (c))."
        )
        params: dict[str, object] = {"briefing_on": briefing_on}
        return Eligibility(False, None, template % params, template, params)
    params = {
        "starts_on": previous.starts_on,
        "ends_on": previous.ends_on,
    }
    if previous.key not in standing.admitted_to:
        template = gettext_noop(
            "The organization was not admitted as an observer to the previous session of the "
            "Conference (%(starts_on)s to %(ends_on)s) (P&R para 53 (c))."
        )
        return Eligibility(False, None, template % params, template, params)
    basis = admission_basis(standing.consultative_status_since, previous.starts_on)
    if basis is AdmissionBasis.CONSULTATIVE_STATUS:
        template = gettext_noop(
            "Admitted to the previous session of the Conference (%(starts_on)s to %(ends_on)s) "
            "with consultative status with the Economic and Social Council (rule 17, "
            "paragraph 1; P&R para 53 (c))."
        )
    else:
        template = gettext_noop(
            "Admitted to the previous session of the Conference (%(starts_on)s to %(ends_on)s) "
            "as another relevant organization (rule 17, paragraph 2; P&R para 53 (c))."
        )
    return Eligibility(True, basis, template % params, template, params)


# -- Confirmation of attendance (P&R para 53 (e)) ----------------------------------------------


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (e.g. Europe/Vienna), or a refusal naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise RuleViolation(
            template=gettext_noop("%(zone)s is not a time zone (e.g. Europe/Vienna)."),
            params={"zone": name},
            rule="time zone",
        ) from error


def last_day_to_confirm(briefing_on: date, days_before: int) -> date:
    """The last day on which an organization may confirm: `days_before` days prior to the
    briefing (P&R para 53 (e): "no later than 10 days prior to the date of the briefing").

    A briefing on 20 May with 10 days takes confirmations until the end of 10 May.
    """
    if days_before < 0:
        raise RuleViolation(f"a period of {days_before} days is negative", rule="rulebook")
    return briefing_on - timedelta(days=days_before)


def confirmation_deadline(briefing_on: date, days_before: int, time_zone: str) -> datetime:
    """The first instant at which a confirmation is late: midnight at the end of the last day,
    at the place of the briefing (its time zone), as an aware datetime."""
    last_day = last_day_to_confirm(briefing_on, days_before)
    return datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=zone(time_zone))


def is_confirmation_in_time(
    confirmed_at: datetime, briefing_on: date, days_before: int, time_zone: str
) -> bool:
    """Whether a confirmation made at `confirmed_at` (aware) meets P&R para 53 (e).

    The day counts at the place of the briefing: a confirmation sent late on the last day from
    another continent is in time if it is still that day where the briefing is held.
    """
    if confirmed_at.tzinfo is None or confirmed_at.utcoffset() is None:
        raise ValueError("confirmed_at must be timezone-aware")
    return confirmed_at < confirmation_deadline(briefing_on, days_before, time_zone)


def check_confirmation_in_time(
    confirmed_at: datetime, briefing_on: date, days_before: int, time_zone: str
) -> None:
    """Refuse a late confirmation with a sentence naming the deadline (P&R para 53 (e))."""
    if is_confirmation_in_time(confirmed_at, briefing_on, days_before, time_zone):
        return
    raise RuleViolation(
        template=gettext_noop(
            "Attendance had to be confirmed no later than %(days)s days before the briefing of "
            "%(briefing_on)s, that is by the end of %(last_day)s (%(zone)s time); it can no "
            "longer be confirmed (P&R para 53 (e))."
        ),
        params={
            "days": days_before,
            "briefing_on": briefing_on,
            "last_day": last_day_to_confirm(briefing_on, days_before),
            "zone": time_zone,
        },
        rule="P&R para 53 (e)",
    )


# -- Mentions of States (P&R para 53 (b)) ------------------------------------------------------

# Scripts written without spaces between words: a name is found anywhere in the text.
_NO_WORD_BREAKS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel
# Endings dropped to reach a stem that adjectives and cases share (Kenya → Keny-an,
# Франция → Франц-узский, كينيا → كيني): vowels and their kin, Latin, Cyrillic and Arabic.
_STEM_ENDINGS = set("aeiouy") | set("аеёиоуыэюяйь") | set("اىةه")
_MIN_STEM = 4
# Short names take only the common adjective endings, so that "Mali" does not flag "malice".
_SHORT_SUFFIXES = (
    *("s", "n", "an", "ian", "i", "ese", "es", "ns", "ans", "o", "a", "os", "as", "ien", "ienne"),
    *("а", "у", "е", "ом", "ский", "ская", "ское", "ские", "ского", "ской", "ским"),  # noqa: RUF001
)
_EXCERPT = 60


@dataclass(frozen=True)
class Mention:
    """A passage of a text that names a State: where, the words found, and the State's code."""

    state: str
    found: str
    start: int
    end: int
    excerpt: str

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "found": self.found,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
        }


def fold(text: str) -> tuple[str, list[int]]:
    """Text for matching (case, accents and Arabic vowel marks dropped), with
    the index in `text` of each folded character, so that matches map back to the original."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if _ARABIC_MARKS.match(char):
            continue
        decomposed = unicodedata.normalize("NFKD", char.casefold())
        for part in decomposed:
            if unicodedata.combining(part):  # accents, Arabic vowel marks and hamza seats
                continue
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def _stems(term: str) -> list[str]:
    """The term without its final vowels, one at a time (нигерия → нигери, нигер)."""
    stems = []
    stem = term
    while len(stem) > _MIN_STEM and stem[-1] in _STEM_ENDINGS:
        stem = stem[:-1]
        stems.append(stem)
    return stems


@dataclass(frozen=True)
class MentionChecker:
    """A compiled check for the names and adjectives of States, built once from the terms."""

    spaced: re.Pattern[str] | None
    unspaced: re.Pattern[str] | None
    short: re.Pattern[str] | None
    owners: Mapping[str, str]

    def find(self, text: str) -> list[Mention]:
        """Every passage of `text` naming a State, in the order of the text, never overlapping."""
        folded, origin = fold(text)
        found: list[tuple[int, int, str]] = []
        for pattern in (self.unspaced, self.spaced, self.short):
            if pattern is None:
                continue
            for match in pattern.finditer(folded):
                key = match.group("term")
                owner = self.owners.get(key)
                if owner is None:
                    continue
                found.append((match.start(), match.end(), owner))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        mentions: list[Mention] = []
        last_end = -1
        for start, end, owner in found:
            if start < last_end:
                continue
            last_end = end
            begin, stop = origin[start], origin[end - 1] + 1
            mentions.append(
                Mention(
                    state=owner,
                    found=text[begin:stop],
                    start=begin,
                    end=stop,
                    excerpt=_excerpt(text, begin, stop),
                )
            )
        return mentions


def _excerpt(text: str, start: int, end: int) -> str:
    before = max(0, start - _EXCERPT)
    after = min(len(text), end + _EXCERPT)
    prefix = "…" if before > 0 else ""
    suffix = "…" if after < len(text) else ""
    return prefix + " ".join(text[before:after].split()) + suffix


def _alternation(keys: Iterable[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(set(keys), key=lambda k: (-len(k), k)))


def build_checker(terms: Mapping[str, Iterable[str]]) -> MentionChecker:
    """A checker for `terms`: for each State's code, its names and adjectives in any language.

    In scripts with spaces between words, a term matches at the start of a word and may take
    an ending (Kenya → Kenyan, Кения → Кении, كينيا → كينية); a long term also matches by its
    stem. Arabic terms may follow the article and the one-letter prefixes (ال، و، ب، ل، ف، ك).
    In Chinese a term matches wherever it stands. Where two States share a term, neither is
    named for it (the secretariat reads the passage anyway).
    """
    exact: dict[str, set[str]] = {}
    stems: dict[str, set[str]] = {}
    spaced: set[str] = set()
    unspaced: set[str] = set()
    short: set[str] = set()
    for state, names in terms.items():
        for name in names:
            term, _origin = fold(" ".join(name.split()))
            if len(term) < 2:
                continue
            if _NO_WORD_BREAKS.search(term):
                unspaced.add(term)
                exact.setdefault(term, set()).add(state)
                continue
            variants = {term}
            if _ARABIC.search(term) and term.startswith("\u0627\u0644") and len(term) > 5:
                variants.add(term[2:])  # the adjective drops the article: البرازيل → برازيلي
            for variant in variants:
                exact.setdefault(variant, set()).add(state)
                if len(variant) <= _MIN_STEM and not _ARABIC.search(variant):
                    short.add(variant)
                    continue
                spaced.add(variant)
                for stem in _stems(variant):
                    stems.setdefault(stem, set()).add(state)
                    spaced.add(stem)
    # A State's own name wins over another's stem (Niger, Nigeria); a term or a stem that two
    # States share names neither.
    owners: dict[str, str] = {}
    for key, states in stems.items():
        if len(states) == 1 and key not in exact:
            owners[key] = next(iter(states))
    for key, states in exact.items():
        if len(states) == 1:
            owners[key] = next(iter(states))

    def compiled(keys: set[str], template: str) -> re.Pattern[str] | None:
        keys = {k for k in keys if k in owners}
        if not keys:
            return None
        return re.compile(template.replace("TERMS", _alternation(keys)))

    arabic_prefix = r"(?:[\u0648\u0641\u0628\u0644\u0643]{0,2}(?:\u0627\u0644|\u0644\u0644)?)?"
    return MentionChecker(
        spaced=compiled(spaced, rf"(?<!\w){arabic_prefix}(?P<term>TERMS)\w{{0,6}}(?!\w)"),
        unspaced=compiled(unspaced, r"(?P<term>TERMS)"),
        short=compiled(short, rf"(?<!\w)(?P<term>TERMS)(?:{'|'.join(_SHORT_SUFFIXES)})?(?!\w)"),
        owners=owners,
    )


def find_mentions(text: str, terms: Mapping[str, Sequence[str]]) -> list[Mention]:
    """The passages of `text` that mention a State (P&R para 53 (b)); a one-off convenience."""
    return build_checker(terms).find(text)


def shipped_adjectives() -> dict[str, list[str]]:
    """The adjectives of nationality shipped in `data/state_adjectives.json`, by State's code,
    every language together (the names themselves come from the register of States)."""
    text = (
        resources.files("revmech.data")
        .joinpath("state_adjectives.json")
        .read_text(encoding="utf-8")
    )
    data = json.loads(text)
    if data.get("format") != "revmech.state_adjectives.v1":
        raise RuleViolation("state_adjectives.json: format must be revmech.state_adjectives.v1")
    return {
        code: [word for words in by_language.values() for word in words]
        for code, by_language in data["adjectives"].items()
    }
