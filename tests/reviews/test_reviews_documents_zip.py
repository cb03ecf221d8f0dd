"""Every document of a review as one ZIP archive, always made by a worker: the request only
queues it; the archive holds each version in a folder named after its document and goes to the
person who asked, audited, and to nobody else (P&R paras 23-34, 32, 37; issue 17)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from export_helpers import DATABASE_TASKS, run_worker
from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.jobs.models import ExportJob
from revmech.reviews import services
from revmech.reviews.models import CountryReview

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Any) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def shared(review: CountryReview, personas: dict[str, Person]) -> None:
    """Two versions of a schedule, and a second document with the same title."""
    focal_point = personas["focal_point_under_review"]
    first = services.upload_document(
        review=review,
        by=focal_point,
        upload=SimpleUploadedFile("schedule.txt", b"first schedule"),
        title="Schedule",
        now=NOW,
    )
    services.upload_document(
        review=review,
        by=personas["expert_reviewing"],
        upload=SimpleUploadedFile("schedule.txt", b"second schedule"),
        document=first.document,
        now=NOW,
    )
    services.upload_document(
        review=review,
        by=focal_point,
        upload=SimpleUploadedFile("statistics.txt", b"crime statistics"),
        title="Schedule",
        now=NOW,
    )


def _zip_url(review: CountryReview) -> str:
    return reverse("reviews:documents_zip", kwargs={"review_id": review.pk})


def test_the_archive_is_made_by_the_worker_and_fetched_by_who_asked(
    client: Client,
    review: CountryReview,
    personas: dict[str, Person],
    shared: None,
    settings: Any,
) -> None:
    settings.TASKS = DATABASE_TASKS
    client.force_login(personas["focal_point_under_review"])
    page = client.get(review.get_absolute_url()).content.decode()
    assert f'action="{_zip_url(review)}"' in page

    response = client.post(_zip_url(review))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ExportJob.Status.QUEUED  # the request made no archive
    assert not job.file
    assert "Documents exchanged in the review of Kenya" in client.get(response["Location"]).text

    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.filename == f"documents_KEN_UNTOC_phase{review.phase}.zip"
    file_url = reverse("jobs:export_file", kwargs={"job_id": job.pk})
    download = client.get(file_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == {
            "Schedule/v1-schedule.txt": b"first schedule",
            "Schedule/v2-schedule.txt": b"second schedule",
            "Schedule (2)/v1-statistics.txt": b"crime statistics",
        }
    entry = Entry.objects.get(action="reviews.documents.downloaded")
    assert entry.review_id == review.pk
    assert entry.details["background_export"] == job.pk

    for other in ("observer", "outsider"):  # one may read the review, one may not
        client.force_login(personas[other])
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(file_url).status_code == 404


def test_an_outsider_cannot_ask_for_the_archive_and_a_get_asks_for_nothing(
    client: Client, review: CountryReview, personas: dict[str, Person], shared: None
) -> None:
    client.force_login(personas["outsider"])
    assert client.post(_zip_url(review)).status_code == 404
    client.force_login(personas["focal_point_under_review"])
    assert client.get(_zip_url(review)).status_code == 405
    assert not ExportJob.objects.exists()
