"""Fixtures of the audit log tests: a handful of entries that each filter can tell apart."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from revmech.audit import services
from revmech.audit.models import Entry


@pytest.fixture
def entries(personas: dict[str, Any]) -> dict[str, Entry]:
    """Five entries by two people, an anonymous visitor and the system, over three months."""
    secretariat, outsider = personas["secretariat"], personas["outsider"]
    return {
        "draw": services.record(
            "lots.draw.confirmed",
            actor=secretariat,
            now=datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
            seed="ab12",
        ),
        "view": services.record(
            "reviews.review.viewed",
            actor=outsider,
            review_id=7,
            now=datetime(2025, 2, 15, 12, 0, tzinfo=UTC),
        ),
        "download": services.record(
            "reviews.document.downloaded",
            actor=secretariat,
            review_id=7,
            now=datetime(2025, 3, 20, 16, 30, tzinfo=UTC),
            filename="تقرير الاستعراض القطري.docx",
        ),
        "other_review": services.record(
            "reviews.review.viewed",
            actor=secretariat,
            review_id=8,
            now=datetime(2025, 3, 21, 8, 0, tzinfo=UTC),
        ),
        "anonymous": services.record(
            "site.signin.failed",
            actor=None,
            now=datetime(2025, 3, 22, 23, 59, tzinfo=UTC),
            username="secretariat",
        ),
    }
