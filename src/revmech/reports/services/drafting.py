"""Drafting the report together: the first draft generated from the desk review, sections saved
with a version check (no lost edits), comments and explanations, assistance needs (P&R paras
33, 35)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revmech.accounts.models import Person
from revmech.audit import services as audit
from revmech.questionnaires.docx_io import working_language
from revmech.questionnaires.models import DeskReviewOutcome, NoteKind, Questionnaire
from revmech.questionnaires.services import answers_by_key
from revmech.reports import permissions, richtext
from revmech.reports.models import (
    ARTICLE_KINDS,
    AssistanceNeed,
    Comment,
    CommentKind,
    NeedKind,
    Part,
    Priority,
    Report,
    Section,
    SectionKind,
    SectionRevision,
    Source,
)
from revmech.reports.services.common import changed, locked, now_or, refuse_if_final
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation

# The parts of the desk review the reviewing States may take into the first draft (para 33).
TAKE_ANSWERS = "answers"
TAKE_NOTES = "notes"
TAKE_OUTCOME = "outcome"
TAKE_NEEDS = "needs"
TAKE_CHOICES = (
    (TAKE_ANSWERS, gettext_lazy("The answers of the State under review (measures, examples)")),
    (TAKE_NOTES, gettext_lazy("The reviewers' notes (successes, good practices, challenges)")),
    (TAKE_OUTCOME, gettext_lazy("The outcome of the desk review, into the summary")),
    (TAKE_NEEDS, gettext_lazy("Technical assistance needs stated in the answers")),
)
EVERYTHING = frozenset(code for code, _label in TAKE_CHOICES)


def _list(items: Iterable[str]) -> str:
    texts = [t for t in items if t.strip()]
    if not texts:
        return ""
    return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"


@dataclass(frozen=True)
class Chapter:
    cluster: str
    cluster_title: str
    article: str
    heading: str
    prefix: str


def _chapters(questionnaire: Questionnaire | None, language: str) -> list[Chapter]:
    if questionnaire is None:
        return [Chapter("", "", "", "", "")]
    chapters = []
    for structure in questionnaire.structures():
        for section in structure.sections:
            chapters.append(
                Chapter(
                    structure.cluster,
                    structure.title(language),
                    section.article,
                    section.title(language),
                    section.key,
                )
            )
    return chapters or [Chapter("", "", "", "", "")]


def _draft_texts(
    chapter: Chapter,
    *,
    answers: dict[str, str],
    notes: dict[str, list[tuple[str, str]]],
    take: frozenset[str],
) -> dict[str, str]:
    """The generated text of each section of one article (P&R para 33)."""
    keyed = [(kind, text) for kind, text in notes.get(chapter.prefix, [])]
    texts: dict[str, str] = dict.fromkeys(ARTICLE_KINDS, "")
    if TAKE_ANSWERS in take:
        texts[SectionKind.IMPLEMENTATION] += answers.get(f"{chapter.prefix}.measures", "")
        texts[SectionKind.IMPLEMENTATION] += answers.get(f"{chapter.prefix}.legislation", "")
        texts[SectionKind.PRACTICE] += answers.get(f"{chapter.prefix}.examples", "")
        texts[SectionKind.CHALLENGES] += answers.get(f"{chapter.prefix}.challenges", "")
    if TAKE_NOTES in take:
        texts[SectionKind.IMPLEMENTATION] += _list(t for k, t in keyed if k == NoteKind.COMMENT)
        texts[SectionKind.SUCCESSES] += _list(
            t for k, t in keyed if k in (NoteKind.SUCCESS, NoteKind.GOOD_PRACTICE)
        )
        texts[SectionKind.CHALLENGES] += _list(t for k, t in keyed if k == NoteKind.CHALLENGE)
    return {kind: richtext.clean(text) for kind, text in texts.items()}


def _needs_from_answers(
    chapters: list[Chapter], answers: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(type, article, description) of each need stated in the answers (P&R paras 33, 40)."""
    found = []
    for chapter in chapters:
        if answers.get(f"{chapter.prefix}.assistance") != "yes":
            continue
        kinds = answers.get(f"{chapter.prefix}.assistance_type", "").split(",")
        described = richtext.plain(answers.get(f"{chapter.prefix}.challenges", ""))
        for kind in [k for k in kinds if k] or [NeedKind.OTHER]:
            found.append(
                (
                    kind if kind in NeedKind.values else NeedKind.OTHER,
                    chapter.article,
                    described or _("Stated in the answer to the questionnaire."),
                )
            )
    return found


