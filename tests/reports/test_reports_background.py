"""A long report as PDF is made by a worker: the request queues it and answers with the export's
page; the file goes to the reader who asked, audited, and to nobody else (P&R para 37; issue
17)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from export_helpers import DATABASE_TASKS, run_worker
from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.jobs.models import ExportJob
from revmech.reports import documents
from revmech.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    original = documents.report_pdf

    def counting(report: Report, **kwargs: Any) -> bytes:
        made.append(kwargs["part"])
        return original(report, **kwargs)

    monkeypatch.setattr(documents, "report_pdf", counting)
    return made


def test_a_long_report_pdf_is_made_by_the_worker_for_the_reader_who_asked(
    client: Client,
    report: Report,
    personas: dict[str, Person],
    settings: Any,
    builds: list[str],
) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.REVMECH_EXPORT_BACKGROUND_CHARACTERS = 0
    client.force_login(personas["observer"])
    url = reverse("reports:pdf", kwargs={"review_id": report.review_id})
    response = client.get(url, {"part": "summary"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.parameters["part"] == "summary"
    assert builds == []  # the request made no file

    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert builds == ["summary"]
    assert job.filename.startswith("summary_KEN_UNTOC_")
    file_url = reverse("jobs:export_file", kwargs={"job_id": job.pk})
    assert file_url in client.get(job.get_absolute_url()).content.decode()
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    entry = Entry.objects.get(action="reports.report.exported")
    assert entry.details["background_export"] == job.pk
    assert entry.review_id == report.review_id

    for other in ("expert_reviewing", "outsider"):  # one may read the report, one may not
        client.force_login(personas[other])
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(file_url).status_code == 404


def test_a_short_report_pdf_is_still_made_in_the_request(
    client: Client, report: Report, personas: dict[str, Person], builds: list[str]
) -> None:
    client.force_login(personas["observer"])
    response = client.get(reverse("reports:pdf", kwargs={"review_id": report.review_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert builds == ["report"]
    assert not ExportJob.objects.exists()
