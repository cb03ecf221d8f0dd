"""Database triggers that abort UPDATE and DELETE on audit_entry (P&R paras 32, 37).

The model refuses changes through the ORM; these triggers refuse them for raw SQL as well, so
the log stays append-only whatever code runs. SQLite and PostgreSQL are the supported databases.

Traps for later migrations:
- on SQLite, Django alters a table by rebuilding it, which drops its triggers: a migration that
  alters audit_entry must create the triggers again (tests/audit checks that they exist);
- PostgreSQL's TRUNCATE fires no row trigger. It stays allowed because the test suite's flush
  uses it; in production the application's database role should hold only SELECT and INSERT
  on audit_entry (and USAGE on its sequence).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_CREATE = [
    """
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
    BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
    BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: DELETE refused'); END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]

POSTGRESQL_CREATE = [
    """
    CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def _statements(schema_editor: BaseDatabaseSchemaEditor, *, create: bool) -> list[str]:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        # Fail loudly: an audit log without its guard must not be installed silently.
        raise NotImplementedError(f"No append-only triggers for the {vendor!r} database.")
    create_sql, drop_sql = STATEMENTS[vendor]
    return create_sql if create else drop_sql


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor, create=True):
        schema_editor.execute(sql, params=None)  # no placeholders: keep the % of RAISE


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in _statements(schema_editor, create=False):
        schema_editor.execute(sql, params=None)  # no placeholders: keep the % of RAISE


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
