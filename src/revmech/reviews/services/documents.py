"""A review's documents: versioned, each upload checked by its content (P&R paras 27, 32)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.reviews import permissions, uploads
from revmech.reviews.models import (
    CountryReview,
    DocumentVersion,
    ReviewDocument,
)
from revmech.reviews.services.common import (
    _notify,
    _parties_people,
    _required,
    assigned_secretariat,
)
from revmech.web import uploads as web_uploads


def _checked_file(upload: UploadedFile) -> web_uploads.CheckedFile:
    """The upload's safe name, content and type, or a refusal naming the file."""
    return web_uploads.check_upload(upload, limit_bytes=uploads.max_document_bytes())


def _store_version(
    document: ReviewDocument, *, checked: web_uploads.CheckedFile, by: Person, now: datetime
) -> DocumentVersion:
    name, data, kind = checked.name, checked.data, checked.kind
    last = document.versions.order_by("-number").values_list("number", flat=True).first()
    token = secrets.token_hex(16) + kind.extensions[0]
    version = DocumentVersion(
        document=document,
        number=(last or 0) + 1,
        stored_token=token,
        original_name=name,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
        uploaded_at=now,
    )
    version.file.save(token, ContentFile(data), save=False)
    version.save()
    return version


def upload_document(
    *,
    review: CountryReview,
    by: Person,
    upload: UploadedFile,
    now: datetime,
    title: str = "",
    document: ReviewDocument | None = None,
    request: HttpRequest | None = None,
) -> DocumentVersion:
    """A document exchanged in the review, at its current stage; uploading again to the same
    document adds a version (P&R paras 23-34). Checked like every upload."""
    if not permissions.can_upload_documents(by, review):
        raise PermissionDenied
    if document is not None and document.review_id != review.pk:
        raise PermissionDenied
    # The file is checked before the transaction opens: a refused file leaves nothing, and a
    # slow check holds no lock.
    checked = _checked_file(upload)
    return _keep_document(
        review=review,
        by=by,
        checked=checked,
        now=now,
        title=title,
        document=document,
        request=request,
    )


@transaction.atomic
def _keep_document(
    *,
    review: CountryReview,
    by: Person,
    checked: web_uploads.CheckedFile,
    now: datetime,
    title: str,
    document: ReviewDocument | None,
    request: HttpRequest | None,
) -> DocumentVersion:
    if document is None:
        document = ReviewDocument.objects.create(
            review=review,
            title=_required(title, _("the document's title"))[:200],
            stage=review.stage,
            created_by=by,
            created_at=now,
        )
    else:
        ReviewDocument.objects.select_for_update().filter(pk=document.pk).first()
    version = _store_version(document, checked=checked, by=by, now=now)
    audit.record(
        "reviews.document.uploaded",
        actor=by,
        subject=version,
        request=request,
        review_id=review.pk,
        now=now,
        document_id=document.pk,
        number=version.number,
        size=version.size,
        content_type=version.content_type,
        sha256=version.sha256,
    )
    _notify(
        [*_parties_people(review), *assigned_secretariat(review)],
        review=review,
        subject=gettext_noop("New document in the review of %(state)s"),
        body=gettext_noop(
            "“%(title)s” (version %(number)s) was shared in the review of %(state)s "
            "(%(instrument)s).\n\n%(url)s"
        ),
        params={"title": document.title, "number": version.number},
        actor=by,
    )
    return version
