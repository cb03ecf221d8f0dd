"""`revmech followup collect|report`: take needs into the register; write the reports.

revmech followup collect                      needs of submitted questionnaires and para 15
                                              requests not taken yet (safe to run again)
revmech followup report analysis FILE.docx    the thematic analysis of published material
revmech followup report internal FILE.docx    the same, counting confidential material
revmech followup report functioning FILE.docx the functioning of the Mechanism (para 5)
revmech followup report group CODE FILE.docx  a working group's report (para 40)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from revmech.followup import analysis, functioning, mandates, services, views_analysis
from revmech.registry.models import WorkingGroup


class Command(BaseCommand):
    help = "Follow-up: collect needs into the register, write the reports for the Conference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["collect", "report"])
        parser.add_argument("what", nargs="?", help="analysis, internal, functioning or group")
        parser.add_argument("rest", nargs="*", help="[working group code] output file")
        parser.add_argument("--language", default="en", help="language of the report")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "collect":
            added = services.collect_needs(now=timezone.now())
            self.stdout.write(f"{added} new needs taken into the register.")
            return
        what, rest = options["what"], list(options["rest"])
        with translation.override(options["language"]):
            body = self._report(what, rest)
        if not rest:
            raise CommandError("Name the output file.")
        Path(rest[-1]).write_bytes(body)
        self.stdout.write(f"Written: {rest[-1]}")

    def _report(self, what: str | None, rest: list[str]) -> bytes:
        if what == "analysis":
            return views_analysis.analysis_docx_bytes(analysis.PUBLIC)
        if what == "internal":
            return views_analysis.analysis_docx_bytes(analysis.INTERNAL)
        if what == "functioning":
            figures = functioning.measure(today=timezone.localdate())
            return views_analysis.functioning_docx_bytes(figures)
        if what == "group" and len(rest) == 2:
            group = WorkingGroup.objects.filter(code=rest[0]).first()
            if group is None or group.code not in mandates.mandates():
                raise CommandError(
                    f"{rest[0]} is not a working group with a mandate on needs: "
                    f"{', '.join(sorted(mandates.mandates()))}."
                )
            return views_analysis.working_group_docx_bytes(group)
        raise CommandError("Say which report: analysis, internal, functioning or group CODE.")
