"""Every write of the access table (form POSTs, API POSTs) within a bounded number of queries, on
small data and on data grown around the review (`revmech.site.scale`, as `revmech demo --scale
N`): a count that grows with the data (an N+1) fails (issue 17).

Each form is filled the way a person would: from the page that shows it (its hidden values, its
first choices, a short text in each box, a small file), so the write goes through, not only its
refusal; API actions get a JSON body each. Every write runs in a savepoint rolled back after it,
so each one meets the same data, and the small and the grown runs differ only by the data grown.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from test_access_matrix import _kwargs, subjects  # noqa: F401 - the matrix's objects, a fixture
from test_query_bounds import CEILING, FACTOR, SLACK, _persona_for, _targets

from revmech.accounts.models import Person
from revmech.followup.models import Progress
from revmech.reviews.models import CountryReview, DialogueRequest
from revmech.site import access
from revmech.site.scale import grow

pytestmark = pytest.mark.django_db

WRITES = ("POST", "PUT", "PATCH", "DELETE")
TEXT = "Scale check"
# What a person types into a box of each kind.
TYPED = {
    "email": "scale.check@example.org",
    "url": "https://example.org/scale",
    "number": "1",
    "date": "2026-10-01",
    "datetime-local": "2026-10-01T10:00",
    "time": "10:00",
    "tel": "+43 1 260 60",
}


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    submit: tuple[str, str] | None = None


class _Forms(HTMLParser):
    """The POST forms of a page with the values a person would send."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None
        self.textarea_text = ""
        self.radios: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = Form(action=a.get("action") or self.page_url)
                self.radios = set()
            return
        form = self.form
        if form is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "file":
                form.files.append(name)
            elif kind == "submit":
                form.submit = form.submit or (name, a.get("value", ""))
            elif kind in {"checkbox", "radio"}:
                checked = "checked" in a
                if kind == "radio" and name not in self.radios and (checked or "required" in a):
                    self.radios.add(name)
                    form.fields.append((name, a.get("value", "on")))
                elif kind == "checkbox" and (checked or "required" in a):
                    form.fields.append((name, a.get("value", "on")))
            elif kind not in {"button", "reset", "image"}:
                value = a.get("value", "")
                if not value and kind != "hidden":
                    value = TYPED.get(kind, TEXT)
                form.fields.append((name, value))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form.submit = form.submit or (name, a.get("value", ""))
        elif tag == "select" and name:
            self.select, self.select_value = name, None
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if value and (self.select_value is None or "selected" in a):
                self.select_value = value
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            if self.select_value is not None:
                self.form.fields.append((self.select, self.select_value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form.fields.append((self.textarea, self.textarea_text.strip() or TEXT))
            self.textarea = None
        elif tag == "form":
            self.forms.append(self.form)
            self.form = None


def _forms(url: str, html: str) -> dict[str, Form]:
    parser = _Forms(url)
    parser.feed(html)
    found: dict[str, Form] = {}
    for form in parser.forms:
        found.setdefault(form.action.split("?")[0], form)
    return found


def _body(form: Form) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, value in form.fields:
        body.setdefault(name, []).append(value)
    for name in form.files:
        body[name] = SimpleUploadedFile("scale.txt", b"Scale check file", "text/plain")
    if form.submit is not None:
        body.setdefault(form.submit[0], [form.submit[1]])
    return body


def _api_bodies(objects: dict[str, Any], personas: dict[str, Person]) -> dict[str, Any]:
    """A JSON body for each API action: what a client that read the object first would send."""
    review: CountryReview = objects["review"]
    review.refresh_from_db()
    need = objects["need"]
    need.refresh_from_db()
    asked = DialogueRequest.objects.filter(review=review).order_by("pk").first()
    return {
        "review-ask": {"kind": "clarification", "text": TEXT},
        "review-answer": {"request_id": asked.pk if asked else 0, "text": TEXT},
        "review-moves": {"move": "open_consultations", "version": review.version},
        "review-secretariat-assign": {
            "action": "assign",
            "person": personas["secretariat_unassigned"].pk,
        },
        "invitation-comment": {"text": TEXT},
        "invitation-confirm": {"attendees": TEXT},
        "need-report": {"version": need.version, "is_addressed": False, "note": TEXT},
        "observation-progress": {"progress": Progress.PARTIAL, "text": TEXT},
        "report-save-section": {"section": 0, "based_on": 0, "text": TEXT},
        "report-approve": {"state": "KEN", "version": 1, "digest": "0" * 64},
    }


# Creations on a list route, which the table declares by its GET: (route, persona, body).
API_CREATES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "need-list": (
        "focal_point_under_review",
        lambda objects: {
            "state": "KEN",
            "instrument": "UNTOC",
            "assistance_type": "legislative",
            "description": TEXT,
        },
    ),
}


@dataclass
class Outcome:
    queries: int
    status: int


def _in_savepoint(send: Callable[[], Any]) -> tuple[Any, int]:
    """Send one write and undo it, so every write meets the same data."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            response = send()
        transaction.set_rollback(True)
    return response, len(queries)


class _Crawl:
    """The POST forms on the GET pages of the table, as each persona sees them."""

    def __init__(self, client: Client, personas: dict[str, Person], objects: dict[str, Any]):
        self.client, self.personas, self.objects = client, personas, objects
        self.pages: dict[tuple[str, str], dict[str, Form]] = {}
        self.where: dict[tuple[str, str], str] = {}  # (persona, action) -> the page with it

    def sign_in(self, persona: str) -> None:
        self.client.logout()
        if persona != "anonymous":
            self.client.force_login(self.personas[persona])

    def forms_on(self, persona: str, url: str) -> dict[str, Form]:
        key = (persona, url)
        if key not in self.pages:
            response = self.client.get(url)
            is_page = response.status_code == 200 and not response.streaming
            is_page = is_page and response["Content-Type"].startswith("text/html")
            html = response.content.decode() if is_page else ""
            self.pages[key] = _forms(url, html) if "<form" in html else {}
        return self.pages[key]

    def form_for(self, persona: str, name: str, action: str) -> Form | None:
        """The form that posts to `action`: on its own page, or on a page of the same object."""
        found = self.where.get((persona, action))
        if found is not None:
            return self.forms_on(persona, found).get(action)
        subject_kind = access.table()[name].subject
        candidates = [action]
        for page_name, page in sorted(access.table().items()):
            if page.method != "GET" or page.subject not in {subject_kind, None}:
                continue
            for subject in _targets(page_name, self.objects):
                if page.is_public or page.rule(self.personas.get(persona), subject):  # type: ignore[misc]
                    candidates.append(reverse(page_name, kwargs=_kwargs(page_name, subject)))
        for url in candidates:
            form = self.forms_on(persona, url).get(action)
            if form is not None:
                self.where[(persona, action)] = url
                return form
        return None


def _measure(
    client: Client, personas: dict[str, Person], objects: dict[str, Any], crawl: _Crawl
) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    bodies = _api_bodies(objects, personas)
    crawl.pages.clear()  # the forms of this data, not of the last run's
    for name in sorted(access.table()):
        if access.table()[name].method not in WRITES:
            continue
        for subject in _targets(name, objects):
            persona = _persona_for(name, subject, personas)
            if persona is None:
                continue
            crawl.sign_in(persona)
            url = reverse(name, kwargs=_kwargs(name, subject))
            send: Callable[[], Any]
            if "-" in name:  # a REST framework action takes JSON
                body = json.dumps(bodies.get(name, {}))
                send = lambda url=url, body=body: client.post(  # noqa: E731
                    url, body, content_type="application/json"
                )
            else:
                form = crawl.form_for(persona, name, url)
                data = _body(form) if form is not None else {}
                send = lambda url=url, data=data: client.post(url, data)  # noqa: E731
            response, count = _in_savepoint(send)
            where = f"{name} as {persona}: {response.status_code}"
            assert response.status_code < 500, where
            outcomes[f"{name} as {persona}"] = Outcome(count, response.status_code)
    for name, (persona, make_body) in API_CREATES.items():
        crawl.sign_in(persona)
        url = reverse(name)
        body = json.dumps(make_body(objects))
        response, count = _in_savepoint(
            lambda url=url, body=body: client.post(url, body, content_type="application/json")
        )
        assert response.status_code < 500, f"POST {name} as {persona}: {response.status_code}"
        outcomes[f"POST {name} as {persona}"] = Outcome(count, response.status_code)
    return outcomes


def test_no_write_needs_more_queries_as_the_data_grows(
    client: Client,
    personas: dict[str, Person],
    subjects: dict[str, Any],  # noqa: F811 - the fixture imported above
    settings: Any,
) -> None:
    # The request's own queries, as in production, where a worker sends the mail it queues
    # (the test settings' immediate backend would send it inside the request).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    review = subjects["review"]
    # A request to answer in the small data too (the grown data adds more).
    DialogueRequest.objects.create(
        review=review,
        kind="clarification",
        state=review.reviewers.order_by("seat").first().state,
        text=TEXT,
        asked_by=personas["expert_reviewing"],
        asked_at=datetime(2026, 8, 1, tzinfo=UTC),
    )
    crawl = _Crawl(client, personas, subjects)
    small = _measure(client, personas, subjects, crawl)
    assert len(small) > 80  # every write of the table, not a few
    # Most writes go through (a form redirects, an action answers 2xx), not only their refusal.
    went_through = [
        key
        for key, o in small.items()
        if o.status in {201, 302} or (o.status == 200 and "-" in key.split(" as ")[0])
    ]
    grown = grow(around=review, factor=FACTOR)
    assert len(grown.reviews) == FACTOR
    large = _measure(client, personas, subjects, crawl)
    print(  # for -s
        "\n".join(
            f"{k}: {small[k].status} {small[k].queries} -> {large[k].status} {large[k].queries}"
            for k in sorted(small)
        )
    )
    report = "\n".join(
        f"{k}: {small[k].queries} -> {large[k].queries}"
        for k in sorted(small)
        if small[k].queries != large[k].queries
    )
    too_many = {k: o.queries for k, o in large.items() if o.queries > CEILING}
    growing = {
        k: (small[k].queries, large[k].queries)
        for k in small
        if large[k].queries > small[k].queries + SLACK
    }
    assert not too_many, f"over {CEILING} queries: {too_many}\n{report}"
    assert not growing, f"grows with the data: {growing}\n{report}"
    assert len(went_through) >= 55, sorted(set(small) - set(went_through))


def _api_writes() -> dict[str, set[str]]:
    """The write methods of every REST framework route of the site, by URL name."""

    def walk(patterns: list[Any], namespace: str) -> Any:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                actions = getattr(pattern.callback, "actions", None) or {}
                yield f"{namespace}{pattern.name}", {m.upper() for m in actions} & set(WRITES)

    return {name: methods for name, methods in walk(get_resolver().url_patterns, "") if methods}


def test_every_api_write_is_measured() -> None:
    """A new POST, PUT, PATCH or DELETE of the API is counted above, or this fails."""
    measured = {
        name: {rule.method}
        for name, rule in access.table().items()
        if rule.method in WRITES and "-" in name
    }
    for name in API_CREATES:
        measured.setdefault(name, set()).add("POST")
    assert _api_writes() == measured
