"""Every change to the follow-up (P&R paras 15, 33, 40, 41): one use case, one function.

`record_need` is the one way a need enters the register, whatever its source; the feeders
below (questionnaire answers, requests under para 15, final reports) only translate their
source into its arguments. Each intake is idempotent on (`source`, `source_key`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.followup import permissions
from revmech.followup.models import (
    AssistanceType,
    Finding,
    FindingKind,
    Need,
    NeedSource,
    NeedStatus,
    NeedUpdate,
    Priority,
    Progress,
    ProgressReport,
    Recommendation,
)
from revmech.questionnaires.models import Questionnaire, QuestionnaireStatus
from revmech.registry.models import Article, Cluster, ClusterSet, Instrument, State, WorkingGroup
from revmech.reports import selectors as report_selectors
from revmech.reports.models import Report, SectionKind
from revmech.reviews.models import AssistanceRequest, AssistanceStatus, CountryReview
from revmech.rules import RuleViolation

# The order of the statuses: a need moves forward only (identified, being addressed, addressed).
STATUS_ORDER = (NeedStatus.IDENTIFIED, NeedStatus.BEING_ADDRESSED, NeedStatus.ADDRESSED)
REQUEST_STATUS = {
    AssistanceStatus.RECEIVED: NeedStatus.IDENTIFIED,
    AssistanceStatus.IN_PROGRESS: NeedStatus.BEING_ADDRESSED,
    AssistanceStatus.ADDRESSED: NeedStatus.ADDRESSED,
    AssistanceStatus.CLOSED: NeedStatus.ADDRESSED,
}
_ARTICLE_NUMBER = re.compile(r"^\s*(\d+)")


def _required(value: str, what: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise RuleViolation(_("Give %(what)s.") % {"what": what})
    return cleaned


def _check_choice(value: str, choices: Iterable[str], what: str) -> str:
    if value not in choices:
        raise RuleViolation(
            _("%(value)s is not a known %(what)s.") % {"value": value or "—", "what": what}
        )
    return value


def find_article(instrument: Instrument, label: str) -> Article | None:
    """The article of `instrument` named by a label such as "11" or "11(a)", or None."""
    match = _ARTICLE_NUMBER.match(label or "")
    if match is None:
        return None
    return Article.objects.filter(instrument=instrument, number=match.group(1)).first()


def find_cluster(code: str) -> Cluster | None:
    """The cluster of that code in the default clusters (App. I), or in any version."""
    if not code:
        return None
    default = ClusterSet.objects.filter(is_default=True).first()
    found = Cluster.objects.filter(cluster_set=default, code=code).first()
    return found or Cluster.objects.filter(code=code).order_by("cluster_set__position").first()


def cluster_of(article: Article | None) -> Cluster | None:
    """The default cluster (App. I) that holds the article, for sources that name no cluster."""
    if article is None:
        return None
    return (
        Cluster.objects.filter(cluster_set__is_default=True, entries__article=article)
        .order_by("position")
        .first()
    )


@dataclass(frozen=True)
class NeedInput:
    """A need as any source states it, before it enters the register."""

    assistance_type: str
    description: str
    article: str = ""
    cluster: str = ""
    priority: str = ""


@transaction.atomic
def record_need(
    *,
    state: State,
    instrument: Instrument,
    need: NeedInput,
    source: str,
    source_key: str,
    identified_on: date,
    now: datetime,
    review: CountryReview | None = None,
    is_public: bool = False,
    by: Person | None = None,
    request: HttpRequest | None = None,
    strict: bool = True,
) -> tuple[Need, bool]:
    """Enter a need into the register from any source; (the need, whether it is new).

    Idempotent: the same (`source`, `source_key`) returns the need already recorded, made
    public if the source has since been published. Checks the input, not who asks: the callers
    (a State's form, the feeders) check their own permission. A feeder passes `strict=False`:
    an article its source names but the instrument lacks is then left out, not refused.
    """
    _check_choice(source, NeedSource.values, _("source"))
    _check_choice(need.assistance_type, AssistanceType.values, _("type of assistance"))
    _check_choice(need.priority, Priority.values, _("priority"))
    existing = Need.objects.select_for_update().filter(source=source, source_key=source_key)
    found = existing.first()
    if found is not None:
        if is_public and not found.is_public:
            found.is_public = True
            found.save(update_fields=["is_public"])
        return found, False
    article = find_article(instrument, need.article) if need.article else None
    if need.article and article is None and strict:
        raise RuleViolation(
            _("%(instrument)s has no article %(article)s.")
            % {"instrument": instrument.short_name, "article": need.article}
        )
    recorded = Need.objects.create(
        state=state,
        instrument=instrument,
        review=review,
        cluster=find_cluster(need.cluster) or cluster_of(article),
        article=article,
        assistance_type=need.assistance_type,
        description=_required(need.description, _("a description of the need")),
        priority=need.priority,
        source=source,
        source_key=source_key,
        is_public=is_public,
        identified_on=identified_on,
        recorded_at=now,
    )
    NeedUpdate.objects.create(need=recorded, status=recorded.status, by=by, at=now)
    audit.record(
        "followup.need.recorded",
        actor=by,
        subject=recorded,
        request=request,
        review_id=review.pk if review else None,
        now=now,
        source=source,
    )
    return recorded, True


@transaction.atomic
def add_need(
    *,
    state: State,
    instrument: Instrument,
    need: NeedInput,
    by: Person,
    now: datetime,
    request: HttpRequest | None = None,
) -> Need:
    """A State enters a need of its own (or the secretariat one it was told of)."""
    if not permissions.can_add_need(by, state.code, instrument.code):
        raise PermissionDenied
    source = NeedSource.REQUEST if permissions.is_secretariat(by) else NeedSource.STATE
    recorded, _new = record_need(
        state=state,
        instrument=instrument,
        need=need,
        source=source,
        source_key=f"form:{uuid.uuid4().hex}",
        identified_on=now.date(),
        now=now,
        by=by,
        request=request,
    )
    return recorded


def _move(
    need: Need,
    *,
    status: str,
    provider: str,
    note: str,
    by: Person | None,
    based_on_version: int,
    now: datetime,
    is_reported_by_state: bool,
) -> Need:
    _check_choice(status, NeedStatus.values, _("status"))
    if STATUS_ORDER.index(NeedStatus(status)) < STATUS_ORDER.index(NeedStatus(need.status)):
        raise RuleViolation(
            _("The need is already %(status)s; it cannot go back.")
            % {"status": NeedStatus(need.status).label}
        )
    moved = Need.objects.filter(pk=need.pk, version=based_on_version).update(
        status=status, provider=provider, version=based_on_version + 1
    )
    if moved != 1:
        raise RuleViolation(
            _("Someone else changed this need meanwhile; read it again before you change it.")
        )
    need.status, need.provider, need.version = status, provider, based_on_version + 1
    NeedUpdate.objects.create(
        need=need,
        status=status,
        provider=provider,
        note=note.strip(),
        is_reported_by_state=is_reported_by_state,
        by=by,
        at=now,
    )
    return need


@transaction.atomic
def update_need(
    *,
    need: Need,
    by: Person,
    status: str,
    provider: str,
    note: str,
    based_on_version: int,
    now: datetime,
    request: HttpRequest | None = None,
) -> Need:
    """The secretariat records the status of a need and who provides the assistance."""
    if not permissions.can_manage_need(by, need):
        raise PermissionDenied
    provider = provider.strip()
    if status != NeedStatus.IDENTIFIED and not provider:
        raise RuleViolation(_("Say who provides the assistance."))
    _move(
        need,
        status=status,
        provider=provider,
        note=note,
        by=by,
        based_on_version=based_on_version,
        now=now,
        is_reported_by_state=False,
    )
    audit.record(
        "followup.need.updated", actor=by, subject=need, request=request, now=now, status=status
    )
    return need


@transaction.atomic
def report_on_need(
    *,
    need: Need,
    by: Person,
    is_addressed: bool,
    note: str,
    based_on_version: int,
    now: datetime,
    request: HttpRequest | None = None,
) -> Need:
    """P&R para 40: the State says whether its need has been addressed."""
    if not permissions.can_report_on_need(by, need):
        raise PermissionDenied
    note = _required(note, _("what the State reports"))
    status = NeedStatus.ADDRESSED if is_addressed else need.status
    _move(
        need,
        status=status,
        provider=need.provider,
        note=note,
        by=by,
        based_on_version=based_on_version,
        now=now,
        is_reported_by_state=True,
    )
    audit.record(
        "followup.need.reported",
        actor=by,
        subject=need,
        request=request,
        now=now,
        is_addressed=is_addressed,
    )
    return need


@transaction.atomic
def share_need(
    *, need: Need, by: Person, now: datetime, request: HttpRequest | None = None
) -> Need:
    """The State consents to its need feeding the public analysis and its figures (P&R paras
    37, 38: the State's sovereign choice); never withdrawn, like a publication."""
    if not permissions.can_share_need(by, need):
        raise PermissionDenied
    Need.objects.filter(pk=need.pk).update(is_public=True)
    need.is_public = True
    audit.record("followup.need.shared", actor=by, subject=need, request=request, now=now)
    return need


# The feeders: each source translated into `record_need`.


def _request_key(assistance: AssistanceRequest) -> str:
    return f"reviews.assistance:{assistance.pk}"


def _request_target(assistance: AssistanceRequest) -> NeedStatus:
    return REQUEST_STATUS.get(AssistanceStatus(assistance.status), NeedStatus.IDENTIFIED)


def _is_behind(need: Need, assistance: AssistanceRequest) -> bool:
    """Whether the need's status is behind the secretariat's handling of its request."""
    target = NeedStatus(_request_target(assistance))
    return STATUS_ORDER.index(target) > STATUS_ORDER.index(NeedStatus(need.status))


def feed_assistance_request(assistance: AssistanceRequest, *, now: datetime) -> Need:
    """A request under P&R para 15 is a need to answer the questionnaire; its status follows
    the secretariat's handling of the request, forward only."""
    review = assistance.review
    need, _created = record_need(
        state=review.state_under_review,
        instrument=review.instrument,
        review=review,
        need=NeedInput(assistance_type=AssistanceType.QUESTIONNAIRE, description=assistance.need),
        source=NeedSource.REQUEST,
        source_key=_request_key(assistance),
        identified_on=assistance.requested_at.date(),
        now=now,
        by=assistance.requested_by,
    )
    if _is_behind(need, assistance):
        _move(
            need,
            status=_request_target(assistance),
            provider=need.provider or _("Secretariat"),
            note=assistance.notes,
            by=assistance.updated_by,
            based_on_version=need.version,
            now=now,
            is_reported_by_state=False,
        )
    return need


def _answers(questionnaire: Questionnaire) -> dict[str, str]:
    return dict(questionnaire.answers.values_list("question_key", "text"))


def feed_questionnaire(questionnaire: Questionnaire, *, now: datetime) -> list[Need]:
    """The articles for which a submitted questionnaire answers "yes, we need technical
    assistance": one need per type named (P&R paras 7 (c), 17)."""
    if questionnaire.status != QuestionnaireStatus.SUBMITTED:
        return []
    review = questionnaire.review
    answers = _answers(questionnaire)
    needs = []
    for structure in questionnaire.structures():
        for section in structure.sections:
            if answers.get(f"{section.key}.assistance") != "yes":
                continue
            types = [
                t.strip()
                for t in answers.get(f"{section.key}.assistance_type", "").split(",")
                if t.strip() in AssistanceType.values
            ] or [AssistanceType.OTHER]
            challenges = strip_tags(answers.get(f"{section.key}.challenges", "")).strip()
            description = challenges or _("Technical assistance to implement article %(a)s.") % {
                "a": section.article
            }
            for kind in types:
                need, _new = record_need(
                    state=review.state_under_review,
                    instrument=review.instrument,
                    review=review,
                    need=NeedInput(
                        assistance_type=kind,
                        description=description,
                        article=section.article,
                        cluster=structure.cluster,
                    ),
                    source=NeedSource.QUESTIONNAIRE,
                    source_key=f"questionnaire:{questionnaire.pk}:{section.key}:{kind}",
                    identified_on=(questionnaire.submitted_at or now).date(),
                    now=now,
                )
                needs.append(need)
    return needs


@transaction.atomic
def collect_needs(*, now: datetime, by: Person | None = None) -> int:
    """Take into the register every need of the submitted questionnaires and of the requests
    under para 15 not taken yet; returns how many needs are new. Safe to run again."""
    if by is not None and not permissions.can_manage_need(by):
        raise PermissionDenied
    before = Need.objects.count()
    # Each request enters the register as it is saved (`receivers`): read once which are in,
    # and feed only those missing or behind, not one query per request ever made (issue 17).
    taken = {
        need.source_key: need
        for need in Need.objects.filter(source=NeedSource.REQUEST).only("source_key", "status")
    }
    for assistance in AssistanceRequest.objects.select_related(
        "review__state_under_review", "review__instrument"
    ):
        need = taken.get(_request_key(assistance))
        if need is None or _is_behind(need, assistance):
            feed_assistance_request(assistance, now=now)
    submitted = Questionnaire.objects.filter(status=QuestionnaireStatus.SUBMITTED)
    for questionnaire in submitted.select_related(
        "review__state_under_review", "review__instrument"
    ):
        feed_questionnaire(questionnaire, now=now)
    # Final reports: the receiver of `report_final` takes each as it becomes final; this takes
    # any it missed, and what their States have published since (para 38).
    for report in Report.objects.filter(finalized_at__isnull=False).select_related(
        "review__state_under_review", "review__instrument"
    ):
        feed_report(report, now=now)
    added = Need.objects.count() - before
    audit.record("followup.needs.collected", actor=by, now=now, added=added)
    return added


@dataclass(frozen=True)
class FindingInput:
    """An observation, success, good practice or challenge as a report states it; `is_public`
    None takes the report's publicity."""

    kind: str
    text: str
    key: str
    article: str = ""
    cluster: str = ""
    is_public: bool | None = None


@transaction.atomic
def record_report_outcome(
    *,
    review: CountryReview,
    needs: Iterable[NeedInput],
    findings: Iterable[FindingInput],
    is_public: bool,
    identified_on: date,
    now: datetime,
    report_key: str,
    strict: bool = True,
) -> tuple[list[Need], list[Finding]]:
    """The structured needs and findings of a final report (P&R paras 33, 40, 41), idempotent
    on `report_key` and each item's position or key. `is_public` applies to the needs and to
    each finding that does not say otherwise; publicity only ever grows."""
    recorded_needs = [
        record_need(
            state=review.state_under_review,
            instrument=review.instrument,
            review=review,
            need=item,
            source=NeedSource.REPORT,
            source_key=f"{report_key}:need:{position}",
            identified_on=identified_on,
            now=now,
            is_public=is_public,
            strict=strict,
        )[0]
        for position, item in enumerate(needs)
    ]
    recorded_findings = []
    for item in findings:
        _check_choice(item.kind, FindingKind.values, _("kind"))
        key = f"{report_key}:{item.key}"
        public = is_public if item.is_public is None else item.is_public
        finding = Finding.objects.filter(source_key=key).first()
        if finding is None:
            article = find_article(review.instrument, item.article) if item.article else None
            finding = Finding.objects.create(
                review=review,
                state=review.state_under_review,
                instrument=review.instrument,
                cluster=find_cluster(item.cluster) or cluster_of(article),
                article=article,
                kind=item.kind,
                text=_required(strip_tags(item.text), _("the text")),
                source_key=key,
                is_public=public,
                recorded_at=now,
            )
        elif public and not finding.is_public:
            finding.is_public = True
            finding.save(update_fields=["is_public"])
        recorded_findings.append(finding)
    audit.record(
        "followup.report.taken",
        actor=None,
        subject=review,
        now=now,
        needs=len(recorded_needs),
        findings=len(recorded_findings),
    )
    return recorded_needs, recorded_findings


# What each kind of section of a final report is for the follow-up: the report's one section of
# "successes and good practices" counts as good practice (searchable with the successes).
REPORT_KINDS = {
    SectionKind.OBSERVATIONS: FindingKind.OBSERVATION,
    SectionKind.CHALLENGES: FindingKind.CHALLENGE,
    SectionKind.SUCCESSES: FindingKind.GOOD_PRACTICE,
}


def _plain(html: str) -> str:
    return unescape(strip_tags(html or "")).strip()


@transaction.atomic
def feed_report(report: Report, *, now: datetime) -> tuple[list[Need], list[Finding]]:
    """A final report's structured needs and its observations, challenges and good practices
    (P&R paras 33, 40, 41), read through `reports.selectors.findings_of`.

    Publicity follows the State's choices (para 38): a finding is public when its section is
    published; the needs when the executive summary, which lists them, is published (para 36).
    """
    findings = report_selectors.findings_of(report)
    published = set(report.sections.filter(is_published=True).values_list("key", flat=True))
    needs = [
        NeedInput(
            assistance_type=n.kind if n.kind in AssistanceType.values else AssistanceType.OTHER,
            description=_plain(n.description),
            article=n.article,
            priority=n.priority if n.priority in Priority.values else "",
        )
        for n in findings.needs
        if _plain(n.description)
    ]
    items = [
        FindingInput(
            kind=REPORT_KINDS[SectionKind(o.kind)],
            text=_plain(o.text),
            key=o.key,
            article=o.article,
            cluster=o.cluster,
            is_public=o.key in published,
        )
        for o in findings.observations
        if o.kind in REPORT_KINDS and _plain(o.text)
    ]
    finalized_at = report.finalized_at or now
    return record_report_outcome(
        review=report.review,
        needs=needs,
        findings=items,
        is_public=report.is_summary_published,
        identified_on=finalized_at.date(),
        now=now,
        report_key=f"reports.report:{report.pk}",
        strict=False,
    )


@transaction.atomic
def report_progress(
    *,
    finding: Finding,
    by: Person,
    progress: str,
    text: str,
    now: datetime,
    request: HttpRequest | None = None,
) -> ProgressReport:
    """P&R para 41: the State submits information on progress on one observation."""
    if not permissions.can_report_progress(by, finding):
        raise PermissionDenied
    if finding.kind != FindingKind.OBSERVATION:
        raise RuleViolation(_("Progress is reported on observations only."))
    _check_choice(progress, Progress.values, _("progress"))
    report = ProgressReport.objects.create(
        finding=finding,
        progress=progress,
        text=_required(text, _("the information on progress achieved")),
        submitted_by=by,
        submitted_at=now,
    )
    audit.record(
        "followup.progress.reported",
        actor=by,
        subject=finding,
        request=request,
        review_id=finding.review_id,
        now=now,
        progress=progress,
    )
    return report


@transaction.atomic
def record_recommendation(
    *,
    working_group: WorkingGroup,
    by: Person,
    text: str,
    adopted_on: date,
    now: datetime,
    instrument: Instrument | None = None,
    assistance_type: str = "",
    request: HttpRequest | None = None,
) -> Recommendation:
    """The secretariat records a recommendation the working group adopted (P&R para 40)."""
    if not permissions.can_record_recommendation(by, working_group):
        raise PermissionDenied
    if assistance_type:
        _check_choice(assistance_type, AssistanceType.values, _("type of assistance"))
    recommendation = Recommendation.objects.create(
        working_group=working_group,
        instrument=instrument,
        assistance_type=assistance_type,
        text=_required(text, _("the recommendation")),
        adopted_on=adopted_on,
        recorded_by=by,
        recorded_at=now,
    )
    audit.record(
        "followup.recommendation.recorded",
        actor=by,
        subject=recommendation,
        request=request,
        now=now,
    )
    return recommendation


def need_inputs_from(raw: Iterable[Mapping[str, Any]]) -> list[NeedInput]:
    """Needs as plain mappings (a report's structured form, the API) into `NeedInput`s."""
    return [
        NeedInput(
            assistance_type=str(item.get("type") or item.get("assistance_type") or ""),
            description=str(item.get("description") or ""),
            article=str(item.get("article") or ""),
            cluster=str(item.get("cluster") or ""),
            priority=str(item.get("priority") or ""),
        )
        for item in raw
    ]
