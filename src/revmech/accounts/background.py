"""The lists of focal points and experts made by a worker when they are long (issue 17): 1,400
entries took four seconds as PDF inside the request (P&R paras 13, 19).

A list of more than `REVMECH_EXPORT_BACKGROUND_ENTRIES` entries, in either format, is queued;
the file is made in the language of the person who asked, with what they may read when it is
made, and only while they may still read the lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from revmech.accounts import lists, permissions, selectors
from revmech.accounts.selectors import InstrumentList
from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.jobs.models import ExportJob
from revmech.web.roles import Someone

LISTS = "accounts.lists"


def is_long(sections: Sequence[InstrumentList]) -> bool:
    return sum(len(s.entries) for s in sections) > settings.REVMECH_EXPORT_BACKGROUND_ENTRIES


def _title(_parameters: Mapping[str, Any]) -> str:
    return lists.title()


def _may_fetch(person: Someone, _parameters: Mapping[str, Any]) -> bool:
    return permissions.can_export_lists(person)


def _build(job: ExportJob) -> exports.Built:
    instruments = selectors.list_instruments(job.parameters.get("instrument", ""))
    sections = selectors.lists_for(job.requested_by, instruments=instruments)
    document = lists.export(
        sections, file_format=job.parameters["file_format"], language=job.language
    )
    return exports.Built(document.content, document.content_type, document.filename)


def _downloaded(person: AbstractBaseUser, job: ExportJob, request: HttpRequest) -> None:
    audit.record(
        "accounts.lists.exported",
        actor=person,
        request=request,
        file_format=job.parameters["file_format"],
        instrument=job.parameters.get("instrument") or None,
        language=job.language,
        background_export=job.pk,
    )


def register() -> None:
    exports.register(
        exports.ExportKind(
            name=LISTS,
            title=_title,
            build=_build,
            may_fetch=_may_fetch,
            downloaded=_downloaded,
        )
    )
