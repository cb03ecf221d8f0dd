"""What the report's services share: the content digest, the report's version counter and the
withdrawal of approvals that any change brings (P&R paras 33, 34), and the mail to people."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from revmech.accounts import notices
from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.reports.models import Report
from revmech.reviews import services as review_services
from revmech.rules import RuleViolation


def now_or(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def content_of(report: Report) -> dict[str, Any]:
    """The report's content as plain data: every section's text and every need, in order."""
    return {
        "sections": [
            {
                "key": s.key,
                "part": s.part,
                "kind": s.kind,
                "cluster": s.cluster,
                "article": s.article,
                "heading": s.heading,
                "revision": s.revision,
                "text": s.text,
            }
            for s in report.sections.order_by("position")
        ],
        "needs": [
            {
                "kind": n.kind,
                "article": n.article,
                "description": n.description,
                "priority": n.priority,
            }
            for n in report.needs.order_by("position", "pk")
        ],
    }


def digest_of(content: dict[str, Any]) -> str:
    """SHA-256 of the content's canonical JSON: what each State approves (P&R para 34)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def current_digest(report: Report) -> str:
    return digest_of(content_of(report))


def refuse_if_final(report: Report) -> None:
    if report.is_final:
        raise RuleViolation(
            _("The report is final: its agreed version can no longer be changed (P&R para 34)."),
            rule="P&R para 34",
        )


def locked(report: Report) -> Report:
    """The report's row, locked until the transaction ends (changes to it are serialised)."""
    return Report.objects.select_for_update().get(pk=report.pk)


def changed(
    report: Report, *, by: Person, now: datetime, request: HttpRequest | None, what: str
) -> int:
    """Count one change to the report and withdraw every standing approval (P&R para 34).
    Returns the report's new version."""
    Report.objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.refresh_from_db(fields=["version"])
    standing = report.approvals.filter(withdrawn_at__isnull=True)
    withdrawn = sorted(standing.values_list("state__code", flat=True))
    if withdrawn:
        standing.update(withdrawn_at=now)
        audit.record(
            "reports.approvals.withdrawn",
            actor=by,
            subject=report,
            request=request,
            review_id=report.review_id,
            states=withdrawn,
            version=report.version,
            because=what,
        )
    return report.version


def notify(
    people: list[Person],
    *,
    report: Report,
    subject: str,
    body: str,
    actor: Person | None,
    params: dict[str, Any] | None = None,
) -> int:
    """Mail each person, except the actor, in their own language; `subject` and `body` are
    untranslated sentences (gettext_noop) rendered in the reader's language."""
    sent = 0
    seen: set[int] = set()
    review = report.review
    for person in people:
        if person.pk in seen or not person.email or (actor and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        with translation.override(person.language or settings.LANGUAGE_CODE):
            values = {
                **(params or {}),
                "state": review.state_under_review.display_name,
                "instrument": review.instrument.short_name,
                "url": review_services.absolute_url(report.get_absolute_url()),
            }
            notices.send(  # queued, and kept among the person's notifications
                person,
                _(subject) % values,
                _(body) % values,
                link=values["url"],
                review_id=review.pk,
            )
        sent += 1
    return sent
