"""Mail goes through the task queue: queued with the change it tells of, retried with backoff
while the mail server is down (a real refused connection on loopback), sent once when it is back
(issue 17: background work and faults)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from smtp_server import RecordingSMTPServer, unused_port

from export_helpers import DATABASE_TASKS, make_worker
from revmech.jobs.mail import queue_mail, retry_delay
from revmech.jobs.models import OutgoingMail


@pytest.fixture
def queue(settings: Any, transactional_db: None) -> None:
    """The database queue of production, sending by SMTP to a loopback port."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 5
    settings.REVMECH_MAIL_RETRY_SECONDS = 1


def run_worker() -> None:
    """One worker in this process, on the committed database of `queue`: it closes and reopens
    its connections as it does in production."""
    make_worker().run()


def test_the_retry_delay_doubles_up_to_an_hour() -> None:
    assert [retry_delay(n, first=30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20, first=30) == timedelta(hours=1)


def test_a_rolled_back_change_queues_no_mail(queue: None) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            queue_mail("Subject", "Body", ["a@example.org"])
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutgoingMail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_mail_server_down_loses_nothing_and_the_mail_goes_once_when_it_is_back(
    queue: None, settings: Any
) -> None:
    settings.EMAIL_PORT = unused_port()  # nothing listens: the connection is refused
    mail = queue_mail("Deadline approaching", "Answer by Monday.", ["fp@example.org"])

    run_worker()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 1
    assert "ConnectionRefusedError" in mail.last_error
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.run_after > timezone.now()  # retried later, not at once

    run_worker()  # before the retry is due: nothing is tried
    mail.refresh_from_db()
    assert mail.attempts == 1

    with RecordingSMTPServer(settings.EMAIL_PORT) as server:
        time.sleep(max((waiting.run_after - timezone.now()).total_seconds(), 0) + 0.1)
        run_worker()
        run_worker()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.attempts == 2
    assert len(server.messages) == 1
    assert b"Deadline approaching" in server.messages[0]
    assert mail.message_id.encode() in server.messages[0]


def test_a_mail_tried_too_often_is_kept_and_can_be_queued_again(queue: None, settings: Any) -> None:
    settings.EMAIL_PORT = unused_port()
    settings.REVMECH_MAIL_MAX_ATTEMPTS = 1
    mail = queue_mail("Subject", "Body", ["fp@example.org"])
    run_worker()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()

    with RecordingSMTPServer(settings.EMAIL_PORT) as server:
        call_command("worker", retry_failed=True)
        run_worker()
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert len(server.messages) == 1


def test_two_runs_of_the_same_mail_send_it_once(queue: None, settings: Any) -> None:
    with RecordingSMTPServer() as server:
        settings.EMAIL_PORT = server.port
        mail = queue_mail("Subject", "Body", ["fp@example.org"])
        from revmech.jobs.mail import deliver_mail

        deliver_mail.enqueue(mail.pk)  # a duplicate task, as a reaper racing a slow worker
        run_worker()
    assert len(server.messages) == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2


def test_mail_queued_together_is_one_task_and_each_message_goes_once(
    queue: None, settings: Any
) -> None:
    """`queue_mails` (a review's parties told at once, issue 17): one task for all, each message
    sent once with its own Message-ID, and a refused one retried alone."""
    from revmech.jobs.mail import queue_mails

    settings.EMAIL_PORT = unused_port()
    mails = queue_mails([(f"Subject {n}", "Body", [f"p{n}@example.org"]) for n in range(3)])
    assert DBTaskResult.objects.count() == 1
    run_worker()  # the server is down: each is kept, to be tried again on its own
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 3
    with RecordingSMTPServer(settings.EMAIL_PORT) as server:
        for waiting in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            time.sleep(max((waiting.run_after - timezone.now()).total_seconds(), 0) + 0.1)
        run_worker()
    assert sorted(m.status for m in OutgoingMail.objects.all()) == [OutgoingMail.Status.SENT] * 3
    assert len(server.messages) == 3
    assert len({mail.message_id for mail in mails}) == 3
