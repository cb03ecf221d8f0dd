"""PDF documents whose text is shaped by HarfBuzz with Noto fonts found on the system.

Arabic joins and runs right to left and Chinese renders because each script gets its font
(fpdf2's text shaping through uharfbuzz). Every font a document needs is found before any page
is written; a missing one raises `FontMissing`, naming the Debian package that provides it, and
the site answers 503 with that name (`site.middleware.FontMissingMiddleware`) instead of an error.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class FontMissing(RuntimeError):
    """A font the PDF needs is not installed; `package` is the Debian package to install."""

    def __init__(self, family: str, package: str) -> None:
        super().__init__(f"The font {family} is missing: install the package {package}.")
        self.family = family
        self.package = package


@dataclass(frozen=True)
class FontNeed:
    script: str
    family: str  # as fontconfig names it
    package: str  # the Debian package that installs it
    files: tuple[str, ...]  # where Debian puts it, if fontconfig is not there to ask


FONTS = (
    FontNeed("latin", "Noto Sans", "fonts-noto-core", ("truetype/noto/NotoSans-Regular.ttf",)),
    FontNeed(
        "arabic",
        "Noto Naskh Arabic",
        "fonts-noto-core",
        ("truetype/noto/NotoNaskhArabic-Regular.ttf",),
    ),
    FontNeed(
        "cjk", "Noto Sans CJK SC", "fonts-noto-cjk", ("opentype/noto/NotoSansCJK-Regular.ttc",)
    ),
)
FONT_DIRECTORIES = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# Which script each reader language needs for its own words.
LANGUAGE_SCRIPT = {"ar": "arabic", "zh-hans": "cjk", "zh": "cjk"}


def scripts_in(texts: Iterable[str]) -> set[str]:
    """The scripts beyond Latin, Greek and Cyrillic that the texts use."""
    found: set[str] = set()
    for text in texts:
        for character in text:
            point = ord(character)
            if point < 0x0600:
                continue
            if 0x0600 <= point <= 0x08FF or 0xFB50 <= point <= 0xFDFF or 0xFE70 <= point <= 0xFEFF:
                found.add("arabic")
            elif (
                0x2E80 <= point <= 0x9FFF
                or 0xAC00 <= point <= 0xD7AF
                or 0xF900 <= point <= 0xFAFF
                or 0xFF00 <= point <= 0xFFEF
                or 0x20000 <= point <= 0x3FFFF
            ):
                found.add("cjk")
    return found


def find_font(need: FontNeed) -> tuple[str, int] | None:
    """The font file (and its index in a collection) for `need.family`, or None."""
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        try:
            answer = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
                [fc_list, "--format", "%{file}|%{index}\n", f"{need.family}:style=Regular"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            answer = None
        for line in answer.stdout.splitlines() if answer is not None else []:
            path, _bar, index = line.partition("|")
            if path and Path(path).is_file():
                return path, int(index or 0)
    for directory in FONT_DIRECTORIES:
        for name in need.files:
            candidate = directory / name
            if candidate.is_file():
                return str(candidate), _collection_index(candidate, need.family)
    return None


def _collection_index(path: Path, family: str) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import (  # type: ignore[import-untyped, unused-ignore]  # no py.typed
        TTCollection,
    )

    with TTCollection(str(path), lazy=True) as collection:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1) == family:
                return index
    return 0


def shaped_pdf(*, language: str, texts: Iterable[str], title: str = "") -> tuple[Any, str]:
    """A new A4 `FPDF` with the fonts `texts` need in `language`, shaping on; and the name of
    the reader's main font. Raises `FontMissing` before anything is written."""
    from fpdf import FPDF

    # fontTools logs every step of font subsetting at INFO: keep that out of the site's log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    main = LANGUAGE_SCRIPT.get(language.lower(), "latin")
    needed = {"latin", main} | scripts_in(texts)
    found: dict[str, tuple[str, int]] = {}
    for need in FONTS:  # every font is found before any is used: a missing one is named
        if need.script in needed:
            font = find_font(need)
            if font is None:
                raise FontMissing(need.family, need.package)
            found[need.script] = font
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_creator("revmech")
    if title:
        pdf.set_title(title)
    for script, (path, index) in found.items():
        pdf.add_font(script, "", path, collection_font_number=index)
    pdf.set_fallback_fonts([name for name in found if name != main], exact_match=False)
    pdf.set_text_shaping(True)
    return pdf, main
