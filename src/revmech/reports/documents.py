"""The report and its summary as DOCX and PDF in the review's working language (P&R paras 37,
44), and the Word round trip: each section is exported in a content control carrying its
identity and revision, and an edited DOCX is read back section by section (`read_docx`).

Every page of a report carries a visible confidentiality marking; Arabic paragraphs have their
direction set (`w:bidi`, runs `w:rtl`); PDF text is shaped by HarfBuzz (`web.pdf`). An export
for a reader of another State (P&R para 39) is watermarked with their State and name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import docx
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from revmech.reports import richtext
from revmech.reports.models import Part, Report, Section
from revmech.web.dates import day
from revmech.web.pdf import shaped_pdf

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RIGHT_TO_LEFT = {"ar"}
# The identity of a section in its content control: report, section key, revision.
TAG = re.compile(r"^revmech:report:(?P<report>\d+):section:(?P<key>[\w.\-]+):r(?P<revision>\d+)$")
STYLE_OF = {"h3": "Heading 3", "h4": "Heading 4", "li": "List Bullet", "p": None}


def reference_of(report: Report) -> str:
    """The report's reference, printed on every document (P&R para 34: one agreed version)."""
    review = report.review
    return (
        f"RM/{review.phase}/{review.instrument.code}/{review.state_under_review.code}"
        f"/v{report.version}"
    )


def tag_of(section: Section) -> str:
    return f"revmech:report:{section.report_id}:section:{section.key}:r{section.revision}"


@dataclass(frozen=True)
class Watermark:
    """Who reads an export of a shared report (P&R para 39)."""

    state: str
    name: str

    @property
    def text(self) -> str:
        return _("Shared in confidence with %(state)s, read by %(name)s (P&R para 39).") % {
            "state": self.state,
            "name": self.name,
        }


def _selected(report: Report, sections: Iterable[Section] | None) -> list[Section]:
    return list(sections) if sections is not None else list(report.sections.order_by("position"))


def _title(report: Report, part: str) -> str:
    review = report.review
    values = {"state": review.state_under_review.display_name, "instrument": review.instrument}
    if part == Part.SUMMARY:
        return _("Executive summary of the country review of %(state)s: %(instrument)s") % values
    return _("Country review report of %(state)s: %(instrument)s") % values


def title_of(report: Report, part: str) -> str:
    """The title of the report or its summary, in the active language."""
    return _title(report, part)


def _marking(report: Report, watermark: Watermark | None) -> str:
    marking = _("CONFIDENTIAL: country review report, not for circulation (P&R para 37)")
    if report.is_final:
        marking += " · " + _("Final version agreed, digest %(digest)s") % {
            "digest": report.final_digest[:12]
        }
    if watermark is not None:
        marking += " · " + watermark.text
    return marking


def _direction(paragraph: Paragraph, language: str) -> None:
    """Right-to-left paragraphs and runs for Arabic (`w:bidi`, `w:rtl`)."""
    if language not in RIGHT_TO_LEFT:
        return
    properties = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    properties.insert(0, bidi)
    paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    for run in paragraph.runs:
        run_properties = run._r.get_or_add_rPr()
        run_properties.append(OxmlElement("w:rtl"))


def _paragraph(document: Document, text: str, language: str, style: str | None = None) -> Any:
    paragraph = document.add_paragraph(text, style=style)
    _direction(paragraph, language)
    return paragraph


def _content_control(document: Document, section: Section, language: str) -> None:
    """The section's paragraphs inside a content control tagged with its identity."""
    body = document.element.body
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), section.title[:250])
    tag = OxmlElement("w:tag")
    tag.set(qn("w:val"), tag_of(section))
    properties.append(alias)
    properties.append(tag)
    content = OxmlElement("w:sdtContent")
    sdt.append(properties)
    sdt.append(content)
    blocks = richtext.paragraphs(section.text) or [("p", "")]
    for tag_name, text in blocks:
        paragraph = _paragraph(document, text, language, STYLE_OF.get(tag_name))
        content.append(paragraph._p)  # moved from the body into the control
    body.append(sdt)
    # Keep the section properties (page size, header) last in the body, as Word expects.
    last = body.find(qn("w:sectPr"))
    if last is not None:
        body.append(last)


def report_docx(
    report: Report,
    *,
    sections: Iterable[Section] | None = None,
    part: str = Part.REPORT,
    today: date,
    watermark: Watermark | None = None,
    editable: bool = True,
) -> bytes:
    """The report (or chosen sections) as DOCX in the working language. With `editable`, each
    section sits in a content control carrying its identity and revision, for `read_docx`."""
    language = report.language
    chosen = _selected(report, sections)
    with translation.override(language):
        document = docx.Document()
        if language in RIGHT_TO_LEFT:
            document.styles["Normal"].paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
        header = document.sections[0].header.paragraphs[0]
        header.text = _marking(report, watermark)
        _direction(header, language)
        footer = document.sections[0].footer.paragraphs[0]
        footer.text = f"{reference_of(report)} · {day(today)}"
        title = document.add_heading(_title(report, part), level=0)
        _direction(title, language)
        _paragraph(
            document,
            _("Reference %(reference)s, %(date)s.")
            % {
                "reference": reference_of(report),
                "date": day(today),
            },
            language,
        )
        heading = ""
        for section in chosen:
            if section.heading != heading and section.heading:
                heading = section.heading
                _direction(document.add_heading(heading, level=1), language)
            _direction(document.add_heading(str(section.get_kind_display()), level=2), language)
            if editable:
                _content_control(document, section, language)
            else:
                for tag_name, text in richtext.paragraphs(section.text):
                    _paragraph(document, text, language, STYLE_OF.get(tag_name))
        needs = list(report.needs.order_by("position", "pk")) if part == Part.REPORT else []
        if needs:
            _direction(
                document.add_heading(_("Technical assistance needs identified"), level=1), language
            )
            for need in needs:
                _paragraph(
                    document,
                    _("%(kind)s, article %(article)s, priority %(priority)s: %(description)s")
                    % {
                        "kind": need.get_kind_display(),
                        "article": need.article,
                        "priority": need.get_priority_display(),
                        "description": need.description,
                    },
                    language,
                    "List Bullet",
                )
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


