"""The limit on files exchanged in a review (P&R para 32); the checks are `site.uploads`."""

from __future__ import annotations

from django.conf import settings

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def max_document_bytes() -> int:
    return int(getattr(settings, "REVIEWS_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES))
