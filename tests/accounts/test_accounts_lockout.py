"""Lock-out after repeated failures (django-axes): per account and address at 5, per account
alone and per address alone only at a much higher count, from the address the server saw, the
same answer whether or not the account exists (issues 4 and 16)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, override_settings

from revmech.accounts.models import Person, Role
from revmech.audit.models import Entry

PASSWORD = "a long test passphrase"
WRONG = "not the right passphrase"
LOGIN = "/accounts/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def amina(make_person: Callable[..., Person]) -> Person:
    return make_person("amina", Role.NGO)


def attempt(login: str, password: str, address: str, **headers: str) -> HttpResponse:
    """One sign-in from `address`, in a fresh browser (no cookie carries over)."""
    response: HttpResponse = Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"login": login, "password": password}
    )
    return response


def signs_in(login: str, address: str, **headers: str) -> bool:
    client = Client(REMOTE_ADDR=address, **headers)
    client.post(LOGIN, {"login": login, "password": PASSWORD})
    return SESSION_KEY in client.session


def test_four_failures_do_not_lock(amina: Person) -> None:
    for _ in range(4):
        assert attempt("amina", WRONG, "10.0.0.1").status_code == 200
    assert signs_in("amina", "10.0.0.1")


def test_five_failures_lock_the_account_from_that_address_only(amina: Person) -> None:
    answers = [attempt("amina", WRONG, "10.0.1.1").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    # Even the right password, from that address, is refused for 15 minutes...
    assert attempt("amina", PASSWORD, "10.0.1.1").status_code == 429
    # ...but amina elsewhere (at home, on her phone) still signs in.
    assert signs_in("amina", "10.0.1.2")


def test_two_people_on_one_address_one_mistypes_the_other_still_signs_in(
    amina: Person, make_person: Callable[..., Person]
) -> None:
    make_person("bruno", Role.NGO)
    for _ in range(5):
        attempt("amina", WRONG, "10.0.1.50")
    assert attempt("amina", PASSWORD, "10.0.1.50").status_code == 429
    assert signs_in("bruno", "10.0.1.50")


def test_the_two_limits_are_settings() -> None:
    assert settings.SIGNIN_FAILURE_LIMIT == settings.AXES_FAILURE_LIMIT == 5
    assert settings.SIGNIN_WIDE_FAILURE_LIMIT == 50


# A wide limit of 8 here: allauth's own rate limit (10 failures per account in 5 minutes) would
# answer before axes beyond that, and the test would not show axes's count.
@override_settings(SIGNIN_WIDE_FAILURE_LIMIT=8)
def test_an_account_attacked_from_many_addresses_is_locked_at_the_higher_count(
    amina: Person,
) -> None:
    answers = [attempt("amina", WRONG, f"10.0.1.{i}").status_code for i in range(100, 108)]
    assert answers == [200] * 7 + [429]
    assert attempt("amina", PASSWORD, "10.0.1.99").status_code == 429


@override_settings(SIGNIN_WIDE_FAILURE_LIMIT=8)
def test_an_address_alone_is_locked_at_the_higher_count(
    amina: Person, make_person: Callable[..., Person]
) -> None:
    answers = [attempt(f"guess{i}", WRONG, "10.0.2.1").status_code for i in range(8)]
    assert answers == [200] * 7 + [429]
    assert not signs_in("amina", "10.0.2.1")
    assert signs_in("amina", "10.0.2.2")  # amina herself, elsewhere, is not locked


def test_e_mail_and_user_name_count_as_the_same_account(amina: Person) -> None:
    logins = ["amina", "amina@example.org", "AMINA", "Amina@Example.org", "amina"]
    answers = [attempt(login, WRONG, "10.0.3.1").status_code for login in logins]
    assert answers[-1] == 429


def test_a_forged_forwarded_for_header_does_not_dodge_the_count(amina: Person) -> None:
    answers = [
        attempt("amina", WRONG, "10.0.4.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
        for i in range(5)
    ]
    assert answers[-1] == 429
    assert not signs_in("amina", "10.0.4.1", HTTP_X_FORWARDED_FOR="198.51.100.7")


# The address's own count is brought down to 5 so that these tests stay short.
@override_settings(SIGNIN_WIDE_FAILURE_LIMIT=5)
def test_a_forged_forwarded_for_header_does_not_reset_the_count(
    amina: Person, make_person: Callable[..., Person]
) -> None:
    make_person("mallory", Role.NGO)
    for i in range(4):
        attempt(f"guess{i}", WRONG, "10.0.5.1", HTTP_X_FORWARDED_FOR="10.0.5.1")
    # A success claiming another address, then one more failure: the address is locked.
    assert signs_in("mallory", "10.0.5.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert attempt("guess9", WRONG, "10.0.5.1").status_code == 429


@override_settings(SIGNIN_WIDE_FAILURE_LIMIT=5)
def test_a_success_clears_only_the_failures_of_that_account(
    amina: Person, make_person: Callable[..., Person]
) -> None:
    make_person("mallory", Role.NGO)
    for _ in range(3):
        attempt("amina", WRONG, "10.0.6.1")
    attempt("mallory", WRONG, "10.0.6.9")
    assert signs_in("amina", "10.0.6.2")
    # amina's three failures are gone; mallory's one and the address's count are not.
    for _ in range(3):
        assert attempt("amina", WRONG, f"10.0.6.{_ + 3}").status_code == 200
    # An attacker with an account cannot wipe what their address tried against others.
    for i in range(3):
        attempt(f"guess{i}", WRONG, "10.0.7.1")
    assert signs_in("mallory", "10.0.7.1")
    assert attempt("guess9", WRONG, "10.0.7.1").status_code == 200  # fourth for the address
    assert attempt("guess8", WRONG, "10.0.7.1").status_code == 429  # fifth


def _page(response: HttpResponse) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_lock_out_page_is_the_same_for_an_existing_and_an_unknown_account(
    amina: Person,
) -> None:
    for _ in range(5):
        known = attempt("amina", WRONG, "10.0.8.1")
        unknown = attempt("nobodyx", WRONG, "10.0.8.2")
    assert known.status_code == unknown.status_code == 429
    assert _page(known) == _page(unknown)
    assert "amina" not in _page(known)
    assert "15 minutes" in _page(known)


def test_each_lock_out_is_recorded_in_the_audit_log(amina: Person) -> None:
    for _ in range(5):
        attempt("amina", WRONG, "10.0.9.4")
    entry = Entry.objects.get(action="accounts.signin.locked_out")
    assert entry.details["username"] == "amina"
    assert entry.ip_address == "10.0.9.4"
    assert entry.actor_id is None