@dataclass(frozen=True)
class ReadSection:
    """One content control of an uploaded DOCX: which section, at which revision, its text."""

    report_id: int
    key: str
    revision: int
    html: str


def _run_html(run: Any) -> str:
    text: str = str(escape(getattr(run, "text", "")))
    if not text:
        return ""
    if getattr(run, "bold", False):
        text = f"<strong>{text}</strong>"
    if getattr(run, "italic", False):
        text = f"<em>{text}</em>"
    return text


def _paragraph_html(element: object, document: Document) -> tuple[str, str]:
    paragraph = Paragraph(element, document)  # type: ignore[arg-type]
    # Runs, and the runs of hyperlinks (kept as their text: links are not trusted from Word).
    inner = "".join(
        _run_html(item) if isinstance(item, Run) else escape(item.text)
        for item in paragraph.iter_inner_content()
    )
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith("Heading 3"):
        return "h3", inner
    if style.startswith("Heading 4"):
        return "h4", inner
    if style.startswith("List"):
        return "li", inner
    return "p", inner


def read_docx(data: bytes) -> list[ReadSection]:
    """The tagged content controls of a DOCX, each as clean HTML; everything outside them,
    and any control without a well-formed revmech tag, is ignored (nothing else is trusted)."""
    document = docx.Document(io.BytesIO(data))
    found: list[ReadSection] = []
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        match = TAG.match(tag.get(qn("w:val"), "")) if tag is not None else None
        content = sdt.find(qn("w:sdtContent"))
        if match is None or content is None:
            continue
        html_parts: list[str] = []
        items: list[str] = []
        for element in content.iter(qn("w:p")):
            kind, inner = _paragraph_html(element, document)
            if kind == "li":
                items.append(f"<li>{inner}</li>")
                continue
            if items:
                html_parts.append("<ul>" + "".join(items) + "</ul>")
                items = []
            if inner:
                html_parts.append(f"<{kind}>{inner}</{kind}>")
        if items:
            html_parts.append("<ul>" + "".join(items) + "</ul>")
        found.append(
            ReadSection(
                report_id=int(match["report"]),
                key=match["key"],
                revision=int(match["revision"]),
                html=richtext.clean("".join(html_parts)),
            )
        )
    return found


def report_pdf(
    report: Report,
    *,
    sections: Iterable[Section] | None = None,
    part: str = Part.REPORT,
    today: date,
    watermark: Watermark | None = None,
) -> bytes:
    """The report (or its summary) as PDF in the working language, the confidentiality marking
    at the top of every page of a report, Arabic and Chinese shaped (`web.pdf`)."""
    from fpdf.enums import XPos, YPos

    language = report.language
    chosen = _selected(report, sections)
    with translation.override(language):
        title = _title(report, part)
        reference = _("Reference %(reference)s, %(date)s.") % {
            "reference": reference_of(report),
            "date": day(today),
        }
        marking = _marking(report, watermark) if part == Part.REPORT else ""
        blocks: list[tuple[str, str]] = [("h1", title), ("p", reference)]
        heading = ""
        for section in chosen:
            if section.heading and section.heading != heading:
                heading = section.heading
                blocks.append(("h2", heading))
            blocks.append(("h3", str(section.get_kind_display())))
            blocks += richtext.paragraphs(section.text)
        if part == Part.REPORT:
            needs = list(report.needs.order_by("position", "pk"))
            if needs:
                blocks.append(("h2", _("Technical assistance needs identified")))
            blocks += [
                (
                    "li",
                    _("%(kind)s, article %(article)s, priority %(priority)s: %(description)s")
                    % {
                        "kind": need.get_kind_display(),
                        "article": need.article,
                        "priority": need.get_priority_display(),
                        "description": need.description,
                    },
                )
                for need in needs
            ]
        texts = [text for _tag, text in blocks] + [marking]
        pdf, main = shaped_pdf(language=language, texts=texts, title=title)
        align = "R" if language in RIGHT_TO_LEFT else "L"

        def header() -> None:
            if marking:
                pdf.set_font(main, size=8)
                pdf.set_text_color(154, 103, 0)
                pdf.multi_cell(0, 4, marking, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.set_text_color(0, 0, 0)
                pdf.ln(2)

        pdf.header = header
        pdf.add_page()
        sizes = {"h1": 15.0, "h2": 13.0, "h3": 11.5, "h4": 10.5, "li": 10.0, "p": 10.0}
        for tag, text in blocks:
            if not text:
                continue
            pdf.set_font(main, size=sizes[tag])
            if tag in ("h2", "h3"):
                pdf.ln(2)
            shown = f"• {text}" if tag == "li" else text
            pdf.multi_cell(
                0, sizes[tag] / 2 + 1, shown, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        return bytes(pdf.output())
