"""Shared fixtures: the reference data, one persona per role, the database in use."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from revmech.registry import models as registry
from revmech.registry import services as registry_services


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the shipped reference data once; each test's transaction is rolled back."""
    with django_db_blocker.unblock():
        registry_services.load_reference()


@pytest.fixture
def reference_data(db: None) -> None:
    """The reference data, reloaded if a transactional test flushed it."""
    if not registry.State.objects.exists():
        registry_services.load_reference()


@pytest.fixture
def personas(db: None) -> dict[str, Any]:
    """One person per role that exists so far: the secretariat and an outsider."""
    user_model = get_user_model()
    return {
        "secretariat": user_model.objects.create_user(
            "secretariat", "secretariat@example.org", "a long test passphrase", is_staff=True
        ),
        "outsider": user_model.objects.create_user(
            "outsider", "outsider@example.org", "a long test passphrase"
        ),
    }


def pytest_report_header() -> str:
    return f"revmech database: {os.environ.get('DATABASE_URL', 'SQLite (default)')}"
