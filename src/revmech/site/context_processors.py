"""Values every template needs: the language direction, the switcher, the menu entries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from revmech.site.menu import menu_for


def site(request: HttpRequest) -> dict[str, Any]:
    """The current direction (Arabic is right to left), the languages to switch to, and the
    menu of the person asking (only the pages they may open)."""
    return {
        "menu": menu_for(getattr(request, "user", None)),
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "site_languages": [
            {"code": code, "name_local": translation.get_language_info(code)["name_local"]}
            for code, _name in settings.LANGUAGES
        ],
    }
