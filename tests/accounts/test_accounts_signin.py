"""Sign-in with allauth: user name or e-mail, no sign-up, no account enumeration, password
rules after NIST SP 800-63B, sessions that expire (issue 4)."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person, Role
from revmech.accounts.security import (
    LAST_SEEN_KEY,
    SIGNED_IN_AT_KEY,
    BreachedPasswordValidator,
)

PASSWORD = "a long test passphrase"
LOGIN = "/accounts/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """allauth keeps rate limits in the cache, which outlives each test's transaction."""
    cache.clear()
    yield
    cache.clear()


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_person_signs_in_with_their_user_name(
    client: Client, make_person: Callable[..., Person]
) -> None:
    person = make_person("amina", Role.NGO)
    response = client.post(LOGIN, {"login": "amina", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)


def test_a_person_signs_in_with_their_e_mail_address(
    client: Client, make_person: Callable[..., Person]
) -> None:
    person = make_person("amina", Role.NGO)
    response = client.post(LOGIN, {"login": "Amina@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)


def test_the_sign_in_page_is_the_sites_and_the_base_template_links_to_it(client: Client) -> None:
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("account_login")}"' in page
    login = client.get(LOGIN)
    assert login.status_code == 200
    html = login.content.decode()
    assert 'class="site-header"' in html  # inside base.html
    assert '<label for="id_login">' in html  # labelled fields, no JavaScript needed
    assert "sign up" not in html.lower()


def test_a_private_page_sends_an_anonymous_visitor_to_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert response.headers["location"].startswith(f"{LOGIN}?next=")


def test_nobody_can_sign_up(client: Client, db: None) -> None:
    page = client.get("/accounts/signup/")
    response = client.post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "email": "intruder@example.org",
            "password1": "a perfectly fine passphrase",
            "password2": "a perfectly fine passphrase",
        },
    )
    assert page.status_code == response.status_code == 200
    assert "closed" in response.content.decode()
    assert not Person.objects.filter(username="intruder").exists()


def test_a_wrong_password_answers_the_same_whether_the_account_exists_or_not(
    client: Client, make_person: Callable[..., Person]
) -> None:
    make_person("amina", Role.NGO)
    known = client.post(LOGIN, {"login": "amina", "password": "not the passphrase"})
    unknown = client.post(LOGIN, {"login": "nobodyx", "password": "not the passphrase"})
    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known.content.decode()).replace("amina", "nobodyx") == _without_csrf(
        unknown.content.decode()
    )
    assert SESSION_KEY not in client.session


def test_a_reset_request_answers_the_same_whether_the_account_exists_or_not(
    client: Client, make_person: Callable[..., Person]
) -> None:
    make_person("amina", Role.NGO)
    url = reverse("account_reset_password")
    known = client.post(url, {"email": "amina@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["location"] == unknown.headers["location"]
    done_known = client.get(known.headers["location"]).content.decode()
    done_unknown = client.get(unknown.headers["location"]).content.decode()
    assert _without_csrf(done_known) == _without_csrf(done_unknown)
    # Each address gets one mail; only the account's holds a link to set a password.
    assert [m.to for m in mail.outbox] == [["amina@example.org"], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_a_password_reset_sets_the_password_but_does_not_sign_in(
    client: Client, make_person: Callable[..., Person]
) -> None:
    person = make_person("amina", Role.NGO)
    client.post(reverse("account_reset_password"), {"email": "amina@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new = "another long passphrase here"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302
    assert SESSION_KEY not in client.session
    person.refresh_from_db()
    assert person.check_password(new)


def test_the_admin_signs_in_through_the_same_page(client: Client, db: None) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.headers["location"].startswith(LOGIN)


# -- Passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("elevenchars", False),  # 11 characters
        ("twelve chars", True),  # 12, lower case only: no composition rules
        ("x" * 64 + "y" * 64, True),  # 128
        ("x" * 64 + "y" * 65, False),  # 129
        ("password1234", False),  # a common password
        ("amina.example", False),  # too close to the user name
    ],
)
def test_password_rules_are_length_and_lists_not_composition(
    make_person: Callable[..., Person], password: str, accepted: bool
) -> None:
    person = make_person("amina.example")
    if accepted:
        validate_password(password, person)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, person)


def _range_for(password: str, count: int) -> str:
    digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
    return f"0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{digest[5:]}:{count}\r\nFFFF:0\r\n"


def test_a_breached_password_is_refused_and_only_the_hash_prefix_is_sent() -> None:
    asked: list[str] = []

    def fetch(prefix: str) -> str:
        asked.append(prefix)
        return _range_for("correct horse battery staple", 3)

    validator = BreachedPasswordValidator(enabled=True, fetch=fetch)
    with pytest.raises(ValidationError) as refused:
        validator.validate("correct horse battery staple")
    assert refused.value.code == "password_breached"
    digest = hashlib.sha1(b"correct horse battery staple", usedforsecurity=False).hexdigest()
    assert asked == [digest[:5].upper()]
    validator.validate("a passphrase nobody has leaked yet")


def test_padding_lines_with_a_zero_count_do_not_refuse() -> None:
    validator = BreachedPasswordValidator(
        enabled=True, fetch=lambda prefix: _range_for("some passphrase", 0)
    )
    validator.validate("some passphrase")


def test_the_breach_check_lets_the_password_through_when_the_service_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def fetch(prefix: str) -> str:
        raise TimeoutError("timed out")

    BreachedPasswordValidator(enabled=True, fetch=fetch).validate("any passphrase at all")
    assert "Breached-password check skipped" in caplog.text


def test_the_breach_check_is_off_unless_configured(settings: object) -> None:
    def fetch(prefix: str) -> str:
        raise AssertionError("no call expected")

    settings.PWNED_PASSWORDS_CHECK = False  # type: ignore[attr-defined]
    BreachedPasswordValidator(fetch=fetch).validate("correct horse battery staple")
    settings.PWNED_PASSWORDS_CHECK = True  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        BreachedPasswordValidator(
            fetch=lambda prefix: _range_for("correct horse battery staple", 9)
        ).validate("correct horse battery staple")


# -- Sessions ----------------------------------------------------------------------------------


def _signed_in(client: Client, make_person: Callable[..., Person]) -> Person:
    person = make_person("amina", Role.NGO)
    assert client.post(LOGIN, {"login": "amina", "password": PASSWORD}).status_code == 302
    return person


def _age_session(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_sessions_end_with_the_browser(client: Client, make_person: Callable[..., Person]) -> None:
    _signed_in(client, make_person)
    assert client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["expires"] == ""


def test_thirty_idle_minutes_sign_a_person_out(
    client: Client, make_person: Callable[..., Person]
) -> None:
    _signed_in(client, make_person)
    _age_session(client, LAST_SEEN_KEY, 29 * 60)
    assert client.get(reverse("accounts:tokens")).status_code == 200
    _age_session(client, LAST_SEEN_KEY, 31 * 60)
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert response.headers["location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_an_active_session_still_ends_eight_hours_after_signing_in(
    client: Client, make_person: Callable[..., Person]
) -> None:
    _signed_in(client, make_person)
    _age_session(client, SIGNED_IN_AT_KEY, 8 * 3600 + 1)
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
