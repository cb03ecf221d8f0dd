"""The lists of focal points and governmental experts as XLSX and PDF, in the reader's language
(P&R paras 13, 19, 43).

Call `export` inside `translation.override(reader.language)`: headers, role names and State
names come out in that language. The PDF shapes its text (uharfbuzz) with Noto fonts found on
the system, so Arabic joins and runs right to left and Chinese renders; a font that is missing
raises `FontMissing`, naming the Debian package that provides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from revmech.accounts.selectors import InstrumentList
from revmech.web import spreadsheets
from revmech.web.dates import day
from revmech.web.pdf import FontMissing as FontMissing  # re-exported: views catch it here
from revmech.web.pdf import shaped_pdf

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "pdf")

# The columns, in order: (attribute of ListEntry, header).
COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("state_code", gettext_lazy("Code")),
    ("state_name", pgettext_lazy("country", "State")),
    ("role", gettext_lazy("Role")),
    ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("E-mail address")),
    ("current_position", gettext_lazy("Current position")),
    ("professional_background", gettext_lazy("Professional background")),
    ("offices_held", gettext_lazy("Relevant offices held")),
    ("activities", gettext_lazy("Activities carried out")),
    ("expertise", gettext_lazy("Areas of expertise")),
)
# The profile lines of a person in the PDF, after their name and role.
PDF_DETAILS = COLUMNS[4:]


@dataclass(frozen=True)
class Document:
    content: bytes
    content_type: str
    filename: str


def title() -> str:
    return _("Focal points and governmental experts")


def export(sections: Sequence[InstrumentList], *, file_format: str, language: str) -> Document:
    """The lists as a file in `file_format` ("xlsx" or "pdf"), in the active language."""
    stem = "focal-points-and-experts"
    if len(sections) == 1:
        stem += f"-{sections[0].instrument_code}"
    stem += f"-{timezone.localdate():%Y-%m-%d}-{language}"
    if file_format == "xlsx":
        return Document(to_xlsx(sections, language=language), XLSX_TYPE, f"{stem}.xlsx")
    if file_format == "pdf":
        return Document(to_pdf(sections, language=language), "application/pdf", f"{stem}.pdf")
    raise ValueError(f"Unknown list format {file_format!r}; one of {', '.join(FORMATS)}.")


# XLSX: one sheet per instrument, frozen header row, right to left for Arabic.


def to_xlsx(sections: Sequence[InstrumentList], *, language: str) -> bytes:
    # openpyxl ships no types (types-openpyxl is not a dependency yet).
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import (  # type: ignore[import-untyped, unused-ignore]
        Alignment,
        Font,
    )

    workbook = Workbook()
    default_sheet = workbook.active
    if default_sheet is not None:
        workbook.remove(default_sheet)
    is_rtl = translation.get_language_info(language)["bidi"]
    for section in sections:
        sheet = workbook.create_sheet(title=section.instrument_code[:31])
        sheet.append(spreadsheets.row(str(header) for _attribute, header in COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry in section.entries:
            sheet.append(
                spreadsheets.row(getattr(entry, attribute) for attribute, _header in COLUMNS)
            )
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = (8, 24, 22, 26, 30, 30, 45, 40, 40, 40)
        for column, width in zip(sheet.iter_cols(max_row=1), widths, strict=True):
            sheet.column_dimensions[column[0].column_letter].width = width
        sheet.freeze_panes = "A2"
        sheet.sheet_view.rightToLeft = bool(is_rtl)
    workbook.properties.title = title()
    workbook.properties.creator = "revmech"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _entry_texts(sections: Sequence[InstrumentList]) -> Iterable[str]:
    for section in sections:
        yield section.instrument_name
        for entry in section.entries:
            yield from (str(getattr(entry, attribute)) for attribute, _header in COLUMNS)


def to_pdf(
    sections: Sequence[InstrumentList], *, language: str, today: date | None = None
) -> bytes:
    from fpdf.enums import XPos, YPos

    pdf, main = shaped_pdf(language=language, texts=_entry_texts(sections), title=title())
    align = "R" if translation.get_language_info(language)["bidi"] else "L"

    def line(height: float, text: str) -> None:
        pdf.multi_cell(0, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.add_page()
    pdf.set_font(main, size=16)
    line(9, title())
    pdf.set_font(main, size=9)
    compiled = _("Compiled by the secretariat on %(date)s (P&R paras 13 and 19).") % {
        "date": day(today or timezone.localdate())
    }
    line(5, compiled)
    for section in sections:
        pdf.ln(4)
        pdf.set_font(main, size=14)
        line(8, section.instrument_name)
        if not section.entries:
            pdf.set_font(main, size=10)
            line(6, _("Nobody is on this list yet."))
        state_code = ""
        for entry in section.entries:
            if entry.state_code != state_code:
                state_code = entry.state_code
                pdf.ln(2)
                pdf.set_font(main, size=12)
                line(7, f"{entry.state_name} ({entry.state_code})")
            pdf.set_font(main, size=10)
            line(6, f"{entry.name} — {entry.role}")
            pdf.set_font(main, size=9)
            for attribute, header in PDF_DETAILS:
                value = str(getattr(entry, attribute))
                if value:
                    text = _("%(label)s: %(value)s") % {"label": header, "value": value}
                    line(5, text)
            pdf.ln(1)
    return bytes(pdf.output())
