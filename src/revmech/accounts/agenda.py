"""What nominations ask of a person (P&R paras 12, 13, 19): the secretariat approves submitted
profiles and follows nominees who have not activated; a nominee answers a request for
clarification. One aggregate read for the secretariat, one read of one's own appointments.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revmech.accounts import permissions
from revmech.accounts.models import Appointment, AppointmentStatus, Person
from revmech.accounts.permissions import Someone
from revmech.web.agenda import Kind, Task


def _nominations_url(status: str) -> str:
    return reverse("accounts:nominations") + "?" + urlencode({"status": status})


def agenda_for(person: Someone, *, today: date) -> list[Task]:
    if not isinstance(person, Person) or not person.is_active:
        return []
    tasks = []
    if permissions.can_nominate(person):
        counts = dict(
            Appointment.objects.filter(
                status__in=(
                    AppointmentStatus.PROFILE_SUBMITTED,
                    AppointmentStatus.NOMINATED,
                    AppointmentStatus.CLARIFICATION,
                )
            )
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        submitted = counts.get(AppointmentStatus.PROFILE_SUBMITTED, 0)
        if submitted:
            tasks.append(
                Task(
                    kind=Kind.NOMINATION,
                    title=ngettext(
                        "Approve %(count)s submitted profile or ask for clarification",
                        "Approve %(count)s submitted profiles or ask for clarification",
                        submitted,
                    )
                    % {"count": submitted},
                    url=_nominations_url(AppointmentStatus.PROFILE_SUBMITTED),
                )
            )
        waiting = counts.get(AppointmentStatus.NOMINATED, 0) + counts.get(
            AppointmentStatus.CLARIFICATION, 0
        )
        if waiting:
            tasks.append(
                Task(
                    kind=Kind.NOMINATION,
                    title=ngettext(
                        "%(count)s nomination not yet completed by the nominee",
                        "%(count)s nominations not yet completed by their nominees",
                        waiting,
                    )
                    % {"count": waiting},
                    url=_nominations_url(AppointmentStatus.NOMINATED),
                    waiting_on=_("The nominees: activation or clarification."),
                )
            )
    own = Appointment.objects.filter(person=person, status=AppointmentStatus.CLARIFICATION)
    for appointment in own.select_related("state").order_by("pk"):
        tasks.append(
            Task(
                kind=Kind.REQUEST,
                title=_("Answer the secretariat's request for clarification on your profile"),
                url=appointment.get_absolute_url(),
                about=str(appointment.get_role_display()),
            )
        )
    return tasks
