"""Backups of the whole platform: the database and every uploaded file, each with its digest.

A backup is a folder holding `manifest.json`, the database (`database.sqlite3` for SQLite, made
with SQLite's online backup; `database.dump` for PostgreSQL, made with `pg_dump --format=custom`)
and `files/`, every file of the storage (disk or S3-compatible), read through Django's storage
API. Restoring checks every digest first and refuses the whole backup if one differs, so a damaged
backup never half-replaces a working platform (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(RuntimeError):
    """A backup cannot be made or restored; the message names the problem."""


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    files: int
    database: str


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, folders walked depth first, in sorted order."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _pg_environment(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    arguments = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        arguments += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", str(settings["USER"])]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client).")
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from the settings
        command, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _dump_database(target: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "database.sqlite3")
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "database.sqlite3"
    if vendor == "postgresql":
        arguments, environment = _pg_environment(connection.settings_dict)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / "database.dump"),
                *arguments,
            ],
            environment,
        )
        return "database.dump"
    raise BackupError(f"Backups of a {vendor} database are not supported.")


def make_backup(into: Path, *, now: dt.datetime, storage: Storage | None = None) -> BackupSummary:
    """Write a new backup folder under `into`, named by the time it was made."""
    storage = storage or default_storage
    folder = into / now.strftime("revmech-%Y%m%dT%H%M%SZ")
    if folder.exists():
        raise BackupError(f"{folder} already exists; nothing was written.")
    (folder / "files").mkdir(parents=True)
    database = _dump_database(folder)
    files: dict[str, dict[str, Any]] = {}
    for name in stored_names(storage):
        target = folder / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        files[name] = {"sha256": _digest(target), "size": target.stat().st_size}
    manifest = {
        "format": FORMAT,
        "made_at": now.isoformat(),
        "vendor": connection.vendor,
        "database": {"file": database, "sha256": _digest(folder / database)},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return BackupSummary(folder=folder, files=len(files), database=database)


def verify_backup(folder: Path) -> dict[str, Any]:
    """The backup's manifest, once every digest is checked; a refusal names the first damage."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} holds no {MANIFEST}: it is not a revmech backup.")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is in backup format {manifest.get('format')!r}, not {FORMAT}.")
    checks = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    checks += [(f"files/{name}", entry["sha256"]) for name, entry in manifest["files"].items()]
    for relative, expected in checks:
        path = folder / relative
        if not path.is_file():
            raise BackupError(f"{relative} is missing from the backup; nothing was restored.")
        if _digest(path) != expected:
            raise BackupError(f"{relative} does not match its digest; nothing was restored.")
    return manifest


def restore_backup(folder: Path, *, storage: Storage | None = None) -> BackupSummary:
    """Replace the database and the files by the backup's, after checking every digest."""
    storage = storage or default_storage
    manifest = verify_backup(folder)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; this platform runs on "
            f"{connection.vendor}. Nothing was restored."
        )
    database = folder / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        arguments, environment = _pg_environment(connection.settings_dict)
        connection.close()  # pg_restore drops the tables: hold no lock on them
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *arguments,
                str(database),
            ],
            environment,
        )
    for name in manifest["files"]:
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile((folder / "files" / name).read_bytes()))
        if saved != name:
            raise BackupError(f"The storage renamed {name} to {saved} while restoring it.")
    return BackupSummary(folder=folder, files=len(manifest["files"]), database=database.name)
