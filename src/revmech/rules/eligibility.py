"""Which articles of which instrument and cluster apply to a State (P&R paras 8, 52, App. I b).

- An instrument applies to its parties; a signatory may take part as a State under review on a
  voluntary basis (P&R para 52); anybody else is not reviewed under it.
- Articles 8 and 9 of the Convention are reviewed only for States not party to the United
  Nations Convention against Corruption (App. I note b). Where UNCAC participation is not
  verified, the articles are kept and the answer says so: the secretariat confirms.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from revmech.rules.instruments import UNCAC_NON_PARTIES_ONLY, ClusterSet
from revmech.rules.reference import Instrument, Participation, Status


class Basis(enum.StrEnum):
    """Why an instrument applies to a State."""

    PARTY = "party"
    VOLUNTARY = "voluntary"  # a signatory reviewed on a voluntary basis (P&R para 52)
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Applicability:
    """The articles of one cluster of one instrument that apply to one State."""

    instrument: Instrument
    cluster: str
    basis: Basis
    articles: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    needs_confirmation: bool = False  # some answer rests on an unverified treaty status


def basis_for(participation: Participation, *, volunteers: bool = False) -> Basis:
    """Parties are reviewed; signatories only when they volunteer (P&R para 52)."""
    if participation.status is Status.PARTY:
        return Basis.PARTY
    if participation.status is Status.SIGNATORY and volunteers:
        return Basis.VOLUNTARY
    return Basis.NOT_APPLICABLE


def applicable_articles(
    *,
    instrument: Instrument,
    cluster: str,
    cluster_set: ClusterSet,
    participation: Participation,
    uncac: Participation,
    volunteers: bool = False,
) -> Applicability:
    """The articles of `cluster` under review for a State with this participation."""
    basis = basis_for(participation, volunteers=volunteers)
    listed = cluster_set.cluster(cluster).articles.get(instrument.value, ())
    if basis is Basis.NOT_APPLICABLE:
        return Applicability(
            instrument, cluster, basis, (), tuple(listed), not participation.is_verified
        )
    notes = cluster_set.article_notes.get(instrument.value, {})
    kept: list[str] = []
    excluded: list[str] = []
    for number in listed:
        base = number.split("(")[0].strip()
        if notes.get(base) == UNCAC_NON_PARTIES_ONLY and uncac.status is Status.PARTY:
            excluded.append(number)
        else:
            kept.append(number)
    needs_confirmation = not participation.is_verified or (
        any(notes.get(n.split("(")[0].strip()) == UNCAC_NON_PARTIES_ONLY for n in listed)
        and not uncac.is_verified
    )
    return Applicability(
        instrument, cluster, basis, tuple(kept), tuple(excluded), needs_confirmation
    )
