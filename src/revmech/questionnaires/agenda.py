"""What the desk review asks of the State under review: its requests for clarification,
additional information and supplementary questions still unanswered (P&R para 29).

One read of the person's reviews and one count of unanswered requests per questionnaire.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from revmech.accounts.permissions import Someone
from revmech.questionnaires import permissions
from revmech.questionnaires.models import REQUEST_KINDS, DeskReviewNote
from revmech.reviews import selectors as review_selectors
from revmech.reviews.agenda import about
from revmech.web.agenda import Kind, Task


def agenda_for(person: Someone, *, today: date) -> list[Task]:
    reviews = {r.pk: r for r in review_selectors.reviews_for(person)}
    unanswered = (
        DeskReviewNote.objects.filter(
            questionnaire__review_id__in=reviews, kind__in=REQUEST_KINDS, responded_at=None
        )
        .values_list("questionnaire__review_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tasks = []
    for review_id, count in unanswered:
        review = reviews[review_id]
        if not permissions.can_respond_to_requests(person, review):
            continue
        tasks.append(
            Task(
                kind=Kind.REQUEST,
                title=ngettext(
                    "Answer %(count)s request of the desk review",
                    "Answer %(count)s requests of the desk review",
                    count,
                )
                % {"count": count},
                url=reverse("questionnaires:desk_review", kwargs={"review_id": review_id}),
                about=about(review),
            )
        )
    return tasks
