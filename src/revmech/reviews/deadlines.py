"""A review's steps and deadlines, from its events and its own rulebook version (P&R 23-33).

The numbers come from the rulebook version the review started under (`rulebook_version`, stored
in `registry.RulebookVersion`), so an amendment by the Conference never moves a running review's
deadlines; `revmech.rules.calendar` does the counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import RulebookVersion
from revmech.reviews.models import CountryReview, EventKind, Stage
from revmech.rules import calendar
from revmech.rules.rulebook import Rulebook, RulebookError, default_rulebook, parse_rulebooks

STEP_LABELS: dict[str, Promise] = {
    "consultations": _("Consultations on the schedule and working languages (P&R para 23)"),
    "self_assessment": _("Answers to the self-assessment questionnaire (P&R para 26)"),
    "desk_review": _("Outcome of the desk review (P&R para 29)"),
    "draft_report_target": _("Draft country review report (P&R para 33)"),
}

# What comes next at each stage, and the step whose deadline applies to it.
NEXT_STEP: dict[str, tuple[Promise, str | None]] = {
    Stage.DRAWN: (_("Open the consultations"), "consultations"),
    Stage.CONSULTATIONS: (_("Record the agreed schedule and working languages"), "consultations"),
    Stage.SELF_ASSESSMENT: (_("Submit the self-assessment"), "self_assessment"),
    Stage.DESK_REVIEW: (_("Send the outcome of the desk review"), "desk_review"),
    Stage.DIALOGUE: (_("Prepare the draft report"), "draft_report_target"),
    Stage.DRAFT_REPORT: (_("Agree the report"), "draft_report_target"),
    Stage.AGREED: (_("Communicate the report to the secretariat"), None),
}


@dataclass(frozen=True)
class NextStep:
    label: Promise
    step: calendar.StepStatus | None
    is_overdue: bool
    is_target_passed: bool


def rulebook_of(review: CountryReview) -> Rulebook:
    """The rulebook version the review started under; the default if it names none."""
    if review.rulebook_version:
        stored = RulebookVersion.objects.filter(code=review.rulebook_version).first()
        if stored is not None and stored.rules:
            try:
                data = {
                    "format": "revmech.rulebook.v1",
                    "versions": [{"code": stored.code, "is_default": True, "rules": stored.rules}],
                }
                return parse_rulebooks(data)[0]
            except RulebookError:
                pass  # a stored version that no longer validates: fall back, never guess
    return default_rulebook()


class RulebookCache:
    """Rulebooks by version code, read once per listing (a page, a feed, a reminder run)."""

    def __init__(self) -> None:
        self._books: dict[str, Rulebook] = {}

    def of(self, review: CountryReview) -> Rulebook:
        if review.rulebook_version not in self._books:
            self._books[review.rulebook_version] = rulebook_of(review)
        return self._books[review.rulebook_version]


def events_of(review: CountryReview) -> dict[str, date]:
    """The first date of each kind of event, with the draw of lots (which starts the clock)."""
    found: dict[str, date] = {"draw_of_lots": review.drawn_on}
    for event in review.events.all():
        found.setdefault(event.kind, event.occurred_on)
    return found


def steps_of(
    review: CountryReview, *, rulebooks: RulebookCache | None = None
) -> tuple[calendar.StepStatus, ...]:
    rulebook = rulebooks.of(review) if rulebooks else rulebook_of(review)
    return calendar.schedule(rulebook, events_of(review))


def next_step_of(
    review: CountryReview, steps: tuple[calendar.StepStatus, ...], today: date
) -> NextStep | None:
    """What the review needs next and by when; None once communicated to the secretariat."""
    entry = NEXT_STEP.get(review.stage)
    if entry is None:
        return None
    label, step_name = entry
    step = next((s for s in steps if s.step == step_name), None)
    return NextStep(
        label=label,
        step=step,
        is_overdue=bool(step and step.is_overdue(today)),
        is_target_passed=bool(step and step.is_target_passed(today)),
    )


def event_label(kind: str) -> str:
    return str(EventKind(kind).label)
