"""The budget proposal as DOCX and XLSX for the Conference (P&R para 50), and course
certificates as PDF (para 42)."""

from __future__ import annotations

import io

from django.utils import formats, translation
from django.utils.translation import gettext as _
from moneyed import Money

from revmech.secretariat.models import Activity, BudgetVersion, Participant, Source
from revmech.secretariat.services import budget_totals
from revmech.web import spreadsheets
from revmech.web.dates import day
from revmech.web.pdf import shaped_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _money(amount: Money) -> str:
    number = formats.number_format(amount.amount, 2, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0{amount.currency}"


def _sums(by_currency: dict[str, Money]) -> str:
    return "; ".join(_money(by_currency[code]) for code in sorted(by_currency))


def budget_docx(version: BudgetVersion) -> bytes:
    from docx import Document

    lines = list(version.lines.all())
    totals = budget_totals(lines)
    document = Document()
    document.add_heading(str(version.proposal), level=1)
    document.add_paragraph(
        _("Version %(number)s of %(date)s. %(note)s")
        % {
            "number": version.number,
            "date": day(version.created_at),
            "note": version.note,
        }
    )
    table = document.add_table(rows=1, cols=5)
    header = table.rows[0].cells
    for cell, text in zip(
        header, (_("Year"), _("Activity"), _("Source"), _("Amount"), _("Description")), strict=True
    ):
        cell.text = text
    for line in lines:
        row = table.add_row().cells
        row[0].text = str(line.year)
        row[1].text = str(Activity(line.activity).label)
        row[2].text = str(Source(line.source).label)
        row[3].text = _money(line.amount)
        row[4].text = line.description
    document.add_heading(_("Totals"), level=2)
    for activity in Activity:
        if activity.value in totals.by_activity:
            document.add_paragraph(f"{activity.label}: {_sums(totals.by_activity[activity.value])}")
    for year, sums in sorted(totals.by_year.items()):
        document.add_paragraph(f"{year}: {_sums(sums)}")
    for source in Source:
        if source.value in totals.by_source:
            document.add_paragraph(f"{source.label}: {_sums(totals.by_source[source.value])}")
    document.add_paragraph(_("Total: %(sums)s") % {"sums": _sums(totals.total)})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def budget_xlsx(version: BudgetVersion) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

    workbook = Workbook()
    sheet = workbook.create_sheet(index=0)
    workbook.remove(workbook.worksheets[1])
    sheet.title = f"v{version.number}"
    sheet.append(
        spreadsheets.row(
            [_("Year"), _("Activity"), _("Source"), _("Amount"), _("Currency"), _("Description")]
        )
    )
    for line in version.lines.all():
        sheet.append(
            spreadsheets.row(
                [
                    line.year,
                    str(Activity(line.activity).label),
                    str(Source(line.source).label),
                    line.amount.amount,
                    str(line.amount.currency),
                    line.description,
                ]
            )
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def certificate_pdf(participant: Participant, *, language: str) -> bytes:
    course = participant.course
    with translation.override(language):
        title = _("Certificate of participation")
        body = _(
            "%(name)s (%(state)s) took part in the course “%(course)s”, held in %(place)s "
            "from %(first)s to %(last)s, organized by the secretariat of the Mechanism for the "
            "Review of Implementation of the United Nations Convention against Transnational "
            "Organized Crime and the Protocols thereto."
        ) % {
            "name": participant.name,
            "state": participant.state.display_name,
            "course": course.title,
            "place": course.place,
            "first": day(course.starts_on),
            "last": day(course.ends_on),
        }
        pdf, main = shaped_pdf(language=language, texts=[title, body], title=title)
        align = "R" if translation.get_language_info(language)["bidi"] else "C"
        pdf.add_page()
        pdf.ln(40)
        pdf.set_font(main, size=24)
        pdf.multi_cell(0, 14, title, align="C")
        pdf.ln(10)
        pdf.set_font(main, size=13)
        pdf.multi_cell(0, 8, body, align=align)
        return bytes(pdf.output())
