"""What the application's PostgreSQL role may do to the audit log: insert and read, nothing else.

The triggers of migration 0002 refuse UPDATE and DELETE from anyone; TRUNCATE fires no row
trigger, so in production the application connects as a role that owns nothing and was given
only the privileges below (docs/operations.md). `revmech audit_grants` prints the statements and
`revmech audit_grants --check` tells whether the connected role holds more than it should.
"""

from __future__ import annotations

from django.db import connection

AUDIT_TABLE = "audit_entry"
FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE")


def grant_statements(role: str, database: str) -> list[str]:
    """The SQL an administrator runs, as the owner, to set up the application's role."""
    quoted = connection.ops.quote_name(role)
    return [
        f"GRANT CONNECT ON DATABASE {connection.ops.quote_name(database)} TO {quoted};",
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {AUDIT_TABLE} FROM {quoted};",
    ]


def excess_privileges() -> list[str]:
    """The privileges on the audit table the connected role should not have (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p FROM unnest(%s::text[]) AS p WHERE has_table_privilege(%s, p)",
            [list(FORBIDDEN), AUDIT_TABLE],
        )
        return [row[0] for row in cursor.fetchall()]
