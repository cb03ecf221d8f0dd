"""The secretariat's audit log pages: who sees them, the filters, the CSV export (P&R para 32)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from revmech.audit import selectors, services
from revmech.audit.models import Entry

LIST = reverse("audit:list")
EXPORT = reverse("audit:export")


def _sign_in(client: Client, personas: dict[str, Any], persona: str) -> None:
    if persona != "anonymous":
        client.force_login(personas[persona])


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return str(response.content.decode())


def _csv_rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_body(response))))


@pytest.mark.parametrize("url", [LIST, EXPORT])
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("secretariat", True), ("outsider", False), ("anonymous", False)],
)
def test_only_the_secretariat_sees_the_log(
    client: Client,
    personas: dict[str, Any],
    entries: dict[str, Entry],
    url: str,
    persona: str,
    allowed: bool,
) -> None:
    _sign_in(client, personas, persona)
    response = client.get(url, {"action": "lots."})
    body = _body(response)
    assert response.status_code == (200 if allowed else 404)
    assert ("lots.draw.confirmed" in body) is allowed
    assert ("ab12" in body) is allowed


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_a_refused_export_leaves_no_trace_of_the_log(
    client: Client, personas: dict[str, Any], entries: dict[str, Entry], persona: str
) -> None:
    _sign_in(client, personas, persona)
    assert client.get(EXPORT).status_code == 404
    assert not Entry.objects.filter(action="audit.log.exported").exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"draw", "view", "download", "other_review", "anonymous"}),
        ({"action": "reviews."}, {"view", "download", "other_review"}),
        ({"action": "reviews.review.viewed"}, {"view", "other_review"}),
        ({"actor": "outsider"}, {"view"}),
        ({"actor": "system"}, {"anonymous"}),
        ({"review_id": "7"}, {"view", "download"}),
        ({"since": "2025-03-20"}, {"download", "other_review", "anonymous"}),
        ({"until": "2025-02-15"}, {"draw", "view"}),
        ({"since": "2025-02-01", "until": "2025-03-21"}, {"view", "download", "other_review"}),
        ({"action": "reviews.", "actor": "secretariat", "review_id": "7"}, {"download"}),
        ({"actor": "nobody"}, set()),
    ],
)
@pytest.mark.parametrize(("persona", "allowed"), [("secretariat", True), ("outsider", False)])
def test_each_filter_narrows_the_list(
    client: Client,
    personas: dict[str, Any],
    entries: dict[str, Entry],
    query: dict[str, str],
    expected: set[str],
    persona: str,
    allowed: bool,
) -> None:
    _sign_in(client, personas, persona)
    response = client.get(LIST, query)

    assert response.status_code == (200 if allowed else 404)
    if allowed:
        shown = {name for name, entry in entries.items() if entry in response.context["page"]}
        assert shown == expected


def test_the_selector_gives_nothing_to_whoever_may_not_read_the_log(
    personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    assert selectors.entries_for(personas["secretariat"], review_id=7).count() == 2
    assert not selectors.entries_for(personas["outsider"], review_id=7).exists()


def test_a_renamed_person_is_found_under_either_name(
    personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    outsider = personas["outsider"]
    outsider.username = "outsider-renamed"
    outsider.save()
    secretariat = personas["secretariat"]
    assert list(selectors.entries_for(secretariat, actor="outsider-renamed")) == [entries["view"]]
    assert entries["view"].actor_label == "outsider"


def test_the_newest_entries_come_first_fifty_to_a_page(
    client: Client, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for number in range(120):
        services.record(
            "reviews.review.viewed", actor=personas["outsider"], review_id=number, number=number
        )
    client.force_login(personas["secretariat"])

    # The menu asks once whether the person may assign staff (their permissions: two reads).
    with django_assert_max_num_queries(8):
        first = client.get(LIST)
    with django_assert_max_num_queries(8):
        third = client.get(LIST, {"page": "3"})

    assert [entry.review_id for entry in first.context["page"]] == list(range(119, 69, -1))
    assert len(third.context["page"]) == 20
    assert "?page=2" in first.content.decode()


def test_the_page_offers_no_way_to_change_an_entry(
    client: Client, personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    client.force_login(personas["secretariat"])
    main = client.get(LIST).content.decode().split('<main id="main"')[1].split("</main>")[0]
    assert "lots.draw.confirmed" in main
    assert "<form" in main
    assert 'method="post"' not in main
    assert client.post(LIST).status_code == 405


def test_invalid_filters_are_explained(
    client: Client, personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    client.force_login(personas["secretariat"])
    response = client.get(
        LIST, {"review_id": "seven", "since": "2025-03-01", "until": "2025-01-01"}
    )
    assert response.status_code == 400
    assert response.context["page"] is None
    assert "lots.draw.confirmed" not in response.content.decode()
    assert client.get(EXPORT, {"since": "yesterday"}).status_code == 400


def test_the_export_holds_the_filtered_rows_under_a_header(
    client: Client, personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    client.force_login(personas["secretariat"])
    response: Any = client.get(EXPORT, {"review_id": "7"}, REMOTE_ADDR="192.0.2.4")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["action"] for row in rows] == [
        "reviews.document.downloaded",
        "reviews.review.viewed",
    ]
    assert rows[0]["actor"] == "secretariat"
    assert rows[0]["at"] == "2025-03-20T16:30:00+00:00"
    assert rows[0]["details"] == '{"filename": "تقرير الاستعراض القطري.docx"}'
    assert rows[1]["actor_id"] == str(personas["outsider"].pk)


def test_an_export_is_itself_recorded_and_not_part_of_its_own_file(
    client: Client, personas: dict[str, Any], entries: dict[str, Entry]
) -> None:
    client.force_login(personas["secretariat"])
    rows = _csv_rows(client.get(EXPORT, {"actor": "secretariat"}, REMOTE_ADDR="192.0.2.4"))

    assert len(rows) == 3
    receipt = Entry.objects.get(action="audit.log.exported")
    assert receipt.actor == personas["secretariat"]
    assert receipt.ip_address == "192.0.2.4"
    assert receipt.details == {"filters": {"actor": "secretariat"}}


def test_a_cell_that_looks_like_a_formula_stays_text(
    client: Client, personas: dict[str, Any]
) -> None:
    request = RequestFactory().get("/", HTTP_USER_AGENT='=HYPERLINK("http://evil.example","x")')
    services.record("site.page.viewed", actor=None, request=request)
    client.force_login(personas["secretariat"])

    rows = _csv_rows(client.get(EXPORT, {"action": "site."}))

    assert rows[0]["user_agent"] == '\'=HYPERLINK("http://evil.example","x")'
