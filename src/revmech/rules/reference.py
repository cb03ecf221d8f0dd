"""The shipped reference data on States and their participation (P&R paras 8, 18, 52).

`read_states` turns `data/states.csv` (and `data/regional_organizations.csv`) into frozen records.
It refuses a file that breaks any rule with a `ReferenceDataError` naming the file, line and
field, and returns nothing in that case, so a caller can never load half a file.

An empty treaty cell means "not verified" (see `data/SOURCES.md`), never "not a party".
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from revmech.rules import RuleViolation


class ReferenceDataError(RuleViolation):
    """A reference data file breaks a rule; the message names file, line and field."""


class Instrument(enum.StrEnum):
    """The four instruments under review, by the codes the world and assignment formats use."""

    UNTOC = "UNTOC"
    TIP = "TIP"
    SOM = "SOM"
    FIREARMS = "FIREARMS"


class Status(enum.StrEnum):
    """A State's relation to a treaty; UNVERIFIED is an empty cell in the source data."""

    PARTY = "party"
    SIGNATORY = "signatory"
    NONE = "none"
    UNVERIFIED = ""


class RegionalGroup(enum.StrEnum):
    """The five United Nations regional groups, written as in the world format."""

    AFRICAN = "African"
    ASIA_PACIFIC = "Asia-Pacific"
    EASTERN_EUROPEAN = "Eastern European"
    LATIN_AMERICAN_AND_CARIBBEAN = "Latin American and Caribbean"
    WESTERN_EUROPEAN_AND_OTHERS = "Western European and others"


# The CSV writes the groups as the UN DGACM list names them.
_GROUP_IN_CSV: Mapping[str, RegionalGroup] = {
    "African States": RegionalGroup.AFRICAN,
    "Asia-Pacific States": RegionalGroup.ASIA_PACIFIC,
    "Eastern European States": RegionalGroup.EASTERN_EUROPEAN,
    "Latin American and Caribbean States": RegionalGroup.LATIN_AMERICAN_AND_CARIBBEAN,
    "Western European and Others States": RegionalGroup.WESTERN_EUROPEAN_AND_OTHERS,
}

LEGAL_SYSTEM_COMPONENTS: tuple[str, ...] = (
    "civil law",
    "common law",
    "customary law",
    "Muslim law",
    "other religious law",
)

# Column of the CSV for each instrument; UNCAC is read for App. I note b only.
_TREATY_COLUMNS: Mapping[str, str] = {
    "untoc": Instrument.UNTOC,
    "tip": Instrument.TIP,
    "som": Instrument.SOM,
    "firearms": Instrument.FIREARMS,
}

REQUIRED_COLUMNS: tuple[str, ...] = (
    "iso3",
    "name",
    "regional_group",
    "legal_system",
    "untoc",
    "untoc_date",
    "tip",
    "tip_date",
    "som",
    "som_date",
    "firearms",
    "firearms_date",
    "uncac",
    "notes",
)


@dataclass(frozen=True)
class Participation:
    """A State's status under one treaty, with the date of deposit when known."""

    status: Status
    deposited_on: date | None = None

    @property
    def is_party(self) -> bool:
        return self.status is Status.PARTY

    @property
    def is_verified(self) -> bool:
        return self.status is not Status.UNVERIFIED


@dataclass(frozen=True)
class StateRecord:
    """One row of the reference data: a State (or the EU) and its participation."""

    code: str
    name: str
    regional_group: RegionalGroup | None
    legal_system: str
    participation: Mapping[Instrument, Participation]
    uncac: Participation
    notes: str = ""
    is_regional_organization: bool = False
    line: int = field(default=0, compare=False)

    @property
    def legal_system_components(self) -> frozenset[str]:
        return legal_system_components(self.legal_system)

    def is_party_to(self, instrument: Instrument) -> bool:
        return self.participation[instrument].is_party


def legal_system_components(legal_system: str) -> frozenset[str]:
    """The families a legal system is made of: "mixed: civil law + common law" has two."""
    text = legal_system.strip()
    if not text:
        return frozenset()
    if text.startswith("mixed:"):
        text = text.removeprefix("mixed:")
    return frozenset(part.strip() for part in text.split("+") if part.strip())


