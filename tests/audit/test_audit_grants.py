"""The application's PostgreSQL role may insert into the audit log but not change, delete or
truncate it, with the documented grants (docs/operations.md)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from revmech.audit.grants import excess_privileges, grant_statements


@pytest.fixture
def application_role(transactional_db: None) -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL grants; the suite runs again on PostgreSQL in CI (.ci/run)")
    # Roles belong to the whole server: one per test database, so that parallel runs (one
    # database each) never drop each other's role.
    role = f"revmech_grants_{connection.settings_dict['NAME']}".lower()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN")
        for statement in grant_statements(role, str(connection.settings_dict["NAME"])):
            cursor.execute(statement)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


def _as_role(role: str) -> psycopg.Connection[tuple[object, ...]]:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        dbname=s["NAME"],
        user=role,
        autocommit=True,
    )


def test_the_application_role_inserts_but_cannot_change_the_log(application_role: str) -> None:
    with _as_role(application_role) as app:
        app.execute(
            "INSERT INTO audit_entry (at, action, actor_label, subject_type, subject_id, "
            "subject_label, user_agent, details) "
            "VALUES (now(), 'grants.check', 'system', '', '', '', '', '{}')"
        )
        for statement in (
            "UPDATE audit_entry SET action = 'x'",
            "DELETE FROM audit_entry",
            "TRUNCATE audit_entry",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)


def test_the_check_names_what_the_owner_may_still_do(transactional_db: None) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL only"):
            call_command("audit_grants", "--check")
        return
    assert "TRUNCATE" in excess_privileges()  # the tests connect as the owner
    with pytest.raises(CommandError, match="may UPDATE, DELETE, TRUNCATE audit_entry"):
        call_command("audit_grants", "--check")
