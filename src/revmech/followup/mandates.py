"""Which working group considers the technical assistance needs of which instrument (P&R para 40).

Para 40 gives the Working Group of Government Experts on Technical Assistance the needs of all
instruments; its note suggests the Conference may instead give that group and the Working Group
on International Cooperation the Convention, and each Protocol's working group its Protocol.
`REVMECH_FOLLOWUP_MANDATES` chooses: `para40` (the default) or `note40`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

ALL_INSTRUMENTS = ("UNTOC", "TIP", "SOM", "FIREARMS")

CONFIGURATIONS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "para40": {"WGTA": ALL_INSTRUMENTS},
    "note40": {
        "WGTA": ("UNTOC",),
        "WGIC": ("UNTOC",),
        "WGTIP": ("TIP",),
        "WGSOM": ("SOM",),
        "WGFIREARMS": ("FIREARMS",),
    },
}


def mandates() -> Mapping[str, tuple[str, ...]]:
    """Working-group code -> the instruments whose needs it considers, as configured."""
    name = getattr(settings, "FOLLOWUP_MANDATES", "para40")
    return CONFIGURATIONS[name]


def instruments_of(working_group: str) -> tuple[str, ...]:
    return mandates().get(working_group, ())
