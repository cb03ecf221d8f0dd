"""Heavy exports are made by a worker, not inside the request: the request queues the job and
answers with its page, the page refreshes itself until the file is ready, and only the person
who asked, while they still may, fetches the file, audited (issue 17; P&R paras 32, 37)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from export_helpers import DATABASE_TASKS, run_worker
from revmech.accounts import lists
from revmech.accounts.models import Appointment, AppointmentStatus, Person
from revmech.audit.models import Entry
from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.web import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_list_is_long(settings: Any, tmp_path: Any) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False
    settings.MEDIA_ROOT = tmp_path
    settings.REVMECH_EXPORT_BACKGROUND_ENTRIES = 0


@pytest.fixture
def database_queue(settings: Any) -> None:
    """The queue of production: nothing runs until a worker takes it."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each list file made, by format."""
    made: list[str] = []
    original = lists.export

    def counting(*args: Any, **kwargs: Any) -> lists.Document:
        made.append(kwargs["file_format"])
        return original(*args, **kwargs)

    monkeypatch.setattr(lists, "export", counting)
    return made


def _ask(client: Client, person: Person, file_format: str = "xlsx") -> ExportJob:
    client.force_login(person)
    response = client.get(reverse("accounts:lists_export", kwargs={"file_format": file_format}))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    return job


def _urls(job: ExportJob) -> tuple[str, str]:
    return (
        reverse("jobs:export", kwargs={"job_id": job.pk}),
        reverse("jobs:export_file", kwargs={"job_id": job.pk}),
    )


def test_a_long_list_is_queued_prepared_by_the_worker_then_downloaded(
    client: Client, personas: dict[str, Person], database_queue: None, builds: list[str]
) -> None:
    person = personas["secretariat"]
    job = _ask(client, person, "pdf")
    page, file_url = _urls(job)

    # The request queued the work and made no file.
    assert builds == []
    assert job.status == ExportJob.Status.QUEUED
    assert not job.file
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    waiting = client.get(page)
    assert waiting.status_code == 200
    assert b'http-equiv="refresh"' in waiting.content
    assert b"being prepared" in waiting.content
    assert file_url.encode() not in waiting.content
    assert client.get(file_url).status_code == 404

    run_worker()
    job.refresh_from_db()
    assert builds == ["pdf"]
    assert job.status == ExportJob.Status.DONE
    assert job.finished_at is not None
    ready = client.get(page)
    assert b"http-equiv" not in ready.content
    assert file_url.encode() in ready.content

    download = client.get(file_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert 'attachment; filename="focal-points-and-experts-' in download["Content-Disposition"]
    entry = Entry.objects.get(action="accounts.lists.exported")
    assert entry.actor_id == person.pk
    assert entry.details["background_export"] == job.pk
    assert entry.details["file_format"] == "pdf"


def test_asking_again_while_it_waits_gives_the_same_job(
    client: Client, personas: dict[str, Person], database_queue: None, builds: list[str]
) -> None:
    first = _ask(client, personas["secretariat"])
    url = reverse("accounts:lists_export", kwargs={"file_format": "xlsx"})
    assert client.get(url)["Location"] == first.get_absolute_url()
    assert DBTaskResult.objects.count() == 1
    other_format = client.get(reverse("accounts:lists_export", kwargs={"file_format": "pdf"}))
    assert other_format["Location"] != first.get_absolute_url()
    run_worker()
    assert sorted(builds) == ["pdf", "xlsx"]
    # Once made, asking again makes the file anew: the lists may have changed.
    assert client.get(url)["Location"] != first.get_absolute_url()


def test_a_run_cut_short_is_finished_by_the_next_and_a_finished_job_left_alone(
    client: Client, personas: dict[str, Person], database_queue: None, builds: list[str]
) -> None:
    job = _ask(client, personas["secretariat"])
    # A worker took it and died: the reaper puts the task back, the job still says running.
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    assert exports.build_export.call(job.pk) == "done"
    assert exports.build_export.call(job.pk) == "nothing to do"
    assert builds == ["xlsx"]


def test_a_job_waiting_long_says_the_background_work_may_be_stopped(
    client: Client, personas: dict[str, Person], database_queue: None
) -> None:
    job = _ask(client, personas["secretariat"])
    assert b"longer than usual" not in client.get(job.get_absolute_url()).content
    ExportJob.objects.filter(pk=job.pk).update(created_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    page = client.get(job.get_absolute_url())
    assert b"longer than usual" in page.content
    assert b'http-equiv="refresh"' in page.content  # and still looks again


def test_a_short_list_is_still_made_in_the_request(
    client: Client, personas: dict[str, Person], settings: Any, builds: list[str]
) -> None:
    settings.REVMECH_EXPORT_BACKGROUND_ENTRIES = 1000
    client.force_login(personas["secretariat"])
    response = client.get(reverse("accounts:lists_export", kwargs={"file_format": "xlsx"}))
    assert response.status_code == 200
    assert builds == ["xlsx"]
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("focal_point_under_review", 200),  # who asked
        ("secretariat", 404),  # may read the lists, but did not ask for this file
        ("expert_reviewing", 404),
        ("outsider", 404),
        ("anonymous", 302),  # to sign in
    ],
)
def test_only_the_person_who_asked_sees_the_export(
    client: Client, personas: dict[str, Person], persona: str, expected: int
) -> None:
    job = _ask(client, personas["focal_point_under_review"])
    assert job.status == ExportJob.Status.DONE  # the test settings run tasks at once
    client.logout()
    if persona != "anonymous":
        client.force_login(personas[persona])
    for url in _urls(job):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert "/login" in response["Location"]


