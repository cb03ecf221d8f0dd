"""What the follow-up hears from the apps below it: it only reads, it never drives their work.

A request for technical assistance under P&R para 15 enters the register as soon as it is
saved, and its status follows the secretariat's handling (forward only). Questionnaires are
taken by `services.collect_needs` (their submission saves with `update`, which sends nothing).
"""

from __future__ import annotations

from typing import Any

from revmech.followup import services
from revmech.reviews.models import AssistanceRequest


def take_assistance_request(sender: Any, instance: AssistanceRequest, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture or a backup: nothing to derive
        return
    services.feed_assistance_request(instance, now=instance.updated_at or instance.requested_at)
