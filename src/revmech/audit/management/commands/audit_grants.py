"""`revmech audit_grants ROLE`: the grants that keep the audit log append-only in PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from revmech.audit.grants import AUDIT_TABLE, excess_privileges, grant_statements


class Command(BaseCommand):
    help = "Print the grants of the application's role, or check the connected role's."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", nargs="?", default="revmech_app")
        parser.add_argument(
            "--check", action="store_true", help="fail if the connected role can change the log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            if connection.vendor != "postgresql":
                raise CommandError("The check applies to PostgreSQL only.")
            excess = excess_privileges()
            if excess:
                raise CommandError(
                    f"The connected role may {', '.join(excess)} {AUDIT_TABLE}: connect as a "
                    "role with the grants of `revmech audit_grants` (docs/operations.md)."
                )
            self.stdout.write(f"The connected role may only read and insert into {AUDIT_TABLE}.")
            return
        database = str(connection.settings_dict["NAME"])
        for statement in grant_statements(options["role"], database):
            self.stdout.write(statement)
