"""Checks on every uploaded file (P&R para 32): a size limit, the type recognised by its first
bytes and agreeing with the name's extension, and a safe name for display.

Word, Excel and ODT files are zip archives. Before anything in one is decompressed, its
directory is read and the archive refused when it holds too many entries, would expand to too
much, or compresses an entry more than real documents do (a "zip bomb": 0.5 MB holding 512 MB of
zeros); an entry read to recognise the type is read with a bound. Callers check uploads before
they open a database transaction, so a slow check never holds a write lock.

An executable renamed "report.pdf" is refused: its content shows no allowed type. Callers store
the file under a random name; the uploaded name is kept only for display and download.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from revmech.rules import RuleViolation

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# Bounds on zip archives (DOCX, XLSX, ODT), checked on the directory before decompressing. Real
# Word files hold tens of entries and compress text about 5 to 20 times; images barely.
MAX_ARCHIVE_ENTRIES = 1000
MAX_ARCHIVE_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ENTRY_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # tiny entries may compress more; they cannot hurt
MIMETYPE_READ_BYTES = 200


class UnsafeArchive(Exception):
    """A zip archive refused before decompressing: the reason, for the person's message."""


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", (".pdf",))
DOCX = FileType(
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
ODT = FileType("ODT", ODT_MIMETYPE.decode(), (".odt",))
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))
GIF = FileType("GIF", "image/gif", (".gif",))
TEXT = FileType("text", "text/plain", (".txt", ".csv"))
EVERY_TYPE = (PDF, DOCX, XLSX, ODT, PNG, JPEG, GIF, TEXT)


def sniff(data: bytes) -> FileType | None:
    """The type the content shows, or None (executables, archives, anything else); raises
    `UnsafeArchive` for a zip archive refused by its directory."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"PK\x03\x04"):
        return _zipped(data)
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


def check_archive(infos: Iterable[zipfile.ZipInfo]) -> None:
    """Refuse a zip archive by its directory alone: too many entries, too much once expanded,
    or an entry compressed more than a document's would be (raises `UnsafeArchive`)."""
    entries = list(infos)
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise UnsafeArchive(
            _("it holds more than %(count)s files") % {"count": MAX_ARCHIVE_ENTRIES}
        )
    if sum(info.file_size for info in entries) > MAX_ARCHIVE_EXPANDED_BYTES:
        raise UnsafeArchive(
            _("it would expand to more than %(size)s MB")
            % {"size": MAX_ARCHIVE_EXPANDED_BYTES // (1024 * 1024)}
        )
    for info in entries:
        if info.file_size > RATIO_CHECKED_FROM_BYTES and info.file_size > MAX_ENTRY_RATIO * max(
            info.compress_size, 1
        ):
            raise UnsafeArchive(
                _("its part “%(part)s” is compressed more than %(ratio)s times")
                % {"part": safe_display_name(info.filename), "ratio": MAX_ENTRY_RATIO}
            )


def _zipped(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_archive(infos)
            names = {info.filename for info in infos}
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    if entry.read(MIMETYPE_READ_BYTES).strip() == ODT_MIMETYPE:
                        return ODT
    except (zipfile.BadZipFile, KeyError, ValueError, NotImplementedError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def safe_display_name(name: str) -> str:
    """The uploaded name without folders or control characters, for display and download."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    return cleaned[:200] or "file"


def extension(name: str) -> str:
    return PurePath(name).suffix.lower()


@dataclass(frozen=True)
class CheckedFile:
    name: str
    data: bytes
    kind: FileType


def check_upload(
    upload: UploadedFile, *, limit_bytes: int, allowed: Iterable[FileType] = EVERY_TYPE
) -> CheckedFile:
    """The upload's safe name, content and type, or a refusal naming the file and the problem."""
    name = safe_display_name(upload.name or "")
    too_big = RuleViolation(
        _("The file “%(name)s” is larger than %(limit)s MB; nothing was stored.")
        % {"name": name, "limit": limit_bytes // (1024 * 1024)},
        rule="upload size",
    )
    if (upload.size or 0) > limit_bytes:
        raise too_big
    data = b"".join(upload.chunks())
    if len(data) > limit_bytes:
        raise too_big
    allowed = tuple(allowed)
    try:
        kind = sniff(data)
    except UnsafeArchive as unsafe:
        raise RuleViolation(
            _("The file “%(name)s” was refused unopened: %(reason)s; nothing was stored.")
            % {"name": name, "reason": unsafe},
            rule="upload archive",
        ) from None
    if kind is None or kind not in allowed or extension(name) not in kind.extensions:
        raise RuleViolation(
            _(
                "The file “%(name)s” is not what its name says or not an allowed type. "
                "Allowed: %(allowed)s; nothing was stored."
            )
            % {"name": name, "allowed": ", ".join(t.label for t in allowed)},
            rule="upload type",
        )
    return CheckedFile(name, data, kind)
