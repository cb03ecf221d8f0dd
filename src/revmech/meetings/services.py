"""Recording sessions and issuing documents with their files (P&R paras 14, 36, 53 (g)).

Each service checks its predicate, runs in one transaction and writes the audit log. Files are
checked by their content before the transaction starts.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from revmech.audit import services as audit
from revmech.meetings import permissions
from revmech.meetings.models import (
    LANGUAGES,
    SYMBOL_PREFIX,
    Body,
    Document,
    DocumentFile,
    DocumentKind,
    Session,
)
from revmech.rules import RuleViolation
from revmech.web import uploads
from revmech.web.roles import Someone

MAX_DOCUMENT_BYTES = 30 * 1024 * 1024
LANGUAGE_CODES = tuple(code for code, _label in LANGUAGES)
# A UN document symbol: upper-case series separated by slashes, e.g. CTOC/COP/WG.2/2026/CRP.1.
SYMBOL = re.compile(r"^[A-Z][A-Z0-9.\-]*(/[A-Za-z0-9.\-]+)+$")


@transaction.atomic
def record_session(
    *,
    body: str,
    number: int,
    starts_on: date,
    ends_on: date,
    place: str,
    actor: Someone,
    request: HttpRequest | None = None,
) -> Session:
    """Record a session of the Conference or one of its working groups."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    if body not in Body.values:
        raise RuleViolation(_("%(body)s is not a body of the Conference.") % {"body": body})
    if ends_on < starts_on:
        raise RuleViolation(_("The session cannot end before it starts."))
    if not place.strip():
        raise RuleViolation(_("Give the place of the session."))
    if Session.objects.filter(body=body, number=number).exists():
        raise RuleViolation(
            _("Session %(number)s of this body is already recorded.") % {"number": number}
        )
    session = Session.objects.create(
        body=body,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip(),
        created_by_id=getattr(actor, "pk", None),
    )
    audit.record("meetings.session.recorded", actor=actor, subject=session, request=request)
    return session


def next_symbol(session: Session, kind: str) -> str:
    """The next free symbol of the session's body and year: `…/2026/3`, or `…/2026/CRP.2`."""
    base = f"{SYMBOL_PREFIX[Body(session.body)]}/{session.starts_on.year}/"
    marker = "CRP." if kind == DocumentKind.CONFERENCE_ROOM_PAPER else ""
    taken = Document.objects.filter(symbol__startswith=base + marker).values_list(
        "symbol", flat=True
    )
    numbers = [
        int(tail)
        for tail in (s[len(base + marker) :] for s in taken)
        if tail.isdigit()  # CRPs do not count among the numbered documents, nor the reverse
    ]
    return f"{base}{marker}{max(numbers, default=0) + 1}"


def check_files(
    files: Mapping[str, UploadedFile],
) -> list[tuple[str, uploads.CheckedFile]]:
    """Each language's file checked by its content (PDF or Word): call it before any
    transaction starts, then `issue_checked_document` inside one."""
    checked = []
    for language, upload in files.items():
        if language not in LANGUAGE_CODES:
            raise RuleViolation(
                _("%(language)s is not an official language.") % {"language": language}
            )
        checked.append(
            (
                language,
                uploads.check_upload(
                    upload, limit_bytes=MAX_DOCUMENT_BYTES, allowed=(uploads.PDF, uploads.DOCX)
                ),
            )
        )
    return checked


def issue_document(
    *,
    session: Session,
    kind: str,
    titles: Mapping[str, str],
    issued_on: date,
    files: Mapping[str, UploadedFile],
    actor: Someone,
    symbol: str = "",
    request: HttpRequest | None = None,
) -> Document:
    """Issue a document of `session` under its symbol (the next free one unless given), with a
    file per language given. Either the document and all its files are kept, or nothing.
    """
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    checked = check_files(files)
    return _issue(
        session=session,
        kind=kind,
        titles=titles,
        issued_on=issued_on,
        checked=checked,
        actor=actor,
        symbol=symbol,
        request=request,
    )


def issue_checked_document(
    *,
    session: Session,
    kind: str,
    titles: Mapping[str, str],
    issued_on: date,
    checked: list[tuple[str, uploads.CheckedFile]],
    actor: Someone,
    symbol: str = "",
    request: HttpRequest | None = None,
) -> Document:
    """`issue_document` for files already checked by `check_files`, so that a caller's own
    transaction never holds an upload check (a slow or hostile file cannot keep it open)."""
    if not permissions.can_keep_register(actor):
        raise PermissionDenied
    return _issue(
        session=session,
        kind=kind,
        titles=titles,
        issued_on=issued_on,
        checked=checked,
        actor=actor,
        symbol=symbol,
        request=request,
    )


@transaction.atomic
def _issue(
    *,
    session: Session,
    kind: str,
    titles: Mapping[str, str],
    issued_on: date,
    checked: list[tuple[str, uploads.CheckedFile]],
    actor: Someone,
    symbol: str,
    request: HttpRequest | None,
) -> Document:
    if kind not in DocumentKind.values:
        raise RuleViolation(_("%(kind)s is not a kind of document.") % {"kind": kind})
    clean_titles = {k: v.strip() for k, v in titles.items() if k in LANGUAGE_CODES and v.strip()}
    if "en" not in clean_titles:
        raise RuleViolation(_("Give the document's title at least in English."))
    symbol = symbol.strip() or next_symbol(session, kind)
    if not SYMBOL.match(symbol):
        raise RuleViolation(
            _("%(symbol)s is not a document symbol (e.g. CTOC/COP/WG.2/2026/1).")
            % {"symbol": symbol}
        )
    try:
        with transaction.atomic():
            document = Document.objects.create(
                session=session,
                symbol=symbol,
                kind=kind,
                titles=clean_titles,
                issued_on=issued_on,
                created_by_id=getattr(actor, "pk", None),
            )
    except IntegrityError as taken:
        raise RuleViolation(
            _("The symbol %(symbol)s is already used.") % {"symbol": symbol}
        ) from taken
    for language, file in checked:
        stored = DocumentFile(
            document=document,
            language=language,
            original_name=file.name,
            content_type=file.kind.content_type,
            size=len(file.data),
            sha256=hashlib.sha256(file.data).hexdigest(),
        )
        stored.file.save(
            secrets.token_hex(16) + file.kind.extensions[0], ContentFile(file.data), save=False
        )
        stored.save()
    audit.record(
        "meetings.document.issued",
        actor=actor,
        subject=document,
        request=request,
        symbol=symbol,
        languages=sorted(language for language, _file in checked),
    )
    return document
