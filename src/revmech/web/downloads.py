"""Downloads: every file the platform hands out is an attachment with a well-formed name."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpResponseBase
from django.utils.http import content_disposition_header

Response = TypeVar("Response", bound=HttpResponseBase)


def as_attachment(response: Response, filename: str) -> Response:
    """Mark `response` as a download named `filename` (quoted and encoded per RFC 6266)."""
    header = content_disposition_header(True, filename)
    assert header is not None  # noqa: S101 - only an inline response without a name has none
    response["Content-Disposition"] = header
    return response
