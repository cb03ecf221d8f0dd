"""The audit log as CSV for the secretariat's own analysis (P&R paras 32, 37).

Column names are the field names, in English whatever the reader's language, so that a script
reading an export keeps working. The file starts with a byte order mark so Excel reads it as
UTF-8 (Arabic, Chinese, Russian); cells that a spreadsheet would run as a formula are kept as
text (`web.spreadsheets`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from revmech.audit.models import Entry
from revmech.web import spreadsheets

BYTE_ORDER_MARK = "\ufeff"
HEADER = (
    "at",
    "actor_id",
    "actor",
    "action",
    "subject_type",
    "subject_id",
    "subject",
    "review_id",
    "ip_address",
    "user_agent",
    "details",
)


class _Echo:
    """A file that hands back what is written to it, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(entries: QuerySet[Entry]) -> Iterator[str]:
    """The header, then one line per entry, read from the database in chunks."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + str(writer.writerow(spreadsheets.row(HEADER)))
    for entry in entries.iterator(chunk_size=1000):
        # A user agent or a subject's name is written by someone else: "=HYPERLINK(...)"
        # stays text.
        yield str(writer.writerow(spreadsheets.row(_row(entry))))


def _row(entry: Entry) -> list[str]:
    return [
        entry.at.isoformat(),
        "" if entry.actor_id is None else str(entry.actor_id),
        entry.actor_label,
        entry.action,
        entry.subject_type,
        entry.subject_id,
        entry.subject_label,
        "" if entry.review_id is None else str(entry.review_id),
        entry.ip_address or "",
        entry.user_agent,
        json.dumps(entry.details, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True),
    ]
