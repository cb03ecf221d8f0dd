"""The constructive dialogue (P&R paras 28-30), country visits (31, 48), documents exchanged,
technical assistance (15) and information from other mechanisms (28): services and pages."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.reviews import services
from revmech.reviews.models import (
    AssistanceRequest,
    AssistanceStatus,
    CountryReview,
    CountryVisit,
    DialogueRequest,
    DocumentVersion,
    RequestStatus,
    Stage,
    VisitStatus,
)
from revmech.rules import RuleViolation

# Each move finds its artefact (reviews.artefacts; their refusals: test_reviews_artefacts.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("review_artefacts")]

NOW = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Any) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def in_desk_review(review: CountryReview, personas: dict[str, Person]) -> CountryReview:
    focal_point = personas["focal_point_under_review"]
    services.open_consultations(review=review, by=focal_point, today=dt.date(2026, 6, 20))
    services.record_consultations(
        review=review,
        by=focal_point,
        today=dt.date(2026, 7, 1),
        working_languages=["en"],
        schedule="Calls in July",
    )
    services.submit_self_assessment(review=review, by=focal_point, today=dt.date(2026, 9, 1))
    return review


def _ask(review: CountryReview, by: Person) -> DialogueRequest:
    return services.ask_in_dialogue(
        review=review, by=by, kind="clarification", text="Which courts?", now=NOW
    )


# The dialogue


def test_a_reviewing_state_asks_and_the_state_under_review_answers_in_a_thread(
    in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    asker = personas["expert_reviewing"]
    asker.language = "ar"
    asker.save()
    asked = _ask(in_desk_review, asker)
    assert asked.state.code == "FRA"
    assert asked.status == RequestStatus.OPEN
    recipients = {m.to[0] for m in mail.outbox}
    assert personas["focal_point_under_review"].email in recipients
    assert asker.email not in recipients
    mail.outbox.clear()
    services.answer_in_dialogue(
        dialogue_request=asked, by=personas["expert_under_review"], text="The high court.", now=NOW
    )
    services.answer_in_dialogue(
        dialogue_request=asked, by=personas["focal_point_under_review"], text="Also...", now=NOW
    )
    asked.refresh_from_db()
    assert asked.status == RequestStatus.ANSWERED
    assert [r.text for r in asked.replies.all()] == ["The high court.", "Also..."]
    to_asker = [m for m in mail.outbox if m.to == [asker.email]]
    assert to_asker
    assert "كينيا" in to_asker[0].body  # Kenya, in the reader's language
    assert Entry.objects.filter(action="reviews.dialogue.answered").count() == 2


@pytest.mark.parametrize(
    ("persona", "may_ask", "may_answer"),
    [
        ("expert_reviewing", True, False),
        ("focal_point_reviewing", True, False),
        ("focal_point_under_review", False, True),
        ("expert_under_review", False, True),
        ("observer", False, False),
        ("secretariat", False, False),
        ("outsider", False, False),
    ],
)
def test_who_asks_and_who_answers(
    in_desk_review: CountryReview,
    personas: dict[str, Person],
    persona: str,
    may_ask: bool,
    may_answer: bool,
) -> None:
    person = personas[persona]
    if may_ask:
        _ask(in_desk_review, person)
    else:
        with pytest.raises(PermissionDenied):
            _ask(in_desk_review, person)
    asked = _ask(in_desk_review, personas["expert_reviewing"])
    if may_answer:
        services.answer_in_dialogue(dialogue_request=asked, by=person, text="Yes.", now=NOW)
    else:
        with pytest.raises(PermissionDenied):
            services.answer_in_dialogue(dialogue_request=asked, by=person, text="Yes.", now=NOW)


def test_no_request_before_the_desk_review(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="Drawn"):
        _ask(review, personas["expert_reviewing"])


def test_calls_are_scheduled_with_participants_and_minutes_on_the_page(
    client: Client, in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["focal_point_reviewing"])
    url = reverse("reviews:schedule_meeting", kwargs={"review_id": in_desk_review.pk})
    response = client.post(
        url,
        {
            "kind": "videoconference",
            "starts_at": "2026-10-12T14:30",
            "participants": "Kenya, Nigeria, France",
        },
    )
    assert response.status_code == 302
    meeting = in_desk_review.meetings.get()
    assert meeting.participants == "Kenya, Nigeria, France"
    assert any(personas["focal_point_under_review"].email in m.to for m in mail.outbox)
    minutes_url = reverse("reviews:record_minutes", kwargs={"review_id": in_desk_review.pk})
    client.post(minutes_url, {"meeting_id": meeting.pk, "minutes": "Agreed on the timeline."})
    page = client.get(in_desk_review.get_absolute_url()).content.decode()
    assert "Videoconference" in page
    assert "Agreed on the timeline." in page
    client.force_login(personas["observer"])
    response = client.post(minutes_url, {"meeting_id": meeting.pk, "minutes": "x"})
    assert response.status_code == 404


def test_the_dialogue_pages_ask_and_answer(
    client: Client, in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_reviewing"])
    ask_url = reverse("reviews:ask", kwargs={"review_id": in_desk_review.pk})
    client.post(ask_url, {"kind": "supplementary_question", "text": "How many cases?"})
    asked = in_desk_review.dialogue_requests.get()
    client.force_login(personas["focal_point_under_review"])
    page = client.get(in_desk_review.get_absolute_url()).content.decode()
    assert "How many cases?" in page
    assert "Send the answer" in page
    answer_url = reverse("reviews:answer", kwargs={"review_id": in_desk_review.pk})
    client.post(answer_url, {"request_id": asked.pk, "text": "Twelve in 2025."})
    page = client.get(in_desk_review.get_absolute_url()).content.decode()
    assert "Twelve in 2025." in page
    assert "Answered" in page


# Country visits


def _propose(review: CountryReview, by: Person) -> CountryVisit:
    return services.propose_visit(
        review=review,
        by=by,
        starts_on=dt.date(2026, 11, 2),
        ends_on=dt.date(2026, 11, 4),
        purpose="Meet the prosecutors",
        now=NOW,
    )


@pytest.mark.parametrize(
    "persona", ["expert_under_review", "focal_point_reviewing", "secretariat", "expert_reviewing"]
)
def test_only_the_focal_point_of_the_state_under_review_agrees_to_a_visit(
    in_desk_review: CountryReview, personas: dict[str, Person], persona: str
) -> None:
    visit = _propose(in_desk_review, personas["expert_reviewing"])
    with pytest.raises(PermissionDenied):
        services.decide_visit(visit=visit, by=personas[persona], agree=True, now=NOW)
    services.decide_visit(visit=visit, by=personas["focal_point_under_review"], agree=True, now=NOW)
    assert CountryVisit.objects.get(pk=visit.pk).status == VisitStatus.AGREED


def test_a_visit_is_proposed_agreed_and_recorded_with_the_stakeholders_met(
    client: Client, in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    visit = _propose(in_desk_review, personas["secretariat"])
    assert visit.proposed_by_state is None
    client.force_login(personas["focal_point_under_review"])
    page = client.get(in_desk_review.get_absolute_url()).content.decode()
    assert "voluntary contributions" in page
    assert "Agree to the visit" in page
    decide = reverse("reviews:decide_visit", kwargs={"review_id": in_desk_review.pk})
    client.post(decide, {"visit_id": visit.pk, "decision": "agree"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.AGREED
    response = client.post(decide, {"visit_id": visit.pk, "decision": "decline"}, follow=True)
    assert "already decided" in response.content.decode()
    record = reverse("reviews:record_visit", kwargs={"review_id": in_desk_review.pk})
    client.post(
        record,
        {
            "visit_id": visit.pk,
            "starts_on": "2026-11-03",
            "ends_on": "2026-11-05",
            "stakeholders_met": "Ministry of Justice\nChamber of Commerce\n",
        },
    )
    visit.refresh_from_db()
    assert visit.stakeholder_list == ["Ministry of Justice", "Chamber of Commerce"]
    assert visit.starts_on == dt.date(2026, 11, 3)
    page = client.get(in_desk_review.get_absolute_url()).content.decode()
    assert "Chamber of Commerce" in page


def test_a_declined_visit_cannot_be_recorded(
    in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    visit = _propose(in_desk_review, personas["expert_reviewing"])
    services.decide_visit(
        visit=visit, by=personas["focal_point_under_review"], agree=False, now=NOW
    )
    with pytest.raises(RuleViolation, match="agreed"):
        services.record_visit(
            visit=visit,
            by=personas["expert_reviewing"],
            starts_on=dt.date(2026, 11, 2),
            ends_on=dt.date(2026, 11, 4),
            stakeholders_met="Police",
            now=NOW,
        )


def test_the_state_under_review_does_not_propose_a_visit_to_itself(
    in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    with pytest.raises(PermissionDenied):
        _propose(in_desk_review, personas["focal_point_under_review"])


# Documents


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_a_new_upload_of_the_same_document_adds_a_version(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    first = services.upload_document(
        review=review,
        by=personas["focal_point_under_review"],
        upload=SimpleUploadedFile("../../etc/schedule.txt", b"first"),
        title="Schedule",
        now=NOW,
    )
    second = services.upload_document(
        review=review,
        by=personas["expert_reviewing"],
        upload=SimpleUploadedFile("schedule.odt", _odt()),
        document=first.document,
        now=NOW,
    )
    assert (first.number, second.number) == (1, 2)
    assert second.document == first.document
    assert first.document.stage == Stage.DRAWN
    assert first.original_name == "schedule.txt"
    assert "schedule" not in first.file.name
    assert second.content_type == "application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("law.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # an executable renamed .pdf
        ("law.pdf", b"\x7fELF\x02\x01\x01\x00"),
        ("law.txt", b"%PDF-1.7 ..."),  # a PDF named as text
        ("archive.zip", b"PK\x03\x04not really"),
    ],
)
def test_a_file_not_what_its_name_says_is_refused(
    review: CountryReview, personas: dict[str, Person], name: str, data: bytes
) -> None:
    with pytest.raises(RuleViolation, match="not what its name says"):
        services.upload_document(
            review=review,
            by=personas["focal_point_under_review"],
            upload=SimpleUploadedFile(name, data),
            title="Law",
            now=NOW,
        )
    assert not review.documents.exists()


def test_a_file_over_the_limit_is_refused(
    review: CountryReview, personas: dict[str, Person], settings: Any
) -> None:
    settings.REVIEWS_MAX_DOCUMENT_BYTES = 1024 * 1024
    with pytest.raises(RuleViolation, match="larger than 1 MB"):
        services.upload_document(
            review=review,
            by=personas["focal_point_under_review"],
            upload=SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1)),
            title="Big",
            now=NOW,
        )


def test_observers_read_documents_but_do_not_upload(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    with pytest.raises(PermissionDenied):
        services.upload_document(
            review=review,
            by=personas["observer"],
            upload=SimpleUploadedFile("a.txt", b"a"),
            title="A",
            now=NOW,
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("observer", 200),
        ("expert_reviewing", 200),
        ("secretariat", 200),
        ("secretariat_unassigned", 404),
        ("outsider", 404),
        ("expert_reviewing_other_instrument", 404),
    ],
)
def test_downloads_go_through_the_predicates_and_are_audited(
    client: Client, review: CountryReview, personas: dict[str, Person], persona: str, status: int
) -> None:
    version = services.upload_document(
        review=review,
        by=personas["focal_point_under_review"],
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 Kenya plan"),
        title="Plan",
        now=NOW,
    )
    client.force_login(personas[persona])
    response = client.get(version.get_absolute_url())
    assert response.status_code == status
    downloads = Entry.objects.filter(action="reviews.document.downloaded")
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 Kenya plan"  # type: ignore[attr-defined]
        assert 'filename="plan.pdf"' in response.headers["Content-Disposition"]
        assert downloads.filter(actor=personas[persona]).count() == 1
    else:
        assert not downloads.exists()


def test_the_upload_page_stores_a_new_version(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["focal_point_under_review"])
    url = reverse("reviews:upload_document", kwargs={"review_id": review.pk})
    client.post(url, {"title": "Answers", "file": SimpleUploadedFile("a.txt", b"one")})
    document = review.documents.get()
    client.post(url, {"document_id": document.pk, "file": SimpleUploadedFile("b.txt", b"two")})
    assert DocumentVersion.objects.filter(document=document).count() == 2
    response = client.post(
        url, {"title": "Bad", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")}, follow=True
    )
    assert "not what its name says" in response.content.decode()
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Version 2: b.txt" in page


# Technical assistance (P&R para 15)


def test_the_focal_point_requests_assistance_and_the_secretariat_tracks_it(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    with pytest.raises(PermissionDenied):
        services.request_assistance(
            review=review, by=personas["expert_under_review"], need="x", now=NOW
        )
    client.force_login(personas["focal_point_under_review"])
    url = reverse("reviews:request_assistance", kwargs={"review_id": review.pk})
    client.post(url, {"need": "Training to compile statistics"})
    need = AssistanceRequest.objects.get()
    assert need.status == AssistanceStatus.RECEIVED
    assert any(personas["secretariat"].email in m.to for m in mail.outbox)
    assert client.get(reverse("reviews:assistance")).status_code == 404
    client.force_login(personas["secretariat_unassigned"])
    page = client.get(reverse("reviews:assistance")).content.decode()
    assert "Training to compile statistics" in page
    update = reverse("reviews:update_assistance", kwargs={"request_id": need.pk})
    client.post(update, {"status": "in_progress", "notes": ""})
    response = client.post(update, {"status": "closed", "notes": ""}, follow=True)
    assert "how the request was closed" in response.content.decode()
    client.post(update, {"status": "closed", "notes": "Expert mission held."})
    need.refresh_from_db()
    assert (need.status, need.notes) == (AssistanceStatus.CLOSED, "Expert mission held.")
    with pytest.raises(RuleViolation, match="closed"):
        services.update_assistance(
            assistance=need, by=personas["secretariat"], status="received", notes="", now=NOW
        )
    closed = client.get(reverse("reviews:assistance"), {"status": "received"}).content.decode()
    assert "Training to compile statistics" not in closed


def test_assistance_is_for_answering_the_questionnaire_only(
    in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    focal_point = personas["expert_reviewing"]
    services.send_desk_review(review=in_desk_review, by=focal_point, today=dt.date(2026, 9, 20))
    with pytest.raises(RuleViolation, match="Constructive dialogue"):
        services.request_assistance(
            review=in_desk_review, by=personas["focal_point_under_review"], need="x", now=NOW
        )


# Information from other mechanisms (P&R para 28)


def test_reviewing_states_attach_references_as_links_or_files(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_reviewing"])
    url = reverse("reviews:add_reference", kwargs={"review_id": review.pk})
    client.post(
        url,
        {"mechanism": "GRETA", "title": "Evaluation report", "url": "https://example.org/greta"},
    )
    client.post(
        url,
        {
            "mechanism": "ESAAMLG",
            "title": "Mutual evaluation",
            "file": SimpleUploadedFile("me.pdf", b"%PDF-1.4 evaluation"),
        },
    )
    response = client.post(url, {"mechanism": "X", "title": "Nothing"}, follow=True)
    assert "Give a link or a file" in response.content.decode()
    references = list(review.references.all())
    assert [r.mechanism for r in references] == ["GRETA", "ESAAMLG"]
    assert references[1].document is not None
    page = client.get(review.get_absolute_url()).content.decode()
    assert "https://example.org/greta" in page
    assert references[1].document.versions.get().get_absolute_url() in page
    with pytest.raises(PermissionDenied):
        services.add_reference(
            review=review,
            by=personas["focal_point_under_review"],
            mechanism="M",
            title="T",
            url="https://example.org",
            now=NOW,
        )


# The overview's XLSX export


def test_the_overview_exports_as_xlsx(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["secretariat_unassigned"])
    response = client.get(reverse("reviews:overview_xlsx"), {"stage": "drawn"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("phase", "instrument", "working_groups", "state_under_review")
    assert ("KEN", "FRA NGA", "drawn") in [(r[3], r[4], r[6]) for r in rows[1:]]
    client.force_login(personas["focal_point_under_review"])
    assert client.get(reverse("reviews:overview_xlsx")).status_code == 404


def test_calls_and_visits_are_in_the_calendar_feed_until_a_visit_is_declined(
    client: Client, in_desk_review: CountryReview, personas: dict[str, Person]
) -> None:
    starts_at = dt.datetime(2026, 10, 20, 13, 0, tzinfo=dt.UTC)
    services.schedule_meeting(
        review=in_desk_review,
        by=personas["expert_reviewing"],
        kind="videoconference",
        starts_at=starts_at,
        participants="KEN, NGA, FRA",
        now=NOW,
    )
    visit = _propose(in_desk_review, personas["secretariat"])
    person = personas["expert_reviewing"]
    path = services.calendar_path(services.create_calendar_feed(person=person, now=NOW))

    def events() -> dict[str, Any]:
        calendar = Calendar.from_ical(client.get(path).content)
        return {str(e["uid"]): e for e in calendar.walk("VEVENT")}

    found = events()
    meeting = next(e for uid, e in found.items() if "-meeting-" in uid)
    assert meeting["dtstart"].dt == starts_at
    proposed = found[f"review-{in_desk_review.pk}-visit-{visit.pk}@revmech"]
    assert proposed["dtstart"].dt == dt.date(2026, 11, 2)
    assert proposed["dtend"].dt == dt.date(2026, 11, 5)  # the last day included
    services.decide_visit(
        visit=visit, by=personas["focal_point_under_review"], agree=False, now=NOW
    )
    assert f"review-{in_desk_review.pk}-visit-{visit.pk}@revmech" not in events()
