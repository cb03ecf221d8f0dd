"""`revmech restore FOLDER`: replace the database and files by a checked backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmech.site.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = "Check every digest of a backup, then replace the database and the files by it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--check-only", action="store_true", help="check the digests and change nothing"
        )
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            if options["check_only"]:
                manifest = verify_backup(folder)
                self.stdout.write(f"{folder}: {len(manifest['files'])} files, every digest holds.")
                return
            if (
                not options["yes"]
                and input("This replaces the whole database and every file. Type yes to go on: ")
                != "yes"
            ):
                raise CommandError("Nothing was restored.")
            summary = restore_backup(folder)
        except BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Restored the database and {summary.files} files from {folder}")
