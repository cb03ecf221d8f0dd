"""The register of sessions and documents (P&R paras 14, 36, 53 (g)): who keeps it, symbols,
files checked by content, nothing half-issued, public pages and API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.meetings import services
from revmech.meetings.models import Document, DocumentFile, Session
from revmech.rules import RuleViolation

PDF = b"%PDF-1.4 summary of the review"


@pytest.fixture
def session(personas: dict[str, Person], settings: Any, tmp_path: Any) -> Session:
    settings.MEDIA_ROOT = tmp_path
    return services.record_session(
        body="wgta",
        number=17,
        starts_on=dt.date(2026, 9, 8),
        ends_on=dt.date(2026, 9, 10),
        place="Vienna",
        actor=personas["secretariat"],
    )


def _issue(session: Session, person: Person, **changes: Any) -> Document:
    arguments: dict[str, Any] = {
        "session": session,
        "kind": "summary",
        "titles": {"en": "Executive summary: Kenya", "fr": "Résumé analytique : Kenya"},
        "issued_on": dt.date(2026, 9, 1),
        "files": {"en": SimpleUploadedFile("summary.pdf", PDF)},
        "actor": person,
    }
    arguments.update(changes)
    return services.issue_document(**arguments)


def test_only_the_secretariat_keeps_the_register(
    personas: dict[str, Person], session: Session
) -> None:
    for name in ("focal_point_under_review", "working_group_member", "ngo", "no_role"):
        with pytest.raises(PermissionDenied):
            _issue(session, personas[name])
        with pytest.raises(PermissionDenied):
            services.record_session(
                body="cop",
                number=13,
                starts_on=dt.date(2026, 10, 1),
                ends_on=dt.date(2026, 10, 5),
                place="Vienna",
                actor=personas[name],
            )
    assert Document.objects.count() == 0
    assert Session.objects.count() == 1


def test_a_session_is_refused_when_its_dates_or_number_are_wrong(
    personas: dict[str, Person], session: Session
) -> None:
    secretariat = personas["secretariat"]
    with pytest.raises(RuleViolation, match="already recorded"):
        services.record_session(
            body="wgta",
            number=17,
            starts_on=dt.date(2027, 9, 8),
            ends_on=dt.date(2027, 9, 9),
            place="Vienna",
            actor=secretariat,
        )
    with pytest.raises(RuleViolation, match="cannot end before it starts"):
        services.record_session(
            body="cop",
            number=13,
            starts_on=dt.date(2026, 10, 5),
            ends_on=dt.date(2026, 10, 1),
            place="Vienna",
            actor=secretariat,
        )


def test_symbols_follow_the_body_and_year_and_papers_have_their_own_series(
    personas: dict[str, Person], session: Session
) -> None:
    secretariat = personas["secretariat"]
    first = _issue(session, secretariat)
    second = _issue(session, secretariat)
    paper = _issue(session, secretariat, kind="crp", files={})
    assert [first.symbol, second.symbol] == ["CTOC/COP/WG.2/2026/1", "CTOC/COP/WG.2/2026/2"]
    assert paper.symbol == "CTOC/COP/WG.2/2026/CRP.1"
    assert _issue(session, secretariat, files={}).symbol == "CTOC/COP/WG.2/2026/3"


def test_a_used_or_malformed_symbol_is_refused_and_nothing_is_kept(
    personas: dict[str, Person], session: Session
) -> None:
    secretariat = personas["secretariat"]
    _issue(session, secretariat, symbol="CTOC/COP/WG.2/2026/5")
    with pytest.raises(RuleViolation, match="already used"):
        _issue(session, secretariat, symbol="CTOC/COP/WG.2/2026/5")
    with pytest.raises(RuleViolation, match="not a document symbol"):
        _issue(session, secretariat, symbol="summary of Kenya")
    assert Document.objects.count() == 1
    assert DocumentFile.objects.count() == 1


def test_a_file_that_is_not_what_it_says_stops_the_whole_document(
    personas: dict[str, Person], session: Session
) -> None:
    files = {
        "en": SimpleUploadedFile("summary.pdf", PDF),
        "ar": SimpleUploadedFile("summary.pdf", b"MZ\x90\x00 a program"),
    }
    with pytest.raises(RuleViolation, match=r"summary\.pdf"):
        _issue(session, personas["secretariat"], files=files)
    assert Document.objects.count() == 0
    assert DocumentFile.objects.count() == 0


def test_the_register_is_public_in_pages_files_and_api(
    client: Client, personas: dict[str, Person], session: Session
) -> None:
    document = _issue(session, personas["secretariat"])
    listing = client.get("/meetings/")
    assert listing.status_code == 200
    assert "Working Group of Government Experts on Technical Assistance" in listing.text
    page = client.get(f"/meetings/{session.pk}/")
    assert "CTOC/COP/WG.2/2026/1" in page.text
    download = client.get(f"/meetings/documents/{document.pk}/en/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment" in download.headers["Content-Disposition"]
    assert client.get(f"/meetings/documents/{document.pk}/ar/").status_code == 404
    api = client.get("/api/sessions/").json()
    assert api["count"] == 1
    assert api["results"][0]["documents"][0]["symbol"] == "CTOC/COP/WG.2/2026/1"
    assert api["results"][0]["documents"][0]["titles"]["fr"] == "Résumé analytique : Kenya"


def test_the_title_follows_the_reader_language(
    client: Client, personas: dict[str, Person], session: Session
) -> None:
    document = _issue(session, personas["secretariat"])
    client.cookies["django_language"] = "fr"
    page = client.get(f"/meetings/documents/{document.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Résumé analytique : Kenya" in page.text


def test_the_secretariat_issues_a_document_from_the_page(
    client: Client, personas: dict[str, Person], session: Session
) -> None:
    client.force_login(personas["secretariat"])
    response = client.post(
        f"/meetings/{session.pk}/documents/new/",
        {
            "kind": "summary",
            "issued_on": "2026-09-01",
            "title_en": "Executive summary: Kenya",
            "file_en": SimpleUploadedFile("summary.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.symbol == "CTOC/COP/WG.2/2026/1"
    assert Entry.objects.filter(action="meetings.document.issued").count() == 1
    refused = client.post(
        f"/meetings/{session.pk}/documents/new/",
        {"kind": "summary", "issued_on": "2026-09-01", "title_en": "X", "symbol": "not one"},
    )
    assert refused.status_code == 200
    assert "is not a document symbol" in refused.text


def test_pages_cost_the_same_queries_whatever_the_number_of_documents(
    client: Client,
    personas: dict[str, Person],
    session: Session,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(3):
        _issue(session, personas["secretariat"])
    with django_assert_max_num_queries(8):
        assert client.get(f"/meetings/{session.pk}/").status_code == 200
    for _ in range(20):
        _issue(session, personas["secretariat"], files={})
    with django_assert_max_num_queries(8):
        assert client.get(f"/meetings/{session.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/sessions/").status_code == 200