@transaction.atomic
def start_report(
    *,
    review: CountryReview,
    by: Person,
    take: Iterable[str] = EVERYTHING,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """The first draft: a section per article for each part of para 33, and the executive
    summary's sections, filled from the parts of the desk review the reviewers chose."""
    if not permissions.can_start_report(by, review):
        raise PermissionDenied
    chosen = frozenset(take)
    unknown = chosen - EVERYTHING
    if unknown:
        raise RuleViolation(
            _("Unknown parts to take into the draft: %(parts)s.")
            % {"parts": ", ".join(sorted(unknown))}
        )
    at = now_or(now)
    language = working_language(review)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                review=review, language=language, created_at=at, created_by=by
            )
    except IntegrityError:
        raise RuleViolation(
            _("The report of this review has already been started."), rule="P&R para 33"
        ) from None
    permissions.forget_report(review)
    questionnaire = Questionnaire.objects.filter(review=review).first()
    answers = {k: a.text for k, a in answers_by_key(questionnaire).items()} if questionnaire else {}
    notes: dict[str, list[tuple[str, str]]] = {}
    if questionnaire is not None:
        for note in questionnaire.notes.all():
            prefix = note.question_key.rsplit(".", 1)[0]
            notes.setdefault(prefix, []).append((note.kind, note.text))
    with translation.override(language):
        chapters = _chapters(questionnaire, language)
        position = 0

        def add(part: str, kind: str, key: str, text: str, **where: str) -> None:
            nonlocal position
            position += 1
            section = Section.objects.create(
                report=report,
                key=key,
                part=part,
                kind=kind,
                position=position,
                text=text,
                updated_at=at,
                updated_by=by,
                **where,
            )
            SectionRevision.objects.create(
                section=section,
                number=1,
                text=text,
                source=Source.GENERATED,
                report_version=1,
                saved_at=at,
                saved_by=by,
            )

        for chapter in chapters:
            texts = _draft_texts(chapter, answers=answers, notes=notes, take=chosen)
            for kind in ARTICLE_KINDS:
                add(
                    Part.REPORT,
                    kind,
                    f"{chapter.prefix or 'general'}.{kind}",
                    texts[kind],
                    cluster=chapter.cluster,
                    article=chapter.article,
                    heading=chapter.heading,
                )
        state = review.state_under_review
        introduction = escape(
            _(
                "%(state)s was reviewed for %(instrument)s in phase %(phase)s of the Mechanism. "
                "The reviewing States were %(reviewers)s."
            )
            % {
                "state": state.display_name,
                "instrument": review.instrument.short_name,
                "phase": review.phase,
                "reviewers": ", ".join(r.state.display_name for r in review.reviewers.all()),
            }
        )
        add(
            Part.SUMMARY, SectionKind.INTRODUCTION, "summary.introduction", f"<p>{introduction}</p>"
        )
        legal = f"<p>{escape(state.legal_system)}</p>" if state.legal_system else ""
        add(Part.SUMMARY, SectionKind.LEGAL_SYSTEM, "summary.legal_system", richtext.clean(legal))
        outcome = DeskReviewOutcome.objects.filter(questionnaire=questionnaire).first()
        clusters: list[tuple[str, str]] = []
        for chapter in chapters:
            if (chapter.cluster, chapter.cluster_title) not in clusters:
                clusters.append((chapter.cluster, chapter.cluster_title))
        for index, (cluster, title) in enumerate(clusters):
            text = outcome.text if (index == 0 and outcome and TAKE_OUTCOME in chosen) else ""
            add(
                Part.SUMMARY,
                SectionKind.CHAPTER,
                f"summary.chapter.{cluster or 'general'}",
                richtext.clean(text),
                cluster=cluster,
                heading=title,
            )
        add(Part.SUMMARY, SectionKind.SUMMARY_SUCCESSES, "summary.successes", "")
        add(Part.SUMMARY, SectionKind.SUMMARY_CHALLENGES, "summary.challenges", "")
        add(Part.SUMMARY, SectionKind.SUMMARY_ASSISTANCE, "summary.assistance", "")
    if TAKE_NEEDS in chosen:
        for index, (need_kind, article, description) in enumerate(
            _needs_from_answers(chapters, answers), start=1
        ):
            AssistanceNeed.objects.create(
                report=report,
                kind=need_kind,
                article=article,
                description=description,
                priority=Priority.MEDIUM,
                position=index,
                updated_at=at,
                updated_by=by,
            )
    audit.record(
        "reports.report.started",
        actor=by,
        subject=report,
        request=request,
        review_id=review.pk,
        took=sorted(chosen),
    )
    return report


