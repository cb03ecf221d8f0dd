"""DOCX reports for the Conference (P&R paras 5, 7 (d), 40): the thematic analysis, a working
group's report on technical assistance, the evaluation of the Mechanism's functioning.

Each figure goes in as the same matplotlib figure the page shows (PNG here, SVG there), followed
by its data as a table. Arabic paragraphs are set right to left (`w:bidi`). No document names a
State: they hold aggregates and thematic recommendations only (paras 3 (b), 53 (b)).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import docx
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.text.paragraph import Paragraph

from revmech.followup import charts
from revmech.followup.analysis import Table

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RIGHT_TO_LEFT = {"ar"}


class Report:
    """A DOCX under construction in one language."""

    def __init__(self, language: str, title: str) -> None:
        self.language = language
        self.document: Document = docx.Document()
        if language in RIGHT_TO_LEFT:
            self.document.styles["Normal"].paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
        self._direct(self.document.add_heading(title, level=0))

    def _direct(self, paragraph: Paragraph) -> Paragraph:
        if self.language in RIGHT_TO_LEFT:
            properties = paragraph._p.get_or_add_pPr()
            bidi = OxmlElement("w:bidi")
            bidi.set(qn("w:val"), "1")
            properties.append(bidi)
            paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
        return paragraph

    def heading(self, text: str, level: int = 1) -> None:
        self._direct(self.document.add_heading(text, level=level))

    def paragraph(self, text: str) -> None:
        self._direct(self.document.add_paragraph(text))

    def bullets(self, lines: Iterable[str]) -> None:
        for line in lines:
            self._direct(self.document.add_paragraph(line, style="List Bullet"))

    def grid(self, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        body = [[str(cell) for cell in row] for row in rows]
        grid = self.document.add_table(rows=1 + len(body), cols=len(header))
        grid.style = "Table Grid"
        for column, text in enumerate(header):
            grid.cell(0, column).text = text
        for index, row in enumerate(body, start=1):
            for column, text in enumerate(row):
                grid.cell(index, column).text = text
        for row_cells in grid.rows:
            for cell in row_cells.cells:
                for paragraph in cell.paragraphs:
                    self._direct(paragraph)

    def picture(self, image: bytes) -> None:
        self.document.add_picture(io.BytesIO(image), width=Inches(6.2))

    def figure(self, table: Table, *, value_label: str) -> None:
        """The chart of `table` as the page draws it, then its data."""
        self.heading(table.title, level=2)
        if table.total:
            image = charts.png(charts.bar_figure(table, value_label=value_label))
            self.document.add_picture(io.BytesIO(image), width=Inches(6.2))
        else:
            self.paragraph(_("Nothing to count yet."))
        self.grid(
            [_("Category"), *[c.label for c in table.series], _("Total")],
            [
                [category.label, *values, total]
                for category, values, total in table.row_totals()
                if total or table.dimension != "article"
            ],
        )

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
