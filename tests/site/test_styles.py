"""Every class a template uses is defined by a stylesheet of the project, so no page falls back
to the browser's bare defaults (issue 16: `.subnav` and `.visually-hidden` were missing), and
the site has its own icon."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import revmech

PACKAGE = Path(revmech.__file__).resolve().parent

# Classes used only as hooks by a script, never for looks: class -> the script that reads it.
# Keep this short; a class that changes how something looks belongs in a stylesheet.
JAVASCRIPT_HOOKS: dict[str, str] = {}

CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")


def template_classes(text: str) -> set[str]:
    """The class names written in a template's `class` attributes; names computed by template
    code (`{{ message.tags }}`) are left out, the literal ones around them kept."""
    found: set[str] = set()
    for match in CLASS_ATTRIBUTE.finditer(text):
        value = TEMPLATE_CODE.sub(" ", match.group(1) or match.group(2) or "")
        found.update(value.split())
    return found


def defined_classes(css: str) -> set[str]:
    """The class names a stylesheet's selectors name (not the insides of its declarations)."""
    selectors = re.sub(r"\{[^{}]*\}", "{}", CSS_COMMENT.sub("", css))
    return set(CSS_CLASS.findall(selectors))


def test_the_helpers_read_templates_and_stylesheets() -> None:
    assert template_classes(
        '<li class="{{ message.tags }}"><a class="button {% if x %}primary{% endif %}">'
    ) == {"button", "primary"}
    assert defined_classes(
        ".a, p.b:focus { color: #fff; } /* .c */ @media (x) { .d { x: 1.5rem } }"
    ) == {
        "a",
        "b",
        "d",
    }


def test_every_class_used_in_a_template_is_defined_by_a_stylesheet() -> None:
    templates = sorted(PACKAGE.glob("*/templates/**/*.html"))
    stylesheets = sorted(PACKAGE.glob("*/static/**/*.css"))
    assert templates
    assert stylesheets
    defined = set().union(*(defined_classes(p.read_text(encoding="utf-8")) for p in stylesheets))
    undefined = {
        (name, str(path.relative_to(PACKAGE)))
        for path in templates
        for name in template_classes(path.read_text(encoding="utf-8"))
        if name not in defined and name not in JAVASCRIPT_HOOKS
    }
    assert not undefined, sorted(undefined)


@pytest.mark.django_db
def test_the_site_has_its_own_icon(client: Client) -> None:
    icon = PACKAGE / "site" / "static" / "revmech" / "favicon.svg"
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<svg")
    page = client.get("/").content.decode()
    assert re.search(
        r'<link rel="icon" href="[^"]*revmech/favicon[^"]*\.svg" type="image/svg\+xml">', page
    )
