"""The public read-only API of the reference data, with its OpenAPI schema."""

from __future__ import annotations

import csv
import re
from importlib import resources
from urllib.parse import urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_all_states_come_in_one_page_of_up_to_1000(client: Client, reference_data: None) -> None:
    rows = list(
        csv.DictReader(
            resources.files("revmech.data").joinpath("states.csv").read_text("utf-8").splitlines()
        )
    )
    response = client.get("/api/states/", {"page_size": 1000})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(rows) + 1  # and the European Union
    assert len(body["results"]) == body["count"]
    afg = next(s for s in body["results"] if s["code"] == "AFG")
    assert afg["regional_group"] == "Asia-Pacific"
    assert afg["legal_system"] == "Muslim law"
    statuses = {p["instrument"]: p["status"] for p in afg["participation"]}
    assert statuses == {"UNTOC": "party", "TIP": "party", "SOM": "", "FIREARMS": ""}


def test_a_page_size_above_1000_is_capped(client: Client, reference_data: None) -> None:
    body = client.get("/api/states/", {"page_size": 5000}).json()
    assert len(body["results"]) == body["count"]  # 196 < 1000: all, and no error
    body = client.get("/api/states/", {"page_size": 10}).json()
    assert len(body["results"]) == 10
    assert body["next"]


def test_the_states_api_filters_by_instrument(client: Client, reference_data: None) -> None:
    body = client.get("/api/states/", {"instrument": "SOM", "page_size": 1000}).json()
    for state in body["results"]:
        som = next(p for p in state["participation"] if p["instrument"] == "SOM")
        assert som["status"] == "party"


def test_one_state_by_code(client: Client, reference_data: None) -> None:
    assert client.get("/api/states/FRA/").json()["name"] == "France"
    assert client.get("/api/states/ZZZ/").status_code == 404


def test_instruments_come_with_articles_clusters_and_workplan(
    client: Client, reference_data: None
) -> None:
    body = client.get("/api/instruments/").json()
    assert [i["code"] for i in body] == ["UNTOC", "TIP", "SOM", "FIREARMS"]
    untoc = body[0]
    assert len(untoc["articles"]) == 41
    default = next(v for v in untoc["clusters"] if v["is_default"])
    criminalization = next(c for c in default["clusters"] if c["code"] == "criminalization")
    assert criminalization["articles"] == ["2", "5", "6", "8", "9", "10", "15", "23"]
    assert [w["years"] for w in default["workplan"]] == ["1-2", "3-6", "7-10"]


def test_the_openapi_schema_and_docs_are_served_locally(client: Client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/states/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Every address the page loads or links to stays on the site: no scheme, no other host.
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    assert addresses
    outside = [a for a in addresses if urlsplit(a).scheme or urlsplit(a).netloc]
    assert outside == []
    assert "/static/drf_spectacular_sidecar/" in html
