"""Every page of the access table in each of the six languages: no interface text left in
English, French typography respected (issue 16; P&R para 43).

Each HTML page is rendered in English and in each other language, as a persona who may open it.
A text of the page that reads the same in English and in another language, with at least two
English words, is interface text nobody translated, unless it is user text or data marked as
such: inside `<bdi>`, `<code>`, `<pre>`, `<textarea>`, or an element with `dir="auto"`, a
`lang` or `translate="no"` (which is also what keeps mixed Arabic and Latin text readable).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from test_access_matrix import _kwargs, subjects

from personas import PERSONAS
from revmech.accounts.models import Person
from revmech.site import access

pytestmark = pytest.mark.django_db

__all__ = ["subjects"]  # the access matrix's objects, one of each kind (a fixture)

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "bdi", "textarea", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{3,}\b")
# Texts that are the same in English and in a language, and right there (names, abbreviations).
SAME_IN_BOTH = {
    "revmech",
    "Review Mechanism UNTOC",
    "Swagger UI",
    "Note verbale",  # the same diplomatic term in English and French
    "ReDoc",
}
# French puts a non-breaking space before a colon (and a thin one before ; ! ?).
FRENCH_COLON_WITHOUT_NBSP = re.compile(r"(?:\S:|[ ]:)(?=\s|$)")
FRENCH_OTHER_WITHOUT_NNBSP = re.compile(r"(?:[^\s\u202f]|[ \u00a0])[;!?](?=\s|$)")


class Texts(HTMLParser):
    """The page's visible interface texts, leaving out user text and data marked as such."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # for each open element: is its content skipped?
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        marked = dict(attrs)
        skip = (
            self._skipping()
            or tag in SKIPPED_ELEMENTS
            or marked.get("dir") == "auto"
            or ("lang" in marked and tag != "html")
            or marked.get("translate") == "no"
        )
        self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        # Only ASCII white space is collapsed: a non-breaking space is typography, kept.
        text = re.sub(r"[ \t\n\r\f\v]+", " ", data).strip()
        if text and not self._skipping():
            self.texts.append(text)


def interface_texts(html: str) -> list[str]:
    parser = Texts()
    parser.feed(html)
    return parser.texts


EMAIL_OR_FILE = re.compile(r"\S+@\S+|\S+\.(?:txt|pdf|docx|xlsx|csv|json)\b")


def untranslated(
    english: list[str], other: list[str], names: re.Pattern[str] | None = None
) -> set[str]:
    """Texts with two English words or more that are the same in both pages; the names of
    States, instruments, articles and clusters (data in the page's language, often the same
    in two languages: "Costa Rica"), addresses and file names are left out first."""
    found = set()
    for text in set(other) & set(english):
        if text in SAME_IN_BOTH:
            continue
        rest = EMAIL_OR_FILE.sub(" ", text)
        if names is not None:
            rest = names.sub(" ", rest)
        if len(ENGLISH_WORDS.findall(rest)) >= 2:
            found.add(text)
    return found


def data_names(language: str) -> re.Pattern[str]:
    """Every name the reference data gives in `language`, as one pattern."""
    from django.utils import translation

    from revmech.registry import models as registry

    with translation.override(language):
        names = {s.display_name for s in registry.State.objects.all()}
        names |= {f"{s.code} — {s.display_name}" for s in registry.State.objects.all()}
        names |= {i.short_name for i in registry.Instrument.objects.all()}
        names |= {i.title for i in registry.Instrument.objects.all()}
        names |= {a.title for a in registry.Article.objects.all()}
        names |= {str(c) for c in registry.Cluster.objects.all()}
    ordered = sorted((n for n in names if n), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in ordered))


def test_the_sweep_finds_english_left_and_ignores_marked_user_text() -> None:
    english = interface_texts(
        "<p>Next step</p><p><bdi>Kenya statistics</bdi></p><p dir='auto'>user words here</p>"
    )
    french = interface_texts(
        "<p>Next step</p><p><bdi>Kenya statistics</bdi></p><p dir='auto'>user words here</p>"
    )
    assert untranslated(english, french) == {"Next step"}
    assert FRENCH_COLON_WITHOUT_NBSP.search("Qui agit : X")
    assert FRENCH_COLON_WITHOUT_NBSP.search("Qui agit: X")
    assert not FRENCH_COLON_WITHOUT_NBSP.search("Qui agit\u00a0: X, à 10:30")
    assert FRENCH_OTHER_WITHOUT_NNBSP.search("Incrimination; Prévention")
    assert FRENCH_OTHER_WITHOUT_NNBSP.search("Vraiment ?")
    assert not FRENCH_OTHER_WITHOUT_NNBSP.search("Incrimination\u202f; Prévention, Vraiment\u202f?")


def _french_spacing_wrong(text: str) -> bool:
    text = text.replace("Authorization: Bearer", "")
    return bool(FRENCH_COLON_WITHOUT_NBSP.search(text) or FRENCH_OTHER_WITHOUT_NNBSP.search(text))


def _persona_for(name: str, subject: Any, personas: dict[str, Person]) -> str | None:
    rule = access.table()[name]
    if rule.is_public:
        return "secretariat"  # signed in, so that the menu is swept too
    for persona in PERSONAS:
        if rule.rule(personas[persona], subject):  # type: ignore[misc]
            return persona
    return None


def _pages(personas: dict[str, Person], objects: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(URL name, persona, address) of every HTML page someone may open."""
    found = []
    for name in sorted(access.table()):
        rule = access.table()[name]
        if rule.method != "GET" or "-" in name or name.startswith("api"):
            continue  # the API answers JSON; its messages are checked by the API's tests
        subject: Any = None
        if rule.subject == "draw":
            subject = objects["draw"]["open"]
        elif rule.subject is not None:
            subject = objects[rule.subject]
        persona = _persona_for(name, subject, personas)
        if persona is not None:
            found.append((name, persona, reverse(name, kwargs=_kwargs(name, subject))))
    return found


def _render(client: Client, url: str, language: str) -> tuple[int, str, str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    content_type = response.get("Content-Type", "")
    body = response.content.decode() if "text/html" in content_type else ""
    return response.status_code, content_type, body


def test_no_page_keeps_english_interface_text_in_another_language(
    client: Client,
    personas: dict[str, Person],
    subjects: dict[str, Any],
) -> None:
    problems: dict[str, set[str]] = {}
    names = {language: data_names(language) for language in OTHER_LANGUAGES}
    for name, persona, url in _pages(personas, subjects):
        client.logout()
        client.force_login(personas[persona])
        status, _content_type, english_page = _render(client, url, "en")
        if status != 200 or not english_page:
            continue
        english = interface_texts(english_page)
        for language in OTHER_LANGUAGES:
            _status, _type, page = _render(client, url, language)
            left = untranslated(english, interface_texts(page), names[language])
            if language == "fr":
                left |= {
                    f"(typography) {t}"
                    for t in interface_texts(page)
                    if _french_spacing_wrong(names[language].sub(" ", t))
                }
            if left:
                problems.setdefault(name, set()).update(f"[{language}] {t}" for t in left)
    assert not problems, "\n".join(
        f"{name}: " + " | ".join(sorted(texts)[:12]) for name, texts in sorted(problems.items())
    )
