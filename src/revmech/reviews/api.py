"""The API of country reviews: only the reviews the person may read (P&R paras 32, 37), their
parts (events, dialogue, meetings, visits, documents, technical assistance, references; P&R paras
15, 28-31), and the moves from stage to stage (paras 23-34) through the same services as the pages.

A move or a dialogue step the person may not take answers 404, as the pages do, so that the API
tells nobody more than the pages; a refusal of the rules answers 400 with its translated
sentence, and a move made on a version someone else has since changed answers 409.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from revmech.accounts.models import Person
from revmech.accounts.permissions import Someone
from revmech.audit import services as audit
from revmech.reviews import deadlines, permissions, selectors, services
from revmech.reviews.deadlines import Clock
from revmech.reviews.models import (
    AssistanceRequest,
    CountryReview,
    CountryVisit,
    DialogueMeeting,
    DialogueReply,
    DialogueRequest,
    DocumentVersion,
    EventKind,
    MechanismReference,
    RequestKind,
    ReviewDocument,
    ReviewEvent,
    ReviewingState,
    WorkingLanguage,
)
from revmech.rules import RuleViolation
from revmech.web.refusals import explain


class ReviewingStateSerializer(serializers.ModelSerializer[ReviewingState]):
    state = serializers.CharField(source="state.code")

    class Meta:
        model = ReviewingState
        fields = ["state", "seat"]


class ReviewEventSerializer(serializers.ModelSerializer[ReviewEvent]):
    state = serializers.CharField(source="state.code", default=None)

    class Meta:
        model = ReviewEvent
        fields = ["kind", "occurred_on", "state"]


class CountryReviewSerializer(serializers.ModelSerializer[CountryReview]):
    state_under_review = serializers.CharField(source="state_under_review.code")
    instrument = serializers.CharField(source="instrument.code")
    reviewing_states = ReviewingStateSerializer(source="reviewers", many=True)
    stage_label = serializers.CharField(source="get_stage_display")
    events = ReviewEventSerializer(many=True)
    deadlines = serializers.SerializerMethodField()

    def get_deadlines(self, review: CountryReview) -> list[dict[str, Any]]:
        """Each step's due date (or target) and completion (P&R paras 23, 26, 29, 33)."""
        today = timezone.localdate()
        return [
            {
                "step": step.step,
                "due_on": step.deadline.due_on if step.deadline else None,
                "is_target": bool(step.deadline and step.deadline.is_target),
                "paragraph": step.deadline.paragraph if step.deadline else None,
                "done_on": step.done_on,
                "is_overdue": step.is_overdue(today),
            }
            for step in deadlines.steps_of(review, clock=self._clock())
        ]

    def _clock(self) -> Clock:
        """One clock for the whole response: the rulebook and the calendars are read once, not
        once per review (the list's N+1)."""
        clock = self.context.get("clock")
        if clock is None:
            clock = self.context["clock"] = Clock()
        return clock

    class Meta:
        model = CountryReview
        fields = [
            "id",
            "state_under_review",
            "instrument",
            "phase",
            "year",
            "stage",
            "stage_label",
            "version",
            "drawn_on",
            "working_languages",
            "reviewing_states",
            "events",
            "deadlines",
        ]


# What the API answers besides a review: refusals and conflicts.


class RefusalSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="The refusal, in the language of the request.")
    stage = serializers.CharField(help_text="The stage the review is at.")


class ConflictSerializer(RefusalSerializer):
    version = serializers.IntegerField(help_text="The version of the review now; read it again.")


class NotFoundSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(
    NotFoundSerializer,
    description="No such review, or the person may not read it, or may not take this step "
    "in it (a refused step is hidden as the pages hide it).",
)
INVALID = OpenApiResponse(
    description="The request names an unknown field or a bad value (the body maps each field "
    "to its problems), or the rules refuse the step now (`detail` and `stage`).",
)

# Form posts from the browsable API carry the CSRF token beside the fields.
IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken"})