class StaleSection(RuleViolation):
    """A save based on a revision someone else has since replaced: nothing was saved."""

    def __init__(self, *, current: Section, theirs: str, based_on: int) -> None:
        super().__init__(
            _(
                "Someone else saved this section meanwhile (%(person)s, revision %(revision)s); "
                "you started from revision %(based_on)s. Your text was not saved: it is shown "
                "beside theirs so you can merge them."
            )
            % {
                "person": current.updated_by.get_username(),
                "revision": current.revision,
                "based_on": based_on,
            },
            rule="concurrent change",
        )
        self.current = current
        self.theirs = theirs
        self.based_on = based_on


@transaction.atomic
def save_section(
    *,
    section: Section,
    text: str,
    based_on: int,
    by: Person,
    source: str = Source.WEB,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Section:
    """Save a section's new text if nobody saved it since revision `based_on` (optimistic
    locking); every real change is a new revision and withdraws all approvals (P&R para 34).
    An unchanged text saves nothing."""
    report = locked(section.report)
    review = report.review
    if not permissions.can_draft_report(by, review):
        raise PermissionDenied
    refuse_if_final(report)
    clean = richtext.clean(text)
    current = Section.objects.select_related("updated_by").get(pk=section.pk)
    if current.revision != based_on:
        raise StaleSection(current=current, theirs=clean, based_on=based_on)
    if clean == current.text:
        return current
    at = now_or(now)
    moved = Section.objects.filter(pk=section.pk, revision=based_on).update(
        text=clean, revision=F("revision") + 1, updated_at=at, updated_by=by
    )
    current.refresh_from_db()
    if moved != 1:
        raise StaleSection(current=current, theirs=clean, based_on=based_on)
    version = changed(report, by=by, now=at, request=request, what=section.key)
    SectionRevision.objects.create(
        section=current,
        number=current.revision,
        text=clean,
        source=source,
        report_version=version,
        saved_at=at,
        saved_by=by,
    )
    audit.record(
        "reports.section.saved",
        actor=by,
        subject=current,
        request=request,
        review_id=review.pk,
        key=current.key,
        revision=current.revision,
        source=source,
    )
    return current


@transaction.atomic
def add_comment(
    *,
    section: Section,
    text: str,
    by: Person,
    kind: str = CommentKind.COMMENT,
    parent: Comment | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Comment:
    """A comment on a section, a reply in its thread, or the State under review's request for
    explanations on ways to address a challenge (P&R paras 33, 35)."""
    review = section.report.review
    if not permissions.can_comment(by, review):
        raise PermissionDenied
    if kind not in CommentKind.values:
        raise RuleViolation(_("%(kind)s is not a kind of comment.") % {"kind": kind})
    if kind == CommentKind.EXPLANATION_REQUEST and not permissions.can_ask_explanation(by, review):
        raise PermissionDenied
    if parent is not None and (parent.section_id != section.pk or parent.parent_id is not None):
        raise RuleViolation(_("A reply answers a comment of the same section."))
    if not text.strip():
        raise RuleViolation(_("Write the comment; nothing was recorded."))
    comment = Comment.objects.create(
        section=section,
        parent=parent,
        kind=CommentKind.COMMENT if parent is not None else kind,
        text=text.strip(),
        author=by,
        created_at=now_or(now),
    )
    audit.record(
        "reports.comment.added",
        actor=by,
        subject=comment,
        request=request,
        review_id=review.pk,
        section=section.key,
        kind=comment.kind,
        reply_to=parent.pk if parent else None,
    )
    return comment


class StaleNeed(RuleViolation):
    def __init__(self, need: AssistanceNeed) -> None:
        super().__init__(
            _(
                "Someone else changed this assistance need meanwhile (now revision "
                "%(revision)s). Nothing was saved: read it again and redo your change."
            )
            % {"revision": need.revision},
            rule="concurrent change",
        )
        self.current = need


def _checked_need(kind: str, article: str, description: str, priority: str) -> tuple[str, ...]:
    problems = []
    if kind not in NeedKind.values:
        problems.append(_("choose the type of assistance"))
    if not article.strip():
        problems.append(_("name the article"))
    if not description.strip():
        problems.append(_("describe the need"))
    if priority not in Priority.values:
        problems.append(_("choose a priority"))
    if problems:
        raise RuleViolation(
            _("The assistance need was not saved: %(problems)s.")
            % {"problems": "; ".join(problems)},
            rule="P&R para 33",
        )
    return kind, article.strip()[:20], description.strip(), priority


@transaction.atomic
def save_need(
    *,
    report: Report,
    by: Person,
    kind: str,
    article: str,
    description: str,
    priority: str,
    need: AssistanceNeed | None = None,
    based_on: int = 0,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> AssistanceNeed:
    """Add a technical assistance need, or change one if nobody changed it since `based_on`
    (P&R paras 33, 40); withdraws all approvals."""
    report = locked(report)
    if not permissions.can_draft_report(by, report.review):
        raise PermissionDenied
    refuse_if_final(report)
    kind, article, description, priority = _checked_need(kind, article, description, priority)
    at = now_or(now)
    if need is None:
        last = report.needs.order_by("-position").first()
        saved = AssistanceNeed.objects.create(
            report=report,
            kind=kind,
            article=article,
            description=description,
            priority=priority,
            position=(last.position + 1) if last else 1,
            updated_at=at,
            updated_by=by,
        )
    else:
        if need.report_id != report.pk:
            raise PermissionDenied
        moved = AssistanceNeed.objects.filter(pk=need.pk, revision=based_on).update(
            kind=kind,
            article=article,
            description=description,
            priority=priority,
            revision=F("revision") + 1,
            updated_at=at,
            updated_by=by,
        )
        need.refresh_from_db()
        if moved != 1:
            raise StaleNeed(need)
        saved = need
    changed(report, by=by, now=at, request=request, what="needs")
    audit.record(
        "reports.need.saved",
        actor=by,
        subject=saved,
        request=request,
        review_id=report.review_id,
        kind=kind,
        article=article,
        priority=priority,
    )
    return saved


@transaction.atomic
def remove_need(
    *,
    need: AssistanceNeed,
    by: Person,
    based_on: int,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Take a need out of the report, if nobody changed it since `based_on`."""
    report = locked(need.report)
    if not permissions.can_draft_report(by, report.review):
        raise PermissionDenied
    refuse_if_final(report)
    deleted, _rows = AssistanceNeed.objects.filter(pk=need.pk, revision=based_on).delete()
    if not deleted:
        current = AssistanceNeed.objects.filter(pk=need.pk).first()
        if current is None:
            raise RuleViolation(_("This assistance need was already taken out of the report."))
        raise StaleNeed(current)
    changed(report, by=by, now=now_or(now), request=request, what="needs")
    audit.record(
        "reports.need.removed",
        actor=by,
        subject=report,
        request=request,
        review_id=report.review_id,
        need=need.pk,
    )
