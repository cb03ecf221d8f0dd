"""`revmech backup DIR`: the database and every uploaded file, with their digests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmech.site.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and every uploaded file into a new folder under DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = make_backup(options["directory"], now=dt.datetime.now(dt.UTC))
        except BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            f"Backed up the database ({summary.database}) and {summary.files} files "
            f"into {summary.folder}"
        )
