"""The class of stored script (P&R para 32): no template or module of revmech prints text
unescaped except through the one sanitiser, `web.richtext` (its `|rich` filter).

Plain-text mail templates (`.txt`) may turn escaping off: they are never read as HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import revmech

SOURCE = Path(revmech.__file__).parent
SANITISER = SOURCE / "web" / "richtext.py"

UNSAFE_IN_TEMPLATES = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off")
UNSAFE_IN_PYTHON = re.compile(r"\bmark_safe\b|\bSafeString\(|\bSafeText\(|\|\s*safe\b")


def _templates() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("templates/**/*") if p.is_file())


def test_there_are_templates_to_check() -> None:
    assert len([p for p in _templates() if p.suffix == ".html"]) > 20


def test_no_html_template_prints_text_unescaped() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()[:120]}"
        for path in _templates()
        if path.suffix != ".txt"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE_IN_TEMPLATES.search(line)
    ]
    assert found == [], "print rich text with |rich (web/richtext.py), never |safe:\n" + "\n".join(
        found
    )


def test_no_module_marks_text_safe_outside_the_sanitiser() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()[:120]}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path != SANITISER and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE_IN_PYTHON.search(line)
    ]
    assert found == [], "use richtext.render or format_html, never mark_safe:\n" + "\n".join(found)


def test_the_sweep_would_see_a_slip() -> None:
    """The patterns match what they are meant to catch (so an empty result means something)."""
    assert UNSAFE_IN_TEMPLATES.search("<p>{{ v.text|safe }}</p>")
    assert UNSAFE_IN_TEMPLATES.search("{{ items|safeseq|join:', ' }}")
    assert UNSAFE_IN_TEMPLATES.search("{% autoescape off %}{{ x }}{% endautoescape %}")
    assert not UNSAFE_IN_TEMPLATES.search("{{ v.text|rich }}")
    assert UNSAFE_IN_PYTHON.search("return mark_safe(text)")
    assert not UNSAFE_IN_PYTHON.search('return format_html("{}", text)')


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_HANDLER_OR_STYLE = re.compile(r"\s(on[a-z]+|style)\s*=\s*[\"']|<style\b|javascript:", re.I)


def test_no_template_has_inline_script_or_style() -> None:
    """The Content-Security-Policy refuses inline script and style (docs/security.md): a page
    that relies on them would silently stop working, so none is written."""
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()[:120]}"
        for path in _templates()
        if path.suffix == ".html"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_SCRIPT.search(line) or INLINE_HANDLER_OR_STYLE.search(line)
    ]
    assert found == [], "move scripts and styles to static files:\n" + "\n".join(found)


def test_the_inline_patterns_see_a_slip() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="d">{}</script>')
    assert INLINE_HANDLER_OR_STYLE.search('<button onclick="go()">')
    assert INLINE_HANDLER_OR_STYLE.search('<p style="color: red">')
    assert not INLINE_HANDLER_OR_STYLE.search('<p class="note">')
