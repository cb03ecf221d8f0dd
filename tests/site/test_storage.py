"""Uploaded files through Django's storage API: the disk by default, or an S3-compatible store
shared by several application servers, tested against a real S3 server on loopback (moto)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from moto.server import ThreadedMotoServer

from revmech.accounts.models import Person
from revmech.reviews import services
from revmech.reviews.models import CountryReview
from revmech.site.env import ConfigurationError
from revmech.site.storage import uploaded_files_storage

BUCKET = "revmech-test-files"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="revmech",
        aws_secret_access_key="revmech-secret",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def _s3_environment(endpoint: str) -> dict[str, str]:
    return {
        "REVMECH_STORAGE": "s3",
        "REVMECH_S3_BUCKET": BUCKET,
        "REVMECH_S3_ENDPOINT_URL": endpoint,
        "REVMECH_S3_REGION": "us-east-1",
        "REVMECH_S3_ACCESS_KEY_ID": "revmech",
        "REVMECH_S3_SECRET_ACCESS_KEY": "revmech-secret",
        "REVMECH_S3_PREFIX": "uploads",
    }


def test_the_disk_is_the_default_and_a_wrong_choice_is_named() -> None:
    assert uploaded_files_storage({})["BACKEND"].endswith("FileSystemStorage")
    with pytest.raises(ConfigurationError, match="REVMECH_STORAGE='ftp'"):
        uploaded_files_storage({"REVMECH_STORAGE": "ftp"})
    with pytest.raises(ConfigurationError, match="REVMECH_S3_BUCKET must be set"):
        uploaded_files_storage({"REVMECH_STORAGE": "s3"})


def test_a_review_document_is_kept_in_the_object_store_and_served_back(
    s3_endpoint: str, review: CountryReview, personas: dict[str, Person], client: Client
) -> None:
    storage = uploaded_files_storage(_s3_environment(s3_endpoint))
    content = b"Kenya: schedule of the country visit"
    with override_settings(STORAGES={"default": storage, "staticfiles": _static()}):
        version = services.upload_document(
            review=review,
            by=personas["focal_point_under_review"],
            upload=SimpleUploadedFile("schedule.txt", content),
            title="Schedule",
            now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        )
        stored = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="revmech",
            aws_secret_access_key="revmech-secret",
        ).get_object(Bucket=BUCKET, Key=f"uploads/{version.file.name}")
        assert stored["Body"].read() == content
        client.force_login(personas["expert_reviewing"])
        response = client.get(f"/reviews/{review.pk}/documents/{version.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
        client.force_login(personas["outsider"])
        assert client.get(f"/reviews/{review.pk}/documents/{version.pk}/").status_code == 404


def _static() -> dict[str, Any]:
    return {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
