"""What the country reviews ask of a person: the next step of each of their reviews with its
deadline, dialogue requests to answer, country visits to decide (P&R paras 23-34).

Bounded: one read of the reviews (with their reviewers, events and assignments prefetched),
one of open requests and one of proposed visits, whatever the number of reviews.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from revmech.accounts.permissions import Someone
from revmech.reviews import deadlines, permissions, responsibility, selectors
from revmech.reviews.models import CountryReview, CountryVisit, DialogueRequest, Stage
from revmech.web.agenda import Kind, Task


def about(review: CountryReview) -> str:
    return _("%(state)s · %(instrument)s · phase %(phase)s") % {
        "state": review.state_under_review,
        "instrument": review.instrument.short_name,
        "phase": review.phase,
    }


def _step(
    person: Someone, review: CountryReview, today: date, clock: deadlines.Clock
) -> Task | None:
    upcoming = deadlines.next_step_of(review, deadlines.steps_of(review, clock=clock), today)
    if upcoming is None:
        return None
    deadline = upcoming.step.deadline if upcoming.step else None
    mine = responsibility.may_take_next_step(person, review)
    return Task(
        kind=Kind.APPROVAL if review.stage == Stage.DRAFT_REPORT else Kind.STEP,
        title=str(upcoming.label),
        url=review.get_absolute_url() + "#next-step",
        about=about(review),
        due_on=deadline.due_on if deadline else None,
        is_target=bool(deadline and deadline.is_target),
        is_overdue=upcoming.is_overdue,
        waiting_on="" if mine else responsibility.who_acts_next(review),
    )


def agenda_for(person: Someone, *, today: date) -> list[Task]:
    reviews = {r.pk: r for r in selectors.reviews_for(person)}
    clock = deadlines.Clock()  # the phase calendars and rulebooks, read once
    tasks = [t for r in reviews.values() if (t := _step(person, r, today, clock)) is not None]
    open_requests = DialogueRequest.objects.filter(review_id__in=reviews, status="open")
    for request in open_requests.order_by("asked_at", "pk"):
        review = reviews[request.review_id]
        if permissions.can_answer_in_dialogue(person, review):
            tasks.append(
                Task(
                    kind=Kind.REQUEST,
                    title=_("Answer: %(request)s") % {"request": request.get_kind_display()},
                    url=f"{review.get_absolute_url()}#request-{request.pk}",
                    about=about(review),
                )
            )
    visits = CountryVisit.objects.filter(review_id__in=reviews, status="proposed")
    for visit in visits.order_by("starts_on", "pk"):
        review = reviews[visit.review_id]
        if permissions.can_decide_visit(person, review):
            tasks.append(
                Task(
                    kind=Kind.APPROVAL,
                    title=_("Agree to or decline the proposed country visit"),
                    url=f"{review.get_absolute_url()}#visit-{visit.pk}",
                    about=about(review),
                    due_on=visit.starts_on,
                )
            )
    return tasks
