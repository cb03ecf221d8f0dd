"""Access to a final report on request (P&R para 39): another State party asks through its focal
point, the State under review grants or refuses, each reader of the requesting State
acknowledges the confidentiality before reading, and every read is logged."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Person, Role
from revmech.audit import services as audit
from revmech.registry.models import State
from revmech.reports import permissions
from revmech.reports.models import (
    AccessRequest,
    AccessStatus,
    Acknowledgement,
    Report,
)
from revmech.reports.services.common import notify, now_or
from revmech.reviews import services as review_services
from revmech.rules import RuleViolation


@transaction.atomic
def request_access(
    *,
    report: Report,
    by: Person,
    state_code: str,
    reason: str = "",
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """`state_code`, through its focal point, asks to read the final report (P&R para 39)."""
    review = report.review
    if state_code not in permissions.requesting_states(by, review):
        raise PermissionDenied
    if not permissions.can_request_access(by, review):
        raise PermissionDenied
    try:
        with transaction.atomic():
            asked = AccessRequest.objects.create(
                report=report,
                state=State.objects.get(code=state_code),
                reason=reason.strip(),
                requested_by=by,
                requested_at=now_or(now),
            )
    except IntegrityError:
        raise RuleViolation(
            _("%(state)s has already asked for this report; the request is open or granted.")
            % {"state": state_code},
            rule="P&R para 39",
        ) from None
    audit.record(
        "reports.access.requested",
        actor=by,
        subject=asked,
        request=request,
        review_id=review.pk,
        state=state_code,
    )
    notify(
        review_services.people_of(review, (review.state_under_review.code,), (Role.FOCAL_POINT,)),
        report=report,
        subject=gettext_noop("A State asks to read the report of %(state)s (%(instrument)s)"),
        body=gettext_noop(
            "%(requester)s asks to read the country review report of %(state)s for "
            "%(instrument)s (P&R para 39). Grant or refuse on the report's page: %(url)s"
        ),
        actor=by,
        params={"requester": asked.state.display_name},
    )
    return asked


@transaction.atomic
def decide_access(
    *,
    access_request: AccessRequest,
    by: Person,
    grant: bool,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """The State under review grants or refuses a request, through its focal point."""
    report = access_request.report
    if not permissions.can_decide_access(by, report.review):
        raise PermissionDenied
    status = AccessStatus.GRANTED if grant else AccessStatus.REFUSED
    moved = AccessRequest.objects.filter(pk=access_request.pk, status=AccessStatus.PENDING).update(
        status=status, decided_by=by, decided_at=now_or(now)
    )
    access_request.refresh_from_db()
    if moved != 1:
        raise RuleViolation(
            _("This request was already decided (%(status)s).")
            % {"status": access_request.get_status_display()},
            rule="P&R para 39",
        )
    audit.record(
        "reports.access.decided",
        actor=by,
        subject=access_request,
        request=request,
        review_id=report.review_id,
        state=access_request.state.code,
        granted=grant,
    )
    notify(
        [access_request.requested_by],
        report=report,
        subject=gettext_noop("Your request to read the report of %(state)s: %(decision)s"),
        body=gettext_noop(
            "The State under review has decided on your request to read the country review "
            "report of %(state)s for %(instrument)s: %(decision)s. %(url)s"
        ),
        actor=by,
        params={"decision": str(AccessStatus(status).label)},
    )
    return access_request


@transaction.atomic
def acknowledge_confidentiality(
    *,
    report: Report,
    by: Person,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Acknowledgement:
    """A reader of the requesting State acknowledges that the report is confidential and will be
    kept so (P&R para 39: "shall fully respect the confidentiality"), before reading it."""
    granted = permissions.granted_request_for(by, report.review)
    if granted is None:
        raise PermissionDenied
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        access_request=granted, person=by, defaults={"acknowledged_at": now_or(now)}
    )
    if created:
        audit.record(
            "reports.access.acknowledged",
            actor=by,
            subject=granted,
            request=request,
            review_id=report.review_id,
            state=granted.state.code,
        )
    return acknowledgement


def has_acknowledged(person: Person, access_request: AccessRequest) -> bool:
    return Acknowledgement.objects.filter(access_request=access_request, person=person).exists()
