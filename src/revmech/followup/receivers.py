"""What the follow-up hears from the apps below it: it only reads, it never drives their work.

A request for technical assistance under P&R para 15 enters the register as soon as it is
saved, and its status follows the secretariat's handling (forward only). Questionnaires are
taken by `services.collect_needs` (their submission saves with `update`, which sends nothing).
A final report (`reports.signals.report_final`) is taken once its agreement is committed: the
intake can never undo an agreement, and `collect_needs` takes any report it missed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from revmech.followup import services
from revmech.reports.models import Report
from revmech.reviews.models import AssistanceRequest


def take_assistance_request(sender: Any, instance: AssistanceRequest, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture or a backup: nothing to derive
        return
    services.feed_assistance_request(instance, now=instance.updated_at or instance.requested_at)


def take_final_report(sender: Any, report: Report, **kwargs: Any) -> None:
    """The structured needs and observations of a report that became final (P&R paras 34, 40)."""

    def take() -> None:
        fresh = Report.objects.select_related(
            "review__state_under_review", "review__instrument"
        ).get(pk=report.pk)
        services.feed_report(fresh, now=fresh.finalized_at or timezone.now())

    transaction.on_commit(take, robust=True)
