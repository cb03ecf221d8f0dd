"""What a stage move needs done before it (P&R paras 26, 29, 34): the artefact checks.

The artefacts live in the apps above `reviews` (the questionnaire and the desk review's outcome in
`questionnaires`, the report in `reports`), which `reviews` may not import. Each such app
registers, in its `AppConfig.ready`, a check per move: a function of the review that answers None
when the artefact is there, or a translated sentence naming what is missing. The stage services
ask `require(move, review)` before moving, so pages, API and commands refuse alike.

A move with no check registered is refused with `UNCHECKED[move]`: until an app holds the
artefact, the move cannot be recorded at all (the platform never assumes the work was done).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation

Check = Callable[[CountryReview], str | None]

SELF_ASSESSMENT = "self_assessment_submitted"
DESK_REVIEW = "desk_review_sent"
AGREEMENT = "report_agreed"

# Paragraph of each move, and the refusal when no app checks its artefact yet.
PARAGRAPH = {SELF_ASSESSMENT: "P&R para 26", DESK_REVIEW: "P&R para 29", AGREEMENT: "P&R para 34"}
UNCHECKED: dict[str, Promise] = {
    SELF_ASSESSMENT: _(
        "The self-assessment can be recorded as submitted only with a submitted questionnaire; "
        "the platform holds none for this review."
    ),
    DESK_REVIEW: _(
        "The desk review can be recorded as sent only with a sent outcome; the platform holds "
        "none for this review."
    ),
    AGREEMENT: _(
        "The report can be agreed only on a final version of the country review report; the "
        "platform does not hold country review reports yet, so the agreement cannot be recorded."
    ),
}

_checks: dict[str, list[Check]] = {}


def register(move: str, check: Check) -> None:
    """Register `check` for `move` (called from an app's `ready`; registering twice is a no-op)."""
    if move not in PARAGRAPH:
        raise ValueError(f"unknown move {move!r}")
    found = _checks.setdefault(move, [])
    if check not in found:
        found.append(check)


def missing(move: str, review: CountryReview) -> list[str]:
    """What the move lacks, as sentences; empty when everything is there."""
    checks = _checks.get(move)
    if not checks:
        return [str(UNCHECKED[move])]
    return [problem for check in checks if (problem := check(review))]


def require(move: str, review: CountryReview) -> None:
    """Refuse the move, naming what is missing, unless its artefacts are there."""
    problems = missing(move, review)
    if problems:
        raise RuleViolation(" ".join(problems), rule=PARAGRAPH[move])
