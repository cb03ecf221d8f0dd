"""`revmech rulebook show|diff|add`: the versions of the rulebook (P&R para 6).

revmech rulebook show [CODE] [--on YYYY-MM-DD] [--json]
    a version (default: the one in force on --on, or today); --json prints it as a rulebook
    file, which `revmech lots verify --rulebook FILE` reads
revmech rulebook diff OLD NEW      the numbers that differ between two versions
revmech rulebook add FILE --effective-on YYYY-MM-DD [--version CODE]
    keep a new version (FILE: a rulebook file, or one version object), in force from the day
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from revmech.registry import services
from revmech.registry.rulebooks import Rulebooks
from revmech.rules import RuleViolation
from revmech.rules.rulebook import Rulebook, describe, diff, version_to_json


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date written YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Show, compare and add versions of the rulebook (P&R para 6)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="a version and its numbers")
        show.add_argument("code", nargs="?")
        show.add_argument("--on", help="the version in force on this day (default: today)")
        show.add_argument("--json", action="store_true", help="print it as a rulebook file")
        compare = sub.add_parser("diff", help="the numbers that differ between two versions")
        compare.add_argument("old")
        compare.add_argument("new")
        add = sub.add_parser("add", help="keep a new version, in force from a day")
        add.add_argument("file", type=Path)
        add.add_argument("--effective-on", required=True)
        add.add_argument("--version", help="the version to take from a file holding several")

    def _version(self, books: Rulebooks, code: str) -> Rulebook:
        book = books.by_code(code)
        if book is None:
            known = ", ".join(b.code for b in books.all()) or "none"
            raise CommandError(f"No rulebook version {code} (known: {known}).")
        return book

    def handle(self, *args: Any, **options: Any) -> None:
        books = Rulebooks()
        action = options["action"]
        if action == "show":
            if options["code"]:
                book = self._version(books, options["code"])
            else:
                on = _day(options["on"]) if options["on"] else timezone.localdate()
                book = books.in_force(on)
            if options["json"]:
                version = {**version_to_json(book), "is_default": True}
                data = {"format": "revmech.rulebook.v1", "versions": [version]}
                self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
                return
            since = book.effective_on.isoformat() if book.effective_on else "the start"
            self.stdout.write(f"{book.code} ({book.source or 'no source'}), in force from {since}")
            for name, rule in book.rules.items():
                para = f"para {rule.paragraph}" if rule.paragraph else "platform rule"
                self.stdout.write(f"  {name:<36} {describe(rule):<22} {para}")
            return
        if action == "diff":
            old, new = self._version(books, options["old"]), self._version(books, options["new"])
            changes = diff(old, new)
            if not changes:
                self.stdout.write(f"{old.code} and {new.code} set the same numbers.")
            for name, before, after in changes:
                self.stdout.write(f"  {name:<36} {before} -> {after}")
            return
        try:
            data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{options['file']} is not JSON: {error.msg}") from None
        versions: list[dict[str, Any]] = []
        if isinstance(data, dict):
            found = data.get("versions", [data])
            versions = [v for v in found if isinstance(v, dict)] if isinstance(found, list) else []
        if options["version"]:
            versions = [v for v in versions if v.get("code") == options["version"]]
        if len(versions) != 1:
            raise CommandError("Give a file with one version, or name it with --version CODE.")
        try:
            stored = services.add_rulebook_version(
                version=versions[0],
                effective_on=_day(options["effective_on"]),
                by=None,
                today=timezone.localdate(),
            )
        except RuleViolation as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Rulebook {stored.code} kept, in force from {stored.effective_on}.")
