"""Who may read, draft, approve, translate, publish and share a country review report
(P&R paras 32-39), as predicates read aloud; gathered by `revmech.site.access`.

The report is confidential (para 37): the parties to the review, their observers and the
assigned secretariat read it; another State reads a final report only when the State under
review granted its request and the reader acknowledged its confidentiality (para 39); the public
sees the published executive summary and the sections the State under review chose to publish
(paras 36, 38). Everything else answers 404, as if nothing existed.
"""

from __future__ import annotations

from typing import Any

from revmech.accounts.models import Person, Role
from revmech.accounts.permissions import Someone, acts_for, is_secretariat, roles_for_state
from revmech.reports.models import AccessStatus, Report
from revmech.reviews.models import CountryReview, Stage
from revmech.reviews.permissions import (
    can_read_review,
    is_assigned,
    is_focal_point_of,
    parties_to,
    reviewing_states_of,
    states_agreeing_through,
)
from revmech.web.access import PUBLIC_PAGE, Access

# Drafting begins once the outcome of the desk review is sent (P&R paras 29, 33).
DRAFTING_STAGES = (Stage.DIALOGUE, Stage.DRAFT_REPORT)


def report_of(review: CountryReview) -> Report | None:
    """The review's report, read once per review object."""
    cached: Report | bool | None = getattr(review, "_report_cache", False)
    if cached is False:
        cached = Report.objects.filter(review=review).first()
        review._report_cache = cached  # type: ignore[attr-defined]
    return cached if isinstance(cached, Report) else None


def forget_report(review: CountryReview) -> None:
    if hasattr(review, "_report_cache"):
        delattr(review, "_report_cache")


def can_read_report(person: Someone, review: CountryReview) -> bool:
    """P&R paras 32, 37: whoever may read the review reads its report, drafts and comments."""
    return can_read_review(person, review)


def can_read_existing_report(person: Someone, review: CountryReview) -> bool:
    """Pages of a report that exists (sections, versions, exports) for its readers."""
    if not can_read_report(person, review):
        return False
    return report_of(review) is not None


def can_start_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 33: the reviewing States prepare the draft, once the dialogue has begun."""
    if not acts_for(person, reviewing_states_of(review), review.instrument.code):
        return False
    return review.stage in DRAFTING_STAGES


def can_draft_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 33: the governmental experts and focal points of the reviewing States edit the
    sections (the State under review comments, asks and approves; DESIGN choice in docs)."""
    return acts_for(person, reviewing_states_of(review), review.instrument.code)


def can_edit_report(person: Someone, review: CountryReview) -> bool:
    """Edit now: a drafter, a report that exists and is not final (P&R para 34)."""
    if not can_draft_report(person, review):
        return False
    report = report_of(review)
    return report is not None and not report.is_final


def can_comment(person: Someone, review: CountryReview) -> bool:
    """P&R paras 33, 35: the three States and the assigned secretariat discuss each section."""
    if report_of(review) is None:
        return False
    if acts_for(person, parties_to(review), review.instrument.code):
        return True
    return is_secretariat(person) and is_assigned(person, review)


def can_ask_explanation(person: Someone, review: CountryReview) -> bool:
    """P&R para 35: the State under review asks how a challenge could be addressed."""
    return acts_for(person, (review.state_under_review.code,), review.instrument.code)


def can_approve_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 34: the focal point of the State under review or of a reviewing State."""
    if not states_agreeing_through(person, review):
        return False
    report = report_of(review)
    return report is not None and not report.is_final


def can_work_on_summary(person: Someone, review: CountryReview) -> bool:
    """P&R paras 36, 45: the assigned secretariat has the summary translated and published."""
    if not is_secretariat(person):
        return False
    if not is_assigned(person, review):
        return False
    report = report_of(review)
    return report is not None and report.is_final


def can_publish_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 38: the State under review, through its focal point, publishes its final
    report or parts of it."""
    if not is_focal_point_of(person, review.state_under_review.code, review):
        return False
    report = report_of(review)
    return report is not None and report.is_final


def can_request_further_translation(person: Someone, review: CountryReview) -> bool:
    """P&R para 46: the State under review asks; the assigned secretariat records the funding."""
    report = report_of(review)
    if report is None or not report.is_final:
        return False
    if is_focal_point_of(person, review.state_under_review.code, review):
        return True
    return is_secretariat(person) and is_assigned(person, review)


