"""The second factor (TOTP with recovery codes), required for every role that reaches
non-public content (issue 4). Codes are computed from the authenticator's secret (RFC 6238)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from allauth.mfa import app_settings as mfa_settings  # type: ignore[import-untyped, unused-ignore]
from allauth.mfa.models import Authenticator  # type: ignore[import-untyped, unused-ignore]
from allauth.mfa.recovery_codes.internal.auth import (  # type: ignore[import-untyped, unused-ignore]
    RecoveryCodes,
)
from allauth.mfa.totp.internal.auth import (  # type: ignore[import-untyped, unused-ignore]
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person, Role
from revmech.reviews.models import CountryReview

PASSWORD = "a long test passphrase"
LOGIN = "/accounts/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Used codes and rate limits live in the cache, which outlives each test's transaction."""
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows at `at` (RFC 6238: HOTP of the 30-second step)."""
    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // mfa_settings.TOTP_PERIOD))


def fresh_window() -> None:
    """Wait for a new 30-second step if this one ends within 3 seconds (no flaky boundary)."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)


def with_totp(person: Person) -> str:
    """Give the person a TOTP authenticator and recovery codes; return the secret."""
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)
    return secret


def _password_step(client: Client, username: str, password: str = PASSWORD) -> str:
    response = client.post(LOGIN, {"login": username, "password": password})
    assert response.status_code == 302
    return str(response.headers["location"])


def _signed_in_as(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def test_a_person_activates_totp_then_signs_in_with_a_code(
    client: Client, make_person: Callable[..., Person], reference_data: None
) -> None:
    expert = make_person("expert", Role.EXPERT, "FRA", "UNTOC")
    # Signed in with the password only, the expert is sent to set up the second factor.
    home = _password_step(client, "expert")
    response = client.get(home)
    assert response.status_code == 302
    assert response.headers["location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a change to the second factor.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.headers["location"].startswith(reverse("account_reauthenticate"))
    client.post(asked.headers["location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    fresh_window()
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=expert, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=expert, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get(reverse("accounts:tokens")).status_code == 200

    client.post(reverse("account_logout"))
    assert _password_step(client, "expert") == reverse("mfa_authenticate")
    assert _signed_in_as(client) is None
    fresh_window()
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert _signed_in_as(client) == str(expert.pk)


def test_a_wrong_code_is_refused(client: Client, make_person: Callable[..., Person]) -> None:
    person = make_person("secretary", Role.SECRETARIAT)
    secret = with_totp(person)
    _password_step(client, "secretary")
    fresh_window()
    right = totp_code(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert _signed_in_as(client) is None
    old = totp_code(secret, at=time.time() - 120)  # a code from two minutes ago
    assert client.post(reverse("mfa_authenticate"), {"code": old}).status_code == 200
    assert _signed_in_as(client) is None


def test_a_code_cannot_be_used_twice(client: Client, make_person: Callable[..., Person]) -> None:
    person = make_person("secretary", Role.SECRETARIAT)
    secret = with_totp(person)
    fresh_window()
    code = totp_code(secret)
    _password_step(client, "secretary")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert _signed_in_as(client) == str(person.pk)

    eavesdropper = Client()
    _password_step(eavesdropper, "secretary")
    replay = eavesdropper.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert eavesdropper.session.get(SESSION_KEY) is None


def test_a_recovery_code_works_once(client: Client, make_person: Callable[..., Person]) -> None:
    person = make_person("secretary", Role.SECRETARIAT)
    with_totp(person)
    authenticator = Authenticator.objects.get(user=person, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(authenticator).get_unused_codes()[0]
    _password_step(client, "secretary")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert _signed_in_as(client) == str(person.pk)

    again = Client()
    _password_step(again, "secretary")
    assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert again.session.get(SESSION_KEY) is None


def test_a_confidential_role_without_totp_reaches_only_the_setup(
    client: Client, make_person: Callable[..., Person], review: CountryReview
) -> None:
    client.force_login(make_person("expert", Role.EXPERT, "FRA", "UNTOC"))
    page = client.get(reverse("reviews:detail", kwargs={"review_id": review.pk}))
    assert page.status_code == 302
    assert page.headers["location"] == reverse("mfa_activate_totp")
    for path in ("/api/draws/", "/api/reviews/", "/api/states/"):
        api = client.get(path)
        assert api.status_code == 403, path
        assert api.json()["code"] == "second_factor_required"
    # What stays open: the setup itself, the language switch, static files, signing out.
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.headers["location"].startswith(reverse("account_reauthenticate"))
    assert client.get(setup.headers["location"]).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    language = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert language.status_code == 302
    assert language.headers["location"] == "/"
    assert client.get("/static/revmech/site.css").status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert _signed_in_as(client) is None


@pytest.mark.parametrize("persona", ["ngo", "working_group_member", "no_role"])
def test_roles_without_non_public_content_need_no_second_factor(
    client: Client, personas: dict[str, Person], persona: str
) -> None:
    client.force_login(personas[persona])
    assert client.get(reverse("accounts:tokens")).status_code == 200
    assert client.get("/api/reviews/").status_code == 200


@pytest.mark.parametrize(("required", "status"), [(True, 302), (False, 200)])
def test_the_requirement_can_be_switched_off(
    client: Client,
    make_person: Callable[..., Person],
    reference_data: None,
    settings: object,
    required: bool,
    status: int,
) -> None:
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = required  # type: ignore[attr-defined]
    client.force_login(make_person("expert", Role.EXPERT, "FRA", "UNTOC"))
    assert client.get(reverse("accounts:tokens")).status_code == status


@pytest.mark.parametrize(("role", "may_remove"), [(Role.SECRETARIAT, False), (Role.NGO, True)])
def test_only_roles_without_non_public_content_may_remove_their_totp(
    client: Client, make_person: Callable[..., Person], role: str, may_remove: bool
) -> None:
    person = make_person("someone", role)
    secret = with_totp(person)
    _password_step(client, "someone")
    fresh_window()
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == (302 if may_remove else 200)
    still_there = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP)
    assert still_there.exists() is not may_remove


def test_a_password_reset_does_not_skip_the_second_factor(
    client: Client, make_person: Callable[..., Person]
) -> None:
    person = make_person("secretary", Role.SECRETARIAT)
    secret = with_totp(person)
    client.post(reverse("account_reset_password"), {"email": "secretary@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new = "a brand new passphrase"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert _signed_in_as(client) is None
    assert client.get(reverse("accounts:tokens")).status_code == 302

    assert _password_step(client, "secretary", new) == reverse("mfa_authenticate")
    assert _signed_in_as(client) is None
    assert client.get(reverse("accounts:tokens")).status_code == 302
    fresh_window()
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert _signed_in_as(client) == str(person.pk)
