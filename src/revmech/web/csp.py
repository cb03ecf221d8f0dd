"""The Content-Security-Policy's one allowance for inline script: a form's import map.

The policy refuses inline script (docs/security.md). Widgets that load JavaScript modules through
an import map (django-prose-editor, through django-js-asset) need a `<script type="importmap">`
in the page, which the browser treats as inline script: `{{ form.media|with_nonce:request }}`
gives it the request's nonce, and django-csp then names that nonce, valid for this one answer,
in the header. Nothing else carries it, so an injected script is still refused.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

register = template.Library()


@register.filter(name="with_nonce")
def with_nonce(media: Any, request: HttpRequest | None) -> Any:
    """The form's media with this request's CSP nonce on its script tags and import map."""
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None or not hasattr(media, "with_nonce"):
        return media
    return media.with_nonce(str(nonce))
