"""The lists of focal points and governmental experts as XLSX and PDF, in the reader's language
(P&R paras 13, 19, 43).

Call `export` inside `translation.override(reader.language)`: headers, role names and State
names come out in that language. The PDF shapes its text (uharfbuzz) with Noto fonts found on
the system, so Arabic joins and runs right to left and Chinese renders; a font that is missing
raises `FontMissing`, naming the Debian package that provides it.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from revmech.accounts.selectors import InstrumentList

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


class FontMissing(RuntimeError):
    """A font the PDF needs is not installed; `package` is the Debian package to install."""

    def __init__(self, family: str, package: str) -> None:
        super().__init__(f"The font {family} is missing: install the package {package}.")
        self.family = family
        self.package = package


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
        sheet.append([str(header) for _attribute, header in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry in section.entries:
            sheet.append([getattr(entry, attribute) for attribute, _header in COLUMNS])
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


# PDF: fonts from the system, text shaped by HarfBuzz.


@dataclass(frozen=True)
class FontNeed:
    script: str
    family: str  # as fontconfig names it
    package: str  # the Debian package that installs it
    files: tuple[str, ...]  # where Debian puts it, if fontconfig is not there to ask


FONTS = (
    FontNeed("latin", "Noto Sans", "fonts-noto-core", ("truetype/noto/NotoSans-Regular.ttf",)),
    FontNeed(
        "arabic",
        "Noto Naskh Arabic",
        "fonts-noto-core",
        ("truetype/noto/NotoNaskhArabic-Regular.ttf",),
    ),
    FontNeed(
        "cjk", "Noto Sans CJK SC", "fonts-noto-cjk", ("opentype/noto/NotoSansCJK-Regular.ttc",)
    ),
)
FONT_DIRECTORIES = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# Which script each reader language needs for its own words.
LANGUAGE_SCRIPT = {"ar": "arabic", "zh-hans": "cjk"}


def scripts_in(texts: Iterable[str]) -> set[str]:
    """The scripts beyond Latin, Greek and Cyrillic that the texts use."""
    found: set[str] = set()
    for text in texts:
        for character in text:
            point = ord(character)
            if point < 0x0600:
                continue
            if 0x0600 <= point <= 0x08FF or 0xFB50 <= point <= 0xFDFF or 0xFE70 <= point <= 0xFEFF:
                found.add("arabic")
            elif (
                0x2E80 <= point <= 0x9FFF
                or 0xAC00 <= point <= 0xD7AF
                or 0xF900 <= point <= 0xFAFF
                or 0xFF00 <= point <= 0xFFEF
                or 0x20000 <= point <= 0x3FFFF
            ):
                found.add("cjk")
    return found


def find_font(need: FontNeed) -> tuple[str, int] | None:
    """The font file (and its index in a collection) for `need.family`, or None."""
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        try:
            answer = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
                [fc_list, "--format", "%{file}|%{index}\n", f"{need.family}:style=Regular"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            answer = None
        for line in answer.stdout.splitlines() if answer is not None else []:
            path, _bar, index = line.partition("|")
            if path and Path(path).is_file():
                return path, int(index or 0)
    for directory in FONT_DIRECTORIES:
        for name in need.files:
            candidate = directory / name
            if candidate.is_file():
                return str(candidate), _collection_index(candidate, need.family)
    return None


def _collection_index(path: Path, family: str) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import (  # type: ignore[import-untyped, unused-ignore]  # no py.typed
        TTCollection,
    )

    with TTCollection(str(path), lazy=True) as collection:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1) == family:
                return index
    return 0


def _entry_texts(sections: Sequence[InstrumentList]) -> Iterable[str]:
    for section in sections:
        yield section.instrument_name
        for entry in section.entries:
            yield from (str(getattr(entry, attribute)) for attribute, _header in COLUMNS)


def to_pdf(
    sections: Sequence[InstrumentList], *, language: str, today: date | None = None
) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    # fontTools logs every step of font subsetting at INFO: keep that out of the site's log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    reader_script = LANGUAGE_SCRIPT.get(language, "latin")
    needed = {"latin", reader_script} | scripts_in(_entry_texts(sections))
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(title())
    pdf.set_creator("revmech")
    fonts: dict[str, tuple[str, int]] = {}
    for need in FONTS:  # every font is found before any is used: a missing one is named
        if need.script in needed:
            found = find_font(need)
            if found is None:
                raise FontMissing(need.family, need.package)
            fonts[need.script] = found
    for script, (path, index) in fonts.items():
        pdf.add_font(script, "", path, collection_font_number=index)
    loaded = list(fonts)
    main = reader_script
    pdf.set_fallback_fonts([name for name in loaded if name != main], exact_match=False)
    pdf.set_text_shaping(True)
    align = "R" if translation.get_language_info(language)["bidi"] else "L"

    def line(height: float, text: str) -> None:
        pdf.multi_cell(0, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.add_page()
    pdf.set_font(main, size=16)
    line(9, title())
    pdf.set_font(main, size=9)
    compiled = _("Compiled by the secretariat on %(date)s (P&R paras 13 and 19).") % {
        "date": formats.date_format(today or timezone.localdate(), "DATE_FORMAT")
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
