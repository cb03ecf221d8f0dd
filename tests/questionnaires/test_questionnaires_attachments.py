"""Bad input (issue 6): over-size or disguised files, script in rich text; downloads audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.questionnaires import services
from revmech.questionnaires.models import Attachment, Questionnaire
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _attach(q: Questionnaire, person: Person, name: str, data: bytes) -> Attachment:
    return services.add_attachment(
        questionnaire=q, upload=SimpleUploadedFile(name, data), by=person
    )


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def test_a_pdf_a_docx_and_a_text_file_are_kept_under_random_names(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    expert = personas["expert_under_review"]
    pdf = _attach(questionnaire, expert, "../../Penal Code.pdf", b"%PDF-1.7\n...")
    law = _attach(questionnaire, expert, "decision.docx", _docx_bytes())
    stats = _attach(questionnaire, expert, "statistics.csv", b"year,cases\n2025,12\n")
    assert pdf.original_name == "Penal Code.pdf"
    assert "Penal" not in pdf.file.name
    assert pdf.file.name.endswith(".pdf")
    assert law.content_type.endswith("wordprocessingml.document")
    assert stats.content_type == "text/plain"


def test_an_executable_named_pdf_is_refused(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="not what its name says"):
        _attach(questionnaire, personas["expert_under_review"], "law.pdf", b"MZ\x90\x00" * 64)
    assert not Attachment.objects.exists()


def test_a_pdf_named_docx_is_refused(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="not what its name says"):
        _attach(questionnaire, personas["expert_under_review"], "law.docx", b"%PDF-1.4 x")


def test_an_oversize_file_is_refused(
    questionnaire: Questionnaire, personas: dict[str, Person], settings: Any
) -> None:
    settings.QUESTIONNAIRE_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(RuleViolation, match="larger than"):
        _attach(questionnaire, personas["expert_under_review"], "big.pdf", b"%PDF-" + b"0" * 2000)


def test_script_and_event_handlers_are_removed_and_formatting_kept(
    questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    key = f"{questionnaire.structures()[0].sections[0].key}.challenges"
    answer = services.save_answer(
        questionnaire=questionnaire,
        question_key=key,
        text='<p onclick="steal()">Some <strong>bold</strong> <script>alert(1)</script>'
        '<a href="javascript:alert(2)">link</a></p><ul><li>one</li></ul>',
        based_on_version=0,
        by=personas["expert_under_review"],
    )
    assert answer is not None
    assert "script" not in answer.text
    assert "onclick" not in answer.text
    assert "javascript" not in answer.text
    assert "<strong>bold</strong>" in answer.text
    assert "<li>one</li>" in answer.text


def test_downloads_go_through_the_permission_and_are_audited(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    found = _attach(questionnaire, personas["expert_under_review"], "law.pdf", b"%PDF-1.7 law")
    url = reverse("questionnaires:attachment", kwargs={"attachment_id": found.pk})
    client.force_login(personas["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(personas["expert_reviewing"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 law"  # type: ignore[attr-defined]
    assert 'filename="law.pdf"' in response["Content-Disposition"]
    assert Entry.objects.filter(
        action="questionnaires.attachment.downloaded", actor_id=personas["expert_reviewing"].pk
    ).exists()


def test_uploading_through_the_page_shows_the_refusal(
    client: Client, questionnaire: Questionnaire, personas: dict[str, Person]
) -> None:
    client.force_login(personas["expert_under_review"])
    url = reverse("questionnaires:upload", kwargs={"review_id": questionnaire.review_id})
    fake = SimpleUploadedFile("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 50)
    response = client.post(url, {"file": fake}, follow=True)
    assert "not what its name says" in response.content.decode()
    assert not Attachment.objects.exists()