def _fail(source: str, line: int, column: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(
        f"{source}, line {line}, field {column!r}: {problem}",
        rule="reference data",
        subjects=(source,),
    )


def _parse_date(source: str, line: int, column: str, value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(
            source, line, column, f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def _parse_status(source: str, line: int, column: str, value: str) -> Status:
    try:
        return Status(value.strip())
    except ValueError:
        allowed = ", ".join(repr(s.value) for s in Status if s.value) + " or empty"
        raise _fail(source, line, column, f"{value!r} is not a status ({allowed})") from None


def parse_states(
    text: str, *, source: str, is_regional_organization: bool = False
) -> list[StateRecord]:
    """Parse a States CSV, refusing the whole file at its first broken rule."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise _fail(source, 1, missing[0], "the column is missing from the header")
    records: list[StateRecord] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        code = (row["iso3"] or "").strip()
        if not code:
            raise _fail(source, line, "iso3", "the code is empty")
        if not (code.isascii() and code.isalpha() and code.isupper() and len(code) in (2, 3)):
            raise _fail(source, line, "iso3", f"{code!r} is not a code of two or three capitals")
        if code in seen:
            raise _fail(source, line, "iso3", f"{code} is a duplicate of line {seen[code]}")
        seen[code] = line
        name = (row["name"] or "").strip()
        if not name:
            raise _fail(source, line, "name", "the name is empty")
        group_text = (row["regional_group"] or "").strip()
        group: RegionalGroup | None = None
        if group_text:
            if group_text not in _GROUP_IN_CSV:
                raise _fail(
                    source, line, "regional_group", f"{group_text!r} is not a regional group"
                )
            group = _GROUP_IN_CSV[group_text]
        legal_system = (row["legal_system"] or "").strip()
        unknown = legal_system_components(legal_system) - set(LEGAL_SYSTEM_COMPONENTS)
        if unknown:
            raise _fail(
                source, line, "legal_system", f"{sorted(unknown)[0]!r} is not a legal-system family"
            )
        participation: dict[Instrument, Participation] = {}
        for column, instrument in _TREATY_COLUMNS.items():
            status = _parse_status(source, line, column, row[column] or "")
            deposited = _parse_date(source, line, f"{column}_date", row[f"{column}_date"] or "")
            if deposited is not None and status is not Status.PARTY:
                raise _fail(
                    source, line, f"{column}_date", "a date of deposit is given for a non-party"
                )
            participation[Instrument(instrument)] = Participation(status, deposited)
        uncac = Participation(_parse_status(source, line, "uncac", row["uncac"] or ""))
        records.append(
            StateRecord(
                code=code,
                name=name,
                regional_group=group,
                legal_system=legal_system,
                participation=participation,
                uncac=uncac,
                notes=(row["notes"] or "").strip(),
                is_regional_organization=is_regional_organization,
                line=line,
            )
        )
    return records


def _data_text(name: str) -> str:
    return resources.files("revmech.data").joinpath(name).read_text(encoding="utf-8")


def read_states(paths: Iterable[Path] | None = None) -> list[StateRecord]:
    """The States and the European Union, from the shipped files or from `paths`.

    With `paths`, the first file holds States and any further file regional organizations.
    """
    if paths is None:
        states = parse_states(_data_text("states.csv"), source="states.csv")
        organizations = parse_states(
            _data_text("regional_organizations.csv"),
            source="regional_organizations.csv",
            is_regional_organization=True,
        )
    else:
        first, *rest = list(paths)
        states = parse_states(first.read_text(encoding="utf-8"), source=first.name)
        organizations = []
        for path in rest:
            organizations += parse_states(
                path.read_text(encoding="utf-8"), source=path.name, is_regional_organization=True
            )
    codes = {s.code for s in states}
    for org in organizations:
        if org.code in codes:
            raise _fail("regional organizations", org.line, "iso3", f"{org.code} is also a State")
    return states + organizations
