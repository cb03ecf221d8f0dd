"""Which articles apply to which State (App. I note b; P&R paras 8, 52), tested over all inputs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from revmech.rules.eligibility import Basis, applicable_articles
from revmech.rules.instruments import read_catalogue
from revmech.rules.reference import Instrument, Participation, Status

CATALOGUE = read_catalogue()
CLUSTERS = CATALOGUE.default_cluster_set

participations = st.builds(Participation, st.sampled_from(list(Status)))
instruments = st.sampled_from(list(Instrument))
clusters = st.sampled_from([c.code for c in CLUSTERS.clusters])


@given(
    instrument=instruments,
    cluster=clusters,
    participation=participations,
    uncac=participations,
    volunteers=st.booleans(),
)
def test_articles_are_always_a_subset_of_the_cluster(
    instrument: Instrument,
    cluster: str,
    participation: Participation,
    uncac: Participation,
    volunteers: bool,
) -> None:
    result = applicable_articles(
        instrument=instrument,
        cluster=cluster,
        cluster_set=CLUSTERS,
        participation=participation,
        uncac=uncac,
        volunteers=volunteers,
    )
    listed = CLUSTERS.cluster(cluster).articles.get(instrument.value, ())
    assert set(result.articles) | set(result.excluded) == set(listed)
    assert not set(result.articles) & set(result.excluded)


@given(
    instrument=instruments,
    cluster=clusters,
    participation=participations,
    uncac=participations,
    volunteers=st.booleans(),
)
def test_only_parties_and_volunteering_signatories_are_reviewed(
    instrument: Instrument,
    cluster: str,
    participation: Participation,
    uncac: Participation,
    volunteers: bool,
) -> None:
    result = applicable_articles(
        instrument=instrument,
        cluster=cluster,
        cluster_set=CLUSTERS,
        participation=participation,
        uncac=uncac,
        volunteers=volunteers,
    )
    if participation.status is Status.PARTY:
        assert result.basis is Basis.PARTY
    elif participation.status is Status.SIGNATORY and volunteers:
        assert result.basis is Basis.VOLUNTARY
    else:
        assert result.basis is Basis.NOT_APPLICABLE
        assert result.articles == ()


@given(uncac=participations)
def test_convention_articles_8_and_9_only_for_states_not_party_to_uncac(
    uncac: Participation,
) -> None:
    result = applicable_articles(
        instrument=Instrument.UNTOC,
        cluster="criminalization",
        cluster_set=CLUSTERS,
        participation=Participation(Status.PARTY),
        uncac=uncac,
    )
    if uncac.status is Status.PARTY:
        assert result.excluded == ("8", "9")
        assert "8" not in result.articles
    else:
        assert {"8", "9"} <= set(result.articles)
    assert result.needs_confirmation is (uncac.status is Status.UNVERIFIED)


def test_an_unverified_status_is_flagged_for_confirmation() -> None:
    result = applicable_articles(
        instrument=Instrument.SOM,
        cluster="criminalization",
        cluster_set=CLUSTERS,
        participation=Participation(Status.UNVERIFIED),
        uncac=Participation(Status.PARTY),
    )
    assert result.basis is Basis.NOT_APPLICABLE
    assert result.needs_confirmation
