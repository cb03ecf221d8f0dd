"""Agreement on one version of the report (P&R para 34): each of the three States approves one
exact version through its focal point; the third approval makes that version final, records the
review's agreement through the reviews app's stage service and tells the assigned secretariat.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.registry.models import State
from revmech.reports import permissions
from revmech.reports.models import Approval, Report
from revmech.reports.services.common import (
    content_of,
    digest_of,
    locked,
    notify,
    now_or,
    refuse_if_final,
)
from revmech.reports.services.publication import open_translations
from revmech.reports.signals import report_final
from revmech.reviews import services as review_services
from revmech.reviews.models import CountryReview, Stage
from revmech.reviews.permissions import parties_to, states_agreeing_through
from revmech.rules import RuleViolation


@transaction.atomic
def approve_report(
    *,
    report: Report,
    by: Person,
    state_code: str,
    version: int,
    digest: str,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Approval:
    """`state_code` approves version `version` of the report, whose digest the focal point saw.

    Refused when the report changed since (another version or digest), when the review is not
    yet at the draft report stage, or when the State already approved. The third approval
    finalizes the version (P&R para 34).
    """
    report = locked(report)
    review = CountryReview.objects.select_related("state_under_review", "instrument").get(
        pk=report.review_id
    )
    if state_code not in states_agreeing_through(by, review):
        raise PermissionDenied
    refuse_if_final(report)
    if review.stage != Stage.DRAFT_REPORT:
        raise RuleViolation(
            _(
                "The reviewing States first close the constructive dialogue with the draft "
                "report (on the review's page); the report can be approved after that."
            ),
            rule="P&R paras 33, 34",
        )
    content = content_of(report)
    current = digest_of(content)
    if version != report.version or digest != current:
        raise RuleViolation(
            _(
                "The report changed since you read it: it is now version %(version)s "
                "(digest %(digest)s). Read it again before approving."
            )
            % {"version": report.version, "digest": current[:12]},
            rule="P&R para 34",
        )
    at = now_or(now)
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                report=report,
                state=State.objects.get(code=state_code),
                report_version=version,
                digest=digest,
                approved_by=by,
                approved_at=at,
            )
    except IntegrityError:
        raise RuleViolation(
            _("%(state)s has already approved this version.") % {"state": state_code},
            rule="P&R para 34",
        ) from None
    audit.record(
        "reports.report.approved",
        actor=by,
        subject=report,
        request=request,
        review_id=review.pk,
        state=state_code,
        version=version,
        digest=digest,
    )
    standing = set(
        report.approvals.filter(
            withdrawn_at__isnull=True, report_version=version, digest=digest
        ).values_list("state__code", flat=True)
    )
    if standing >= set(parties_to(review)):
        _finalize(report, review, content=content, digest=digest, by=by, now=at, request=request)
    return approval


def _finalize(
    report: Report,
    review: CountryReview,
    *,
    content: dict[str, object],
    digest: str,
    by: Person,
    now: datetime,
    request: HttpRequest | None,
) -> None:
    """Freeze the agreed version, record the review's agreement, tell the secretariat."""
    Report.objects.filter(pk=report.pk).update(
        finalized_at=now, final_digest=digest, final_content=content
    )
    report.refresh_from_db()
    permissions.forget_report(review)
    audit.record(
        "reports.report.finalized",
        actor=by,
        subject=report,
        request=request,
        review_id=review.pk,
        version=report.version,
        digest=digest,
    )
    # The review's agreement stage follows from the final version (P&R para 34): each State's
    # agreement is recorded through the reviews app's stage service, by its approving focal
    # point, so the review's events say who agreed and when.
    already = review_services.agreed_states(review)
    today = timezone.localdate(now)
    for approval in report.approvals.filter(withdrawn_at__isnull=True).select_related(
        "state", "approved_by"
    ):
        if approval.state.code in already:
            continue
        review.refresh_from_db(fields=["stage", "version"])
        review_services.agree_report(
            review=review,
            by=approval.approved_by,
            state_code=approval.state.code,
            today=today,
            request=request,
        )
    notify(
        review_services.assigned_secretariat(review),
        report=report,
        subject=gettext_noop("The report of %(state)s (%(instrument)s) is final"),
        body=gettext_noop(
            "The three States have agreed to one version of the country review report of "
            "%(state)s for %(instrument)s; it is communicated to you (P&R para 34): %(url)s"
        ),
        actor=None,
    )
    # The summary is tracked in the six official languages from now on (P&R paras 36, 45).
    open_translations(report=report, by=by, now=now)
    report_final.send(sender=Report, report=report)
