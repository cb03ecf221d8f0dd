"""Checks on what people send: rich text sanitised with nh3, files recognised by their content.

A file is accepted only when its first bytes show one of the allowed types and its name's
extension agrees, so an executable renamed "law.pdf" is refused (P&R para 32: the platform
keeps confidential material safe for everyone who opens it).
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li",
    "blockquote", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"scope"}}


def sanitize(text: str) -> str:
    """Keep basic formatting; drop scripts, styles, event handlers and unsafe links."""
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned.strip()


def from_textarea(text: str) -> str:
    """Rich text from a plain textarea: HTML is sanitised; plain text (typed without an editor)
    becomes paragraphs, one per blank-line-separated block, line breaks kept."""
    if TAG.search(text):
        return sanitize(text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in b.splitlines()) + "</p>"
        for b in blocks
    )


TAG = re.compile(r"<[^>]+>")
SIMPLE = re.compile(r"</?(p|br)\s*/?>")


def for_textarea(markup: str) -> str:
    """What a plain textarea shows: simple paragraphs as text separated by blank lines (they
    come back the same through `from_textarea`); richer formatting as its HTML, kept."""
    if TAG.search(SIMPLE.sub("", markup)) or not TAG.search(markup):
        return markup
    paragraphs = re.findall(r"<p>(.*?)</p>", markup, flags=re.DOTALL)
    if "".join(f"<p>{p}</p>" for p in paragraphs) != markup:
        return markup
    return "\n\n".join(html.unescape(re.sub(r"<br\s*/?>", "\n", p)) for p in paragraphs)


def plain(markup: str) -> str:
    """The text of sanitised HTML, paragraphs on their own lines (for DOCX, search, snippets)."""
    spaced = re.sub(r"</(p|li|h3|h4|tr|blockquote)>|<br\s*/?>", "\n", markup)
    return html.unescape(TAG.sub("", spaced)).strip()


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
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))
TEXT = FileType("text", "text/plain", (".txt", ".csv"))
ALLOWED = (PDF, DOCX, XLSX, PNG, JPEG, TEXT)


def sniff(head: bytes, whole: bytes) -> FileType | None:
    """The allowed type the content shows, or None (executables, archives, anything else)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office(whole)
    if b"\x00" in whole:
        return None
    try:
        whole.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


def _office(whole: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(whole)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
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
