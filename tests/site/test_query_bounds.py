"""Every page and API endpoint of the access table within a bounded number of queries, on small
data and on data grown around the review (`revmech.site.scale`, as `revmech demo --scale N`):
a count that grows with the data (an N+1) fails (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_access_matrix import _kwargs, subjects  # noqa: F401 - the matrix's objects, a fixture

from personas import PERSONAS
from revmech.accounts.models import Person
from revmech.site import access
from revmech.site.scale import grow

pytestmark = pytest.mark.django_db

# No page may need more than this many queries, whatever the data.
CEILING = 60
# What more data may add: a count, a "next page" link; never one query per row.
SLACK = 2
FACTOR = 6


def _persona_for(name: str, subject: Any, personas: dict[str, Person]) -> str | None:
    rule = access.table()[name]
    if rule.is_public:
        return "anonymous"
    for persona in PERSONAS:
        if rule.rule(personas[persona], subject):  # type: ignore[misc]
            return persona
    return None


def _targets(name: str, objects: dict[str, Any]) -> list[Any]:
    rule = access.table()[name]
    if rule.subject == "draw":
        return [objects["draw"]["confirmed"]]
    return [objects[rule.subject] if rule.subject else None]


def _count(client: Client, personas: dict[str, Person], objects: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in sorted(access.table()):
        if access.table()[name].method != "GET":
            continue
        for subject in _targets(name, objects):
            persona = _persona_for(name, subject, personas)
            if persona is None:
                continue
            client.logout()
            if persona != "anonymous":
                client.force_login(personas[persona])
            url = reverse(name, kwargs=_kwargs(name, subject))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, f"{name} as {persona}: {response.status_code}"
            counts[f"{name} as {persona}"] = len(queries)
    return counts


def test_no_page_or_endpoint_needs_more_queries_as_the_data_grows(
    client: Client,
    personas: dict[str, Person],
    subjects: dict[str, Any],  # noqa: F811 - the fixture imported above
) -> None:
    small = _count(client, personas, subjects)
    assert len(small) > 50  # every page and endpoint of the table, not a few
    grown = grow(around=subjects["review"], factor=FACTOR)
    assert len(grown.reviews) == FACTOR
    large = _count(client, personas, subjects)
    report = "\n".join(
        f"{key}: {small[key]} -> {large[key]}" for key in sorted(small) if small[key] != large[key]
    )
    print("\n".join(f"{k}: {small[k]} -> {large[k]}" for k in sorted(small)))  # for -s
    too_many = {k: v for k, v in large.items() if v > CEILING}
    growing = {key: (small[key], large[key]) for key in small if large[key] > small[key] + SLACK}
    assert not too_many, f"over {CEILING} queries: {too_many}\n{report}"
    assert not growing, f"grows with the data: {growing}\n{report}"
