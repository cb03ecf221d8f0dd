"""The access matrix: every URL of the site against every persona, from the one declared table.

A new URL without a declared rule fails `test_every_url_declares_who_may_use_it`; each declared
rule is then checked for every role and relationship to a review (P&R paras 32, 37, 39).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from civil_society_world import AFTER_BRIEFING, BEFORE_DEADLINE, make_world
from personas import PERSONAS
from revmech.accounts import services as account_services
from revmech.accounts.models import Appointment, Person, Role
from revmech.audit import services as audit
from revmech.civil_society import models as civil_society
from revmech.civil_society import services as civil_society_services
from revmech.followup import services as followup_services
from revmech.followup.models import Finding, Need
from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.lots.models import Draw
from revmech.meetings import services as meeting_services
from revmech.meetings.models import Document, DocumentFile, Session
from revmech.questionnaires import services as questionnaire_services
from revmech.questionnaires.models import Attachment, QuestionnaireDefinition
from revmech.registry import models as registry
from revmech.reviews import services as review_services
from revmech.reviews.models import AssistanceRequest, CountryReview, DocumentVersion
from revmech.rules import lots as lot_rules
from revmech.secretariat import demo as secretariat_demo
from revmech.secretariat.models import (
    BudgetProposal,
    Contribution,
    Course,
    Participant,
    SupportRequest,
)
from revmech.site import access

pytestmark = pytest.mark.django_db

OPEN_SEED = "matrix open draw seed 7391"
CONFIRMED_SEED = "matrix confirmed draw seed 2284"


def _small_world() -> lot_rules.World:
    groups = ["African", "Western European and others"]
    states = [
        {
            "code": f"{g[0]}{i:02d}",
            "regional_group": g,
            "legal_system": "civil law",
            "party_to": ["UNTOC"],
        }
        for g in groups
        for i in range(4)
    ]
    return lot_rules.world_from_json(
        {
            "format": "revmech.world.v1",
            "regional_groups": groups,
            "instruments": [{"code": "UNTOC"}],
            "states": states,
        }
    )


def _draw(seed: str, status: str) -> Draw:
    meeting = lot_rules.draw_phase(_small_world(), seed)
    return Draw.objects.create(
        phase=9,
        title=f"Draw {seed}",
        held_on=dt.date(2026, 6, 1),
        seed=seed,
        protocol=meeting.protocol(),
        status=status,
    )


@pytest.fixture
def subjects(
    review: CountryReview, personas: dict[str, Person], settings: Any, tmp_path: Any
) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    calendar_token = review_services.create_calendar_feed(
        person=personas["focal_point_under_review"], now=dt.datetime.now(dt.UTC)
    )
    nominee = account_services.nominate(
        state=registry.State.objects.get(code="KEN"),
        role=Role.EXPERT,
        instrument=registry.Instrument.objects.get(code="UNTOC"),
        person_name="Matrix Nominee",
        email="matrix.nominee@example.org",
        note_verbale_reference="NV/matrix",
        note_verbale_on=None,
        nominated_by=personas["secretariat"],
    )
    questionnaire_services.ensure_first_phase_definitions()
    questionnaire = questionnaire_services.start_questionnaire(review=review, by=None)
    attachment = Attachment.objects.create(
        questionnaire=questionnaire,
        stored_token="matrix.txt",
        file=SimpleUploadedFile("matrix.txt", b"Kenya statistics"),
        original_name="statistics.txt",
        content_type="text/plain",
        size=16,
        sha256="0" * 64,
        uploaded_at=dt.datetime.now(dt.UTC),
        uploaded_by=personas["focal_point_under_review"],
    )
    document_version = review_services.upload_document(
        review=review,
        by=personas["focal_point_under_review"],
        upload=SimpleUploadedFile("schedule.txt", b"Kenya schedule"),
        title="Schedule",
        now=dt.datetime.now(dt.UTC),
    )
    assistance_request = review_services.request_assistance(
        review=review,
        by=personas["focal_point_under_review"],
        need="Help with statistics",
        now=dt.datetime.now(dt.UTC),
    )
    session = meeting_services.record_session(
        body="wgta",
        number=17,
        starts_on=dt.date(2026, 9, 8),
        ends_on=dt.date(2026, 9, 10),
        place="Vienna",
        actor=personas["secretariat"],
    )
    document = meeting_services.issue_document(
        session=session,
        kind="summary",
        titles={"en": "Executive summary: Kenya"},
        issued_on=dt.date(2026, 9, 1),
        files={"en": SimpleUploadedFile("summary.pdf", b"%PDF-1.4 matrix summary")},
        actor=personas["secretariat"],
    )
    _report_needs, findings = followup_services.record_report_outcome(
        review=review,
        needs=followup_services.need_inputs_from(
            [{"type": "legislative", "description": "Kenya drafting", "article": "5"}]
        ),
        findings=[followup_services.FindingInput(kind="observation", text="Kenya to act", key="o")],
        is_public=False,
        identified_on=dt.date(2026, 12, 1),
        now=dt.datetime.now(dt.UTC),
        report_key="matrix-report",
    )
    ngo_world = make_world(personas)
    civil_society_services.confirm_attendance(
        invitation=ngo_world.invitation, by=personas["ngo"], now=BEFORE_DEADLINE
    )
    comment = civil_society_services.submit_comment(
        invitation=ngo_world.invitation, text="Matrix comments", by=personas["ngo"]
    )
    summary = civil_society_services.submit_summary(
        briefing=ngo_world.briefing,
        organization=ngo_world.organization,
        title="Matrix summary",
        text="Matrix summary text",
        by=personas["ngo"],
        now=AFTER_BRIEFING,
    )
    objection = civil_society_services.record_objection(
        invitation=ngo_world.invitation,
        state=registry.State.objects.get(code="BRA"),
        reasons="Matrix objection",
        received_on=dt.date(2026, 4, 25),
        actor=personas["secretariat"],
    )
    secretariat_demo.load(personas["secretariat"])
    _none, public_findings = followup_services.record_report_outcome(
        review=review,
        needs=[],
        findings=[
            followup_services.FindingInput(kind="good_practice", text="A task force", key="g")
        ],
        is_public=True,
        identified_on=dt.date(2026, 12, 1),
        now=dt.datetime.now(dt.UTC),
        report_key="matrix-published-report",
    )
    return {
        "good_practice": public_findings[0],
        "need": Need.objects.get(source_key="matrix-report:need:0"),
        "finding": findings[0],
        "organization": ngo_world.organization,
        "briefing": ngo_world.briefing,
        "invitation": ngo_world.invitation,
        "comment": comment,
        "summary": summary,
        "objection": objection,
        "proposal": BudgetProposal.objects.get(),
        "contribution": Contribution.objects.order_by("pk").first(),
        "course": Course.objects.get(),
        "participant": Participant.objects.get(),
        "support": SupportRequest.objects.get(),
        "chart": "needs-instrument-type",
        "functioning_chart": "durations",
        "working_group": registry.WorkingGroup.objects.get(code="WGTA"),
        "working_group_chart": (
            registry.WorkingGroup.objects.get(code="WGTA"),
            "needs-cluster-status",
        ),
        "session": session,
        "document": document,
        "document_file": document.files.get(language="en"),
        "document_version": document_version,
        "assistance_request": assistance_request,
        "definition": QuestionnaireDefinition.objects.order_by("pk").first(),
        "attachment": attachment,
        "appointment": Appointment.objects.get(person=personas["expert_under_review"]),
        "activation_token": account_services.send_activation_link(
            appointment=nominee, sent_by=personas["secretariat"]
        ),
        "lists_format": "xlsx",
        # Made at once by the test settings' task backend: the page and the file are there.
        "export_job": exports.queue_export(
            kind="accounts.lists",
            requested_by=personas["secretariat"],
            parameters={"file_format": "xlsx", "instrument": ""},
            language="en",
        ),
        "calendar_token": calendar_token,
        "review": review,
        "draw": {"open": _draw(OPEN_SEED, "open"), "confirmed": _draw(CONFIRMED_SEED, "confirmed")},
        "state": registry.State.objects.get(code="FRA"),
        "instrument": registry.Instrument.objects.get(code="TIP"),
        "participation": registry.Participation.objects.get(
            state__code="DEU", instrument__code="FIREARMS"
        ),
    }


def _kwargs(name: str, subject: Any) -> dict[str, Any]:
    if subject is None:
        return {}
    if name == "accounts:lists_export":
        return {"file_format": subject}
    if isinstance(subject, ExportJob):
        return {"job_id": subject.pk}
    if name.startswith("followup:") and isinstance(subject, str):  # a chart's name
        return {"key": subject}
    if isinstance(subject, registry.WorkingGroup):
        return {"code": subject.code}
    if isinstance(subject, tuple):  # a working group's chart
        return {"code": subject[0].code, "key": subject[1]}
    if isinstance(subject, str):  # a secret token in the address (calendar feeds, activation)
        return {"token": subject}
    if isinstance(subject, Appointment):
        return {"appointment_id": subject.pk}
    if isinstance(subject, registry.State | registry.Instrument):
        return {"code": subject.code}
    if isinstance(subject, registry.Participation):
        return {"participation_id": subject.pk}
    if isinstance(subject, QuestionnaireDefinition):
        return {"definition_id": subject.pk}
    if isinstance(subject, Attachment):
        return {"attachment_id": subject.pk}
    if isinstance(subject, DocumentVersion):
        return {"review_id": subject.document.review_id, "version_id": subject.pk}
    if isinstance(subject, Need):
        return {"pk" if "-" in name else "need_id": subject.pk}
    if isinstance(subject, Finding):
        return {"pk" if "-" in name else "finding_id": subject.pk}
    if isinstance(subject, AssistanceRequest):
        return {"request_id": subject.pk}
    civil_society_keys = {
        civil_society.Organization: "organization_id",
        civil_society.Briefing: "briefing_id",
        civil_society.Invitation: "invitation_id",
        civil_society.WrittenComment: "comment_id",
        civil_society.Summary: "summary_id",
        civil_society.Objection: "objection_id",
    }
    if type(subject) in civil_society_keys:
        return {"pk" if "-" in name else civil_society_keys[type(subject)]: subject.pk}
    if isinstance(subject, Session):
        return {"pk" if "-" in name else "session_id": subject.pk}
    if isinstance(subject, Document):
        return {"document_id": subject.pk}
    secretariat_keys = {
        BudgetProposal: "proposal_id",
        Contribution: "contribution_id",
        Course: "course_id",
        Participant: "participant_id",
        SupportRequest: "support_id",
    }
    if type(subject) in secretariat_keys:
        return {"pk" if "-" in name else secretariat_keys[type(subject)]: subject.pk}
    if isinstance(subject, DocumentFile):
        return {"document_id": subject.document_id, "language": subject.language}
    key = {"review": "review_id", "draw": "draw_id"}[
        "review" if isinstance(subject, CountryReview) else "draw"
    ]
    if "-" in name:  # REST framework routes take `pk`
        key = "pk"
    return {key: subject.pk}


# What each object must never leak to someone refused: a word of its content.
LEAKS = {
    "review": "Kenya",
    "need": "Kenya",
    "finding": "Kenya",
    "draw:open": OPEN_SEED,
    "draw:confirmed": CONFIRMED_SEED,
    "invitation": "Matrix comments",
    "comment": "Matrix comments",
    "objection": "Matrix objection",
    "summary": "Matrix summary",
    "contribution": "Norway",
    "proposal": "Two sessions of each group",
}


def test_every_url_declares_who_may_use_it() -> None:
    assert access.undeclared() == []


def test_the_table_declares_only_urls_that_exist() -> None:
    names = {name for name, _route in access.url_names()}
    assert set(access.table()) - names == set()


def _cases() -> list[tuple[str, str]]:
    return [
        (name, persona) for name in sorted(access.table()) for persona in [*PERSONAS, "anonymous"]
    ]


@pytest.mark.parametrize("name", sorted(access.table()))
def test_each_persona_gets_exactly_what_the_table_allows(
    client: Client, personas: dict[str, Person], subjects: dict[str, Any], name: str
) -> None:
    rule = access.table()[name]
    targets: list[tuple[str, Any]]
    if rule.subject == "draw":
        targets = [
            ("draw:open", subjects["draw"]["open"]),
            ("draw:confirmed", subjects["draw"]["confirmed"]),
        ]
    elif rule.subject is not None:
        targets = [(rule.subject, subjects[rule.subject])]
    else:
        targets = [("", None)]
    audit.record("matrix.check", actor=personas["secretariat"], subject=subjects["review"])
    for persona in [*PERSONAS, "anonymous"]:
        client.logout()
        person = personas.get(persona)
        if person is not None:
            client.force_login(person)
        for leak_key, subject in targets:
            url = reverse(name, kwargs=_kwargs(name, subject))
            response = client.post(url) if rule.method == "POST" else client.get(url)
            allowed = rule.is_public or bool(rule.rule(person, subject))  # type: ignore[misc]
            where = f"{name} {leak_key} as {persona}: {response.status_code}"
            if allowed:
                if rule.method != "POST":
                    expected = {200}
                elif "-" in name:  # REST framework actions refuse an empty body with 400
                    expected = {200, 201, 400, 409}
                else:
                    expected = {200, 302}
                assert response.status_code in expected, where
                continue
            if person is None:
                assert response.status_code in {302, 401, 403, 404}, where
                if response.status_code == 302:
                    assert "/login" in response.headers["location"], where
            else:
                assert response.status_code == 404, where
            leak = LEAKS.get(leak_key)
            if leak:
                assert leak not in response.content.decode(), where