class StrictSerializer(serializers.Serializer[Any]):
    """Input that refuses fields it does not know, naming each, so nothing slips in unseen."""

    def to_internal_value(self, data: Any) -> Any:
        extra = (
            sorted(set(data) - set(self.fields) - IGNORED_FIELDS)
            if isinstance(data, Mapping)
            else []
        )
        errors: dict[str, Any] = {}
        value: Any = None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as invalid:
            if isinstance(invalid.detail, Mapping):
                errors.update(invalid.detail)
            else:
                errors["non_field_errors"] = invalid.detail
        for name in extra:
            errors[str(name)] = [
                _("“%(field)s” is not accepted here; nothing was changed.") % {"field": name}
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return value


# The moves (P&R paras 23-34): each by name, with the version it was read at and its parameters.

MOVE_NAMES = (
    "open_consultations",
    "record_consultations",
    "submit_self_assessment",
    "send_desk_review",
    "prepare_draft_report",
    "agree_report",
    "communicate_report",
)


class MoveSerializer(StrictSerializer):
    move = serializers.ChoiceField(choices=MOVE_NAMES)
    version = serializers.IntegerField(
        min_value=0, help_text="The `version` of the review the move was decided on."
    )


class RecordConsultationsSerializer(MoveSerializer):
    """P&R paras 23, 44: the schedule and the working language or languages agreed."""

    working_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=WorkingLanguage.choices), allow_empty=False
    )
    schedule = serializers.CharField(max_length=4000)


class AgreeReportSerializer(MoveSerializer):
    """P&R para 34: the State on whose behalf the focal point agrees."""

    state_code = serializers.ChoiceField(choices=[])

    def __init__(self, *args: Any, states: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["state_code"]
        assert isinstance(field, serializers.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [(code, code) for code in states]


class MoveRequestSerializer(serializers.Serializer[Any]):
    """The body of a move, for the schema: the parameters each move takes, and only those."""

    move = serializers.ChoiceField(choices=MOVE_NAMES)
    version = serializers.IntegerField(min_value=0)
    working_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=WorkingLanguage.choices),
        required=False,
        help_text="`record_consultations` only (required there).",
    )
    schedule = serializers.CharField(
        required=False, max_length=4000, help_text="`record_consultations` only (required there)."
    )
    state_code = serializers.CharField(
        required=False,
        help_text="`agree_report` only (required there): the State agreeing, whose focal point "
        "the person is.",
    )


@dataclass(frozen=True)
class Move:
    """One move: who may make it (also checked by the service), the service the page calls, and
    how its body is read (`serializer`, built with `serializer_kwargs(review, person)`)."""

    may: Callable[[Someone, CountryReview], bool]
    service: Callable[..., object]
    serializer_kwargs: Callable[[CountryReview, Someone], dict[str, Any]] = lambda _r, _p: {}
    serializer: type[MoveSerializer] = MoveSerializer


MOVES: dict[str, Move] = {
    "open_consultations": Move(permissions.can_open_consultations, services.open_consultations),
    "record_consultations": Move(
        permissions.can_record_consultations,
        services.record_consultations,
        serializer=RecordConsultationsSerializer,
    ),
    "submit_self_assessment": Move(
        permissions.can_submit_self_assessment, services.submit_self_assessment
    ),
    "send_desk_review": Move(permissions.can_send_desk_review, services.send_desk_review),
    "prepare_draft_report": Move(
        permissions.can_prepare_draft_report, services.prepare_draft_report
    ),
    "agree_report": Move(
        permissions.can_agree_report,
        services.agree_report,
        serializer_kwargs=lambda review, person: {
            "states": permissions.states_agreeing_through(person, review)
        },
        serializer=AgreeReportSerializer,
    ),
    "communicate_report": Move(permissions.can_communicate_report, services.communicate_report),
}


# The parts of a review (P&R paras 15, 28-31).


# A `kind` shown here as text (its codes in the help text) rather than as an enum: the schema's
# enums are named by field, and three kinds of `kind` would collide (ENUM_NAME_OVERRIDES).


class EventSerializer(serializers.ModelSerializer[ReviewEvent]):
    kind = serializers.CharField(help_text="One of: " + ", ".join(EventKind.values) + ".")
    state = serializers.CharField(source="state.code", default=None)
    kind_label = serializers.SerializerMethodField()

    class Meta:
        model = ReviewEvent
        fields = ["id", "kind", "kind_label", "occurred_on", "recorded_at", "state"]

    def get_kind_label(self, event: ReviewEvent) -> str:
        return str(deadlines.event_label(event.kind))


class ReplySerializer(serializers.ModelSerializer[DialogueReply]):
    class Meta:
        model = DialogueReply
        fields = ["id", "text", "replied_at"]


