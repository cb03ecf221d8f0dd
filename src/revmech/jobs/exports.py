"""Heavy exports prepared by a worker instead of inside the request (issue 17): long lists and
reports as PDF. The confidentiality of what they hold is that of the original export (P&R
paras 32, 37).

Each app registers the exports of its own that can be heavy (`register`, from its
`AppConfig.ready`): how to make the file from the job's parameters, the predicate of the
original export that decides who may have it, and the audit line of a download. A view that
finds the asked file large calls `queue_export` and redirects to the job's page, which refreshes
itself until the file is ready and then offers it for download. Only the person who asked may
see the job or fetch the file, and only while the original predicate still lets them: anyone
else gets 404. Files are kept `REVMECH_EXPORT_KEEP_DAYS` days (`delete_old_exports`, a daily
task).

`build_export` marks the job running with a conditional update, so a second run of the same
task (the reaper re-runs a task whose worker died) finds the job running and makes the file
again; a job already done or failed is left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from revmech.jobs.models import ExportJob
from revmech.web.pdf import FontMissing
from revmech.web.roles import Someone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Built:
    """The made file: its bytes (or an open file, for a large one), its type and the name to
    download it under."""

    content: bytes | IO[bytes]
    content_type: str
    filename: str


class ExportFailed(Exception):
    """A problem the person can understand, said in a translated sentence."""


@dataclass(frozen=True)
class ExportKind:
    """One export that may run in the background, as its app registers it."""

    name: str
    # What the person asked for, in the active language (the job's page shows it).
    title: Callable[[Mapping[str, Any]], str]
    # Makes the file; runs in the worker, in the language of the person who asked.
    build: Callable[[ExportJob], Built]
    # The original export's predicate: may this person have this file?
    may_fetch: Callable[[Someone, Mapping[str, Any]], bool]
    # The audit line of a download, as the original export writes it.
    downloaded: Callable[[AbstractBaseUser, ExportJob, HttpRequest], None]


_KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    """Make `kind` known to the views and the worker (called from an app's `ready`)."""
    _KINDS[kind.name] = kind


def kind_of(job: ExportJob) -> ExportKind | None:
    return _KINDS.get(job.kind)


def can_fetch_export(person: Someone, job: ExportJob) -> bool:
    """The person who asked, while the original export's predicate still lets them."""
    if person is None or not person.is_authenticated:
        return False
    if job.requested_by_id != person.pk:
        return False
    kind = kind_of(job)
    if kind is None:
        return False
    return kind.may_fetch(person, job.parameters)


def export_for(person: Someone, job_id: int) -> ExportJob:
    """The job, or 404 for anyone but the person who asked (as if it did not exist)."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or not can_fetch_export(person, job):
        raise Http404
    return job


def kept_until(job: ExportJob) -> datetime:
    """Until when the file is kept at least (`delete_old_exports` removes it later)."""
    return job.created_at + timedelta(days=settings.REVMECH_EXPORT_KEEP_DAYS)


def queue_export(
    *,
    kind: str,
    requested_by: AbstractBaseUser,
    parameters: Mapping[str, Any],
    language: str,
) -> ExportJob:
    """Record the request and enqueue its making; the worker makes the file once the caller's
    transaction commits. The same request asked again while it waits (a second click, a page
    reloaded) answers with the job already queued instead of making the file twice."""
    if kind not in _KINDS:
        raise LookupError(f"No export {kind!r} is registered.")
    waiting = ExportJob.objects.filter(
        requested_by_id=requested_by.pk,
        kind=kind,
        language=language,
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
    ).order_by("-pk")
    for job in waiting[:10]:
        if job.parameters == dict(parameters):
            return job
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by_id=requested_by.pk,
            kind=kind,
            parameters=dict(parameters),
            language=language,
        )
        build_export.enqueue(job.pk)
    return job


@task()
def build_export(job_id: int) -> str:
    """Make the file of one queued export (see the module's docstring); what happened."""
    taken = ExportJob.objects.filter(
        pk=job_id, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).update(status=ExportJob.Status.RUNNING, started_at=timezone.now())
    if not taken:
        return "nothing to do"
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            built = _build(job)
        except ExportFailed as problem:
            return _failed(job, str(problem))
        except FontMissing as missing:
            return _failed(
                job,
                _(
                    "The font %(family)s is not installed on the server, so the PDF would not "
                    "show every script. The administrator installs it with the package "
                    "%(package)s (for example: apt-get install %(package)s)."
                )
                % {"family": missing.family, "package": missing.package},
            )
        except Exception as error:  # any failure is told to the person, not left queued
            log.exception("export %s (%s) failed", job.pk, job.kind)
            # The kind of error only: its message may name paths, hosts or data of the server,
            # which the log keeps for the administrator.
            detail = type(error).__name__
            return _failed(
                job,
                _(
                    "The file could not be prepared because of an error on the server "
                    "(%(error)s). Ask for it again later; if it fails again, tell the "
                    "secretariat."
                )
                % {"error": detail},
            )
    if isinstance(built.content, bytes):
        job.file.save(built.filename, ContentFile(built.content), save=False)
    else:
        with built.content:
            built.content.seek(0)
            job.file.save(built.filename, File(built.content), save=False)
    job.filename = built.filename[: ExportJob._meta.get_field("filename").max_length]
    job.content_type = built.content_type
    job.size = job.file.size
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.error = ""
    job.save(
        update_fields=[
            "file",
            "filename",
            "content_type",
            "size",
            "status",
            "finished_at",
            "error",
        ]
    )
    return "done"


def no_longer_allowed() -> ExportFailed:
    """The refusal for someone who lost access to what they asked for before it was made."""
    return ExportFailed(_("You no longer have access to what this export would contain."))


def _build(job: ExportJob) -> Built:
    kind = kind_of(job)
    if kind is None:
        raise ExportFailed(_("This kind of export is no longer offered."))
    if not kind.may_fetch(job.requested_by, job.parameters):
        raise no_longer_allowed()
    return kind.build(job)


def _failed(job: ExportJob, message: str) -> str:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    return "failed"


def delete_exports_before(cutoff: datetime) -> int:
    """Delete every export requested before `cutoff`, its file first; how many."""
    count = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).order_by("pk"):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


@task()
def delete_old_exports(day: str) -> int:
    """Delete the exports requested more than `REVMECH_EXPORT_KEEP_DAYS` days before `day` (ISO
    date), with their files; enqueued daily by the workers (`REVMECH_DAILY_TASKS`)."""
    keep = timedelta(days=settings.REVMECH_EXPORT_KEEP_DAYS)
    start_of_day = timezone.make_aware(datetime.combine(date.fromisoformat(day), time.min))
    deleted = delete_exports_before(start_of_day - keep)
    if deleted:
        log.info("%s old export(s) deleted", deleted)
    return deleted
