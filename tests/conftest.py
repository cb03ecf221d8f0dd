"""Shared fixtures: the reference data, a country review, one persona per role and relationship."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from personas import PERSONAS
from review_artefacts import provide_artefacts
from revmech.accounts.models import Appointment, AppointmentStatus, Person, ReviewAssignment, Role
from revmech.registry import models as registry
from revmech.registry import services as registry_services
from revmech.reviews.models import CountryReview, ReviewingState, Seat

PASSWORD = "a long test passphrase"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CONFIDENTIAL_ROLES = {Role.SECRETARIAT, Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the shipped reference data once; each test's transaction is rolled back."""
    with django_db_blocker.unblock():
        registry_services.load_reference()


@pytest.fixture(autouse=True)
def english_outside_requests() -> None:
    """Each test starts in English: a request in another language leaves it active in the
    thread, and services called afterwards would speak that language."""
    translation.activate("en")


@pytest.fixture
def reference_data(db: None) -> None:
    """The reference data, reloaded if a transactional test flushed it."""
    if not registry.State.objects.exists():
        registry_services.load_reference()


@pytest.fixture
def make_person(db: None) -> Callable[..., Person]:
    """A person with one approved appointment: `make_person("x", Role.EXPERT, "FRA", "UNTOC")`."""

    def make(
        username: str,
        role: str | None = None,
        state: str | None = None,
        instrument: str | None = None,
        status: str = AppointmentStatus.APPROVED,
    ) -> Person:
        person = Person.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=role == Role.SECRETARIAT
        )
        if role is not None:
            Appointment.objects.create(
                person=person,
                role=role,
                state=registry.State.objects.get(code=state) if state else None,
                instrument=registry.Instrument.objects.get(code=instrument) if instrument else None,
                status=status,
                nominated_at=timezone.now(),
                note_verbale_reference=f"NV/{username}",
            )
        return person

    return make


@pytest.fixture
def review(reference_data: None) -> CountryReview:
    """Kenya under review for the Convention, reviewed by Nigeria (same group) and France."""
    review = CountryReview.objects.create(
        state_under_review=registry.State.objects.get(code="KEN"),
        instrument=registry.Instrument.objects.get(code="UNTOC"),
        phase=1,
        year=1,
        drawn_on=dt.date(2026, 6, 15),
    )
    ReviewingState.objects.create(
        review=review, state=registry.State.objects.get(code="NGA"), seat=Seat.SAME_GROUP
    )
    ReviewingState.objects.create(
        review=review, state=registry.State.objects.get(code="FRA"), seat=Seat.OTHER_GROUP
    )
    return review


@pytest.fixture
def personas(review: CountryReview, make_person: Callable[..., Person]) -> dict[str, Person]:
    """One person per role and relationship to `review`; "secretariat" is assigned to it."""
    people = {name: make_person(name, *spec) for name, spec in PERSONAS.items()}
    for name, (role, _state, _instrument) in PERSONAS.items():
        if role in CONFIDENTIAL_ROLES:  # they sign in with a second factor (issue 4)
            TOTP.activate(people[name], TEST_TOTP_SECRET)
    ReviewAssignment.objects.create(person=people["secretariat"], review=review)
    people["secretariat_head"].user_permissions.add(
        Permission.objects.get(content_type__app_label="reviews", codename="assign_secretariat")
    )
    return people


def pytest_report_header() -> str:
    return f"revmech database: {os.environ.get('DATABASE_URL', 'SQLite (default)')}"


@pytest.fixture
def audit_entries_flushable(transactional_db: None) -> Iterator[None]:
    """Let the flush after a live-server test empty the append-only audit table on SQLite.

    SQLite's flush deletes rows, which the audit triggers refuse; the triggers are dropped by
    migrating the audit app back, the rows removed, and the triggers restored.
    """
    yield
    if connection.vendor == "sqlite":
        call_command("migrate", "audit", "0001", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_entry")
        call_command("migrate", "audit", verbosity=0)


@pytest.fixture
def review_artefacts(review: CountryReview, personas: dict[str, Person]) -> None:
    provide_artefacts(review, personas["secretariat"])
