"""The outgoing mail queue, the workers' heartbeats, the daily runs already enqueued and the
exports prepared in the background."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One message to send. Written in the same transaction as the change it tells of, so a
    change that is rolled back sends nothing, and one that commits is sent, however long the
    mail server is away (the task retries with backoff)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipients = models.JSONField(_("recipients"))
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"))
    from_email = models.CharField(_("sender"), max_length=320, blank=True)
    # Stable across attempts, so that a receiving system can recognise a repeat.
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # While a worker sends, no other may: a lease that ends if that worker dies.
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)} ({self.status})"


class WorkerBeat(models.Model):
    """A worker's heartbeat. A task still marked running whose worker has stopped beating was
    cut short (the process was killed or its machine stopped) and is run again."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.seen_at:%Y-%m-%d %H:%M:%S})"


class DailyRun(models.Model):
    """A daily task enqueued for a day: the unique key lets exactly one of several workers, on
    several machines, enqueue it."""

    task_path = models.CharField(_("task"), max_length=200)
    day = models.DateField(_("day"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        constraints = [
            models.UniqueConstraint(fields=["task_path", "day"], name="jobs_daily_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_path} {self.day}"


def export_path(instance: ExportJob, filename: str) -> str:
    # A random stored name; the name to download under is kept in `filename`.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"exports/{secrets.token_hex(16)}.{suffix[:8]}"


class ExportJob(models.Model):
    """A heavy export (a long list or a report as PDF) prepared by a worker instead of inside
    the request: who asked, what (`kind`, one of the registered kinds, and its `parameters`),
    how far it is, and the file once made. Only the person who asked fetches it, and only while
    the original export's predicate still lets them (`revmech.jobs.exports`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("export"), max_length=100)
    parameters = models.JSONField(_("parameters"), default=dict)
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to=export_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:export", kwargs={"job_id": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
