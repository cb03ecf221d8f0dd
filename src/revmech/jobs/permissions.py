"""Who may see an export prepared in the background: the person who asked, while the original
export's predicate still lets them (P&R paras 32, 37; issue 17)."""

from __future__ import annotations

from revmech.jobs.exports import can_fetch_export
from revmech.web.access import Access

ACCESS: dict[str, Access] = {
    "jobs:export": Access(subject="export_job", rule=can_fetch_export),
    "jobs:export_file": Access(subject="export_job", rule=can_fetch_export),
}
