"""The audit log's one table: an append-only record of who did or saw what, when, from where.

P&R paras 32, 37: country reviews are confidential, so every state change and every view or
download of confidential content leaves an `Entry` that nobody can edit or delete through the
platform. The model and its QuerySet refuse updates and deletions; the database triggers added
by migration 0002 refuse them for raw SQL too, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

ANONYMOUS_LABEL = "anonymous"
SYSTEM_LABEL = "system"
USER_AGENT_MAX_LENGTH = 300


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete an audit entry through the ORM."""

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"The audit log is append-only: {operation} of audit entries is refused "
            "(P&R paras 32, 37)."
        )


class EntryQuerySet(models.QuerySet["Entry"]):
    """Entries can be read and inserted; every bulk path that would change them raises."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("update")

    def _update(self, values: Any) -> NoReturn:  # the path of Model.save() and bulk_update()
        raise AppendOnlyError("update")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AppendOnlyError("update")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("deletion")

    def _raw_delete(self, using: Any) -> NoReturn:  # the path of the deletion collector
        raise AppendOnlyError("deletion")


class Entry(models.Model):
    """One audited act. Create entries only through `revmech.audit.services.record`."""

    at = models.DateTimeField(_("when"), db_index=True)
    # PROTECT, not SET_NULL: nulling the actor would be an UPDATE of an audit row, which the
    # database refuses. A person with audit history is deactivated, never deleted; `actor_label`
    # keeps the username as it was when they acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    subject_label = models.CharField(_("subject"), max_length=300, blank=True)
    review_id = models.BigIntegerField(_("country review"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ("-at", "-id")
        # Related lookups and Model.save() go through the base manager: make it ours too.
        base_manager_name = "objects"
        default_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert a new entry; refuse to write over an existing one."""
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("update")
        kwargs["force_insert"] = True  # never let Django try an UPDATE first
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("deletion")
