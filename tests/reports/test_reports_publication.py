"""After agreement: the summary in six languages issued as a working-group document and
published with an Atom feed (P&R paras 36, 45), the report or chosen sections published by the
State under review (para 38), further translations with their funding (para 46), and access on
request, acknowledged, watermarked and logged (para 39)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from report_helpers import approve_by_the_three, section_of
from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.meetings import services as meeting_services
from revmech.reports import services
from revmech.reports.models import Report, SectionKind, TranslationStatus
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db

SUMMARIES = {
    "ar": "<p>ملخص تنفيذي</p>",
    "zh": "<p>执行摘要</p>",
    "en": "<p>Executive summary in English.</p>",
    "fr": "<p>Résumé analytique.</p>",
    "ru": "<p>Резюме.</p>",
    "es": "<p>Resumen ejecutivo.</p>",
}
SECRET = "A confidential observation never published"


@pytest.fixture
def final(
    at_draft_report: Report, focal_points: dict[str, Person], personas: dict[str, Person]
) -> Report:
    report = at_draft_report
    services.save_section(
        section=section_of(report, SectionKind.OBSERVATIONS),
        text=f"<p>{SECRET}</p>",
        based_on=1,
        by=personas["expert_reviewing"],
    )
    services.save_section(
        section=section_of(report, SectionKind.SUCCESSES),
        text="<p>A public success.</p>",
        based_on=1,
        by=personas["expert_reviewing"],
    )
    approve_by_the_three(report, focal_points)
    report.refresh_from_db()
    assert report.is_final
    return report


def _word(text: str) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("resume.docx", buffer.getvalue())


def test_the_summary_is_published_in_six_languages_with_its_symbol(
    client: Client, final: Report, personas: dict[str, Person]
) -> None:
    secretariat = personas["secretariat"]
    rows = {t.language: t for t in final.translations.all()}
    assert set(rows) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert rows["en"].status == TranslationStatus.RECEIVED
    assert rows["fr"].status == TranslationStatus.REQUESTED
    session = meeting_services.record_session(
        body="wgta", number=30, starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2027, 6, 3),
        place="Vienna", actor=secretariat,
    )  # fmt: skip
    with pytest.raises(RuleViolation, match="each is checked"):
        services.publish_summary(
            report=final, session=session, by=secretariat, issued_on=dt.date(2027, 3, 1)
        )
    for code, text in SUMMARIES.items():
        row = final.translations.get(language=code)
        services.update_translation(
            report=final,
            language=code,
            status=TranslationStatus.CHECKED,
            text=None if code == "fr" else text,
            upload=_word("Résumé analytique.") if code == "fr" else None,
            based_on=row.revision,
            by=secretariat,
        )
    assert final.translations.get(language="fr").text == "<p>Résumé analytique.</p>"
    services.publish_summary(
        report=final, session=session, by=secretariat, issued_on=dt.date(2027, 3, 1)
    )
    final.refresh_from_db()
    document = final.summary_document
    assert document is not None
    assert document.symbol.startswith("CTOC/COP/WG.2/2027/")
    assert set(document.files.values_list("language", flat=True)) == set(SUMMARIES)
    client.logout()
    url = reverse("reports:public", kwargs={"review_id": final.review_id})
    for code, text in SUMMARIES.items():
        page = client.get(url, {"lang": code}).content.decode()
        assert text in page, code
        assert document.symbol in page
        assert SECRET not in page
    feed = client.get(reverse("reports:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert document.symbol in feed.content.decode()
    listing = client.get(reverse("reports:summaries")).content.decode()
    assert document.symbol in listing


def test_only_the_assigned_secretariat_works_on_the_summary(
    final: Report, personas: dict[str, Person]
) -> None:
    row = final.translations.get(language="fr")
    for persona in ("secretariat_unassigned", "focal_point_under_review"):
        with pytest.raises(PermissionDenied):
            services.update_translation(
                report=final, language="fr", status="in_translation", based_on=row.revision,
                by=personas[persona],
            )  # fmt: skip


def test_partial_publication_shows_only_the_chosen_sections(
    client: Client, final: Report, personas: dict[str, Person]
) -> None:
    url = reverse("reports:public", kwargs={"review_id": final.review_id})
    assert client.get(url).status_code == 404
    chosen = section_of(final, SectionKind.SUCCESSES)
    with pytest.raises(PermissionDenied):
        services.publish_report(
            report=final, section_ids=[chosen.pk], by=personas["expert_reviewing"]
        )
    services.publish_report(
        report=final, section_ids=[chosen.pk], by=personas["focal_point_under_review"]
    )
    page = client.get(url).content.decode()
    assert "A public success." in page
    assert SECRET not in page


def test_a_further_translation_is_recorded_with_its_funding(
    final: Report, personas: dict[str, Person]
) -> None:
    row = services.request_further_translation(
        report=final,
        by=personas["focal_point_under_review"],
        language="Swahili",
        funding="secured",
        contributor="A donor State",
    )
    assert (row.language, row.get_funding_display()) == (
        "Swahili",
        "Funded by voluntary contributions",
    )
    with pytest.raises(PermissionDenied):
        services.mark_further_translation_delivered(row=row, by=personas["expert_reviewing"])
    assert services.mark_further_translation_delivered(
        row=row, by=personas["secretariat"]
    ).is_delivered


def test_access_on_request_is_granted_acknowledged_watermarked_and_logged(
    client: Client, final: Report, personas: dict[str, Person], brazil: Person
) -> None:
    shared = reverse("reports:shared", kwargs={"review_id": final.review_id})
    client.force_login(personas["outsider"])  # an expert of Brazil: cannot ask, cannot read
    assert (
        client.post(
            reverse("reports:request_access", kwargs={"review_id": final.review_id}),
            {"state": "BRA"},
        ).status_code
        == 404
    )
    assert client.get(shared).status_code == 404
    asked = services.request_access(report=final, by=brazil, state_code="BRA", reason="Learning")
    with pytest.raises(RuleViolation, match="already asked"):
        services.request_access(report=final, by=brazil, state_code="BRA")
    client.force_login(brazil)
    assert client.get(shared).status_code == 404  # not granted yet
    with pytest.raises(PermissionDenied):
        services.decide_access(
            access_request=asked, by=personas["focal_point_reviewing"], grant=True
        )
    services.decide_access(
        access_request=asked, by=personas["focal_point_under_review"], grant=True
    )
    page = client.get(shared).content.decode()
    assert "I acknowledge" in page
    assert SECRET not in page
    client.post(shared, {"acknowledge": "1"})
    page = client.get(shared).content.decode()
    assert SECRET in page
    assert (
        Entry.objects.filter(action="reports.report.shared_read", actor_id=brazil.pk).count() == 1
    )
    response = client.get(reverse("reports:shared_docx", kwargs={"review_id": final.review_id}))
    header = docx.Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text
    assert "Brazil" in header
    assert "focal_point_brazil" in header
    # The drafting pages stay closed to the reader of another State.
    assert client.get(final.get_absolute_url()).status_code == 404
    assert client.get(f"/api/reports/{final.review_id}/").status_code == 404


def test_a_refused_request_opens_nothing(
    client: Client, final: Report, personas: dict[str, Person], brazil: Person
) -> None:
    asked = services.request_access(report=final, by=brazil, state_code="BRA")
    services.decide_access(
        access_request=asked, by=personas["focal_point_under_review"], grant=False
    )
    client.force_login(brazil)
    assert (
        client.get(reverse("reports:shared", kwargs={"review_id": final.review_id})).status_code
        == 404
    )
