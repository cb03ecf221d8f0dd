"""`revmech lots export-world --out WORLD.json`: the platform's States in the world format.

The other `revmech lots` subcommands (draw, verify, fairness) need no database and are run by
`revmech.rules.lots.cli` directly.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmech.lots import services


class Command(BaseCommand):
    help = "Export the platform's States as a revmech.world.v1 document."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export-world", help="write the world file")
        export.add_argument("--out", required=True, type=Path)
        export.add_argument(
            "--defer",
            action="append",
            default=[],
            metavar="STATE:INSTRUMENT",
            help="a deferral (P&R para 21), e.g. FRA:UNTOC; may be repeated",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deferrals = []
        for item in options["defer"]:
            state, _, instrument = item.partition(":")
            if not state or not instrument:
                raise CommandError(f"--defer {item!r}: write STATE:INSTRUMENT, e.g. FRA:UNTOC.")
            deferrals.append({"state": state.upper(), "instrument": instrument.upper()})
        world = services.current_world(deferrals=deferrals)
        if not world["states"]:
            raise CommandError("No party is recorded: run revmech load-reference first.")
        out: Path = options["out"]
        handle, temporary = tempfile.mkstemp(
            dir=out.parent if str(out.parent) else ".", suffix=".tmp"
        )
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(world, stream, ensure_ascii=False, indent=2)
        os.replace(temporary, out)
        self.stdout.write(f"{len(world['states'])} States written to {out}.")
