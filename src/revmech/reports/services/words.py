"""The Word round trip (P&R para 33; DESIGN.md: delegates work in Word): an edited DOCX comes
back section by section. A changed section becomes a new revision; a section exported from an
older revision than the current one is refused, its conflict shown; nothing outside the tagged
content controls is read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.reports import compare, documents, permissions, richtext
from revmech.reports.models import Report, Section, Source
from revmech.reports.services.common import now_or, refuse_if_final
from revmech.reports.services.drafting import save_section
from revmech.rules import RuleViolation
from revmech.web import uploads

MAX_DOCX_BYTES = 20 * 1024 * 1024
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Conflict:
    """A section edited in Word from a revision that is no longer the current one."""

    section: Section
    exported_revision: int
    theirs: str
    comparison: compare.Comparison


@dataclass
class WordImport:
    saved: list[Section] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unchanged: int = 0
    ignored: list[str] = field(default_factory=list)


def _words(markup: str) -> str:
    return SPACES.sub(" ", richtext.plain(markup)).strip()


def import_docx(
    *,
    report: Report,
    upload: UploadedFile,
    by: Person,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> WordImport:
    """Read an edited DOCX exported from this report and save each changed section."""
    if not permissions.can_draft_report(by, report.review):
        raise PermissionDenied
    refuse_if_final(report)
    checked = uploads.check_upload(upload, limit_bytes=MAX_DOCX_BYTES, allowed=(uploads.DOCX,))
    try:
        read = documents.read_docx(checked.data)
    except Exception as broken:  # python-docx raises many kinds on a damaged file
        raise RuleViolation(
            _("The file “%(name)s” could not be read as a Word document; nothing was saved.")
            % {"name": checked.name}
        ) from broken
    if not read:
        raise RuleViolation(
            _(
                "The file “%(name)s” holds no section exported from this platform (their "
                "content controls were removed?); nothing was saved."
            )
            % {"name": checked.name}
        )
    if any(r.report_id != report.pk for r in read):
        raise RuleViolation(
            _("The file “%(name)s” was exported from another report; nothing was saved.")
            % {"name": checked.name}
        )
    outcome = WordImport()
    at = now_or(now)
    with transaction.atomic():
        sections = {s.key: s for s in report.sections.select_related("updated_by")}
        for item in read:
            section = sections.get(item.key)
            if section is None or item.revision > section.revision or item.revision < 1:
                outcome.ignored.append(item.key)
                continue
            exported = section.revisions.filter(number=item.revision).first()
            if exported is None or _words(exported.text) == _words(item.html):
                outcome.unchanged += 1
                continue
            if item.revision != section.revision:
                outcome.conflicts.append(
                    Conflict(
                        section=section,
                        exported_revision=item.revision,
                        theirs=item.html,
                        comparison=compare.compare(section.text, item.html),
                    )
                )
                continue
            outcome.saved.append(
                save_section(
                    section=section,
                    text=item.html,
                    based_on=item.revision,
                    by=by,
                    source=Source.WORD,
                    now=at,
                    request=request,
                )
            )
        audit.record(
            "reports.word.imported",
            actor=by,
            subject=report,
            request=request,
            review_id=report.review_id,
            file=checked.name,
            saved=[s.key for s in outcome.saved],
            conflicts=[c.section.key for c in outcome.conflicts],
            ignored=outcome.ignored,
        )
    return outcome
