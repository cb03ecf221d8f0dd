"""Rich text of the report: every stored text goes through `clean`, which hands it to the
platform's one sanitiser (`web.richtext`, nh3), and is printed with `|rich`.

Every save of a section, a translation or an imported Word section goes through `clean`; the
editor (django-prose-editor) offers only what the sanitiser keeps, so what people write is what
is stored.
"""

from __future__ import annotations

import html
import re

from revmech.web.richtext import URL_SCHEMES, sanitize

# What the editor may produce: the same list, given to django-prose-editor.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Heading": {"levels": [3, 4]},
    "Link": {"enableTarget": False, "protocols": sorted(URL_SCHEMES)},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HardBreak": True,
}

TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|h3|h4|tr|blockquote)>|<br\s*/?>")
EMPTY = re.compile(r"^(<p>(\s|&nbsp;|<br\s*/?>)*</p>)*$")


def clean(text: str) -> str:
    """Keep the formatting the report uses; drop scripts, styles, handlers and unsafe links.
    Plain text typed without an editor becomes paragraphs."""
    if not TAG.search(text):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
        text = "".join(
            "<p>" + "<br>".join(html.escape(line, quote=False) for line in b.splitlines()) + "</p>"
            for b in blocks
            if b
        )
    cleaned = sanitize(text)
    return "" if EMPTY.match(cleaned) else cleaned


def plain(markup: str) -> str:
    """The text of sanitised HTML, each paragraph on its own line."""
    return html.unescape(TAG.sub("", BLOCK_END.sub("\n", markup))).strip()


def paragraphs(markup: str) -> list[tuple[str, str]]:
    """(tag, text) of each block of sanitised HTML: h3, h4, li or p, in order."""
    found = re.findall(r"<(h3|h4|li|p)(?:\s[^>]*)?>(.*?)</\1>", markup, flags=re.DOTALL)
    blocks = [(tag, plain(inner)) for tag, inner in found]
    if not blocks and plain(markup):
        blocks = [("p", line) for line in plain(markup).splitlines() if line.strip()]
    return [(tag, text) for tag, text in blocks if text]
