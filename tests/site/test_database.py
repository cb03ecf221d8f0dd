"""The suite runs on the database CI asked for: PostgreSQL must not silently become SQLite."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_database_is_the_one_ci_asked_for() -> None:
    if os.environ.get("REVMECH_REQUIRE_POSTGRES"):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in {"sqlite", "postgresql"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
