"""Country visits: proposed by the reviewers, agreed only by the State under review (para 29)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmech.accounts.models import Person, Role
from revmech.accounts.permissions import acts_for
from revmech.audit import services as audit
from revmech.registry import models as registry
from revmech.reviews import permissions
from revmech.reviews.models import (
    CountryReview,
    CountryVisit,
    VisitStatus,
)
from revmech.reviews.services.common import (
    DIALOGUE_STAGES,
    _check_stage_in,
    _notify,
    _parties_people,
    assigned_secretariat,
    people_of,
)
from revmech.rules import RuleViolation


@transaction.atomic
def propose_visit(
    *,
    review: CountryReview,
    by: Person,
    starts_on: date,
    ends_on: date,
    purpose: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> CountryVisit:
    """A reviewing State or the secretariat proposes a country visit (P&R para 31)."""
    if not permissions.can_propose_visit(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Propose a country visit"))
    if ends_on < starts_on:
        raise RuleViolation(_("The last day of the visit comes before its first day."))
    state_code = next(
        (
            c
            for c in permissions.reviewing_states_of(review)
            if acts_for(by, (c,), review.instrument.code)
        ),
        None,
    )
    visit = CountryVisit.objects.create(
        review=review,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose.strip(),
        proposed_by_state=registry.State.objects.get(code=state_code) if state_code else None,
        proposed_by=by,
        proposed_at=now,
    )
    audit.record(
        "reviews.visit.proposed",
        actor=by,
        subject=visit,
        request=request,
        review_id=review.pk,
        now=now,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _notify(
        people_of(review, (review.state_under_review.code,), (Role.FOCAL_POINT,)),
        review=review,
        subject=gettext_noop("A country visit is proposed: review of %(state)s"),
        body=gettext_noop(
            "A country visit from %(starts_on)s to %(ends_on)s is proposed in the review of "
            "%(state)s (%(instrument)s). It takes place only if you agree (P&R para 31)."
            "\n\n%(url)s"
        ),
        params={"starts_on": starts_on, "ends_on": ends_on},
        actor=by,
    )
    return visit


@transaction.atomic
def decide_visit(
    *,
    visit: CountryVisit,
    by: Person,
    agree: bool,
    now: datetime,
    request: HttpRequest | None = None,
) -> CountryVisit:
    """Only the focal point of the State under review agrees to or declines a visit (para 31)."""
    review = visit.review
    if not permissions.can_decide_visit(by, review):
        raise PermissionDenied
    _check_stage_in(review, DIALOGUE_STAGES, _("Decide on a country visit"))
    status = VisitStatus.AGREED if agree else VisitStatus.DECLINED
    changed = CountryVisit.objects.filter(pk=visit.pk, status=VisitStatus.PROPOSED).update(
        status=status, decided_by=by, decided_at=now
    )
    if changed != 1:
        visit.refresh_from_db()
        raise RuleViolation(
            _("This visit was already decided: %(status)s.")
            % {"status": VisitStatus(visit.status).label}
        )
    visit.status, visit.decided_by, visit.decided_at = status, by, now
    audit.record(
        "reviews.visit.agreed" if agree else "reviews.visit.declined",
        actor=by,
        subject=visit,
        request=request,
        review_id=review.pk,
        now=now,
    )
    _notify(
        [*_parties_people(review), *assigned_secretariat(review)],
        review=review,
        subject=gettext_noop("Country visit: %(decision)s"),
        body=gettext_noop(
            "In the review of %(state)s (%(instrument)s), the country visit from %(starts_on)s "
            "to %(ends_on)s: %(decision)s.\n\n%(url)s"
        ),
        params={
            "decision": VisitStatus(status).label,
            "starts_on": visit.starts_on,
            "ends_on": visit.ends_on,
        },
        actor=by,
    )
    return visit


@transaction.atomic
def record_visit(
    *,
    visit: CountryVisit,
    by: Person,
    starts_on: date,
    ends_on: date,
    stakeholders_met: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> CountryVisit:
    """The dates the agreed visit took place and the national stakeholders met (P&R para 31)."""
    review = visit.review
    if not permissions.can_record_visit(by, review):
        raise PermissionDenied
    if visit.status != VisitStatus.AGREED:
        raise RuleViolation(
            _("Only a visit the State under review agreed to can be recorded (P&R para 31)."),
            rule="P&R para 31",
        )
    if ends_on < starts_on:
        raise RuleViolation(_("The last day of the visit comes before its first day."))
    visit.starts_on, visit.ends_on = starts_on, ends_on
    visit.stakeholders_met = stakeholders_met.strip()
    visit.save(update_fields=["starts_on", "ends_on", "stakeholders_met"])
    audit.record(
        "reviews.visit.recorded",
        actor=by,
        subject=visit,
        request=request,
        review_id=review.pk,
        now=now,
        stakeholders=len(visit.stakeholder_list),
    )
    return visit
