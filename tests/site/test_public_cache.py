"""Public pages and the public API from the shared cache, with ETags, dropped when their data
changes; signed-in pages never kept nor shared (issue 17, caching)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.registry.models import State
from revmech.reviews import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_cache(settings: Any) -> None:
    settings.REVMECH_PUBLIC_CACHE_SECONDS = 300
    cache.clear()


def test_a_public_page_is_kept_and_answers_304_to_its_etag(
    client: Client, reference_data: None, django_assert_max_num_queries: Any
) -> None:
    url = reverse("registry:states")
    first = client.get(url)
    assert first["X-Cache"] == "miss"
    with django_assert_max_num_queries(3):
        second = client.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content.replace(_token(first).encode(), _token(second).encode())
    assert second["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_a_change_of_the_data_drops_the_kept_page(
    client: Client, reference_data: None, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("registry:state", kwargs={"code": "FRA"})
    before = client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    state = State.objects.get(code="FRA")
    with django_capture_on_commit_callbacks(execute=True):
        state.names = {**state.names, "en": "République test"}
        state.save()
    after = client.get(url)
    assert after["X-Cache"] == "miss"
    assert "République test" in after.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_the_public_api_is_kept_for_shared_caches_with_an_etag(
    client: Client, reference_data: None
) -> None:
    url = reverse("state-list")
    first = client.get(url, HTTP_ACCEPT="application/json")
    second = client.get(url, HTTP_ACCEPT="application/json")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.json() == first.json()
    assert "public" in second["Cache-Control"]
    assert "Accept-Language" in second["Vary"]
    etag = second["ETag"]
    assert (
        client.get(url, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )


def test_each_language_has_its_own_kept_page(client: Client, reference_data: None) -> None:
    url = reverse("registry:states")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert french["X-Cache"] == "miss"
    assert english.content != french.content


def test_signed_in_pages_are_never_kept_nor_served_from_the_cache(
    client: Client, personas: dict[str, Person]
) -> None:
    home = reverse("home")
    client.get(home)  # anonymous: kept
    person = personas["focal_point_under_review"]
    client.force_login(person)
    signed_in = client.get(home)
    assert "X-Cache" not in signed_in
    assert "no-store" in signed_in["Cache-Control"]
    assert "private" in signed_in["Cache-Control"]
    assert person.username in signed_in.content.decode()
    client.logout()
    anonymous = client.get(home)
    assert anonymous["X-Cache"] == "hit"
    assert person.username not in anonymous.content.decode()


def test_pages_whose_address_is_a_credential_are_never_kept(
    client: Client, personas: dict[str, Person]
) -> None:
    token = services.create_calendar_feed(
        person=personas["focal_point_under_review"], now=dt.datetime.now(dt.UTC)
    )
    response = client.get(reverse("reviews:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert "X-Cache" not in response


def _token(response: Any) -> str:
    found = re.search(
        r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', response.content.decode()
    )
    assert found, "the page has a form token"
    return found.group(1)


def test_each_reader_of_a_kept_page_gets_a_form_token_of_their_own(reference_data: None) -> None:
    url = reverse("registry:states")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)
    page = second.get(url)
    assert page["X-Cache"] == "hit"
    assert "private" in page["Cache-Control"]
    changed = second.post(
        reverse("set_language"), {"language": "fr", "csrfmiddlewaretoken": _token(page)}
    )
    assert changed.status_code == 302  # the token fits this reader's cookie
