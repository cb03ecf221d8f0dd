"""Nobody can edit or delete an audit entry: not the model, not a QuerySet, not raw SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from revmech.audit import services
from revmech.audit.models import AppendOnlyError, Entry


@pytest.fixture
def entry(personas: dict[str, Any]) -> Entry:
    return services.record(
        "lots.draw.confirmed", actor=personas["secretariat"], review_id=3, seed="ab12"
    )


def _unchanged(entry: Entry) -> None:
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.action, stored.review_id, stored.details) == (
        "lots.draw.confirmed",
        3,
        {"seed": "ab12"},
    )


def test_a_new_entry_can_be_written(entry: Entry) -> None:
    """The allowed case beside the refusals below: the same fixture, read back."""
    _unchanged(entry)
    assert Entry.objects.count() == 1


def test_saving_an_existing_entry_is_refused(entry: Entry) -> None:
    entry.action = "lots.draw.cancelled"
    with pytest.raises(AppendOnlyError, match="append-only"):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.save(update_fields=["action"])
    _unchanged(entry)


def test_a_copy_with_the_same_primary_key_does_not_overwrite(entry: Entry) -> None:
    forged = Entry(pk=entry.pk, at=entry.at, actor_label="x", action="lots.draw.cancelled")
    with pytest.raises(DatabaseError), transaction.atomic():
        forged.save()
    _unchanged(entry)


def test_deleting_an_entry_is_refused(entry: Entry) -> None:
    with pytest.raises(AppendOnlyError, match="deletion"):
        entry.delete()
    _unchanged(entry)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Entry.objects.update(action="x"), id="update"),
        pytest.param(lambda: Entry.objects.filter(review_id=3).update(action="x"), id="filter"),
        pytest.param(lambda: Entry.objects.all().delete(), id="delete"),
        pytest.param(lambda: Entry.objects.filter(review_id=3).delete(), id="filter-delete"),
        pytest.param(
            lambda: Entry.objects.update_or_create(review_id=3, defaults={"action": "x"}),
            id="update_or_create",
        ),
        pytest.param(
            lambda: Entry.objects.bulk_update(list(Entry.objects.all()), ["action"]),
            id="bulk_update",
        ),
        pytest.param(
            lambda: Entry._base_manager.update(action="x"),
            id="base-manager",
        ),
    ],
)
def test_queryset_changes_are_refused(entry: Entry, change: Callable[[], object]) -> None:
    with pytest.raises(AppendOnlyError):
        change()
    _unchanged(entry)


def test_forgetting_the_actor_through_the_reverse_relation_is_refused(
    entry: Entry, personas: dict[str, Any]
) -> None:
    with pytest.raises(AppendOnlyError):
        personas["secretariat"].audit_entries.clear()
    _unchanged(entry)


def test_a_person_with_audit_history_cannot_be_deleted(
    entry: Entry, personas: dict[str, Any]
) -> None:
    with pytest.raises(ProtectedError):
        personas["secretariat"].delete()
    _unchanged(entry)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_entry SET action = 'x'",
        "UPDATE audit_entry SET details = '{}' WHERE review_id = 3",
        "DELETE FROM audit_entry",
        "DELETE FROM audit_entry WHERE review_id = 3",
    ],
)
def test_raw_sql_changes_are_refused_by_the_database(entry: Entry, sql: str) -> None:
    # The savepoint keeps PostgreSQL's transaction usable after the trigger aborts the statement.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    _unchanged(entry)


def test_raw_sql_may_still_insert(entry: Entry) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_entry (at, actor_label, action, subject_type, subject_id,"
            " subject_label, user_agent, details) VALUES (%s, %s, %s, '', '', '', '', %s)",
            [entry.at, "system", "lots.reminder.sent", "{}"],
        )
    assert Entry.objects.count() == 2
