"""`revmech briefings`: NGO briefings from the command line (P&R para 53).

revmech briefings check FILE       passages of a text file (or - for standard input) that
                                   mention a State, before materials are circulated (53 (b))
revmech briefings upcoming         briefings to come with the last day to confirm (53 (e))
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from revmech.civil_society import services
from revmech.civil_society.models import Briefing


class Command(BaseCommand):
    help = "NGO briefings: check a text for mentions of States; list upcoming briefings."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        check = commands.add_parser("check", help="passages of a text that mention a State")
        check.add_argument("file", help="a UTF-8 text file, or - for standard input")
        commands.add_parser("upcoming", help="briefings to come and the last day to confirm")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "check":
            self._check(options["file"])
        else:
            self._upcoming()

    def _check(self, name: str) -> None:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{name}: {error}") from error
        mentions = services.mention_checker().find(text)
        for mention in mentions:
            line = text.count("\n", 0, mention.start) + 1
            self.stdout.write(f"{line}: {mention.state} «{mention.found}» {mention.excerpt}")
        self.stdout.write(f"{len(mentions)} passage(s) may mention a State (P&R para 53 (b)).")

    def _upcoming(self) -> None:
        today = timezone.localdate()
        found = Briefing.objects.filter(held_on__gte=today).select_related("session")
        for briefing in found.order_by("held_on", "pk"):
            self.stdout.write(
                f"{briefing.held_on.isoformat()} {briefing.place} ({briefing.session}): "
                f"confirm by the end of {services.last_day_of(briefing).isoformat()} "
                f"({briefing.time_zone}); {briefing.invitations.count()} invited"
            )
