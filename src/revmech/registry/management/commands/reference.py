"""`revmech reference check`: every treaty status the reference data leaves to be confirmed.

`revmech reference confirm STATE INSTRUMENT STATUS --source TEXT [--date YYYY-MM-DD]`
records the secretariat's confirmation or correction, keeping the history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmech.registry import models, selectors, services


class Command(BaseCommand):
    help = "List or confirm treaty statuses that the reference data leaves unverified."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("check", help="list the statuses to be confirmed")
        confirm = sub.add_parser("confirm", help="confirm or correct one status")
        confirm.add_argument("state")
        confirm.add_argument("instrument")
        confirm.add_argument("status", choices=["party", "signatory", "none"])
        confirm.add_argument("--source", required=True)
        confirm.add_argument("--date", default="")
        confirm.add_argument("--by", default="secretariat (command line)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            rows = list(selectors.unverified_participations())
            for p in rows:
                self.stdout.write(
                    f"{p.state.code}\t{p.instrument.code}\tto be confirmed\t{p.state.name}"
                )
            self.stdout.write(f"{len(rows)} statuses to be confirmed.")
            return
        participation = models.Participation.objects.filter(
            state__code=options["state"].upper(), instrument__code=options["instrument"].upper()
        ).first()
        if participation is None:
            raise CommandError(
                f"No participation of {options['state']} in {options['instrument']} is recorded."
            )
        try:
            deposited = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"--date {options['date']!r} is not a date (YYYY-MM-DD).") from None
        try:
            services.confirm_participation(
                participation=participation,
                status=options["status"],
                deposited_on=deposited,
                source=options["source"],
                changed_by=options["by"],
            )
        except services.StatusError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{participation.state.code} {participation.instrument.code}: recorded.")
