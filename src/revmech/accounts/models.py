"""People, their roles and their nominations (P&R paras 12, 13, 19, 53).

A `Person` is an account. What a person may do comes from their `Appointment`s: a role, tied
to a State (or to the secretariat, a working group or an organization), nominated by note
verbale, activated by the person, approved by the secretariat. Appointments are never deleted:
withdrawal and replacement end them and keep the history.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Person(AbstractUser):
    """Anyone with an account: secretariat, focal points, experts, observers, NGOs."""

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Mail and documents reach you in this language."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Focal point")
    EXPERT = "expert", _("Governmental expert")
    OBSERVER = "observer", _("Observer")
    WORKING_GROUP = "working_group", _("Working group member")
    NGO = "ngo", _("Non-governmental organization representative")
    # The Bureau of the Conference: a member conducts NGO briefings with the secretariat and the
    # Bureau decides objections to an organization's participation (P&R para 53 (a), (d)).
    BUREAU = "bureau", _("Member of the Bureau of the Conference")


# Roles that act for a State, and roles that need a second factor (non-public content).
STATE_ROLES = frozenset({Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER})
ROLES_WITH_INSTRUMENT = frozenset({Role.FOCAL_POINT, Role.EXPERT})


class AppointmentStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated: activation link sent")
    PROFILE_SUBMITTED = "profile_submitted", _("Profile submitted: awaiting approval")
    CLARIFICATION = "clarification", _("Clarification requested")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced")


OPEN_STATUSES = (
    AppointmentStatus.NOMINATED,
    AppointmentStatus.PROFILE_SUBMITTED,
    AppointmentStatus.CLARIFICATION,
    AppointmentStatus.APPROVED,
)


class Appointment(models.Model):
    """A person in a role, from nomination to approval and, one day, withdrawal or replacement."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    state = models.ForeignKey(
        "registry.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    instrument = models.ForeignKey(
        "registry.Instrument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    working_group = models.ForeignKey(
        "registry.WorkingGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.NOMINATED
    )
    note_verbale_reference = models.CharField(
        _("note verbale reference"), max_length=100, blank=True
    )
    note_verbale_on = models.DateField(_("date of the note verbale"), null=True, blank=True)
    nominated_at = models.DateTimeField()
    nominated_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    clarification_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-nominated_at", "-pk"]
        constraints = [
            # One focal point per State and instrument at any time (P&R para 12).
            models.UniqueConstraint(
                fields=["state", "instrument"],
                condition=models.Q(role="focal_point", status__in=[s.value for s in OPEN_STATUSES]),
                name="one_open_focal_point_per_state_and_instrument",
            ),
        ]

    def __str__(self) -> str:
        where = self.state.code if self.state else (self.organization or "")
        return f"{self.person} — {self.get_role_display()} {where}".strip()

    def get_absolute_url(self) -> str:
        return reverse("accounts:appointment", kwargs={"appointment_id": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.APPROVED


class ActivationLink(models.Model):
    """A single-use link to activate an account; it expires (rulebook: activation_link_days)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"activation link for {self.appointment}"


class ExpertProfile(models.Model):
    """What P&R para 19 asks the list of governmental experts to hold."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="expert_profile")
    professional_background = models.TextField(_("professional background"), blank=True)
    current_position = models.CharField(_("current position"), max_length=300, blank=True)
    offices_held = models.TextField(_("relevant offices held"), blank=True)
    activities = models.TextField(_("activities carried out"), blank=True)
    clusters = models.ManyToManyField("registry.Cluster", blank=True, verbose_name=_("clusters"))
    articles = models.ManyToManyField("registry.Article", blank=True, verbose_name=_("articles"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.person}"


class ReviewAssignment(models.Model):
    """A member of the secretariat assigned to a country review (P&R paras 32, 42)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="review_assignments")
    review = models.ForeignKey(
        "reviews.CountryReview", on_delete=models.CASCADE, related_name="secretariat_assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "review"], name="assigned_once_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.person} assigned to {self.review}"


class TokenScope(models.TextChoices):
    """What a personal token may do: read only (GET, HEAD, OPTIONS), or read and write."""

    READ = "read", _("read only")
    READ_WRITE = "read_write", _("read and write")


class PersonalToken(models.Model):
    """A revocable API token; only its SHA-256 is stored, the token is shown once. Its scope
    and its end are chosen when it is made (tokens made before scopes existed read and write
    and have no end)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("scope"), max_length=12, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notice(models.Model):
    """A message the platform mailed to a person, kept so they find it again under "Your
    notifications" (a mail filter or a lost message costs nothing).

    `review_id` names the country review it is about, if any (a number, not a key: the reviews
    app sits above this one); the notifications page shows only those the person may still read.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    review_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.person})"
