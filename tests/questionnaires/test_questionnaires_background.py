"""A long outcome of the desk review as PDF is made by a worker: the request answers with the
export's page, which offers the file to the person who asked, audited; to nobody else (P&R paras
28-30, 32; issue 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.jobs.models import ExportJob
from revmech.questionnaires import services
from revmech.questionnaires.models import Questionnaire

pytestmark = pytest.mark.django_db

OUTCOME = "<h3>Article 5</h3><p>The offence of participation is complete since 2010.</p>"


def _outcome_pdf(client: Client, questionnaire: Questionnaire) -> Any:
    return client.get(
        reverse("questionnaires:outcome_pdf", kwargs={"review_id": questionnaire.review_id})
    )


def test_a_long_outcome_is_made_in_the_background_and_offered_to_who_asked(
    client: Client,
    submitted: Questionnaire,
    personas: dict[str, Person],
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.REVMECH_EXPORT_BACKGROUND_CHARACTERS = len(OUTCOME) - 1
    services.save_outcome(
        questionnaire=submitted,
        text=OUTCOME,
        based_on_version=0,
        by=personas["expert_reviewing"],
    )
    client.force_login(personas["focal_point_under_review"])
    response = _outcome_pdf(client, submitted)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    # The test settings run the task at once; in production a worker does.
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Outcome of the desk review of Kenya" in page
    file_url = reverse("jobs:export_file", kwargs={"job_id": job.pk})
    assert file_url in page
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert job.get_absolute_url() != file_url
    entry = Entry.objects.get(action="questionnaires.outcome.downloaded")
    assert entry.details == {"format": "pdf", "background_export": job.pk}
    assert entry.review_id == submitted.review_id

    client.force_login(personas["expert_reviewing"])  # may read the outcome, did not ask
    assert client.get(file_url).status_code == 404
    client.force_login(personas["outsider"])
    assert client.get(job.get_absolute_url()).status_code == 404


def test_a_short_outcome_is_still_made_in_the_request(
    client: Client, submitted: Questionnaire, personas: dict[str, Person]
) -> None:
    services.save_outcome(
        questionnaire=submitted, text=OUTCOME, based_on_version=0, by=personas["expert_reviewing"]
    )
    client.force_login(personas["focal_point_under_review"])
    response = _outcome_pdf(client, submitted)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not ExportJob.objects.exists()
