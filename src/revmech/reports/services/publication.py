"""The executive summary in the six official languages, issued as a working-group document
(P&R paras 36, 43, 45); translation of the report into further languages at the request of the
State under review, with its funding (para 46); publication of the report or chosen sections by
the State under review (para 38)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime

import mammoth
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.meetings import services as meeting_services
from revmech.meetings.models import LANGUAGES, DocumentKind, Session
from revmech.reports import permissions, richtext
from revmech.reports.models import (
    FundingStatus,
    FurtherTranslation,
    Part,
    Report,
    SummaryTranslation,
    TranslationStatus,
)
from revmech.reports.services.common import now_or
from revmech.rules import RuleViolation
from revmech.web import uploads
from revmech.web.dates import day
from revmech.web.pdf import shaped_pdf

OFFICIAL_LANGUAGES = tuple(code for code, _label in LANGUAGES)
MAX_TRANSLATION_BYTES = 10 * 1024 * 1024


def summary_html(report: Report) -> str:
    """The agreed executive summary (its sections in the final version), one heading each."""
    parts = []
    for section in report.final_content.get("sections", []):
        if section["part"] != Part.SUMMARY or not section["text"]:
            continue
        heading = section["heading"] or ""
        parts.append(f"<h3>{escape(heading)}</h3>" if heading else "")
        parts.append(section["text"])
    return richtext.clean("".join(parts))


def _refuse_unless_final(report: Report) -> None:
    if not report.is_final:
        raise RuleViolation(
            _("Only the executive summary of a final report is translated and published."),
            rule="P&R paras 34, 36",
        )


@transaction.atomic
def open_translations(*, report: Report, by: Person, now: datetime | None = None) -> None:
    """Track the summary in the six official languages: the report's own language holds the
    agreed text, received; the others are requested (P&R paras 36, 45). Idempotent."""
    _refuse_unless_final(report)
    at = now_or(now)
    for language in OFFICIAL_LANGUAGES:
        original = language == report.language
        SummaryTranslation.objects.get_or_create(
            report=report,
            language=language,
            defaults={
                "status": TranslationStatus.RECEIVED if original else TranslationStatus.REQUESTED,
                "text": summary_html(report) if original else "",
                "revision": 1,
                "updated_at": at,
                "updated_by": by,
            },
        )


def _from_word(upload: UploadedFile) -> str:
    """A translation delivered as DOCX: mammoth turns it into clean HTML, then nh3."""
    checked = uploads.check_upload(
        upload, limit_bytes=MAX_TRANSLATION_BYTES, allowed=(uploads.DOCX,)
    )
    try:
        converted = mammoth.convert_to_html(io.BytesIO(checked.data))
    except Exception as broken:  # mammoth raises many kinds on a damaged file
        raise RuleViolation(
            _("The file “%(name)s” could not be read as a Word document; nothing was saved.")
            % {"name": checked.name}
        ) from broken
    return richtext.clean(str(converted.value))


def update_translation(
    *,
    report: Report,
    language: str,
    status: str,
    by: Person,
    based_on: int,
    text: str | None = None,
    upload: UploadedFile | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> SummaryTranslation:
    """The secretariat records where one language is, and enters or uploads its text. An
    uploaded file is checked and read before the transaction opens."""
    if not permissions.can_work_on_summary(by, report.review):
        raise PermissionDenied
    converted = None if upload is None else _from_word(upload)
    return _update_translation(
        report=report,
        language=language,
        status=status,
        by=by,
        based_on=based_on,
        text=text,
        converted=converted,
        now=now,
        request=request,
    )


@transaction.atomic
def _update_translation(
    *,
    report: Report,
    language: str,
    status: str,
    by: Person,
    based_on: int,
    text: str | None,
    converted: str | None,
    now: datetime | None,
    request: HttpRequest | None,
) -> SummaryTranslation:
    if language not in OFFICIAL_LANGUAGES:
        raise RuleViolation(_("%(language)s is not an official language.") % {"language": language})
    if status not in TranslationStatus.values:
        raise RuleViolation(_("%(status)s is not a status of translation.") % {"status": status})
    if report.is_summary_published:
        raise RuleViolation(_("The summary is published; its translations are final."))
    open_translations(report=report, by=by, now=now)
    translation_row = SummaryTranslation.objects.get(report=report, language=language)
    new_text = translation_row.text
    if converted is not None:
        new_text = converted
    elif text is not None and text.strip():
        new_text = richtext.clean(text)
    if status in (TranslationStatus.RECEIVED, TranslationStatus.CHECKED) and not new_text:
        raise RuleViolation(
            _("Enter or upload the text of the summary in this language before marking it %(s)s.")
            % {"s": TranslationStatus(status).label},
            rule="P&R para 36",
        )
    moved = SummaryTranslation.objects.filter(pk=translation_row.pk, revision=based_on).update(
        status=status,
        text=new_text,
        revision=F("revision") + 1,
        updated_at=now_or(now),
        updated_by=by,
    )
    translation_row.refresh_from_db()
    if moved != 1:
        raise RuleViolation(
            _(
                "Someone else updated this language meanwhile (now revision %(revision)s); "
                "nothing was saved. Reload and try again."
            )
            % {"revision": translation_row.revision},
            rule="concurrent change",
        )
    audit.record(
        "reports.translation.updated",
        actor=by,
        subject=translation_row,
        request=request,
        review_id=report.review_id,
        language=language,
        status=status,
    )
    return translation_row


def summary_title(report: Report, language: str) -> str:
    review = report.review
    with translation.override(language):
        return _("Executive summary: %(state)s (%(instrument)s)") % {
            "state": review.state_under_review.display_name,
            "instrument": review.instrument.short_name,
        }


def summary_pdf(report: Report, language: str, text: str, *, symbol: str, issued_on: date) -> bytes:
    """The summary in one language as a PDF working-group document (shaped text)."""
    from fpdf.enums import XPos, YPos

    title = summary_title(report, language)
    with translation.override(language):
        issued = day(issued_on)
    blocks = [("h1", symbol), ("h1", title), ("p", issued)]
    blocks += richtext.paragraphs(text)
    pdf, main = shaped_pdf(language=language, texts=[t for _tag, t in blocks], title=title)
    align = "R" if language == "ar" else "L"
    pdf.add_page()
    sizes = {"h1": 14.0, "h3": 12.0, "h4": 11.0, "li": 10.0, "p": 10.0}
    for tag, shown in blocks:
        pdf.set_font(main, size=sizes.get(tag, 10.0))
        text_shown = f"• {shown}" if tag == "li" else shown
        pdf.multi_cell(
            0, sizes.get(tag, 10.0) / 2 + 1, text_shown, align=align,
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
    return bytes(pdf.output())


def publish_summary(
    *,
    report: Report,
    session: Session,
    by: Person,
    issued_on: date,
    symbol: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """Issue the summary as a document of the working group's session, in the six languages,
    each checked (P&R paras 36, 45); it then appears on the public page and in the feed."""
    if not permissions.can_work_on_summary(by, report.review):
        raise PermissionDenied
    _refuse_unless_final(report)
    if report.is_summary_published:
        raise RuleViolation(_("The summary is already published."), rule="P&R para 36")
    open_translations(report=report, by=by, now=now)
    rows = {t.language: t for t in report.translations.all()}
    missing = [
        code
        for code in OFFICIAL_LANGUAGES
        if rows[code].status != TranslationStatus.CHECKED or not rows[code].text
    ]
    if missing:
        names = dict(LANGUAGES)
        raise RuleViolation(
            _("The summary is published in the six languages once each is checked; not yet: %(l)s.")
            % {"l": ", ".join(str(names[code]) for code in missing)},
            rule="P&R paras 36, 45",
        )
    symbol = symbol.strip() or meeting_services.next_symbol(session, DocumentKind.EXECUTIVE_SUMMARY)
    files = {
        code: SimpleUploadedFile(
            f"summary_{code}.pdf",
            summary_pdf(report, code, rows[code].text, symbol=symbol, issued_on=issued_on),
            content_type="application/pdf",
        )
        for code in OFFICIAL_LANGUAGES
    }
    # The PDFs are made and checked before the transaction: it holds only the writes (issue 9).
    checked = meeting_services.check_files(files)
    with transaction.atomic():
        if Report.objects.filter(pk=report.pk, summary_document__isnull=False).exists():
            raise RuleViolation(_("The summary is already published."), rule="P&R para 36")
        document = meeting_services.issue_checked_document(
            session=session,
            kind=DocumentKind.EXECUTIVE_SUMMARY,
            titles={code: summary_title(report, code) for code in OFFICIAL_LANGUAGES},
            issued_on=issued_on,
            checked=checked,
            actor=by,
            symbol=symbol,
            request=request,
        )
        Report.objects.filter(pk=report.pk).update(
            summary_document=document, summary_published_at=now_or(now)
        )
        audit.record(
            "reports.summary.published",
            actor=by,
            subject=report,
            request=request,
            review_id=report.review_id,
            symbol=document.symbol,
        )
    report.refresh_from_db()
    permissions.forget_report(report.review)
    return report


@transaction.atomic
def publish_report(
    *,
    report: Report,
    by: Person,
    section_ids: Iterable[int],
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> list[int]:
    """The State under review publishes its final report or chosen sections (P&R para 38);
    the public page shows only those. Publication is not withdrawn (what is public stays so)."""
    if not permissions.can_publish_report(by, report.review):
        raise PermissionDenied
    chosen = set(section_ids)
    sections = report.sections.filter(pk__in=chosen)
    if not chosen or sections.count() != len(chosen):
        raise RuleViolation(
            _("Choose the sections of this report to publish; nothing was published."),
            rule="P&R para 38",
        )
    sections.update(is_published=True)
    Report.objects.filter(pk=report.pk, published_at__isnull=True).update(published_at=now_or(now))
    report.refresh_from_db()
    permissions.forget_report(report.review)
    published = sorted(report.sections.filter(is_published=True).values_list("pk", flat=True))
    audit.record(
        "reports.report.published",
        actor=by,
        subject=report,
        request=request,
        review_id=report.review_id,
        sections=sorted(sections.values_list("key", flat=True)),
    )
    return published


@transaction.atomic
def request_further_translation(
    *,
    report: Report,
    by: Person,
    language: str,
    funding: str = FundingStatus.SOUGHT,
    contributor: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> FurtherTranslation:
    """A translation of the report into a further language at the request of the State under
    review, for which the secretariat seeks voluntary contributions (P&R para 46)."""
    if not permissions.can_request_further_translation(by, report.review):
        raise PermissionDenied
    if not language.strip():
        raise RuleViolation(_("Name the language of the translation."), rule="P&R para 46")
    if funding not in FundingStatus.values:
        raise RuleViolation(_("Choose how the translation is funded."), rule="P&R para 46")
    row = FurtherTranslation.objects.create(
        report=report,
        language=language.strip()[:60],
        funding=funding,
        contributor=contributor.strip()[:200],
        requested_at=now_or(now),
        requested_by=by,
    )
    audit.record(
        "reports.further_translation.recorded",
        actor=by,
        subject=row,
        request=request,
        review_id=report.review_id,
        language=row.language,
        funding=funding,
    )
    return row


@transaction.atomic
def mark_further_translation_delivered(
    *,
    row: FurtherTranslation,
    by: Person,
    request: HttpRequest | None = None,
) -> FurtherTranslation:
    """The translation into a further language was delivered to the State (P&R para 46)."""
    if not permissions.can_request_further_translation(by, row.report.review):
        raise PermissionDenied
    FurtherTranslation.objects.filter(pk=row.pk).update(is_delivered=True)
    row.refresh_from_db()
    audit.record(
        "reports.further_translation.delivered",
        actor=by,
        subject=row,
        request=request,
        review_id=row.report.review_id,
        language=row.language,
    )
    return row
