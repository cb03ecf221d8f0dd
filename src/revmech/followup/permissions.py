"""Who may reach each page of the followup app (gathered by `revmech.site.access`)."""

from __future__ import annotations

from revmech.web.access import Access

ACCESS: dict[str, Access] = {}