def test_who_loses_access_to_the_lists_loses_the_export(
    client: Client, personas: dict[str, Person]
) -> None:
    asker = personas["focal_point_under_review"]
    job = _ask(client, asker)
    page, file_url = _urls(job)
    assert client.get(file_url).status_code == 200
    Appointment.objects.filter(person=asker).update(status=AppointmentStatus.WITHDRAWN)
    assert client.get(page).status_code == 404
    assert client.get(file_url).status_code == 404
    assert Entry.objects.filter(action="accounts.lists.exported").count() == 1  # the first only


def test_the_worker_makes_nothing_for_someone_who_lost_access_meanwhile(
    client: Client, personas: dict[str, Person], database_queue: None, builds: list[str]
) -> None:
    asker = personas["focal_point_under_review"]
    job = _ask(client, asker)
    Appointment.objects.filter(person=asker).update(status=AppointmentStatus.WITHDRAWN)
    run_worker()
    job.refresh_from_db()
    assert builds == []
    assert job.status == ExportJob.Status.FAILED
    assert "no longer have access" in job.error
    assert not job.file


def test_a_missing_font_fails_the_job_with_the_package_to_install(
    client: Client, personas: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_font", lambda need: None)
    job = _ask(client, personas["secretariat"], "pdf")
    page, file_url = _urls(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "fonts-noto-core" in job.error
    shown = client.get(page)
    assert b'role="alert"' in shown.content
    assert b"fonts-noto-core" in shown.content
    assert b"http-equiv" not in shown.content  # a failed job stops refreshing
    assert client.get(file_url).status_code == 404


def test_an_unexpected_error_is_named_on_the_page_in_the_askers_language(
    client: Client, personas: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> lists.Document:
        raise RuntimeError("storage unavailable")

    monkeypatch.setattr(lists, "export", broken)
    person = personas["secretariat"]
    person.language = "fr"
    person.save()
    job = _ask(client, person)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "(RuntimeError)" in job.error
    assert "storage unavailable" not in job.error  # the server's details stay in its log
    assert "serveur" in job.error  # said in French, the language of the person who asked


def test_old_exports_and_their_files_are_deleted(
    client: Client, personas: dict[str, Person], settings: Any
) -> None:
    settings.REVMECH_EXPORT_KEEP_DAYS = 7
    old = _ask(client, personas["secretariat"])
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    )
    recent = exports.queue_export(
        kind="accounts.lists",
        requested_by=personas["secretariat"],
        parameters={"file_format": "xlsx", "instrument": ""},
        language="en",
    )
    ExportJob.objects.filter(pk=recent.pk).update(
        created_at=dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)
    )
    old.refresh_from_db()
    stored = old.file.name
    assert default_storage.exists(stored)

    assert exports.delete_old_exports.call("2026-12-03") == 1

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not default_storage.exists(stored)
    recent.refresh_from_db()
    assert default_storage.exists(recent.file.name)
