"""DOCX documents for offline work in Word (DESIGN.md): the questionnaire with its current
answers, and the outcome of the desk review, in the review's working language (P&R para 44).

Import of answers from the DOCX is not offered: see docs/questionnaires.md for why.
"""

from __future__ import annotations

import io
import re

import docx
from django.utils import translation
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT

from revmech.questionnaires import content, selectors
from revmech.questionnaires.models import Questionnaire
from revmech.reviews.models import CountryReview
from revmech.web.pdf import shaped_pdf

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RIGHT_TO_LEFT = {"ar"}


def working_language(review: CountryReview) -> str:
    """The first agreed working language of the review, English until one is agreed."""
    languages = list(review.working_languages or [])
    return str(languages[0]) if languages else "en"


def _document(language: str) -> Document:
    document = docx.Document()
    if language in RIGHT_TO_LEFT:
        # Word lays out right-to-left paragraphs when the run's language is Arabic; the
        # alignment makes the direction visible in every viewer.
        document.styles["Normal"].paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    return document


def _paragraphs(document: Document, text: str) -> None:
    for line in content.plain(text).splitlines() or [""]:
        if line.strip():
            document.add_paragraph(line.strip())


def _bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def questionnaire_docx(questionnaire: Questionnaire) -> bytes:
    """The questionnaire with the current answers, in the review's working language."""
    review = questionnaire.review
    language = working_language(review)
    with translation.override(language):
        document = _document(language)
        document.add_heading(
            _("Self-assessment of %(state)s: %(instrument)s")
            % {"state": review.state_under_review.display_name, "instrument": review.instrument},
            level=0,
        )
        document.add_paragraph(
            _("Status: %(status)s. Confidential to the parties to the review (P&R para 32).")
            % {"status": questionnaire.get_status_display()}
        )
        cluster = ""
        for section in selectors.sections_of(questionnaire, language):
            if section.cluster_title != cluster:
                cluster = section.cluster_title
                document.add_heading(cluster, level=1)
            document.add_heading(section.section.title(language), level=2)
            for row in section.shown:
                question = row.question
                document.add_paragraph(question.text(language), style="Intense Quote")
                if not row.is_answered:
                    document.add_paragraph(_("(no answer yet)"))
                elif question.kind in ("choice", "multiple"):
                    labels = [question.choice_label(v, language) for v in row.values]
                    document.add_paragraph(", ".join(labels))
                else:
                    _paragraphs(document, row.text)
        return _bytes(document)


def outcome_docx(questionnaire: Questionnaire) -> bytes:
    """The outcome of the desk review as a document, in the review's working language."""
    review = questionnaire.review
    language = working_language(review)
    outcome = selectors.outcome_of(questionnaire)
    with translation.override(language):
        document = _document(language)
        document.add_heading(
            _("Outcome of the desk review of %(state)s: %(instrument)s")
            % {"state": review.state_under_review.display_name, "instrument": review.instrument},
            level=0,
        )
        if outcome is None or not outcome.text:
            document.add_paragraph(_("The outcome has not been written yet."))
            return _bytes(document)
        _html_blocks(document, outcome.text)
        return _bytes(document)


def _html_blocks(document: Document, html: str) -> None:
    """Headings stay headings and list items stay list items; the rest becomes paragraphs."""
    blocks = re.findall(r"<(h3|h4|li|p)>(.*?)</\1>", html, flags=re.DOTALL)
    if not blocks:
        _paragraphs(document, html)
    for tag, inner in blocks:
        text = content.plain(inner)
        if not text:
            continue
        if tag == "h3":
            document.add_heading(text, level=2)
        elif tag == "h4":
            document.add_heading(text, level=3)
        elif tag == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)


def outcome_pdf(questionnaire: Questionnaire) -> bytes:
    """The outcome of the desk review as PDF, shaped for Arabic and Chinese (`web.pdf`)."""
    from fpdf.enums import XPos, YPos

    review = questionnaire.review
    language = working_language(review)
    outcome = selectors.outcome_of(questionnaire)
    with translation.override(language):
        heading = _("Outcome of the desk review of %(state)s: %(instrument)s") % {
            "state": review.state_under_review.display_name,
            "instrument": review.instrument,
        }
        blocks: list[tuple[str, str]] = [("h2", heading)]
        if outcome is None or not outcome.text:
            blocks.append(("p", _("The outcome has not been written yet.")))
        else:
            found = re.findall(r"<(h3|h4|li|p)>(.*?)</\1>", outcome.text, flags=re.DOTALL)
            blocks += [(tag, content.plain(inner)) for tag, inner in found] or [
                ("p", content.plain(outcome.text))
            ]
        pdf, main = shaped_pdf(language=language, texts=(text for _tag, text in blocks))
        align = "R" if language in RIGHT_TO_LEFT else "L"
        pdf.add_page()
        sizes = {"h2": 15.0, "h3": 13.0, "h4": 11.0, "li": 10.0, "p": 10.0}
        for tag, text in blocks:
            if not text:
                continue
            pdf.set_font(main, size=sizes[tag])
            if tag in ("h3", "h4"):
                pdf.ln(2)
            shown = f"• {text}" if tag == "li" else text
            pdf.multi_cell(
                0, sizes[tag] / 2 + 1, shown, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        return bytes(pdf.output())
