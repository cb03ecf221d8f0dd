"""Checks on what people send: rich text sanitised by `web.richtext`, files recognised by their
content.

A file is accepted only when its first bytes show one of the allowed types and its name's
extension agrees, so an executable renamed "law.pdf" is refused (P&R para 32: the platform
keeps confidential material safe for everyone who opens it).
"""

from __future__ import annotations

import html
import re

from revmech.web.richtext import sanitize
from revmech.web.uploads import DOCX, JPEG, PDF, PNG, TEXT, XLSX

__all__ = ["ALLOWED", "for_textarea", "from_editable", "from_textarea", "plain", "sanitize"]


def from_textarea(text: str) -> str:
    """Rich text from a plain textarea: HTML is sanitised; plain text (typed without an editor)
    becomes paragraphs, one per blank-line-separated block, line breaks kept."""
    if TAG.search(text):
        return sanitize(text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return sanitize(
        "".join(
            "<p>" + "<br>".join(html.escape(line, quote=False) for line in b.splitlines()) + "</p>"
            for b in blocks
        )
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


# Editing longer texts (the outcome of the desk review, P&R para 29) in a plain text area: a few
# marks stand for the formatting the outcome uses, so nobody edits raw HTML. A line "### " is a
# heading, "#### " a smaller one, "- " an item of a list (an indented line continues the item on
# a new line), **words** are bold and *words* italic; a blank line separates paragraphs.

HEADING_MARKS = (("#### ", "h4"), ("### ", "h3"))
ITEM = re.compile(r"^[-*] ")
STRONG = re.compile(r"\*\*(.+?)\*\*")
EMPHASIS = re.compile(r"\*(.+?)\*")


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return EMPHASIS.sub(r"<em>\1</em>", STRONG.sub(r"<strong>\1</strong>", escaped))


def _block(lines: list[str]) -> str:
    out: list[str] = []
    items: list[list[str]] = []
    para: list[str] = []

    def close() -> None:
        if para:
            out.append("<p>" + "<br>".join(_inline(p) for p in para) + "</p>")
            para.clear()
        if items:
            out.append(
                "<ul>"
                + "".join("<li>" + "<br>".join(_inline(x) for x in i) + "</li>" for i in items)
                + "</ul>"
            )
            items.clear()

    for line in lines:
        heading = next((tag for mark, tag in HEADING_MARKS if line.startswith(mark)), None)
        if heading is not None:
            close()
            out.append(f"<{heading}>{_inline(line[len(heading) + 2 :].strip())}</{heading}>")
        elif ITEM.match(line):
            if para:
                close()
            items.append([line[2:].strip()])
        elif items and line.startswith("  "):
            items[-1].append(line.strip())
        else:
            if items:
                close()
            para.append(line.strip())
    close()
    return "".join(out)


def from_editable(text: str) -> str:
    """Sanitised HTML from the marked-up text of `to_editable` (HTML typed as such is kept,
    sanitised)."""
    if TAG.search(text):
        return sanitize(text)
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return sanitize("".join(_block([ln for ln in b.split("\n") if ln.strip()]) for b in blocks))


_TO_MARKS = (
    (re.compile(r"<h3>(.*?)</h3>", re.DOTALL), "\n\n### \\1\n\n"),
    (re.compile(r"<h4>(.*?)</h4>", re.DOTALL), "\n\n#### \\1\n\n"),
    (re.compile(r"<li>(.*?)</li>", re.DOTALL), "\n- \\1\n"),
    (re.compile(r"</?ul>"), "\n\n"),
    (re.compile(r"<p>(.*?)</p>", re.DOTALL), "\n\n\\1\n\n"),
    (re.compile(r"<strong>(.*?)</strong>", re.DOTALL), "**\\1**"),
    (re.compile(r"<em>(.*?)</em>", re.DOTALL), "*\\1*"),
)


def to_editable(markup: str) -> str:
    """What the text area shows: the marks for headings, lists, bold and italics, when they say
    exactly the same as the HTML; otherwise (tables, links...) the HTML itself, so nothing is
    lost."""
    text = markup
    for pattern, replacement in _TO_MARKS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\s*<br\s*/?>\s*", "\n  ", text)
    if TAG.search(text):
        return markup
    lines = [ln.rstrip() for ln in html.unescape(text).split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    # Inside a list, items follow each other without blank lines.
    joined = re.sub(r"(\n- [^\n]*(?:\n  [^\n]*)*)\n\n(?=- )", r"\1\n", joined)
    return joined if from_editable(joined) == markup else markup
