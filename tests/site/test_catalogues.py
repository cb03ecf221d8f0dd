"""The translation catalogues of the five other languages: citations of the procedures said in
each language and French typography, checked on every translated message, not only on the
pages the language sweep renders (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import revmech

PACKAGE = Path(revmech.__file__).parent
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
# "P&R para 20" and "(paras 12 and 19)" are the English way to cite the procedures.
ENGLISH_CITATION = re.compile(r"P&(?:amp;)?R,? paras?\b|\(paras? \d")
# French: a non-breaking space (U+00A0) before a colon, a narrow one (U+202F) before ; ! ?.
FRENCH_COLON = re.compile(r"(?<!\u00a0):(?=\s|$)")
FRENCH_OTHER = re.compile(r"(?<!\u202f)[;!?](?=\s|$)")
TECHNICAL = re.compile(r"Authorization: Bearer|https?://\S+|&#?\w+;")


def _translations(language: str) -> list[tuple[str, str, str]]:
    """(catalogue, message, translation) of every translated message of `language`."""
    found = []
    for path in sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        with path.open("rb") as file:
            catalogue = read_po(file)
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            found += [(str(path.relative_to(PACKAGE)), msgid, s) for s in strings if s]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_citations_of_the_procedures_are_said_in_the_language(language: str) -> None:
    english = [
        f"{where}: {text}"
        for where, _msgid, text in _translations(language)
        if ENGLISH_CITATION.search(text)
    ]
    assert not english, "\n".join(english[:20])


def test_french_puts_its_spaces_before_double_punctuation() -> None:
    wrong = [
        f"{where}: {text!r}"
        for where, _msgid, text in _translations("fr")
        if FRENCH_COLON.search(TECHNICAL.sub("", text))
        or FRENCH_OTHER.search(TECHNICAL.sub("", text))
    ]
    assert not wrong, "\n".join(wrong[:20])


def test_the_checks_catch_what_they_are_for() -> None:
    assert ENGLISH_CITATION.search("(P&R para 20)")
    assert ENGLISH_CITATION.search("(P&amp;R paras 12 and 19)")
    assert not ENGLISH_CITATION.search("(P&R, par. 20)")
    assert not ENGLISH_CITATION.search("Plazo para 20 días")  # Spanish "para" is no citation
    assert FRENCH_COLON.search("Statut : ouvert")
    assert not FRENCH_COLON.search("Statut\u00a0: ouvert, à 10:30")
    assert FRENCH_OTHER.search("Vraiment ?")
    assert not FRENCH_OTHER.search("Vraiment\u202f?")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_the_forms_its_catalogue_declares(language: str) -> None:
    """A plural with more forms than the catalogue's Plural-Forms header is refused by
    `msgfmt -c` (Babel silently drops them); one with fewer leaves some counts untranslated.
    Read from the text, since a parser would hide the difference."""
    wrong = []
    for path in sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        text = path.read_text("utf-8")
        declared = re.search(r"nplurals=(\d+)", text)
        assert declared, path
        for entry in text.split("\n\n"):
            if "\nmsgid_plural " in entry and not entry.lstrip().startswith("#~"):
                forms = len(re.findall(r"^msgstr\[\d+\]", entry, re.MULTILINE))
                msgid = re.search(r"^msgid (.*)$", entry, re.MULTILINE)
                if forms != int(declared.group(1)):
                    wrong.append(f"{path.relative_to(PACKAGE)}: {msgid and msgid.group(1)}")
    assert not wrong, "\n".join(wrong[:20])