class DialogueRequestSerializer(serializers.ModelSerializer[DialogueRequest]):
    kind = serializers.CharField(help_text="One of: " + ", ".join(RequestKind.values) + ".")
    state = serializers.CharField(source="state.code", help_text="The reviewing State asking.")
    answers = ReplySerializer(source="replies", many=True)

    class Meta:
        model = DialogueRequest
        fields = ["id", "kind", "state", "text", "status", "asked_at", "answers"]


class MeetingSerializer(serializers.ModelSerializer[DialogueMeeting]):
    class Meta:
        model = DialogueMeeting
        fields = ["id", "kind", "starts_at", "participants", "minutes", "scheduled_at"]


class VisitSerializer(serializers.ModelSerializer[CountryVisit]):
    proposed_by_state = serializers.CharField(source="proposed_by_state.code", default=None)
    stakeholders_met = serializers.ListField(
        source="stakeholder_list", child=serializers.CharField()
    )

    class Meta:
        model = CountryVisit
        fields = [
            "id",
            "status",
            "starts_on",
            "ends_on",
            "purpose",
            "proposed_by_state",
            "proposed_at",
            "decided_at",
            "stakeholders_met",
        ]


class DocumentVersionSerializer(serializers.ModelSerializer[DocumentVersion]):
    download_url = serializers.SerializerMethodField(
        help_text="The page's download address (each download is in the audit log)."
    )

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]

    def get_download_url(self, version: DocumentVersion) -> str:
        path = reverse(
            "reviews:document_download",
            kwargs={"review_id": version.document.review_id, "version_id": version.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DocumentSerializer(serializers.ModelSerializer[ReviewDocument]):
    versions = DocumentVersionSerializer(many=True)

    class Meta:
        model = ReviewDocument
        fields = ["id", "title", "stage", "created_at", "versions"]


class AssistanceSerializer(serializers.ModelSerializer[AssistanceRequest]):
    class Meta:
        model = AssistanceRequest
        fields = ["id", "need", "status", "notes", "requested_at", "updated_at"]


class ReferenceSerializer(serializers.ModelSerializer[MechanismReference]):
    document = DocumentSerializer(allow_null=True)

    class Meta:
        model = MechanismReference
        fields = ["id", "mechanism", "title", "url", "added_at", "document"]


class AskSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    text = serializers.CharField(max_length=20000)


class AnswerSerializer(StrictSerializer):
    request_id = serializers.IntegerField(help_text="A dialogue request of this review.")
    text = serializers.CharField(max_length=20000)


def _person(request: Request) -> Person:
    person = request.user
    if not isinstance(person, Person):
        raise NotFound
    return person


def _django_request(request: Request) -> HttpRequest:
    """The request the audit log reads the address from, as the pages pass it."""
    return request._request


def _refused(refusal: RuleViolation, review: CountryReview) -> Response:
    review.refresh_from_db(fields=["stage", "version"])
    body = {"detail": explain(refusal), "stage": review.stage}
    if refusal.rule == "concurrent change":
        return Response({**body, "version": review.version}, status=status.HTTP_409_CONFLICT)
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _stale(review: CountryReview, version: int) -> Response:
    message = _(
        "This review changed after version %(version)s was read: it is now at version "
        "%(current)s, at the stage “%(stage)s”. Read it again before trying; nothing was changed."
    ) % {"version": version, "current": review.version, "stage": review.get_stage_display()}
    return Response(
        {"detail": message, "stage": review.stage, "version": review.version},
        status=status.HTTP_409_CONFLICT,
    )


class CountryReviewViewSet(viewsets.ReadOnlyModelViewSet[CountryReview]):
    """Reviews one may not read are absent from the list and answer 404 one by one, with all
    their parts; a step one may not take in a review one may read answers 404 too."""

    serializer_class = CountryReviewSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[CountryReview]:
        return selectors.reviews_for(self.request.user).order_by("phase", "pk")

    # Reads of one review's confidential content, audited as the review page is (P&R para 37).
    AUDITED_READS = frozenset(
        {"retrieve", "events", "requests", "meetings", "visits", "documents", "assistance"}
        | {"references"}
    )

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method == "GET"
            and self.action in self.AUDITED_READS
            and response.status_code == status.HTTP_200_OK
        ):
            review = CountryReview.objects.filter(pk=int(self.kwargs["pk"])).first()
            audit.record(
                "reviews.review.viewed",
                actor=request.user,
                subject=review,
                request=request,
                via="api",
                part=self.action,
            )
        return response

    def _answer(self, review: CountryReview) -> Response:
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(
        summary="Move the review to its next stage",
        description=(
            "One of the moves of P&R paras 23-34, by name, with the `version` of the review it "
            "was decided on; `record_consultations` also takes `working_languages` and "
            "`schedule`, `agree_report` takes `state_code`. Any other field is refused. "
            "Answers the review moved; 400 for a bad request or a move out of order (naming "
            "the stage), 404 for a move the person may not make, 409 for a stale `version`."
        ),
        request=MoveRequestSerializer,
        responses={
            200: CountryReviewSerializer,
            400: INVALID,
            404: NOT_FOUND,
            409: OpenApiResponse(ConflictSerializer, description="Someone changed it first."),
        },
    )
    @action(detail=True, methods=["post"])
    def moves(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        person = _person(request)
        if not permissions.can_move_review(person, review):
            raise NotFound
        data = request.data
        name = data.get("move") if isinstance(data, Mapping) else None
        move = MOVES.get(name) if isinstance(name, str) else None
        if move is None:  # no move, or not one of MOVE_NAMES: say so, with any unknown field
            invalid = MoveSerializer(data=data)
            invalid.is_valid()
            raise serializers.ValidationError(invalid.errors)
        if not move.may(person, review):
            raise NotFound
        parameters = move.serializer(data=data, **move.serializer_kwargs(review, person))
        parameters.is_valid(raise_exception=True)
        given = dict(parameters.validated_data)
        del given["move"]
        if given["version"] != review.version:
            return _stale(review, given["version"])
        try:
            move.service(
                review=review,
                by=person,
                today=timezone.localdate(),
                request=_django_request(request),
                **given,
            )
        except RuleViolation as refusal:
            return _refused(refusal, review)
        except PermissionDenied:
            raise NotFound from None
        return self._answer(review)

    @extend_schema(
        summary="The events of the review, in order",
        responses={200: EventSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        return self._paginated(review.events.all(), EventSerializer)

    def _workspace(self) -> selectors.Workspace:
        return selectors.workspace_of(self.request.user, self.get_object())

    def _paginated(self, items: Any, serializer_class: Any, **kwargs: Any) -> Response:
        """A sub-resource's list in pages, `{count, next, previous, results}`, as the schema
        documents it (issue 9: they answered bare arrays)."""
        page = self.paginate_queryset(items)
        assert page is not None  # noqa: S101 - the API always paginates (settings)
        return self.get_paginated_response(serializer_class(page, many=True, **kwargs).data)

    @extend_schema(
        summary="The requests of the constructive dialogue, each with its answers",
        responses={200: DialogueRequestSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def requests(self, request: Request, pk: str | None = None) -> Response:
        return self._paginated(self._workspace().dialogue_requests, DialogueRequestSerializer)

    @extend_schema(
        summary="The calls and videoconferences of the dialogue, with their minutes",
        responses={200: MeetingSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def meetings(self, request: Request, pk: str | None = None) -> Response:
        return self._paginated(self._workspace().meetings, MeetingSerializer)

    @extend_schema(
        summary="The country visits proposed, decided and held",
        responses={200: VisitSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def visits(self, request: Request, pk: str | None = None) -> Response:
        return self._paginated(self._workspace().visits, VisitSerializer)

    @extend_schema(
        summary="The documents exchanged, with their versions and download addresses",
        responses={200: DocumentSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def documents(self, request: Request, pk: str | None = None) -> Response:
        context = self.get_serializer_context()
        return self._paginated(self._workspace().documents, DocumentSerializer, context=context)

    @extend_schema(
        summary="The requests for technical assistance of this review (P&R para 15)",
        responses={200: AssistanceSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def assistance(self, request: Request, pk: str | None = None) -> Response:
        return self._paginated(self._workspace().assistance_requests, AssistanceSerializer)

    @extend_schema(
        summary="Information from other international or regional mechanisms (P&R para 28)",
        responses={200: ReferenceSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def references(self, request: Request, pk: str | None = None) -> Response:
        context = self.get_serializer_context()
        return self._paginated(self._workspace().references, ReferenceSerializer, context=context)

    @extend_schema(
        summary="Ask the State under review (a reviewing State, P&R para 29)",
        request=AskSerializer,
        responses={
            201: DialogueRequestSerializer,
            400: INVALID,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def ask(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        person = _person(request)
        if not permissions.can_ask_in_dialogue(person, review):
            raise NotFound
        given = AskSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            asked = services.ask_in_dialogue(
                review=review,
                by=person,
                now=timezone.now(),
                request=_django_request(request),
                **given.validated_data,
            )
        except RuleViolation as refusal:
            return _refused(refusal, review)
        except PermissionDenied:
            raise NotFound from None
        return Response(DialogueRequestSerializer(asked).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Answer a request (the State under review, P&R para 29)",
        request=AnswerSerializer,
        responses={
            201: DialogueRequestSerializer,
            400: INVALID,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        person = _person(request)
        if not permissions.can_answer_in_dialogue(person, review):
            raise NotFound
        given = AnswerSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        asked = selectors.dialogue_request_in(review, given.validated_data["request_id"])
        try:
            services.answer_in_dialogue(
                dialogue_request=asked,
                by=person,
                text=given.validated_data["text"],
                now=timezone.now(),
                request=_django_request(request),
            )
        except RuleViolation as refusal:
            return _refused(refusal, review)
        except PermissionDenied:
            raise NotFound from None
        asked = DialogueRequest.objects.prefetch_related("replies").get(pk=asked.pk)
        return Response(DialogueRequestSerializer(asked).data, status=status.HTTP_201_CREATED)


# Assigning the secretariat (P&R paras 32, 42): the head of the secretariat only; a review's
# identity and staff, never its content.


class AssignedPersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="person.pk")
    username = serializers.CharField(source="person.username")


class SecretariatChangeSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(source="person_id")
    action = serializers.CharField()
    by = serializers.IntegerField(source="by_id", allow_null=True)
    at = serializers.DateTimeField()
    reason = serializers.CharField()


class ReviewSecretariatSerializer(serializers.ModelSerializer[CountryReview]):
    state_under_review = serializers.CharField(source="state_under_review.code")
    instrument = serializers.CharField(source="instrument.code")
    assigned = AssignedPersonSerializer(source="secretariat_assignments", many=True)
    history = SecretariatChangeSerializer(source="secretariat_changes", many=True)

    class Meta:
        model = CountryReview
        fields = [
            "id",
            "state_under_review",
            "instrument",
            "phase",
            "year",
            "assigned",
            "history",
        ]


class AssignmentRequestSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=["assign", "unassign", "reassign"])
    person = serializers.IntegerField()
    to_person = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSecretariatViewSet(viewsets.ReadOnlyModelViewSet[CountryReview]):
    """The secretariat staff of each review and the history of its assignment; the head of the
    secretariat assigns, unassigns or hands a review over (`POST .../assign/`). Anyone else gets
    404, as on the pages."""

    # For the schema only (the type of the id); get_queryset decides what a reader gets.
    queryset = CountryReview.objects.none()
    serializer_class = ReviewSecretariatSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[CountryReview]:
        if not permissions.can_assign_secretariat(self.request.user):
            raise NotFound
        return (
            selectors.reviews_to_assign(self.request.user)
            .prefetch_related("secretariat_changes")
            .order_by("phase", "pk")
        )

    @extend_schema(
        summary="Assign, unassign or hand over a review's secretariat staff",
        request=AssignmentRequestSerializer,
        responses={200: ReviewSecretariatSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        body = AssignmentRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        staff = {p.pk: p for p in services.secretariat_staff()}
        wanted = [data["person"], *([data["to_person"]] if data.get("to_person") else [])]
        unknown = [pk for pk in wanted if pk not in staff]
        if unknown or (data["action"] == "reassign" and len(wanted) < 2):
            return Response(
                {
                    "detail": _(
                        "Name members of the secretariat: person, and to_person to hand over."
                    )
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        common: dict[str, Any] = {
            "review": review,
            "by": request.user,
            "now": timezone.now(),
            "reason": data["reason"],
            "request": request,
        }
        try:
            if data["action"] == "assign":
                services.assign_secretariat(person=staff[data["person"]], **common)
            elif data["action"] == "unassign":
                services.unassign_secretariat(person=staff[data["person"]], **common)
            else:
                services.reassign_secretariat(
                    from_person=staff[data["person"]], to_person=staff[wanted[1]], **common
                )
        except RuleViolation as refusal:
            return Response({"detail": explain(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)
