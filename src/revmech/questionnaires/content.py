"""Checks on what people send: rich text sanitised with nh3, files recognised by their content.

A file is accepted only when its first bytes show one of the allowed types and its name's
extension agrees, so an executable renamed "law.pdf" is refused (P&R para 32: the platform
keeps confidential material safe for everyone who opens it).
"""

from __future__ import annotations

import html
import re

import nh3

from revmech.web.uploads import DOCX, JPEG, PDF, PNG, TEXT, XLSX

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


# Attachments to answers: laws, decisions, statistics (P&R para 17); checked by `site.uploads`.
ALLOWED = (PDF, DOCX, XLSX, PNG, JPEG, TEXT)
