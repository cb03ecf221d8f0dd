"""Pages of the questionnaires and the desk review: parse, check, call the service, answer.

Every page works without JavaScript; refusals of the rules come back as messages, and a save on
a stale version shows the current text beside the person's own so that nothing is lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from revmech.accounts.models import Person
from revmech.accounts.permissions import Someone
from revmech.audit import services as audit
from revmech.jobs import exports
from revmech.questionnaires import (
    background,
    content,
    docx_io,
    forms,
    permissions,
    selectors,
    services,
)
from revmech.questionnaires.models import (
    NoteKind,
    Questionnaire,
    QuestionnaireDefinition,
    as_json,
)
from revmech.questionnaires.structure import is_shown
from revmech.registry.models import localized
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation
from revmech.web.downloads import as_attachment

ReviewRule = Callable[[Someone, CountryReview], bool]


def _person(request: HttpRequest) -> Person:
    if not isinstance(request.user, Person):
        raise Http404
    return request.user


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _review(request: HttpRequest, review_id: int, rule: ReviewRule) -> CountryReview:
    review = selectors.review_for(request.user, review_id)
    if not rule(request.user, review):
        raise Http404
    return review


def _questionnaire(request: HttpRequest, review: CountryReview) -> Questionnaire | None:
    questionnaire = selectors.questionnaire_of(review)
    if questionnaire is None:
        messages.error(request, _("The questionnaire of this review has not been started."))
    return questionnaire


def _can(person: Someone, review: CountryReview) -> dict[str, bool]:
    return {
        "answer": permissions.can_answer(person, review),
        "start": permissions.can_start_questionnaire(person, review),
        "submit": permissions.can_clear_and_submit(person, review),
        "desk": permissions.can_write_desk_review(person, review),
        "respond": permissions.can_respond_to_requests(person, review),
    }


def _home(review: CountryReview) -> HttpResponse:
    return redirect("questionnaires:review", review_id=review.pk)


# Definitions (P&R para 16)


@require_GET
def definitions(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_definitions(request.user):
        raise Http404
    rows = QuestionnaireDefinition.objects.select_related("instrument")
    return render(
        request,
        "questionnaires/definitions.html",
        {"definitions": rows, "can_manage": permissions.can_manage_definitions(request.user)},
    )


@require_GET
def definition(request: HttpRequest, definition_id: int) -> HttpResponse:
    found = selectors.definition_for(request.user, definition_id)
    languages = ["ar", "zh", "en", "fr", "ru", "es"]
    return render(
        request,
        "questionnaires/definition.html",
        {
            "definition": found,
            "sections": [(s.title(_language()), s.questions) for s in found.structure().sections],
            "languages": languages,
            "can_manage": permissions.can_manage_definitions(request.user, found),
        },
    )


@require_GET
def definition_json(request: HttpRequest, definition_id: int) -> HttpResponse:
    found = selectors.definition_for(request.user, definition_id)
    response = JsonResponse(as_json(found), json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = f"questionnaire-{found.instrument.code}-{found.cluster}-v{found.version}.json"
    return as_attachment(response, name)


def _managed(request: HttpRequest, definition_id: int) -> QuestionnaireDefinition:
    found = selectors.definition_for(request.user, definition_id)
    if not permissions.can_manage_definitions(request.user, found):
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
def definition_edit(request: HttpRequest, definition_id: int) -> HttpResponse:
    found = _managed(request, definition_id)
    form = forms.DefinitionForm(
        request.POST or None,
        initial={"document": json.dumps(as_json(found), ensure_ascii=False, indent=2)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft_definition(
                definition=found,
                document=form.cleaned_data["document"],
                by=_person(request),
                request=request,
            )
        except RuleViolation as refusal:
            form.add_error("document", refusal.message)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(found)
    return render(
        request, "questionnaires/definition_edit.html", {"definition": found, "form": form}
    )


@require_POST
def definition_new_version(request: HttpRequest, definition_id: int) -> HttpResponse:
    found = _managed(request, definition_id)
    draft = services.create_new_version(definition=found, by=_person(request), request=request)
    messages.success(request, _("A new draft version is created as a copy."))
    return redirect(draft)


@require_POST
def definition_publish(request: HttpRequest, definition_id: int) -> HttpResponse:
    found = _managed(request, definition_id)
    try:
        services.publish_definition(definition=found, by=_person(request), request=request)
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The version is published."))
    return redirect(found)


# Answering (P&R paras 17, 26, 27)


@require_GET
def review_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    return _review_page(request, review)


def _review_page(
    request: HttpRequest,
    review: CountryReview,
    missing: list[services.MissingAnswer] | None = None,
) -> HttpResponse:
    """The questionnaire's page; `missing` lists the required answers a refused clearance or
    submission still needs, each a link to its question."""
    questionnaire = selectors.questionnaire_of(review)
    context: dict[str, Any] = {"review": review, "questionnaire": questionnaire}
    context["missing"] = missing or []
    context["can"] = _can(request.user, review)
    if questionnaire is not None:
        sections = selectors.sections_of(questionnaire, _language())
        context.update(
            sections=sections,
            answered=sum(s.answered for s in sections),
            total=sum(s.total for s in sections),
            consultations=questionnaire.consultations.all(),
            attachments=questionnaire.attachments.all(),
            supplementary=questionnaire.supplementary.select_related("given_by"),
            consultation_form=forms.ConsultationForm(),
            upload_form=forms.UploadForm(),
            supplementary_form=forms.SupplementaryForm(),
            outcome=selectors.outcome_of(questionnaire),
        )
        audit.record(
            "questionnaires.questionnaire.viewed",
            actor=request.user,
            subject=questionnaire,
            request=request,
            review_id=review.pk,
        )
    return render(request, "questionnaires/review.html", context)


@require_POST
def start(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_start_questionnaire)
    try:
        services.start_questionnaire(review=review, by=_person(request), request=request)
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    return _home(review)


def _section_rows(
    questionnaire: Questionnaire, key: str
) -> tuple[list[selectors.SectionRow], selectors.SectionRow]:
    sections = selectors.sections_of(questionnaire, _language())
    if not sections:
        raise Http404
    chosen = next((s for s in sections if s.section.key == key), sections[0])
    return sections, chosen


def _answers_page(
    request: HttpRequest,
    review: CountryReview,
    questionnaire: Questionnaire,
    key: str,
    conflicts: list[services.Conflict] | None = None,
    status: int = 200,
) -> HttpResponse:
    sections, chosen = _section_rows(questionnaire, key)
    index = sections.index(chosen)
    by_key = {c.question_key: c for c in conflicts or []}
    # Every question of the section is on the page: a follow-up question not yet called for
    # is hidden (and its fields disabled) until an answer calls for it (answers.js).
    rows = [
        {
            "row": r,
            "conflict": by_key.get(r.question.key),
            "current": selectors.display_answer(
                r.question, c.current.text if (c := by_key.get(r.question.key)) else "", r.language
            ),
        }
        for r in chosen.rows
    ]
    audit.record(
        "questionnaires.section.viewed",
        actor=request.user,
        subject=questionnaire,
        request=request,
        review_id=review.pk,
        section=chosen.section.key,
    )
    return render(
        request,
        "questionnaires/answers.html",
        {
            "review": review,
            "questionnaire": questionnaire,
            "sections": sections,
            "current": chosen,
            "rows": rows,
            "article_text": localized(dict(chosen.section.article_texts)),
            "draft_key": f"revmech-draft:{review.pk}:{chosen.section.key}:{request.user.pk}",
            "language": _language(),
            "previous": sections[index - 1] if index > 0 else None,
            "next": sections[index + 1] if index + 1 < len(sections) else None,
            "can": _can(request.user, review),
            "upload_form": forms.UploadForm(),
        },
        status=status,
    )


@require_GET
def answers(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    questionnaire = selectors.questionnaire_of(review)
    if questionnaire is None:
        return render(request, "questionnaires/review.html", {"review": review, "can": {}})
    return _answers_page(request, review, questionnaire, request.GET.get("section", ""))


def _version(raw: str | None) -> int:
    try:
        return max(0, int(raw or 0))
    except ValueError:
        return 0


@require_POST
def save(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_answer)
    questionnaire = _questionnaire(request, review)
    section = request.POST.get("section", "")
    if questionnaire is None or not section:
        return _home(review)
    _sections, chosen = _section_rows(questionnaire, section)
    given = {}
    for row in chosen.rows:
        key = row.question.key
        if f"version:{key}" not in request.POST:
            continue
        if row.question.kind == "multiple":
            given[key] = ",".join(request.POST.getlist(f"answer:{key}"))
        else:
            given[key] = request.POST.get(f"answer:{key}", "")
    # A follow-up question counts when the answers as sent call for it, saved or not.
    texts = {r.question.key: r.text for s in _sections for r in s.rows} | given
    questions = {r.question.key: r.question for r in chosen.rows}
    posted = [
        (key, text, _version(request.POST.get(f"version:{key}")))
        for key, text in given.items()
        if is_shown(questions[key], texts)
    ]
    try:
        saved, conflicts = services.save_answers(
            questionnaire=questionnaire, posted=posted, by=_person(request), request=request
        )
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
        return _home(review)
    if conflicts:
        messages.error(
            request,
            _(
                "Some answers were changed by someone else meanwhile; yours are shown beside "
                "theirs. Merge them and save again. The other answers were saved."
            ),
        )
        return _answers_page(request, review, questionnaire, chosen.section.key, conflicts)
    messages.success(request, _("Saved as a draft (%(count)s answers).") % {"count": len(saved)})
    url = reverse("questionnaires:answers", kwargs={"review_id": review.pk})
    return redirect(f"{url}?section={chosen.section.key}")


@require_GET
def history(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    questionnaire = selectors.questionnaire_of(review)
    key = request.GET.get("question", "")
    versions = []
    if questionnaire is not None:
        answer = questionnaire.answers.filter(question_key=key).first()
        if answer is not None:
            question = services.questions_of(questionnaire).get(key)
            versions = [
                {"version": v, "display": selectors.display_answer(question, v.text, _language())}
                for v in answer.versions.select_related("saved_by").order_by("-version")
            ]
            audit.record(
                "questionnaires.history.viewed",
                actor=request.user,
                subject=answer,
                request=request,
                review_id=review.pk,
            )
    return render(
        request,
        "questionnaires/history.html",
        {"review": review, "question_key": key, "versions": versions},
    )


def _act(
    request: HttpRequest, review: CountryReview, action: Callable[[], object], done: str
) -> None:
    try:
        action()
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, done)


@require_POST
def upload(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_answer)
    questionnaire = _questionnaire(request, review)
    form = forms.UploadForm(request.POST, request.FILES)
    if questionnaire is None:
        return _home(review)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach; nothing was stored."))
        return _home(review)
    _act(
        request,
        review,
        lambda: services.add_attachment(
            questionnaire=questionnaire,
            upload=form.cleaned_data["file"],
            question_key=form.cleaned_data["question_key"],
            description=form.cleaned_data["description"],
            by=_person(request),
            request=request,
        ),
        _("The file is attached."),
    )
    return _home(review)


@require_GET
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    found = selectors.attachment_for(request.user, attachment_id)
    audit.record(
        "questionnaires.attachment.downloaded",
        actor=request.user,
        subject=found,
        request=request,
        review_id=found.questionnaire.review_id,
    )
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )


@require_POST
def consultation(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_answer)
    questionnaire = _questionnaire(request, review)
    form = forms.ConsultationForm(request.POST)
    if questionnaire is None:
        return _home(review)
    if not form.is_valid():
        messages.error(request, _("Give the date, the stakeholders and the participants."))
        return _home(review)
    _act(
        request,
        review,
        lambda: services.record_consultation(
            questionnaire=questionnaire, by=_person(request), request=request, **form.cleaned_data
        ),
        _("The national consultation is recorded."),
    )
    return _home(review)


def _refused_for_missing(
    request: HttpRequest, review: CountryReview, questionnaire: Questionnaire
) -> HttpResponse | None:
    """The questionnaire's page listing the missing required answers, if any are missing
    (P&R para 17): the service refuses too, this only says where to answer."""
    missing = services.missing_answers(questionnaire, _language())
    if not missing:
        return None
    return _review_page(request, review, missing=missing)


@require_POST
def clear(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_clear_and_submit)
    questionnaire = _questionnaire(request, review)
    if questionnaire is not None:
        refused = _refused_for_missing(request, review, questionnaire)
        if refused is not None:
            return refused
        _act(
            request,
            review,
            lambda: services.clear_answers(
                questionnaire=questionnaire, by=_person(request), request=request
            ),
            _("The answers are cleared for submission."),
        )
    return _home(review)


@require_GET
def confirm_submit(request: HttpRequest, review_id: int) -> HttpResponse:
    """The step before the final submission (P&R para 26): what will be sent, and that it is
    final."""
    review = _review(request, review_id, permissions.can_clear_and_submit)
    questionnaire = selectors.questionnaire_of(review)
    if questionnaire is None or questionnaire.is_submitted:
        return _home(review)
    sections = selectors.sections_of(questionnaire, _language())
    return render(
        request,
        "questionnaires/confirm_submit.html",
        {
            "review": review,
            "questionnaire": questionnaire,
            "sections": sections,
            "answered": sum(s.answered for s in sections),
            "total": sum(s.total for s in sections),
            "attachments": questionnaire.attachments.count(),
            "missing": services.missing_answers(questionnaire, _language()),
        },
    )


@require_POST
def submit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_clear_and_submit)
    if request.POST.get("confirmed") != "yes":
        # Nothing is submitted without the confirmation step.
        return redirect("questionnaires:confirm_submit", review_id=review.pk)
    questionnaire = _questionnaire(request, review)
    if questionnaire is not None:
        refused = _refused_for_missing(request, review, questionnaire)
        if refused is not None:
            return refused
        _act(
            request,
            review,
            lambda: services.submit_questionnaire(
                questionnaire=questionnaire,
                by=_person(request),
                today=timezone.localdate(),
                request=request,
            ),
            _("The answers are submitted to the reviewing States."),
        )
    return _home(review)


@require_POST
def supplementary(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_answer)
    questionnaire = _questionnaire(request, review)
    form = forms.SupplementaryForm(request.POST)
    if questionnaire is None:
        return _home(review)
    if not form.is_valid():
        messages.error(request, _("Write the supplementary information."))
        return _home(review)
    _act(
        request,
        review,
        lambda: services.give_supplementary_information(
            questionnaire=questionnaire, by=_person(request), request=request, **form.cleaned_data
        ),
        _("The supplementary information is given."),
    )
    return _home(review)


DOWNLOAD_TYPES = {"docx": docx_io.DOCX_CONTENT_TYPE, "pdf": "application/pdf"}


def _download(
    request: HttpRequest,
    review_id: int,
    *,
    action: str,
    make: Callable[[Questionnaire], bytes],
    extension: str,
    name: str,
) -> HttpResponse:
    """A document made from the review's questionnaire, audited, as an attachment named
    `name` followed by the State and instrument codes."""
    review = selectors.review_for(request.user, review_id)
    questionnaire = selectors.questionnaire_of(review)
    if questionnaire is None:
        raise Http404
    data = make(questionnaire)
    audit.record(
        action,
        actor=request.user,
        subject=questionnaire,
        request=request,
        review_id=review.pk,
        format=extension,
    )
    code = f"{review.state_under_review.code}-{review.instrument.code}"
    response = HttpResponse(data, content_type=DOWNLOAD_TYPES[extension])
    return as_attachment(response, f"{name}-{code}.{extension}")


@require_GET
def docx(request: HttpRequest, review_id: int) -> HttpResponse:
    return _download(
        request,
        review_id,
        action="questionnaires.questionnaire.downloaded",
        make=docx_io.questionnaire_docx,
        extension="docx",
        name="questionnaire",
    )


# The desk review (P&R paras 28-30)


@require_GET
def desk_review(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    questionnaire = selectors.questionnaire_of(review)
    context: dict[str, Any] = {"review": review, "questionnaire": questionnaire}
    context["can"] = _can(request.user, review)
    if questionnaire is not None:
        context["sections"] = selectors.sections_of(questionnaire, _language())
        context["language"] = _language()
        context["kinds"] = NoteKind.choices
        context["outcome"] = selectors.outcome_of(questionnaire)
        audit.record(
            "questionnaires.desk_review.viewed",
            actor=request.user,
            subject=questionnaire,
            request=request,
            review_id=review.pk,
        )
    return render(request, "questionnaires/desk_review.html", context)


def _desk(review: CountryReview, anchor: str = "") -> HttpResponse:
    url = reverse("questionnaires:desk_review", kwargs={"review_id": review.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_POST
def note(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_write_desk_review)
    questionnaire = _questionnaire(request, review)
    form = forms.NoteForm(request.POST)
    if questionnaire is None:
        return _desk(review)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of note and write it."))
        return _desk(review)
    _act(
        request,
        review,
        lambda: services.add_note(
            questionnaire=questionnaire, by=_person(request), request=request, **form.cleaned_data
        ),
        _("The note is added."),
    )
    return _desk(review, form.cleaned_data["question_key"])


@require_POST
def respond(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_respond_to_requests)
    questionnaire = _questionnaire(request, review)
    form = forms.RespondForm(request.POST)
    if questionnaire is None:
        return _desk(review)
    if not form.is_valid():
        messages.error(request, _("Write the response."))
        return _desk(review)
    found = selectors.note_for(request.user, questionnaire, form.cleaned_data["note_id"])
    _act(
        request,
        review,
        lambda: services.respond_to_request(
            note=found, response=form.cleaned_data["response"], by=_person(request), request=request
        ),
        _("The response is recorded."),
    )
    return _desk(review, found.question_key)


def _outcome_page(
    request: HttpRequest,
    review: CountryReview,
    conflict: services.StaleOutcome | None = None,
) -> HttpResponse:
    questionnaire = selectors.questionnaire_of(review)
    outcome = selectors.outcome_of(questionnaire) if questionnaire else None
    # The person's refused text stays in the field to merge with the current one.
    text = conflict.theirs if conflict else (outcome.text if outcome else "")
    form = forms.OutcomeForm(
        initial={
            "text": content.to_editable(text),
            "version": outcome.version if outcome else 0,
        }
    )
    if questionnaire is not None:
        audit.record(
            "questionnaires.outcome.viewed",
            actor=request.user,
            subject=questionnaire,
            request=request,
            review_id=review.pk,
        )
    return render(
        request,
        "questionnaires/outcome.html",
        {
            "review": review,
            "questionnaire": questionnaire,
            "outcome": outcome,
            "form": form,
            "conflict": conflict,
            "can": _can(request.user, review),
        },
    )


@require_GET
def outcome(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    return _outcome_page(request, review)


def _outcome_url(review: CountryReview) -> HttpResponse:
    return redirect("questionnaires:outcome", review_id=review.pk)


@require_POST
def outcome_save(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_write_desk_review)
    questionnaire = _questionnaire(request, review)
    form = forms.OutcomeForm(request.POST)
    if questionnaire is None or not form.is_valid():
        return _outcome_url(review)
    version = form.cleaned_data["version"]
    try:
        if request.POST.get("action") == "assemble":
            services.assemble_outcome(
                questionnaire=questionnaire,
                based_on_version=version,
                by=_person(request),
                request=request,
            )
        else:
            services.save_outcome(
                questionnaire=questionnaire,
                text=content.from_editable(form.cleaned_data["text"]),
                based_on_version=version,
                by=_person(request),
                request=request,
            )
    except services.StaleOutcome as stale:
        messages.error(request, stale.message)
        return _outcome_page(request, review, conflict=stale)
    except RuleViolation as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The outcome is saved."))
    return _outcome_url(review)


@require_POST
def outcome_send(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id, permissions.can_write_desk_review)
    questionnaire = _questionnaire(request, review)
    if questionnaire is not None:
        _act(
            request,
            review,
            lambda: services.send_outcome(
                questionnaire=questionnaire,
                by=_person(request),
                today=timezone.localdate(),
                request=request,
            ),
            _("The outcome of the desk review is sent to the State under review."),
        )
    return _outcome_url(review)


@require_GET
def outcome_docx(request: HttpRequest, review_id: int) -> HttpResponse:
    return _download(
        request,
        review_id,
        action="questionnaires.outcome.downloaded",
        make=docx_io.outcome_docx,
        extension="docx",
        name="desk-review-outcome",
    )


@require_GET
def outcome_pdf(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    questionnaire = selectors.questionnaire_of(review)
    if questionnaire is not None and background.is_long(questionnaire):
        job = exports.queue_export(  # made by a worker; its page offers the file (issue 17)
            kind=background.OUTCOME_PDF,
            requested_by=_person(request),
            parameters={"review_id": review.pk},
            language=translation.get_language(),
        )
        return redirect(job)
    return _download(
        request,
        review_id,
        action="questionnaires.outcome.downloaded",
        make=docx_io.outcome_pdf,
        extension="pdf",
        name="desk-review-outcome",
    )


@require_GET
def search(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for(request.user, review_id)
    questionnaire = selectors.questionnaire_of(review)
    query = request.GET.get("q", "")
    hits = selectors.search(questionnaire, query) if questionnaire else []
    if query:
        audit.record(
            "questionnaires.search.run",
            actor=request.user,
            subject=review,
            request=request,
            review_id=review.pk,
            hits=len(hits),
        )
    sections = {}
    if questionnaire is not None:
        for row in selectors.sections_of(questionnaire, _language()):
            for q in row.rows:
                sections[q.question.key] = (row, q.question.text(_language()))
    results = [
        {
            "hit": h,
            "section": sections.get(h.question_key, (None, ""))[0],
            "question": sections.get(h.question_key, (None, ""))[1],
        }
        for h in hits
    ]
    return render(
        request,
        "questionnaires/search.html",
        {"review": review, "query": query, "results": results, "questionnaire": questionnaire},
    )
