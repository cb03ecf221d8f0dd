"""The country review (P&R paras 18, 20, 23-35): who is reviewed, by whom, in which year.

Confirming a draw of lots creates the reviews; their later stages are built on this model.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import Instrument, State


class Stage(models.TextChoices):
    """The stages of a country review, in order (P&R paras 23-34)."""

    DRAWN = "drawn", _("Drawn")
    CONSULTATIONS = "consultations", _("Consultations")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment in preparation")
    DESK_REVIEW = "desk_review", _("Desk review")
    DIALOGUE = "dialogue", _("Constructive dialogue")
    DRAFT_REPORT = "draft_report", _("Draft report")
    AGREED = "agreed", _("Report agreed")
    COMMUNICATED = "communicated", _("Communicated to the secretariat")


class EventKind(models.TextChoices):
    """What happened in a review; the names are those `rules.calendar` counts periods from."""

    CONSULTATIONS_OPENED = "consultations_opened", _("Consultations opened")
    CONSULTATIONS_HELD = "consultations_held", _("Schedule and working languages agreed")
    SELF_ASSESSMENT_RECEIVED = "self_assessment_received", _("Self-assessment received")
    DESK_REVIEW_SENT = "desk_review_sent", _("Outcome of the desk review sent")
    DRAFT_REPORT_PREPARED = "draft_report_prepared", _("Draft report prepared")
    REPORT_AGREED_BY_STATE = "report_agreed_by_state", _("Report agreed by a State")
    REPORT_AGREED = "report_agreed", _("Report agreed by all three States")
    REPORT_COMMUNICATED = "report_communicated", _("Report communicated to the secretariat")


class WorkingLanguage(models.TextChoices):
    """The working languages of the Mechanism (P&R para 44)."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    OVERDUE = "overdue", _("Deadline passed")


class Seat(models.TextChoices):
    SAME_GROUP = "same_group", _("From the regional group of the State under review")
    OTHER_GROUP = "other_group", _("From another regional group")


class CountryReview(models.Model):
    state_under_review = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reviews")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="reviews")
    phase = models.PositiveSmallIntegerField(_("review phase"))
    year = models.PositiveSmallIntegerField(_("year of the phase"))
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAWN)
    draw = models.ForeignKey(
        "lots.Draw", on_delete=models.PROTECT, related_name="reviews", null=True, blank=True
    )
    rulebook_version = models.CharField(max_length=40, blank=True)
    drawn_on = models.DateField(_("date of the drawing of lots"))
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    schedule = models.TextField(_("agreed schedule"), blank=True)
    # Optimistic locking: every move updates the row only if `version` is still the one read.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["phase", "instrument__position", "state_under_review__code"]
        constraints = [
            # No State party shall undergo a review twice in the same phase (P&R para 10).
            models.UniqueConstraint(
                fields=["state_under_review", "instrument", "phase"], name="review_once_per_phase"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1, year__lte=4), name="review_year_in_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_under_review.code} {self.instrument.code} phase {self.phase}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"review_id": self.pk})

    @property
    def working_language_labels(self) -> list[str]:
        """The agreed working languages by name, in the reader's language (P&R para 44)."""
        names = dict(WorkingLanguage.choices)
        return [str(names.get(code, code)) for code in self.working_languages]


class PhaseCalendar(models.Model):
    """The calendar of a review phase (P&R paras 9-11): its start, the start of each of its
    review years, its planned end. Set by the secretariat; without it a phase's years start on
    the draw date and its anniversaries. Each review's deadlines run from the later of the draw
    and the start of its year (`rules.calendar.clock_starts_on`)."""

    phase = models.PositiveSmallIntegerField(_("review phase"), unique=True)
    starts_on = models.DateField(_("start of the phase"))
    year_starts = models.JSONField(_("start of each review year"), default=list)
    planned_end_on = models.DateField(_("planned end of the phase"))
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["phase"]

    def __str__(self) -> str:
        return f"calendar of phase {self.phase}"

    @property
    def year_start_dates(self) -> tuple[date, ...]:
        return tuple(date.fromisoformat(text) for text in self.year_starts)


class ReviewingState(models.Model):
    """One of the two reviewing States of a review, in its seat (P&R para 20)."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="reviewers")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reviewing")
    seat = models.CharField(max_length=20, choices=Seat.choices)

    class Meta:
        ordering = ["seat"]
        constraints = [
            models.UniqueConstraint(fields=["review", "seat"], name="one_state_per_seat"),
            models.UniqueConstraint(fields=["review", "state"], name="reviewer_once_per_review"),
        ]

    def __str__(self) -> str:
        return f"{self.state.code} ({self.get_seat_display()}) for {self.review}"


class ReviewEvent(models.Model):
    """One step taken in a review, with its date (P&R paras 23-34); never edited or deleted."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The State that agreed, for `report_agreed_by_state` (P&R para 34).
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "state"],
                condition=models.Q(kind="report_agreed_by_state"),
                name="one_agreement_per_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.kind} on {self.occurred_on}"