def requesting_states(person: Someone, review: CountryReview) -> tuple[str, ...]:
    """The States, other than the parties to the review, whose focal point the person is for
    the review's instrument: those for which they may ask to read the report (P&R para 39)."""
    if not isinstance(person, Person) or not person.is_active:
        return ()
    cached: list[str] | None = getattr(person, "_focal_point_states", None)
    if cached is None:
        approved = person.appointments.filter(role=Role.FOCAL_POINT, status="approved")
        cached = sorted({a.state.code for a in approved.select_related("state") if a.state})
        person._focal_point_states = cached  # type: ignore[attr-defined]
    parties = set(parties_to(review))
    return tuple(
        code
        for code in cached
        if code not in parties
        and Role.FOCAL_POINT in roles_for_state(person, code, review.instrument.code)
    )


def can_request_access(person: Someone, review: CountryReview) -> bool:
    """P&R para 39: another State party, through its focal point, asks to read a final report."""
    report = report_of(review)
    if report is None or not report.is_final:
        return False
    return bool(requesting_states(person, review))


def can_decide_access(person: Someone, review: CountryReview) -> bool:
    """P&R para 39: the State under review grants or refuses, through its focal point."""
    report = report_of(review)
    if report is None or not report.is_final:
        return False
    return is_focal_point_of(person, review.state_under_review.code, review)


def granted_request_for(person: Someone, review: CountryReview) -> Any:
    """The granted request through which the person may read the final report, or None: they
    act for the requesting State (focal point or expert, for the review's instrument)."""
    report = report_of(review)
    if report is None or not report.is_final or not isinstance(person, Person):
        return None
    granted = report.access_requests.filter(status=AccessStatus.GRANTED).select_related("state")
    for access_request in granted:
        if acts_for(person, (access_request.state.code,), review.instrument.code):
            return access_request
    return None


def can_read_shared_report(person: Someone, review: CountryReview) -> bool:
    """P&R para 39: a reader of a State whose request was granted (read only)."""
    return granted_request_for(person, review) is not None


def is_public_report(_person: Someone, review: CountryReview) -> bool:
    """Anyone: the published summary and the sections the State under review published
    (P&R paras 36, 38); nothing of an unpublished report."""
    report = report_of(review)
    if report is None:
        return False
    return report.is_published or report.is_summary_published


def can_list_reports(person: Someone, _nothing: object = None) -> bool:
    """Anyone signed in asks for the list; it holds only reports they may read or request."""
    return person is not None and bool(person.is_authenticated)


def _read(rule: Any = can_read_report, method: str = "GET") -> Access:
    return Access(subject="review", rule=rule, method=method)


ACCESS: dict[str, Access] = {
    "reports:list": Access(subject=None, rule=can_list_reports),
    "reports:report": _read(),
    "reports:start": _read(can_start_report, "POST"),
    "reports:section": _read(can_read_existing_report),
    "reports:save": _read(can_edit_report, "POST"),
    "reports:history": _read(can_read_existing_report),
    "reports:comment": _read(can_comment, "POST"),
    "reports:needs": _read(can_edit_report, "POST"),
    "reports:approve": _read(can_approve_report, "POST"),
    "reports:summary": _read(can_read_existing_report),
    "reports:translation": _read(can_work_on_summary, "POST"),
    "reports:publish_summary": _read(can_work_on_summary, "POST"),
    "reports:publish": _read(can_publish_report, "POST"),
    "reports:further_translation": _read(can_request_further_translation, "POST"),
    "reports:request_access": _read(can_request_access, "POST"),
    "reports:decide_access": _read(can_decide_access, "POST"),
    "reports:shared": _read(can_read_shared_report),
    "reports:shared_docx": _read(can_read_shared_report),
    # Public: the published summary and the sections published by the State under review;
    # an unpublished report answers 404 to everyone, signed in or not.
    "reports:public": _read(is_public_report),
    "reports:summaries": PUBLIC_PAGE,
    "reports:feed": PUBLIC_PAGE,
    "reports:docx": _read(can_read_existing_report),
    "reports:pdf": _read(can_read_existing_report),
    "reports:import": _read(can_edit_report, "POST"),
    "report-list": Access(subject=None, rule=can_list_reports),
    "report-detail": _read(can_read_existing_report),
    "report-save-section": _read(can_edit_report, "POST"),
    "report-approve": _read(can_approve_report, "POST"),
}
