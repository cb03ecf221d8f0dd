"""`revmech load-reference`: load the shipped reference data; a second run changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from revmech.registry import services
from revmech.rules import RuleViolation


class Command(BaseCommand):
    help = "Load States, instruments, articles, clusters, workplans and the rulebook."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = services.load_reference()
        except RuleViolation as error:
            raise CommandError(f"Nothing was loaded: {error.message}") from error
        if not report.changed:
            self.stdout.write("Reference data already up to date: nothing changed.")
            return
        for kind, count in sorted(report.created.items()):
            self.stdout.write(f"created {count} {kind}")
        for kind, count in sorted(report.updated.items()):
            self.stdout.write(f"updated {count} {kind}")