class Reminder(models.Model):
    """A reminder mail sent to one person for one step of one review, at most once (P&R 23-33).

    The unique key is the whole guarantee: the row is inserted, then the mail sent, in one
    transaction (see `services.send_reminder` and docs/reviews.md).
    """

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "step", "kind", "person"], name="one_reminder_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.step} {self.kind} to {self.person_id}"


class CalendarFeed(models.Model):
    """A person's secret iCalendar address; only the token's SHA-256 digest is kept."""

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calendar feed of {self.person_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# The constructive dialogue (P&R paras 29-31), documents, technical assistance (para 15) and
# information from other mechanisms (para 28). Each row is changed only by `services`.


class RequestKind(models.TextChoices):
    """What the reviewing States ask of the State under review (P&R para 29)."""

    CLARIFICATION = "clarification", _("Request for clarification")
    MORE_INFORMATION = "more_information", _("Request for additional information")
    SUPPLEMENTARY_QUESTION = "supplementary_question", _("Supplementary question")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class DialogueRequest(models.Model):
    """A request or supplementary question of a reviewing State; its thread holds the answers."""

    review = models.ForeignKey(
        CountryReview, on_delete=models.CASCADE, related_name="dialogue_requests"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RequestKind.choices)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("request"))
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default="open")
    asked_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.kind} #{self.pk}"


class DialogueReply(models.Model):
    """One message in the thread of a request, from the State under review (P&R para 29)."""

    request = models.ForeignKey(DialogueRequest, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("answer"))
    replied_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField()

    class Meta:
        ordering = ["replied_at", "pk"]

    def __str__(self) -> str:
        return f"reply #{self.pk} to {self.request_id}"


class MeetingKind(models.TextChoices):
    CALL = "call", _("Conference call")
    VIDEOCONFERENCE = "videoconference", _("Videoconference")


class DialogueMeeting(models.Model):
    """A conference call or videoconference of the dialogue, with its minutes (P&R paras 29, 30)."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    participants = models.TextField(_("participants"))
    minutes = models.TextField(_("minutes"), blank=True)
    scheduled_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.kind} at {self.starts_at:%Y-%m-%d %H:%M}"


class VisitStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed by the State under review")
    DECLINED = "declined", _("Declined by the State under review")


class CountryVisit(models.Model):
    """A country visit, held only if the State under review agrees (P&R paras 31, 48)."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="visits")
    status = models.CharField(max_length=10, choices=VisitStatus.choices, default="proposed")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    purpose = models.TextField(_("purpose"), blank=True)
    # The reviewing State that proposed it; empty when the secretariat did.
    proposed_by_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    stakeholders_met = models.TextField(_("national stakeholders met"), blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="visit_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: visit {self.starts_on}-{self.ends_on} ({self.status})"

    @property
    def stakeholder_list(self) -> list[str]:
        return [line.strip() for line in self.stakeholders_met.splitlines() if line.strip()]


class ReviewDocument(models.Model):
    """A document exchanged in a review; each new upload of it adds a version (P&R paras 23-34)."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


def document_path(instance: DocumentVersion, filename: str) -> str:
    # The stored name is random; the uploaded name is kept in `original_name` for display only.
    return f"reviews/{instance.document.review_id}/{instance.stored_token}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(ReviewDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_path, max_length=300)
    stored_token = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reviews:document_download",
            kwargs={"review_id": self.document.review_id, "version_id": self.pk},
        )


class AssistanceStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    ADDRESSED = "addressed", _("Addressed")
    CLOSED = "closed", _("Closed")


class AssistanceRequest(models.Model):
    """A technical assistance need to answer the questionnaire, told to the secretariat
    (P&R para 15); subject to the availability of voluntary contributions."""

    review = models.ForeignKey(
        CountryReview, on_delete=models.CASCADE, related_name="assistance_requests"
    )
    need = models.TextField(_("technical assistance needed"))
    status = models.CharField(
        max_length=12, choices=AssistanceStatus.choices, default=AssistanceStatus.RECEIVED
    )
    notes = models.TextField(_("notes of the secretariat"), blank=True)
    requested_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: assistance #{self.pk} ({self.status})"


class MechanismReference(models.Model):
    """Information produced by another international or regional mechanism that the reviewing
    States may consider (P&R para 28): a link, a file, or both."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="references")
    mechanism = models.CharField(_("mechanism or organization"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    document = models.OneToOneField(
        ReviewDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reference",
    )
    added_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.mechanism}: {self.title}"


class AssignmentAction(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Unassigned")


class SecretariatAssignmentChange(models.Model):
    """One change to the secretariat staff assigned to a review, kept for good (P&R paras 32, 42).

    The current assignment is `accounts.ReviewAssignment`; this is its history. Only the head of
    the secretariat (permission `reviews.assign_secretariat`) changes it, through
    `services.assign_secretariat` and `services.unassign_secretariat`.
    """

    review = models.ForeignKey(
        CountryReview, on_delete=models.CASCADE, related_name="secretariat_changes"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12, choices=AssignmentAction.choices)
    by = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        permissions = [
            ("assign_secretariat", "Can assign secretariat staff to country reviews (head)")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.action} on {self.review_id}"
