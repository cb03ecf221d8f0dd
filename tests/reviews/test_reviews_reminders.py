"""`revmech remind`: reminders before a deadline and once it has passed, each sent exactly once,
in the reader's language, even when the job runs twice or fails half-way (P&R paras 23, 26)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.mail.message import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.jobs.mail import deliver_mail
from revmech.jobs.models import OutgoingMail
from revmech.reviews import services
from revmech.reviews.models import CountryReview, Reminder, ReminderKind

# Each move finds its artefact (reviews.artefacts; their refusals: test_reviews_artefacts.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("review_artefacts")]

# The review was drawn on 15 June 2026: consultations are due on 6 July (3 weeks, para 23).
WEEK_BEFORE_CONSULTATIONS = "2026-06-30"
AFTER_CONSULTATIONS = "2026-07-07"


class FailOnSecondMessage(EmailBackend):
    """A mail server that accepts one message and then breaks (a job failing half-way)."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if len(mail.outbox) >= 1:
            raise OSError("mail server went away")
        return super().send_messages(messages)


@pytest.fixture
def readers(review: CountryReview, personas: dict[str, Person]) -> list[Person]:
    """The focal point of the State under review reads English, the secretariat French."""
    personas["secretariat"].language = "fr"
    personas["secretariat"].save()
    return [personas["focal_point_under_review"], personas["secretariat"]]


def _remind(today: str, **options: Any) -> None:
    call_command("remind", today=dt.date.fromisoformat(today), **options)


def test_a_reminder_goes_a_week_before_the_deadline_once(readers: list[Person]) -> None:
    _remind("2026-06-28")  # more than a week before: nothing yet
    assert mail.outbox == []
    _remind(WEEK_BEFORE_CONSULTATIONS)
    _remind(WEEK_BEFORE_CONSULTATIONS)
    _remind("2026-07-01")
    assert [m.to[0] for m in mail.outbox] == [readers[0].email]
    assert "Deadline approaching" in mail.outbox[0].subject
    assert "6 July 2026" in mail.outbox[0].body
    assert Reminder.objects.filter(kind=ReminderKind.BEFORE, step="consultations").count() == 1


def test_a_passed_deadline_reaches_the_secretariat_in_its_language(
    readers: list[Person],
) -> None:
    _remind(AFTER_CONSULTATIONS)
    _remind(AFTER_CONSULTATIONS)
    overdue = Reminder.objects.filter(kind=ReminderKind.OVERDUE, step="consultations")
    assert set(overdue.values_list("person__username", flat=True)) == {
        "focal_point_under_review",
        "secretariat",
    }
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    assert "Deadline passed" in by_reader[readers[0].email].subject
    assert "juillet 2026" in by_reader[readers[1].email].body


def test_a_done_step_is_not_reminded(
    review: CountryReview, personas: dict[str, Person], readers: list[Person]
) -> None:
    fp = personas["focal_point_under_review"]
    services.open_consultations(review=review, by=fp, today=dt.date(2026, 6, 20))
    services.record_consultations(
        review=review, by=fp, today=dt.date(2026, 6, 25), working_languages=["en"], schedule="x"
    )
    _remind(AFTER_CONSULTATIONS)
    assert not Reminder.objects.filter(step="consultations").exists()


def test_a_mail_server_failing_half_way_loses_no_reminder_and_repeats_none(
    settings: Any, readers: list[Person]
) -> None:
    """Each reminder is recorded with its queued mail in one transaction; a mail the server
    refused waits in the queue (revmech.jobs) and is sent when tried again, once."""
    settings.EMAIL_BACKEND = f"{__name__}.FailOnSecondMessage"
    _remind(AFTER_CONSULTATIONS)
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 2  # both recorded; one mail waits
    waiting = OutgoingMail.objects.get(status=OutgoingMail.Status.QUEUED)
    assert waiting.attempts == 1
    assert "mail server went away" in waiting.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _remind(AFTER_CONSULTATIONS)  # a second run queues nothing new
    deliver_mail.enqueue(waiting.pk)  # the worker's retry
    deliver_mail.enqueue(waiting.pk)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(p.email for p in readers)
    assert Reminder.objects.count() == 2


def test_the_desk_review_is_reminded_to_the_reviewing_states(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    fp = personas["focal_point_under_review"]
    services.open_consultations(review=review, by=fp, today=dt.date(2026, 6, 20))
    services.record_consultations(
        review=review, by=fp, today=dt.date(2026, 6, 25), working_languages=["en"], schedule="x"
    )
    services.submit_self_assessment(review=review, by=fp, today=dt.date(2026, 9, 1))
    _remind("2026-09-28")  # the desk review is due on 1 October (para 29)
    people = set(
        Reminder.objects.filter(step="desk_review").values_list("person__username", flat=True)
    )
    assert people == {"focal_point_reviewing", "expert_reviewing"}


def test_reminders_are_listed_in_the_platform_too(
    client: Client, settings: Any, readers: list[Person], personas: dict[str, Person]
) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False
    _remind(AFTER_CONSULTATIONS)
    client.force_login(readers[0])
    page = client.get(reverse("reviews:notifications")).content.decode()
    assert "Deadline passed" in page
    assert "6 July 2026" in page
    client.force_login(personas["expert_reviewing"])
    page = client.get(reverse("reviews:notifications")).content.decode()
    assert "You have no notifications." in page
