"""Every document exchanged in a review as one ZIP archive, always made by a worker (issue 17):
an archive reads every stored file of the review, which no request should wait for (P&R paras
23-34; the documents are as confidential as the review, paras 32, 37).

The archive holds the versions of each document the person may download when it is made, in a
folder named after the document; it is written to a temporary file that spills to disk, so a
large review does not sit in memory.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.reviews import permissions, selectors
from revmech.reviews.models import CountryReview, DocumentVersion
from revmech.web.roles import Someone
from revmech.web.uploads import safe_display_name

DOCUMENTS_ZIP = "reviews.documents_zip"
IN_MEMORY_BYTES = 16 * 1024 * 1024


def _review(person: Someone, parameters: Mapping[str, Any]) -> CountryReview | None:
    """The review the parameters name, if `person` may still read it."""
    try:
        return selectors.review_for(person, int(parameters["review_id"]))
    except Http404:
        return None


def file_name(review: CountryReview) -> str:
    return (
        f"documents_{review.state_under_review.code}_{review.instrument.code}"
        f"_phase{review.phase}.zip"
    )


def _title(parameters: Mapping[str, Any]) -> str:
    review = (
        CountryReview.objects.select_related("state_under_review", "instrument")
        .filter(pk=parameters["review_id"])
        .first()
    )
    if review is None:
        return "ZIP"
    return _("Documents exchanged in the review of %(state)s: %(instrument)s") % {
        "state": review.state_under_review.display_name,
        "instrument": review.instrument,
    }


def _may_fetch(person: Someone, parameters: Mapping[str, Any]) -> bool:
    return _review(person, parameters) is not None


def _folders(versions: list[DocumentVersion]) -> dict[int, str]:
    """A folder per document, named after it without folders or control characters; a second
    document of the same title gets "(2)"."""
    folders: dict[int, str] = {}
    for version in versions:
        if version.document_id in folders:
            continue
        base = safe_display_name(version.document.title.replace("/", "-").replace("\\", "-"))
        folder, count = base, 1
        while folder in folders.values():
            count += 1
            folder = f"{base} ({count})"
        folders[version.document_id] = folder
    return folders


def _build(job: ExportJob) -> exports.Built:
    review = _review(job.requested_by, job.parameters)
    if review is None:
        raise exports.no_longer_allowed()
    versions = [
        version
        for version in DocumentVersion.objects.filter(document__review=review)
        .select_related("document__review")
        .order_by("document__created_at", "document__pk", "number")
        if permissions.can_download_document(job.requested_by, version)
    ]
    folders = _folders(versions)
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - handed on
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for version in versions:
            name = (
                f"{folders[version.document_id]}/"
                f"v{version.number}-{safe_display_name(version.original_name)}"
            )
            with version.file.open("rb") as stored, archive.open(name, "w") as entry:
                shutil.copyfileobj(stored, entry)
    return exports.Built(spool, "application/zip", file_name(review))


def _downloaded(person: AbstractBaseUser, job: ExportJob, request: HttpRequest) -> None:
    audit.record(
        "reviews.documents.downloaded",
        actor=person,
        subject=_review(person, job.parameters),
        request=request,
        review_id=int(job.parameters["review_id"]),
        format="zip",
        background_export=job.pk,
    )


def register() -> None:
    exports.register(
        exports.ExportKind(
            name=DOCUMENTS_ZIP,
            title=_title,
            build=_build,
            may_fetch=_may_fetch,
            downloaded=_downloaded,
        )
    )
