"""Technical assistance to answer the questionnaire, until the desk review ends (P&R para 15)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.reviews import permissions
from revmech.reviews.models import (
    AssistanceRequest,
    AssistanceStatus,
    CountryReview,
)
from revmech.reviews.services.common import (
    ASSISTANCE_STAGES,
    _check_stage_in,
    _notify,
    _required,
    assigned_secretariat,
)
from revmech.rules import RuleViolation


@transaction.atomic
def request_assistance(
    *,
    review: CountryReview,
    by: Person,
    need: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> AssistanceRequest:
    """The State under review tells the secretariat of a technical assistance need to answer
    the questionnaire (P&R para 15), subject to voluntary contributions."""
    if not permissions.can_request_assistance(by, review):
        raise PermissionDenied
    _check_stage_in(review, ASSISTANCE_STAGES, _("Request technical assistance"))
    assistance = AssistanceRequest.objects.create(
        review=review,
        need=_required(need, _("the assistance needed")),
        requested_by=by,
        requested_at=now,
    )
    audit.record(
        "reviews.assistance.requested",
        actor=by,
        subject=assistance,
        request=request,
        review_id=review.pk,
        now=now,
    )
    _notify(
        assigned_secretariat(review),
        review=review,
        subject=gettext_noop("Technical assistance requested: review of %(state)s"),
        body=gettext_noop(
            "%(state)s requests technical assistance to answer the questionnaire "
            "(%(instrument)s, P&R para 15).\n\n%(url)s"
        ),
        params={},
        actor=by,
    )
    return assistance


@transaction.atomic
def update_assistance(
    *,
    assistance: AssistanceRequest,
    by: Person,
    status: str,
    notes: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> AssistanceRequest:
    """The secretariat tracks a request: received, in progress, addressed, closed (para 15)."""
    if not permissions.can_handle_assistance(by, assistance):
        raise PermissionDenied
    if status not in AssistanceStatus.values:
        raise RuleViolation(_("Choose the status of the request."))
    if assistance.status == AssistanceStatus.CLOSED:
        raise RuleViolation(_("This request is closed; it can no longer change."))
    if status == AssistanceStatus.CLOSED and not notes.strip():
        raise RuleViolation(_("Say in the notes how the request was closed."))
    assistance.status, assistance.notes = status, notes.strip()
    assistance.updated_by, assistance.updated_at = by, now
    assistance.save(update_fields=["status", "notes", "updated_by", "updated_at"])
    audit.record(
        "reviews.assistance.updated",
        actor=by,
        subject=assistance,
        request=request,
        review_id=assistance.review_id,
        now=now,
        status=status,
    )
    _notify(
        [assistance.requested_by],
        review=assistance.review,
        subject=gettext_noop("Your request for technical assistance: %(status)s"),
        body=gettext_noop(
            "Your request for technical assistance in the review of %(state)s (%(instrument)s) "
            "is now: %(status)s.\n\n%(url)s"
        ),
        params={"status": AssistanceStatus(status).label},
        actor=by,
    )
    return assistance
