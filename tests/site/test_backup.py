"""`revmech backup` and `revmech restore`: a round trip gives back every row and every file, and a
damaged backup is refused before anything is replaced (docs/operations.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from revmech.accounts.models import Person
from revmech.reviews import services
from revmech.reviews.models import CountryReview, DocumentVersion
from revmech.site.backup import BackupError, make_backup, restore_backup, stored_names

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_entries_flushable"),
]

NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)


def _everything() -> tuple[str, dict[str, bytes]]:
    """Every row of every model, serialized in a stable order, and every stored file."""
    rows = []
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows.append(serializers.serialize("json", model._default_manager.order_by("pk")))
    files = {}
    for name in stored_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return "\n".join(rows), files


@pytest.fixture
def with_a_document(
    review: CountryReview, personas: dict[str, Person], settings: Any, tmp_path: Path
) -> DocumentVersion:
    settings.MEDIA_ROOT = tmp_path / "media"
    return services.upload_document(
        review=review,
        by=personas["focal_point_under_review"],
        upload=SimpleUploadedFile("schedule.txt", b"Kenya: schedule of the dialogue"),
        title="Schedule",
        now=NOW,
    )


def test_a_round_trip_gives_back_every_row_and_every_file(
    with_a_document: DocumentVersion, tmp_path: Path
) -> None:
    before = _everything()
    assert before[1]  # the document's file is there to be backed up
    summary = make_backup(tmp_path / "backups", now=NOW)
    # Lose data and files after the backup.
    DocumentVersion.objects.all().delete()
    CountryReview.objects.all().update(year=4)
    for name in list(stored_names(default_storage)):
        default_storage.delete(name)
    assert _everything() != before
    restore_backup(summary.folder)
    assert _everything() == before


def test_a_damaged_backup_is_refused_before_anything_changes(
    with_a_document: DocumentVersion, tmp_path: Path
) -> None:
    summary = make_backup(tmp_path / "backups", now=NOW)
    manifest = json.loads((summary.folder / "manifest.json").read_text())
    name = next(iter(manifest["files"]))
    (summary.folder / "files" / name).write_bytes(b"tampered")
    CountryReview.objects.all().update(year=4)
    with pytest.raises(BackupError, match="does not match its digest; nothing was restored"):
        restore_backup(summary.folder)
    assert set(CountryReview.objects.values_list("year", flat=True)) == {4}


def test_the_commands_back_up_check_and_restore(
    with_a_document: DocumentVersion, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("backup", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    call_command("restore", str(folder), "--check-only")
    assert "every digest holds" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a revmech backup"):
        call_command("restore", str(tmp_path), "--yes")
    call_command("restore", str(folder), "--yes")
    assert "Restored the database and 1 files" in capsys.readouterr().out
