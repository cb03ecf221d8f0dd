"""Information from other review mechanisms that the reviewers may use (P&R para 28)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.reviews import permissions
from revmech.reviews.models import (
    CountryReview,
    MechanismReference,
    ReviewDocument,
)
from revmech.reviews.services.common import OPEN_STAGES, _check_stage_in, _required
from revmech.reviews.services.documents import _checked_file, _store_version
from revmech.rules import RuleViolation


def add_reference(
    *,
    review: CountryReview,
    by: Person,
    mechanism: str,
    title: str,
    now: datetime,
    url: str = "",
    upload: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> MechanismReference:
    """Information from another international or regional mechanism, as a link or a file, for
    the reviewing States to consider (P&R para 28). A file is checked before the transaction
    opens."""
    if not permissions.can_add_reference(by, review):
        raise PermissionDenied
    _check_stage_in(review, OPEN_STAGES, _("Add information from another mechanism"))
    mechanism = _required(mechanism, _("the mechanism's name"))[:200]
    title = _required(title, _("the title"))[:200]
    if not url.strip() and upload is None:
        raise RuleViolation(_("Give a link or a file; nothing was recorded."))
    if url.strip() and not url.strip().lower().startswith(("https://", "http://")):
        raise RuleViolation(_("A link starts with https:// or http://."))
    checked = None if upload is None else _checked_file(upload)
    with transaction.atomic():
        document = None
        if checked is not None:
            document = ReviewDocument.objects.create(
                review=review, title=title, stage=review.stage, created_by=by, created_at=now
            )
            _store_version(document, checked=checked, by=by, now=now)
        reference = MechanismReference.objects.create(
            review=review,
            mechanism=mechanism,
            title=title,
            url=url.strip(),
            document=document,
            added_by=by,
            added_at=now,
        )
        audit.record(
            "reviews.reference.added",
            actor=by,
            subject=reference,
            request=request,
            review_id=review.pk,
            now=now,
            mechanism=mechanism,
            has_file=document is not None,
        )
    return reference
