"""The report as DOCX and PDF, and the Word round trip (P&R paras 33, 37, 44): sections in
content controls come back as new revisions, stale ones are refused with the conflict, every
page is marked confidential, Arabic has its direction and Arabic and Chinese are shaped."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx.oxml.ns import qn
from pypdf import PdfReader

from report_helpers import section_of
from revmech.accounts.models import Person
from revmech.reports import documents, services
from revmech.reports.models import Report, SectionKind
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def _edit(data: bytes, key: str, new_text: str) -> bytes:
    """What a delegate does in Word: replace the text inside one section's content control."""
    document = docx.Document(io.BytesIO(data))
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None and f":section:{key}:" in tag.get(qn("w:val")):
            texts = list(sdt.iter(qn("w:t")))
            texts[0].text = new_text
            for extra in texts[1:]:
                extra.text = ""
    # Text outside the controls is never read back.
    document.add_paragraph("Injected outside any section <script>alert(1)</script>")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("edited.docx", data)


def test_an_edited_section_comes_back_as_a_new_revision(
    report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.PRACTICE)
    exported = documents.report_docx(report, today=TODAY)
    outcome = services.import_docx(
        report=report,
        upload=_upload(_edit(exported, section.key, "Fifteen convictions in 2025.")),
        by=personas["expert_reviewing"],
    )
    assert [s.key for s in outcome.saved] == [section.key]
    assert outcome.conflicts == []
    section.refresh_from_db()
    assert section.text == "<p>Fifteen convictions in 2025.</p>"
    assert section.revisions.get(number=2).source == "word"
    assert not report.sections.filter(text__contains="Injected").exists()


def test_a_section_changed_since_the_export_is_refused_with_the_conflict(
    client: Client, report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.PRACTICE)
    exported = documents.report_docx(report, today=TODAY)
    services.save_section(
        section=section, text="<p>Changed online.</p>", based_on=1, by=personas["expert_reviewing"]
    )
    client.force_login(personas["expert_reviewing"])
    response = client.post(
        reverse("reports:import", kwargs={"review_id": report.review_id}),
        {"document": _upload(_edit(exported, section.key, "Changed in Word."))},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Changed <del>online.</del><ins>in Word.</ins>" in page
    section.refresh_from_db()
    assert section.text == "<p>Changed online.</p>"
    assert section.revision == 2


def test_a_document_of_another_report_or_no_document_is_refused(
    report: Report, personas: dict[str, Person]
) -> None:
    exported = documents.report_docx(report, today=TODAY)
    document = docx.Document(io.BytesIO(exported))
    for tag in document.element.body.iter(qn("w:tag")):
        value = tag.get(qn("w:val"))
        tag.set(qn("w:val"), value.replace(f":report:{report.pk}:", f":report:{report.pk + 1}:"))
    buffer = io.BytesIO()
    document.save(buffer)
    forged = buffer.getvalue()
    with pytest.raises(RuleViolation, match="another report"):
        services.import_docx(report=report, upload=_upload(forged), by=personas["expert_reviewing"])
    with pytest.raises(RuleViolation, match="not what its name says"):
        services.import_docx(
            report=report,
            upload=SimpleUploadedFile("edited.docx", b"MZ\x90\x00 an executable"),
            by=personas["expert_reviewing"],
        )


def test_arabic_paragraphs_have_their_direction_set(
    report: Report, personas: dict[str, Person]
) -> None:
    Report.objects.filter(pk=report.pk).update(language="ar")
    report.refresh_from_db()
    section = section_of(report, SectionKind.OBSERVATIONS)
    services.save_section(
        section=section,
        text="<p>ينبغي اعتماد قانون شامل.</p>",
        based_on=1,
        by=personas["expert_reviewing"],
    )
    document = docx.Document(io.BytesIO(documents.report_docx(report, today=TODAY)))
    arabic = [p for p in document.element.body.iter(qn("w:p")) if "قانون" in "".join(p.itertext())]
    assert arabic
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in arabic)


def test_every_pdf_page_is_marked_and_arabic_and_chinese_come_back_as_text(
    report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.OBSERVATIONS)
    long_text = "".join(f"<p>Paragraph {n} of observations.</p>" for n in range(120))
    services.save_section(
        section=section,
        text=long_text + "<p>القانون الجنائي</p><p>有组织犯罪</p>",
        based_on=1,
        by=personas["expert_reviewing"],
    )
    reader = PdfReader(io.BytesIO(documents.report_pdf(report, today=TODAY)))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 1
    assert all("CONFIDENTIAL" in text for text in pages)
    # pypdf puts a NUL between the two-byte CJK codes; Arabic words come back whole, in the
    # order they are laid out on the page (right to left).
    everything = "\n".join(pages).replace("\x00", "")
    assert "有组织犯罪" in everything
    assert "القانون" in everything
    assert "الجنائي" in everything


def test_a_docx_export_is_marked_confidential_and_logged(
    client: Client, report: Report, personas: dict[str, Person]
) -> None:
    client.force_login(personas["observer"])
    response = client.get(reverse("reports:docx", kwargs={"review_id": report.review_id}))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert "CONFIDENTIAL" in document.sections[0].header.paragraphs[0].text
    # The observer reads only: the export carries no editable sections.
    assert not list(document.element.body.iter(qn("w:sdt")))
    client.force_login(personas["outsider"])
    assert (
        client.get(reverse("reports:pdf", kwargs={"review_id": report.review_id})).status_code
        == 404
    )


def test_one_article_is_exported_alone(
    client: Client, report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.PRACTICE)
    client.force_login(personas["expert_reviewing"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert f"?article={section.article}" in page
    response = client.get(
        reverse("reports:docx", kwargs={"review_id": report.review_id}),
        {"article": section.article},
    )
    tags = [
        t.get(qn("w:val"))
        for t in docx.Document(io.BytesIO(response.content)).element.body.iter(qn("w:tag"))
    ]
    assert tags
    expected = {s.key for s in report.sections.filter(part="report", article=section.article)}
    assert {tag.split(":section:")[1].rsplit(":", 1)[0] for tag in tags} == expected
