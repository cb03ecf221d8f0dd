"""The page of an export prepared in the background, and its download (issue 17).

The page refreshes itself (a meta refresh: no script, which the content security policy would
refuse inline) while the file is being prepared, then offers it. Both answer 404 to anyone but
the person who asked, and to them once the original export's predicate no longer lets them.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.web.downloads import as_attachment

REFRESH_SECONDS = 3
# A file not ready after this long most likely waits for a worker that is not running.
SLOW_AFTER = timedelta(minutes=10)


@require_GET
def export(request: HttpRequest, job_id: int) -> HttpResponse:
    job = exports.export_for(request.user, job_id)
    kind = exports.kind_of(job)
    assert kind is not None  # noqa: S101 - export_for answers 404 for an unknown kind
    return render(
        request,
        "jobs/export.html",
        {
            "job": job,
            "title": kind.title(job.parameters),
            "refresh_seconds": REFRESH_SECONDS if job.is_pending else None,
            "is_slow": job.is_pending and timezone.now() - job.created_at > SLOW_AFTER,
            "kept_until": exports.kept_until(job),
        },
    )


@require_GET
def export_file(request: HttpRequest, job_id: int) -> FileResponse:
    job = exports.export_for(request.user, job_id)
    kind = exports.kind_of(job)
    if kind is None or job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        stream = job.file.open("rb")
    except OSError:  # removed from the store meanwhile: as if it had never been made
        raise Http404 from None
    kind.downloaded(request.user, job, request)  # type: ignore[arg-type]  # signed in: a Person
    response = FileResponse(stream, content_type=job.content_type)
    return as_attachment(response, job.filename)
