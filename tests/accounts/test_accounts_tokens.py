"""Personal API tokens: shown once, stored as a hash, revocable; and `revoke_all_access`,
which ends a person's sessions and tokens at once (issue 4)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import (  # type: ignore[import-untyped, unused-ignore]
    TOTP,
    generate_totp_secret,
)
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from revmech.accounts.models import Person, PersonalToken, Role
from revmech.accounts.security import create_personal_token, revoke_all_access
from revmech.audit.models import Entry

PASSWORD = "a long test passphrase"
TOKENS = "/people/tokens/"
API = "/api/reviews/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def amina(make_person: Callable[..., Person]) -> Person:
    return make_person("amina", Role.NGO)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_tokens_page_has_its_url_name() -> None:
    assert reverse("accounts:tokens") == TOKENS


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client: Client, amina: Person) -> None:
    client.force_login(amina)
    created = client.post(TOKENS, {"name": "reports script"})
    assert created.status_code == 200
    assert "no-store" in created.headers["Cache-Control"]
    shown = re.search(r'value="(rvm_[A-Za-z0-9_-]{40})"', created.content.decode())
    assert shown is not None
    token = shown.group(1)
    record = PersonalToken.objects.get(person=amina)
    assert record.name == "reports script"
    assert record.prefix == token[:8]
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(PersonalToken.objects.values().get())
    listed = client.get(TOKENS).content.decode()
    assert "reports script" in listed
    assert record.prefix in listed
    assert token not in listed


def test_a_token_needs_a_name(client: Client, amina: Person) -> None:
    client.force_login(amina)
    assert client.post(TOKENS, {"name": ""}).status_code == 400
    assert not PersonalToken.objects.exists()


def test_a_valid_token_reaches_the_api_and_records_its_use(amina: Person) -> None:
    record, token = create_personal_token(person=amina, name="laptop")
    response = Client().get(API, **bearer(token))
    assert response.status_code == 200
    record.refresh_from_db()
    first_use = record.last_used_at
    assert first_use is not None
    Client().get(API, **bearer(token))
    record.refresh_from_db()
    assert record.last_used_at == first_use  # at most one write a minute
    PersonalToken.objects.filter(pk=record.pk).update(
        last_used_at=first_use - dt.timedelta(minutes=2)
    )
    Client().get(API, **bearer(token))
    record.refresh_from_db()
    assert record.last_used_at is not None
    assert record.last_used_at > first_use - dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer rvm_" + "x" * 40,  # unknown
        "Bearer garbage",
        "Bearer",
        "Bearer two parts",
    ],
)
def test_an_unknown_or_malformed_token_is_refused_with_401(amina: Person, header: str) -> None:
    response = Client().get(API, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_without_credentials_the_api_still_refuses_as_before(db: None) -> None:
    assert Client().get(API).status_code == 403


def test_a_revoked_token_is_refused_with_a_clear_message(client: Client, amina: Person) -> None:
    record, token = create_personal_token(person=amina, name="old laptop")
    assert Client().get(API, **bearer(token)).status_code == 200
    client.force_login(amina)
    assert client.post(reverse("accounts:token_revoke"), {"token": record.pk}).status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    refused = Client().get(API, **bearer(token))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert "revoked" in client.get(TOKENS).content.decode()
    assert Entry.objects.filter(action="accounts.token.revoked").count() == 1


def test_nobody_revokes_another_persons_token(
    client: Client, amina: Person, make_person: Callable[..., Person]
) -> None:
    record, token = create_personal_token(person=amina, name="laptop")
    client.force_login(make_person("mallory", Role.NGO))
    assert client.post(reverse("accounts:token_revoke"), {"token": record.pk}).status_code == 404
    for absurd in ("0", "-1", "99999999999999999999", "abc", ""):
        response = client.post(reverse("accounts:token_revoke"), {"token": absurd})
        assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is None
    assert Client().get(API, **bearer(token)).status_code == 200


def test_the_token_of_an_inactive_person_is_refused(amina: Person) -> None:
    _record, token = create_personal_token(person=amina, name="laptop")
    amina.is_active = False
    amina.save()
    assert Client().get(API, **bearer(token)).status_code == 401


def test_a_confidential_role_without_totp_cannot_use_a_token(
    make_person: Callable[..., Person], reference_data: None
) -> None:
    expert = make_person("expert", Role.EXPERT, "FRA", "UNTOC")
    _record, token = create_personal_token(person=expert, name="laptop")
    assert Client().get(API, **bearer(token)).status_code == 403
    TOTP.activate(expert, generate_totp_secret())
    assert Client().get(API, **bearer(token)).status_code == 200


def test_the_schema_declares_the_token_scheme(client: Client, db: None) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    scheme = schema["components"]["securitySchemes"]["personalToken"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"


def test_revoking_all_access_ends_sessions_and_tokens_at_once(
    amina: Person, make_person: Callable[..., Person]
) -> None:
    laptop = Client()
    assert laptop.post("/accounts/login/", {"login": "amina", "password": PASSWORD}).status_code
    phone = Client()
    phone.force_login(amina)
    _r1, token1 = create_personal_token(person=amina, name="one")
    _r2, token2 = create_personal_token(person=amina, name="two")
    other = Client()
    mallory = make_person("mallory", Role.NGO)
    other.force_login(mallory)
    _r3, other_token = create_personal_token(person=mallory, name="mallory's")
    assert laptop.get(TOKENS).status_code == phone.get(TOKENS).status_code == 200

    revoked = revoke_all_access(amina)

    assert (revoked.tokens, revoked.sessions) == (2, 2)
    for client in (laptop, phone):
        response = client.get(TOKENS)
        assert response.status_code == 302
        assert response.headers["location"].startswith("/accounts/login/")
        assert SESSION_KEY not in client.session
    for token in (token1, token2):
        assert Client().get(API, **bearer(token)).status_code == 401
    assert other.get(TOKENS).status_code == 200
    assert Client().get(API, **bearer(other_token)).status_code == 200
    entry = Entry.objects.get(action="accounts.access.revoked")
    assert entry.details == {"tokens": 2, "sessions": 2, "calendar_feeds": 0}
    assert PersonalToken.objects.filter(person=amina, revoked_at__lte=timezone.now()).count() == 2


# Scope, expiry and throttling (issue 9, item 7).


def test_a_new_token_is_read_only_unless_chosen_otherwise(
    client: Client, reference_data: None, personas: dict[str, Person]
) -> None:
    from revmech.reviews.models import CountryReview

    focal_point = personas["focal_point_under_review"]
    review = CountryReview.objects.first()
    _record, read_only = create_personal_token(person=focal_point, name="reader")
    moves = f"/api/reviews/{review.pk if review else 1}/moves/"
    assert Client().get(API, **bearer(read_only)).status_code == 200
    refused = Client().post(
        moves, {"move": "x"}, content_type="application/json", **bearer(read_only)
    )
    assert refused.status_code == 403
    assert "read only" in refused.json()["detail"]
    _record, writer = create_personal_token(person=focal_point, name="writer", scope="read_write")
    allowed = Client().post(moves, {"move": "x"}, content_type="application/json", **bearer(writer))
    assert allowed.status_code != 403


def test_the_page_makes_a_token_with_the_chosen_scope_and_life(
    client: Client, amina: Person
) -> None:
    client.force_login(amina)
    page = client.get(TOKENS).content.decode()
    assert 'name="scope"' in page
    assert 'name="days_valid"' in page
    before = timezone.now()
    client.post(TOKENS, {"name": "script", "scope": "read_write", "days_valid": "30"})
    record = PersonalToken.objects.get(name="script")
    assert record.scope == "read_write"
    assert record.expires_at is not None
    assert dt.timedelta(days=29) < record.expires_at - before <= dt.timedelta(days=30, seconds=5)
    assert client.post(TOKENS, {"name": "x", "days_valid": "10000"}).status_code == 400


def test_an_expired_token_is_refused_saying_so(amina: Person) -> None:
    long_ago = timezone.now() - dt.timedelta(days=8)
    _record, token = create_personal_token(person=amina, name="old", days_valid=7, now=long_ago)
    refused = Client().get(API, **bearer(token))
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"]


def test_repeated_bad_tokens_from_one_address_are_throttled(amina: Person, settings: Any) -> None:
    settings.TOKEN_FAILURE_LIMIT = 3
    _record, good = create_personal_token(person=amina, name="good")
    for _attempt in range(3):
        assert Client().get(API, **bearer("rvm_" + "x" * 40)).status_code == 401
    throttled = Client().get(API, **bearer("rvm_" + "y" * 40))
    assert throttled.status_code == 429
    # Like a lock-out after failed sign-ins: even a good token waits, from that address.
    assert Client().get(API, **bearer(good)).status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert elsewhere.get(API, **bearer(good)).status_code == 200
    assert Entry.objects.filter(action="accounts.token.throttled").exists()
