"""What the review's services share: stage checks, the review's people and the mail to them.

The dialogue (P&R paras 29-31), documents, technical assistance (para 15) and references (para 28)
each check their predicate, refuse what the stage does not allow, write the audit log and mail the
people they need through these helpers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from revmech.accounts import notices
from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.reviews import permissions
from revmech.reviews.models import (
    CountryReview,
    Stage,
)
from revmech.reviews.services.reminders import absolute_url
from revmech.reviews.services.stages import _stage_label
from revmech.rules import RuleViolation
from revmech.web.dates import moment_in_zone, readable

# The constructive dialogue (P&R paras 29-31), documents, technical assistance (para 15) and
# information from other mechanisms (para 28). Each service checks its predicate, refuses what
# the stage does not allow, writes the audit log and mails the people it needs.

DIALOGUE_STAGES = (Stage.DESK_REVIEW, Stage.DIALOGUE)
# Technical assistance is to answer the questionnaire (para 15): until the desk review ends.
ASSISTANCE_STAGES = (Stage.DRAWN, Stage.CONSULTATIONS, Stage.SELF_ASSESSMENT, Stage.DESK_REVIEW)
OPEN_STAGES = tuple(s for s in Stage if s not in (Stage.AGREED, Stage.COMMUNICATED))


def _check_stage_in(review: CountryReview, stages: tuple[str, ...], what: str) -> None:
    if review.stage not in stages:
        raise RuleViolation(
            _(
                "This review is at the stage “%(stage)s”, so “%(what)s” cannot be done now; "
                "it can be done at the stages: %(stages)s."
            )
            % {
                "stage": _stage_label(review.stage),
                "what": what,
                "stages": ", ".join(f"“{_stage_label(s)}”" for s in stages),
            },
            rule="P&R paras 15, 28-31",
        )


def _required(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise RuleViolation(_("Fill in %(what)s; nothing was recorded.") % {"what": what})
    return cleaned


def people_of(
    review: CountryReview, states: tuple[str, ...], roles: tuple[str, ...]
) -> list[Person]:
    """The active people holding one of `roles` for one of `states` and the review's instrument."""
    appointments = Appointment.objects.filter(
        status=AppointmentStatus.APPROVED,
        role__in=roles,
        state__code__in=states,
        person__is_active=True,
    ).filter(Q(instrument=review.instrument) | Q(instrument__isnull=True))
    people = {a.person_id: a.person for a in appointments.select_related("person")}
    return [people[k] for k in sorted(people)]


def assigned_secretariat(review: CountryReview) -> list[Person]:
    assignments = review.secretariat_assignments.select_related("person")
    return [a.person for a in assignments if a.person.is_active]


def _notify(
    people: list[Person],
    *,
    review: CountryReview,
    subject: str,
    body: str,
    params: dict[str, Any],
    actor: Person | None,
) -> int:
    """Mail each person, except the actor, in their own language; `subject` and `body` are
    untranslated sentences (marked with gettext_noop) rendered under the reader's language."""
    seen: set[int] = set()
    messages: list[tuple[Person, str, str]] = []
    url = absolute_url(review.get_absolute_url())
    for person in people:
        if person.pk in seen or not person.email or (actor and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        with translation.override(person.language or settings.LANGUAGE_CODE):
            values = {
                **{name: _readable(value) for name, value in params.items()},
                "state": review.state_under_review.display_name,
                "instrument": review.instrument.short_name,
                "url": url,
            }
            messages.append((person, _(subject) % values, _(body) % values))
    notices.send_each(messages, link=url, review_id=review.pk)
    return len(messages)


def _readable(value: Any) -> Any:
    """A day or a moment written in the reader's language (a moment names its time zone)."""
    if isinstance(value, datetime):
        return moment_in_zone(value)
    return readable(value)


def _parties_people(review: CountryReview) -> list[Person]:
    return people_of(review, permissions.parties_to(review), (Role.FOCAL_POINT, Role.EXPERT))
