"""Every URL of the access table, as one persona of each role, with the requests an outside crawl
sends: `.json` and `.api` suffixes, HEAD and OPTIONS. None answers a server error; an address
under /api/ that matches nothing answers JSON; every answer carries the security headers
(no-store for signed-in people, Permissions-Policy, a Content-Security-Policy without inline
script) (P&R para 32).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from test_access_matrix import _kwargs, subjects

from revmech.accounts import security
from revmech.accounts.models import Person
from revmech.reviews.models import CountryReview
from revmech.site import access

pytestmark = pytest.mark.django_db

__all__ = ["subjects"]  # the access matrix's objects, one of each kind

ONE_PER_ROLE = (
    "secretariat",
    "focal_point_under_review",
    "expert_reviewing",
    "observer",
    "ngo",
    "working_group_member",
    "no_role",
    "anonymous",
)


def _urls(name: str, subjects: dict[str, Any]) -> list[str]:
    rule = access.table()[name]
    if rule.subject == "draw":
        objects = [subjects["draw"]["open"], subjects["draw"]["confirmed"]]
    elif rule.subject is not None:
        objects = [subjects[rule.subject]]
    else:
        objects = [None]
    return [reverse(name, kwargs=_kwargs(name, subject)) for subject in objects]


def _suffixed(url: str, suffix: str) -> str:
    return url.rstrip("/") + suffix


@pytest.mark.parametrize("persona", ONE_PER_ROLE)
def test_no_url_answers_a_server_error_to_suffixes_head_or_options(
    client: Client, personas: dict[str, Person], subjects: dict[str, Any], persona: str
) -> None:
    if persona != "anonymous":
        client.force_login(personas[persona])
    for name in sorted(access.table()):
        for url in _urls(name, subjects):
            for method, path in (
                ("get", _suffixed(url, ".json")),
                ("get", _suffixed(url, ".api")),
                ("head", url),
                ("options", url),
            ):
                response = getattr(client, method)(path)
                where = f"{method.upper()} {path} ({name}) as {persona}: {response.status_code}"
                assert response.status_code < 500, where
                if response.status_code == 404 and path.startswith("/api/"):
                    assert response["Content-Type"] == "application/json", where


def test_a_sub_resource_with_a_suffix_is_a_json_404_not_a_500(
    client: Client, personas: dict[str, Person], review: CountryReview
) -> None:
    """The crawl's 14,214 server errors: `/api/reviews/1/events.json` for any signed-in person."""
    client.force_login(personas["focal_point_under_review"])
    for action in ("events", "requests", "meetings", "visits", "documents", "ask", "answer"):
        for suffix in (".json", ".api"):
            response = client.get(f"/api/reviews/{review.pk}/{action}{suffix}")
            assert response.status_code == 404
            assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_options_on_the_api_docs_is_refused_not_a_server_error(client: Client, path: str) -> None:
    assert client.options(path).status_code == 405


@pytest.mark.parametrize("path", ["/api/reviews/0.5/", "/api/no-such-thing/", "/api/states/x/y/"])
def test_an_api_address_that_matches_nothing_answers_json(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_page_address_that_matches_nothing_is_still_a_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("persona", ["secretariat", "focal_point_under_review", "anonymous"])
def test_every_answer_carries_the_security_headers(
    client: Client, personas: dict[str, Person], subjects: dict[str, Any], persona: str
) -> None:
    """Signed in: no-store on every page, API call and download. Not signed in: public pages
    keep their caching. Everyone: Permissions-Policy and a policy without inline script."""
    if persona != "anonymous":
        client.force_login(personas[persona])
    names = sorted(n for n, rule in access.table().items() if rule.method == "GET")
    for name in names:
        for url in _urls(name, subjects):
            response = client.get(url)
            where = f"{url} as {persona}: {response.status_code}"
            cache = response.headers.get("Cache-Control", "")
            if persona != "anonymous":
                assert "no-store" in cache, where
            assert "camera=()" in response.headers.get("Permissions-Policy", ""), where
            policy = response.headers.get("Content-Security-Policy", "")
            directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
            # What may run: script-src, or default-src where a view set a stricter policy of
            # its own (an SVG chart: `default-src 'none'`).
            sources = directives.get("script-src", directives.get("default-src"))
            assert sources is not None, where
            assert sources in (["'none'"], ["'self'"]) or (
                sources[0] == "'self'" and all(s.startswith("'nonce-") for s in sources[1:])
            ), where
            assert "frame-ancestors 'none'" in policy or sources == ["'none'"], where


def test_a_token_answer_is_no_store(
    client: Client, personas: dict[str, Person], review: CountryReview
) -> None:
    _record, token = security.create_personal_token(
        person=personas["focal_point_under_review"], name="t"
    )
    response = client.get(
        f"/api/reviews/{review.pk}/", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_for_someone_not_signed_in_is_not_forced_to_no_store(client: Client) -> None:
    client.get("/")  # the first answer may set the CSRF cookie
    response = client.get(reverse("registry:instruments"))
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
