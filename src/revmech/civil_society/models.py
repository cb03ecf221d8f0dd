"""The register of non-governmental organizations and their briefings (P&R para 53).

Organizations with their contacts, areas of work, consultative status with the Economic and
Social Council and admissions as observers to sessions of the Conference (para 53 (c));
briefings on the margins of working-group meetings (para 53 (a)); invitations, confirmations
and written comments (para 53 (e)); attendance of Member States and intergovernmental
organizations (para 53 (f)); objections decided by the Bureau (para 53 (d)); summaries issued
as conference room papers (para 53 (g)) and reports on activities (para 53 (h)).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.rules.briefings import AdmissionBasis
from revmech.web.dates import day


class ConsultativeStatus(models.TextChoices):
    """Consultative status with the Economic and Social Council (resolution 1996/31)."""

    NONE = "", _("None")
    GENERAL = "general", _("General consultative status")
    SPECIAL = "special", _("Special consultative status")
    ROSTER = "roster", _("Roster")


class Organization(models.Model):
    """A non-governmental organization (or academic institution) in the register."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    areas_of_work = models.TextField(_("areas of work"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact address"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    consultative_status = models.CharField(
        _("consultative status with the Economic and Social Council"),
        max_length=10,
        choices=ConsultativeStatus.choices,
        blank=True,
    )
    consultative_status_since = models.DateField(
        _("consultative status since"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("non-governmental organization")
        verbose_name_plural = _("non-governmental organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultative_status="", consultative_status_since__isnull=True)
                | (
                    ~models.Q(consultative_status="")
                    & models.Q(consultative_status_since__isnull=False)
                ),
                name="consultative_status_has_its_date",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("civil_society:organization", kwargs={"organization_id": self.pk})

    @property
    def has_consultative_status(self) -> bool:
        return bool(self.consultative_status)


class Representative(models.Model):
    """A person who acts for an organization; their account holds an approved NGO appointment."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="representatives"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ngo_representations"
    )
    added_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_representation_per_person_and_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.organization}"


class ObserverAdmission(models.Model):
    """Admission as observer to a session of the Conference, under rule 17 (P&R para 53 (c))."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="admissions"
    )
    session = models.ForeignKey(
        "meetings.Session", on_delete=models.PROTECT, related_name="ngo_admissions"
    )
    basis = models.CharField(
        _("basis"),
        max_length=10,
        choices=[
            (AdmissionBasis.CONSULTATIVE_STATUS.value, _("Rule 17, paragraph 1")),
            (AdmissionBasis.OTHER_RELEVANT.value, _("Rule 17, paragraph 2")),
        ],
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-session__starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "session"], name="admitted_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} at {self.session}"


class Briefing(models.Model):
    """A briefing on the outcomes of the review process (P&R para 53 (a))."""

    session = models.ForeignKey(
        "meetings.Session",
        on_delete=models.PROTECT,
        related_name="ngo_briefings",
        verbose_name=_("working-group session"),
    )
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starting time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone of the place"), max_length=60, default="Europe/Vienna"
    )
    place = models.CharField(_("place"), max_length=200)
    topics = models.TextField(_("topics"))
    technical_assistance_needs = models.TextField(
        _("technical assistance needs identified"), blank=True
    )
    materials = models.TextField(_("briefing materials"), blank=True)
    materials_mentions = models.JSONField(default=list, blank=True)
    materials_cleared_at = models.DateTimeField(null=True, blank=True)
    materials_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    president_requested_on = models.DateField(_("requested by the President of the Conference on"))
    bureau_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ngo_briefings_conducted",
        verbose_name=_("member of the Bureau"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self) -> str:
        return str(
            _("Briefing of %(date)s, %(place)s") % {"date": day(self.held_on), "place": self.place}
        )

    def get_absolute_url(self) -> str:
        return reverse("civil_society:briefing", kwargs={"briefing_id": self.pk})

    @property
    def materials_are_cleared(self) -> bool:
        return self.materials_cleared_at is not None


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Attendance confirmed")
    EXCLUDED = "excluded", _("Participation refused by the Bureau")


class Invitation(models.Model):
    """The secretariat's invitation of an eligible organization (P&R para 53 (c), (e))."""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="invitations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="invitations"
    )
    basis = models.CharField(max_length=10)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    invited_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attendees = models.TextField(_("names of those attending"), blank=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "organization"], name="invited_once_per_briefing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} to {self.briefing}"

    def get_absolute_url(self) -> str:
        return reverse("civil_society:invitation", kwargs={"invitation_id": self.pk})


class Circulation(models.TextChoices):
    """What the secretariat decided after the check for mentions of States (para 53 (b))."""

    AWAITING = "awaiting", _("Awaiting the secretariat's check")
    CIRCULATED = "circulated", _("Circulated")
    HELD_BACK = "held_back", _("Held back: it mentions a specific country situation")


class WrittenComment(models.Model):
    """Comments in writing, allowed once attendance is confirmed (P&R para 53 (e))."""

    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField(_("comments"))
    mentions = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    circulation = models.CharField(
        max_length=10, choices=Circulation.choices, default=Circulation.AWAITING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"comments of {self.invitation.organization}"


class Attendance(models.Model):
    """A representative of a Member State or an intergovernmental organization (para 53 (f))."""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="attendances")
    state = models.ForeignKey(
        "registry.State", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    intergovernmental_organization = models.CharField(
        _("intergovernmental organization"), max_length=200, blank=True
    )
    representative = models.CharField(_("representative"), max_length=200)
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(state__isnull=False, intergovernmental_organization="")
                    | models.Q(state__isnull=True) & ~models.Q(intergovernmental_organization="")
                ),
                name="attends_for_a_state_or_an_igo",
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative} at {self.briefing}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Referred to the Bureau")
    UPHELD = "upheld", _("Upheld: the organization does not participate")
    DISMISSED = "dismissed", _("Dismissed: the organization participates")


class Objection(models.Model):
    """A State's objection to an organization's participation, decided by the Bureau
    (P&R para 53 (d), rule 17, paragraph 2, of the rules of procedure, mutatis mutandis)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="objections")
    state = models.ForeignKey(
        "registry.State",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("objecting State"),
    )
    reasons = models.TextField(_("reasons given"))
    received_on = models.DateField(_("received on"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(_("date of the Bureau's decision"), null=True, blank=True)
    decision_reasons = models.TextField(_("the Bureau's reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"objection to {self.invitation}"

    def get_absolute_url(self) -> str:
        return reverse("civil_society:objection", kwargs={"objection_id": self.pk})


class Summary(models.Model):
    """A summary of a briefing prepared by organizations, submitted to the working group as a
    conference room paper (P&R para 53 (g))."""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="summaries")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="summaries"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("summary"))
    mentions = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(
        "meetings.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ngo_summary",
        verbose_name=_("conference room paper"),
    )

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ActivityReport(models.Model):
    """An organization's report to a working group on its activities and contributions to the
    implementation of the working groups' recommendations (P&R para 53 (h))."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="activity_reports"
    )
    session = models.ForeignKey(
        "meetings.Session", on_delete=models.PROTECT, related_name="ngo_activity_reports"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("report"))
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title
