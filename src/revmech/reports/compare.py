"""A readable comparison of two versions of a section, like tracked changes in Word: the words
taken out marked as deletions, the words put in as insertions, paragraph by paragraph (P&R
para 33: drafting together)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from revmech.reports import richtext

WORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Comparison:
    html: SafeString
    inserted: int
    deleted: int

    @property
    def is_same(self) -> bool:
        return self.inserted == 0 and self.deleted == 0


def _tokens(markup: str) -> list[str]:
    """Words, spaces and paragraph breaks ("\n") of the section's text."""
    tokens: list[str] = []
    for index, (_tag, text) in enumerate(richtext.paragraphs(markup)):
        if index:
            tokens.append("\n")
        tokens.extend(WORD.findall(text))
    return tokens


def _render(tokens: list[str]) -> SafeString:
    """The tokens escaped, paragraph breaks as <br>."""
    return format_html_join("", "{}", ((format_html("<br>") if t == "\n" else t,) for t in tokens))


def compare(older: str, newer: str) -> Comparison:
    """The changes from `older` to `newer` (both sanitised HTML) as escaped HTML with
    <del> and <ins>, and how many words each way."""
    before, after = _tokens(older), _tokens(newer)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    parts: list[SafeString] = []
    inserted = deleted = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_render(before[a1:a2]))
            continue
        if op in ("delete", "replace"):
            deleted += sum(1 for t in before[a1:a2] if t.strip())
            parts.append(format_html("<del>{}</del>", _render(before[a1:a2])))
        if op in ("insert", "replace"):
            inserted += sum(1 for t in after[b1:b2] if t.strip())
            parts.append(format_html("<ins>{}</ins>", _render(after[b1:b2])))
    # Every word is escaped by format_html; only <del>, <ins> and <br> are markup.
    return Comparison(format_html_join("", "{}", ((p,) for p in parts)), inserted, deleted)
