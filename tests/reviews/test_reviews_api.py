"""The API of country reviews: moves through the same services as the pages (P&R paras 23-34),
the review's parts for those who may read it, and the dialogue's requests and answers (29)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from review_artefacts import provide_artefacts
from revmech.accounts.models import Person, Role
from revmech.accounts.security import create_personal_token
from revmech.audit.models import Entry
from revmech.registry import models as registry
from revmech.reviews import services
from revmech.reviews.models import (
    CountryReview,
    DialogueRequest,
    RequestStatus,
    ReviewingState,
    Seat,
    Stage,
)

# Each move finds its artefact (reviews.artefacts; their refusals: test_reviews_artefacts.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("review_artefacts")]

NOW = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PARTS = ("events", "requests", "meetings", "visits", "documents", "assistance", "references")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def moves_url(review: CountryReview) -> str:
    return f"/api/reviews/{review.pk}/moves/"


def post(client: Client, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(url, body, content_type="application/json", **headers)


def signed_in(client: Client, person: Person) -> Client:
    client.force_login(person)
    return client


def in_dialogue(
    review: CountryReview, personas: dict[str, Person], focal_point: Person | None = None
) -> CountryReview:
    """The review moved to the constructive dialogue by its focal point and a reviewing expert."""
    focal_point = focal_point or personas["focal_point_under_review"]
    services.open_consultations(review=review, by=focal_point, today=dt.date(2026, 6, 20))
    services.record_consultations(
        review=review,
        by=focal_point,
        today=dt.date(2026, 7, 1),
        working_languages=["en"],
        schedule="Calls in July",
    )
    services.submit_self_assessment(review=review, by=focal_point, today=dt.date(2026, 9, 1))
    services.send_desk_review(
        review=review, by=personas["expert_reviewing"], today=dt.date(2026, 9, 20)
    )
    return review


# Moves


def test_a_move_through_the_api_changes_the_stage_and_writes_the_audit(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    signed_in(client, personas["focal_point_under_review"])
    response = post(client, moves_url(review), {"move": "open_consultations", "version": 0})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["stage"] == "consultations"
    assert data["version"] == 1
    assert [e["kind"] for e in data["events"]] == ["consultations_opened"]
    review.refresh_from_db()
    assert review.stage == Stage.CONSULTATIONS
    entry = Entry.objects.get(action="reviews.stage.moved", review_id=review.pk)
    assert entry.actor == personas["focal_point_under_review"]
    assert entry.details["to_stage"] == "consultations"


def test_a_move_with_a_bearer_token_records_the_consultations(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    services.open_consultations(review=review, by=focal_point, today=dt.date(2026, 6, 20))
    _record, token = create_personal_token(
        person=focal_point, name="ministry script", scope="read_write"
    )
    response = post(
        Client(),
        moves_url(review),
        {
            "move": "record_consultations",
            "version": 1,
            "working_languages": ["en", "fr"],
            "schedule": "Calls in July",
        },
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    review.refresh_from_db()
    assert review.stage == Stage.SELF_ASSESSMENT
    assert review.working_languages == ["en", "fr"]
    assert review.schedule == "Calls in July"
    entry = (
        Entry.objects.filter(action="reviews.stage.moved", review_id=review.pk)
        .order_by("pk")
        .last()
    )
    assert entry is not None
    assert entry.actor == focal_point
    assert entry.details["event"] == "consultations_held"


def test_a_move_out_of_order_is_refused_naming_the_stage(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    signed_in(client, personas["focal_point_under_review"])
    response = post(client, moves_url(review), {"move": "submit_self_assessment", "version": 0})
    assert response.status_code == 400
    body = response.json()
    assert body["stage"] == "drawn"
    assert "“Drawn”" in body["detail"]
    assert "“Self-assessment in preparation”" in body["detail"]
    review.refresh_from_db()
    assert (review.stage, review.version) == (Stage.DRAWN, 0)


def test_the_refusal_comes_in_the_language_of_the_request(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    signed_in(client, personas["focal_point_under_review"])
    response = post(
        client,
        moves_url(review),
        {"move": "submit_self_assessment", "version": 0},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    english = "This review is at the stage"
    assert english not in response.json()["detail"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    services.open_consultations(
        review=review, by=personas["secretariat"], today=dt.date(2026, 6, 20)
    )
    moved = Entry.objects.filter(action="reviews.stage.moved").count()
    signed_in(client, personas["focal_point_under_review"])
    response = post(
        client,
        moves_url(review),
        {
            "move": "record_consultations",
            "version": 0,
            "working_languages": ["en"],
            "schedule": "Calls in July",
        },
    )
    assert response.status_code == 409
    assert response.json()["version"] == 1
    assert response.json()["stage"] == "consultations"
    review.refresh_from_db()
    assert (review.stage, review.version, review.schedule) == (Stage.CONSULTATIONS, 1, "")
    assert review.events.count() == 1
    assert Entry.objects.filter(action="reviews.stage.moved").count() == moved


@pytest.mark.parametrize(
    ("persona", "move"),
    [
        ("outsider", "open_consultations"),  # may not read the review
        ("observer", "open_consultations"),  # reads it, may make no move
        ("focal_point_reviewing", "open_consultations"),  # may move it, not this way
        ("secretariat_unassigned", "communicate_report"),
    ],
)
def test_a_refused_move_answers_404_without_content(
    client: Client, review: CountryReview, personas: dict[str, Person], persona: str, move: str
) -> None:
    signed_in(client, personas[persona])
    response = post(client, moves_url(review), {"move": move, "version": 0})
    assert response.status_code == 404
    assert "Kenya" not in response.content.decode()
    assert "KEN" not in response.content.decode()
    review.refresh_from_db()
    assert (review.stage, review.version) == (Stage.DRAWN, 0)


def test_the_same_person_may_make_the_move_they_are_allowed(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    """The allowed twin of the refusals above: same setup, another persona."""
    signed_in(client, personas["secretariat"])
    response = post(client, moves_url(review), {"move": "open_consultations", "version": 0})
    assert response.status_code == 200


@pytest.mark.parametrize("extra", ["stage", "review", "schedule"])
def test_a_field_the_move_does_not_take_is_refused_by_name(
    client: Client, review: CountryReview, personas: dict[str, Person], extra: str
) -> None:
    signed_in(client, personas["focal_point_under_review"])
    body = {"move": "open_consultations", "version": 0, extra: "communicated"}
    response = post(client, moves_url(review), body)
    assert response.status_code == 400
    assert list(response.json()) == [extra]
    review.refresh_from_db()
    assert (review.stage, review.version) == (Stage.DRAWN, 0)


def test_an_unknown_or_missing_move_is_named(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    signed_in(client, personas["focal_point_under_review"])
    unknown = post(client, moves_url(review), {"move": "publish", "version": 0, "x": 1})
    assert unknown.status_code == 400
    assert set(unknown.json()) == {"move", "x"}
    missing = post(client, moves_url(review), {})
    assert missing.status_code == 400
    assert set(missing.json()) == {"move", "version"}


def test_the_consultations_need_their_languages_and_schedule(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    focal_point = personas["focal_point_under_review"]
    services.open_consultations(review=review, by=focal_point, today=dt.date(2026, 6, 20))
    signed_in(client, focal_point)
    response = post(
        client,
        moves_url(review),
        {"move": "record_consultations", "version": 1, "working_languages": ["xx"]},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"working_languages", "schedule"}
    review.refresh_from_db()
    assert review.stage == Stage.CONSULTATIONS


def test_the_report_is_agreed_and_communicated_through_the_api(
    client: Client,
    review: CountryReview,
    personas: dict[str, Person],
    make_person: Callable[..., Person],
) -> None:
    in_dialogue(review, personas)
    france = make_person("fp_france", Role.FOCAL_POINT, "FRA", "UNTOC")
    TOTP.activate(france, TOTP_SECRET)

    def move(person: Person, **body: Any) -> Any:
        client.logout()
        signed_in(client, person)
        review.refresh_from_db()
        return post(client, moves_url(review), {**body, "version": review.version})

    assert move(personas["focal_point_reviewing"], move="prepare_draft_report").status_code == 200
    # A focal point agrees only for their own State.
    refused = move(personas["focal_point_under_review"], move="agree_report", state_code="FRA")
    assert refused.status_code == 400
    assert list(refused.json()) == ["state_code"]
    for person, code in (
        (personas["focal_point_under_review"], "KEN"),
        (personas["focal_point_reviewing"], "NGA"),
        (france, "FRA"),
    ):
        assert move(person, move="agree_report", state_code=code).status_code == 200
    again = move(france, move="agree_report", state_code="FRA")
    assert again.status_code == 400
    assert again.json()["stage"] == "agreed"
    done = move(personas["secretariat"], move="communicate_report")
    assert done.status_code == 200
    assert done.json()["stage"] == "communicated"


# The review's parts


def other_review() -> CountryReview:
    """Brazil under review, reviewed by the same States: readable by the same personas."""
    other = CountryReview.objects.create(
        state_under_review=registry.State.objects.get(code="BRA"),
        instrument=registry.Instrument.objects.get(code="UNTOC"),
        phase=1,
        year=1,
        drawn_on=dt.date(2026, 6, 15),
    )
    for code, seat in (("NGA", Seat.SAME_GROUP), ("FRA", Seat.OTHER_GROUP)):
        ReviewingState.objects.create(
            review=other, state=registry.State.objects.get(code=code), seat=seat
        )
    provide_artefacts(other, Person.objects.get(username="secretariat"))
    return other


def fill(
    review: CountryReview,
    personas: dict[str, Person],
    marker: str,
    focal_point: Person | None = None,
) -> None:
    """One of each part, each carrying `marker` in its text."""
    focal_point = focal_point or personas["focal_point_under_review"]
    services.request_assistance(review=review, by=focal_point, need=f"{marker} need", now=NOW)
    in_dialogue(review, personas, focal_point)
    expert = personas["expert_reviewing"]
    asked = services.ask_in_dialogue(
        review=review, by=expert, kind="clarification", text=f"{marker} question", now=NOW
    )
    services.answer_in_dialogue(
        dialogue_request=asked, by=focal_point, text=f"{marker} answer", now=NOW
    )
    services.schedule_meeting(
        review=review,
        by=expert,
        kind="videoconference",
        starts_at=NOW,
        participants=f"{marker} participants",
        now=NOW,
    )
    services.propose_visit(
        review=review,
        by=expert,
        starts_on=dt.date(2026, 11, 2),
        ends_on=dt.date(2026, 11, 4),
        purpose=f"{marker} visit",
        now=NOW,
    )
    services.upload_document(
        review=review,
        by=expert,
        upload=SimpleUploadedFile("notes.txt", f"{marker} notes".encode()),
        title=f"{marker} document",
        now=NOW,
    )
    services.add_reference(
        review=review,
        by=expert,
        mechanism="GRECO",
        title=f"{marker} reference",
        url="https://example.org/greco",
        now=NOW,
    )


def test_the_parts_of_a_review_hold_only_that_review(
    client: Client,
    review: CountryReview,
    personas: dict[str, Person],
    make_person: Callable[..., Person],
) -> None:
    fill(review, personas, "Kenyan")
    brazil = make_person("fp_brazil", Role.FOCAL_POINT, "BRA", "UNTOC")
    fill(other_review(), personas, "Brazilian", brazil)
    signed_in(client, personas["expert_reviewing"])
    for part in PARTS:
        response = client.get(f"/api/reviews/{review.pk}/{part}/")
        assert response.status_code == 200, part
        text = response.content.decode()
        assert "Brazilian" not in text, part
        if part != "events":
            assert "Kenyan" in text, part
    requests = client.get(f"/api/reviews/{review.pk}/requests/").json()["results"]
    assert [(r["kind"], r["state"], r["status"]) for r in requests] == [
        ("clarification", "FRA", "answered")
    ]
    assert [a["text"] for a in requests[0]["answers"]] == ["Kenyan answer"]
    events = client.get(f"/api/reviews/{review.pk}/events/").json()["results"]
    assert [e["kind"] for e in events][-1] == "desk_review_sent"


def test_a_document_links_to_the_audited_download(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    fill(review, personas, "Kenyan")
    signed_in(client, personas["observer"])
    documents = client.get(f"/api/reviews/{review.pk}/documents/").json()["results"]
    assert [d["title"] for d in documents] == ["Kenyan document"]
    version = documents[0]["versions"][0]
    assert version["download_url"].endswith(f"/reviews/{review.pk}/documents/{version['id']}/")
    downloaded = client.get(version["download_url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == b"Kenyan notes"  # type: ignore[attr-defined]
    assert Entry.objects.filter(
        action="reviews.document.downloaded", actor=personas["observer"]
    ).exists()


@pytest.mark.parametrize("persona", ["outsider", "observer_other_state", "ngo", "no_role"])
def test_the_parts_of_a_review_are_404_for_outsiders(
    client: Client, review: CountryReview, personas: dict[str, Person], persona: str
) -> None:
    fill(review, personas, "Kenyan")
    signed_in(client, personas[persona])
    for part in PARTS:
        response = client.get(f"/api/reviews/{review.pk}/{part}/")
        assert response.status_code == 404, part
        assert "Kenyan" not in response.content.decode(), part


# The dialogue through the API (P&R para 29)


def test_a_reviewing_state_asks_and_the_state_under_review_answers(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    in_dialogue(review, personas)
    signed_in(client, personas["expert_reviewing"])
    asked = post(
        client,
        f"/api/reviews/{review.pk}/ask/",
        {"kind": "more_information", "text": "Statistics for 2025?"},
    )
    assert asked.status_code == 201, asked.content
    request_id = asked.json()["id"]
    assert asked.json()["state"] == "FRA"
    assert Entry.objects.filter(action="reviews.dialogue.asked", review_id=review.pk).exists()
    client.logout()
    signed_in(client, personas["expert_under_review"])
    answered = post(
        client,
        f"/api/reviews/{review.pk}/answer/",
        {"request_id": request_id, "text": "Attached next week."},
    )
    assert answered.status_code == 201, answered.content
    assert [a["text"] for a in answered.json()["answers"]] == ["Attached next week."]
    assert DialogueRequest.objects.get(pk=request_id).status == RequestStatus.ANSWERED


def test_the_dialogue_refuses_the_wrong_party_the_wrong_stage_and_extra_fields(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    signed_in(client, personas["expert_reviewing"])
    url = f"/api/reviews/{review.pk}/ask/"
    early = post(client, url, {"kind": "clarification", "text": "Too early?"})
    assert early.status_code == 400
    assert early.json()["stage"] == "drawn"
    slipped = post(client, url, {"kind": "clarification", "text": "x", "state": "NGA"})
    assert slipped.status_code == 400
    assert list(slipped.json()) == ["state"]
    client.logout()
    signed_in(client, personas["expert_under_review"])
    assert post(client, url, {"kind": "clarification", "text": "Self?"}).status_code == 404
    assert not DialogueRequest.objects.exists()


def test_an_answer_names_a_request_of_this_review_only(
    client: Client,
    review: CountryReview,
    personas: dict[str, Person],
    make_person: Callable[..., Person],
) -> None:
    in_dialogue(review, personas)
    other = other_review()
    in_dialogue(other, personas, make_person("fp_brazil", Role.FOCAL_POINT, "BRA", "UNTOC"))
    elsewhere = services.ask_in_dialogue(
        review=other, by=personas["expert_reviewing"], kind="clarification", text="?", now=NOW
    )
    signed_in(client, personas["focal_point_under_review"])
    response = post(
        client,
        f"/api/reviews/{review.pk}/answer/",
        {"request_id": elsewhere.pk, "text": "Wrong thread"},
    )
    assert response.status_code == 404
    assert not elsewhere.replies.exists()


def test_the_schema_documents_the_review_endpoints(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for part in (*PARTS, "moves", "ask", "answer"):
        assert f"/api/reviews/{{id}}/{part}/" in schema, part


def test_every_sub_resource_list_is_paginated_as_the_schema_says(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    """Issue 9: the seven lists were documented as `{count, results}` but answered arrays."""
    schema = client.get("/api/schema/", {"format": "json"}).json()
    signed_in(client, personas["expert_reviewing"])
    for part in PARTS:
        documented = schema["paths"][f"/api/reviews/{{id}}/{part}/"]["get"]["responses"]["200"]
        reference = documented["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
        assert {"count", "results"} <= set(component["properties"]), part
        body = client.get(f"/api/reviews/{review.pk}/{part}/", {"page_size": 2}).json()
        assert set(body) == {"count", "next", "previous", "results"}, part
        assert isinstance(body["results"], list), part
