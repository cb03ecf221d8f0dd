"""`revmech questionnaires export|import|generate`: definitions as documented JSON files
(P&R para 16; the format is in docs/questionnaires.md).

    revmech questionnaires generate             define the first-phase questionnaires
    revmech questionnaires export FILE          every definition, all versions, to FILE
    revmech questionnaires import FILE [--publish]   each document as a new version
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from revmech.questionnaires import services
from revmech.questionnaires.models import QuestionnaireDefinition, as_json
from revmech.rules import RuleViolation

BUNDLE = "revmech.questionnaires.v1"


class Command(BaseCommand):
    help = "Export, import or generate self-assessment questionnaire definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import", "generate"])
        parser.add_argument("file", nargs="?", help="the JSON file ('-' for standard output)")
        parser.add_argument("--publish", action="store_true", help="publish imported versions")

    def handle(self, *args: Any, **options: Any) -> None:
        action, file = options["action"], options["file"]
        if action == "generate":
            created = services.ensure_first_phase_definitions()
            self.stdout.write(f"{len(created)} definitions created.")
            return
        if not file:
            raise CommandError(f"Name the file to {action}.")
        if action == "export":
            bundle = {
                "format": BUNDLE,
                "definitions": [
                    {**as_json(d), "status": d.status}
                    for d in QuestionnaireDefinition.objects.select_related("instrument")
                ],
            }
            text = json.dumps(bundle, ensure_ascii=False, indent=2)
            if file == "-":
                self.stdout.write(text)
            else:
                Path(file).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"{len(bundle['definitions'])} definitions written to {file}.")
            return
        try:
            loaded = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        documents = loaded.get("definitions", []) if loaded.get("format") == BUNDLE else [loaded]
        try:
            with transaction.atomic():
                imported = [
                    services.import_definition(document=d, publish=options["publish"])
                    for d in documents
                ]
        except RuleViolation as refusal:
            raise CommandError(refusal.message) from refusal
        for definition in imported:
            self.stdout.write(f"imported {definition} ({definition.status})")
