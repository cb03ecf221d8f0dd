"""A person's calendar of review deadlines as iCalendar (RFC 5545), for Outlook and others."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from revmech.accounts.models import Person
from revmech.reviews import deadlines, selectors, services
from revmech.reviews.models import CountryReview, CountryVisit, DialogueMeeting, VisitStatus
from revmech.rules.calendar import Deadline


def feed_for(person: Person, *, now: datetime) -> bytes:
    """The open deadlines and targets of the person's reviews as all-day events, with the
    calls and videoconferences of their dialogue and their country visits (P&R paras 29-31)."""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", "-//revmech//review deadlines//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Country review deadlines"))
        clock = deadlines.Clock()
        # The meetings and visits of every review in two queries, not two per review.
        visits = CountryVisit.objects.exclude(status=VisitStatus.DECLINED)
        reviews = selectors.reviews_for(person).prefetch_related(
            "meetings", Prefetch("visits", queryset=visits, to_attr="calendar_visits")
        )
        for review in reviews:
            for step in deadlines.steps_of(review, clock=clock):
                if step.deadline is not None and not step.is_done:
                    cal.add_component(_event(review, step.deadline, now))
            for meeting in review.meetings.all():
                cal.add_component(_meeting(review, meeting, now))
            for visit in review.calendar_visits:
                cal.add_component(_visit(review, visit, now))
        return bytes(cal.to_ical())


def _event(review: CountryReview, deadline: Deadline, now: datetime) -> Event:
    params = {
        "step": str(deadlines.STEP_LABELS.get(deadline.step, deadline.step)),
        "review": f"{review.state_under_review.code} {review.instrument.code}",
    }
    if deadline.is_target:
        summary = _("Target: %(step)s (%(review)s)") % params
    else:
        summary = _("Due: %(step)s (%(review)s)") % params
    event = Event()
    event.add("uid", f"review-{review.pk}-{deadline.step}@revmech")
    event.add("dtstamp", now)
    event.add("dtstart", deadline.due_on)
    event.add("dtend", deadline.due_on + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", services.absolute_url(review.get_absolute_url()))
    event.add("transp", "TRANSPARENT")
    return event


def _meeting(review: CountryReview, meeting: DialogueMeeting, now: datetime) -> Event:
    """A call or videoconference, shown as an hour long."""
    event = Event()
    event.add("uid", f"review-{review.pk}-meeting-{meeting.pk}@revmech")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(hours=1))
    event.add(
        "summary",
        _("%(kind)s (%(review)s)")
        % {
            "kind": meeting.get_kind_display(),
            "review": f"{review.state_under_review.code} {review.instrument.code}",
        },
    )
    event.add("url", services.absolute_url(review.get_absolute_url()))
    return event


def _visit(review: CountryReview, visit: CountryVisit, now: datetime) -> Event:
    """A country visit, agreed or still proposed, over its days."""
    params = {"review": f"{review.state_under_review.code} {review.instrument.code}"}
    if visit.status == VisitStatus.AGREED:
        summary = _("Country visit (%(review)s)") % params
    else:
        summary = _("Country visit proposed (%(review)s)") % params
    event = Event()
    event.add("uid", f"review-{review.pk}-visit-{visit.pk}@revmech")
    event.add("dtstamp", now)
    event.add("dtstart", visit.starts_on)
    event.add("dtend", visit.ends_on + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", services.absolute_url(review.get_absolute_url()))
    event.add("transp", "TRANSPARENT" if visit.status != VisitStatus.AGREED else "OPAQUE")
    return event
