"""Sessions of the Conference and its working groups, and the documents issued for them.

The register holds what the mechanism publishes as documents of a body (P&R paras 14, 36, 53 (g)):
executive summaries issued as working-group documents in six languages, conference room papers,
thematic reports. Everything in it is public once recorded: confidential material never enters it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revmech.registry.models import localized

# The six official languages as the reference data keys them (`registry.models.localized`).
LANGUAGES = (
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
)


class Body(models.TextChoices):
    """The Conference and the working groups that conduct the reviews (P&R paras 14, 22, 40)."""

    CONFERENCE = "cop", _("Conference of the Parties")
    INTERNATIONAL_COOPERATION = "wgic", _("Working Group on International Cooperation")
    TECHNICAL_ASSISTANCE = "wgta", _("Working Group of Government Experts on Technical Assistance")
    TRAFFICKING = "wgtip", _("Working Group on Trafficking in Persons")
    SMUGGLING = "wgsom", _("Working Group on the Smuggling of Migrants")
    FIREARMS = "wgfa", _("Working Group on Firearms")


# The symbol series of each body's documents (UNODC's CTOC/COP series).
SYMBOL_PREFIX = {
    Body.CONFERENCE: "CTOC/COP",
    Body.TECHNICAL_ASSISTANCE: "CTOC/COP/WG.2",
    Body.INTERNATIONAL_COOPERATION: "CTOC/COP/WG.3",
    Body.TRAFFICKING: "CTOC/COP/WG.4",
    Body.FIREARMS: "CTOC/COP/WG.6",
    Body.SMUGGLING: "CTOC/COP/WG.7",
}


class Session(models.Model):
    """One session of a body: its number, dates and place."""

    body = models.CharField(_("body"), max_length=8, choices=Body.choices)
    number = models.PositiveSmallIntegerField(_("session number"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-starts_on", "body"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="one_session_number_per_body"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="session_ends_after_it_starts",
            ),
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return str(
            _("%(body)s, session %(number)s")
            % {"body": self.get_body_display(), "number": self.number}
        )

    def get_absolute_url(self) -> str:
        return reverse("meetings:session", kwargs={"session_id": self.pk})


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("Official document")
    EXECUTIVE_SUMMARY = "summary", _("Executive summary")
    CONFERENCE_ROOM_PAPER = "crp", _("Conference room paper")
    THEMATIC_REPORT = "thematic", _("Thematic report")


class Document(models.Model):
    """A document of a session, under its symbol, with a title and a file per language."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="documents")
    symbol = models.CharField(_("symbol"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    titles = models.JSONField(_("titles"), default=dict)
    issued_on = models.DateField(_("date of issue"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.symbol

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", kwargs={"document_id": self.pk})

    @property
    def title(self) -> str:
        return localized(self.titles)


def document_file_path(instance: DocumentFile, filename: str) -> str:
    return f"meetings/{instance.document_id}/{filename}"


class DocumentFile(models.Model):
    """The document in one language; its content was checked on upload, its digest kept."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    file = models.FileField(upload_to=document_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="one_file_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} ({self.language})"
