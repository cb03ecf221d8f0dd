"""Activation links and profiles (P&R para 19): single use, expiring, replaceable, never telling
whose link it was; the profile the list of experts needs."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from revmech.accounts import services
from revmech.accounts.models import ActivationLink, Appointment, AppointmentStatus, Person, Role
from revmech.audit.models import Entry
from revmech.registry.models import Article, Cluster, ClusterSet, Instrument, RulebookVersion, State

pytestmark = pytest.mark.django_db

PASSWORD = "a quiet harbour at dawn 2026"


@pytest.fixture(autouse=True)
def _no_second_factor_here(settings: Any) -> None:
    """These tests are about activation; the second factor has its own tests."""
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


def _nominate(
    secretariat: Person, name: str = "nadia", role: str = Role.EXPERT, **extra: Any
) -> tuple[Appointment, str]:
    """A nomination through the service, and the path of the link mailed to the nominee."""
    appointment = services.nominate(
        state=State.objects.get(code="KEN"),
        role=role,
        instrument=Instrument.objects.get(code="UNTOC") if role == Role.EXPERT else None,
        person_name=f"{name.title()} Kamau",
        email=f"{name}@example.go.ke",
        note_verbale_reference=f"NV/{name}",
        note_verbale_on=date(2026, 5, 4),
        nominated_by=secretariat,
        **extra,
    )
    found = re.search(r"https?://[^/\s]+(/people/activate/[^\s]+/)", str(mail.outbox[-1].body))
    assert found
    return appointment, found.group(1)


def _expert_answers(**overrides: Any) -> dict[str, Any]:
    cluster = Cluster.objects.filter(cluster_set__is_default=True).first()
    article = Article.objects.filter(instrument__code="UNTOC").first()
    assert cluster is not None
    assert article is not None
    answers = {
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Nadia",
        "last_name": "Kamau-Otieno",
        "language": "fr",
        "expert-professional_background": "Prosecutor, 15 years, organized crime unit.",
        "expert-current_position": "Deputy Director of Public Prosecutions",
        "expert-offices_held": "Head of the anti-trafficking task force",
        "expert-activities": "Trained judges on mutual legal assistance",
        "expert-clusters": [cluster.pk],
        "expert-articles": [article.pk],
    }
    answers.update(overrides)
    return answers


@pytest.fixture
def secretariat(personas: dict[str, Person]) -> Person:
    return personas["secretariat"]


def test_activation_sets_the_password_and_the_profile_and_tells_the_secretariat(
    client: Client, secretariat: Person
) -> None:
    appointment, link = _nominate(secretariat)
    assert client.get(link).status_code == 200
    mail.outbox.clear()
    response = client.post(link, _expert_answers(status="approved", email="evil@example.org"))
    assert response.status_code == 302
    appointment.refresh_from_db()
    person = appointment.person
    assert appointment.status == AppointmentStatus.PROFILE_SUBMITTED
    assert person.is_active
    assert person.check_password(PASSWORD)
    assert person.email == "nadia@example.go.ke"
    assert (person.get_full_name(), person.language) == ("Nadia Kamau-Otieno", "fr")
    profile = person.expert_profile
    assert profile.current_position == "Deputy Director of Public Prosecutions"
    assert profile.clusters.count() == 1
    assert profile.articles.count() == 1
    assert appointment.links.get().used_at is not None
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert appointment.get_absolute_url() in message.body
    assert Entry.objects.filter(action="accounts.appointment.activated").exists()


def test_a_weak_password_is_refused_and_nothing_is_saved(
    client: Client, secretariat: Person
) -> None:
    appointment, link = _nominate(secretariat)
    response = client.post(link, _expert_answers(password1="kamau", password2="kamau"))
    assert response.status_code == 400
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NOMINATED
    assert appointment.person.first_name == "Nadia"
    assert appointment.person.last_name == "Kamau"
    assert not appointment.person.has_usable_password()
    assert appointment.links.get().used_at is None
    assert not hasattr(appointment.person, "expert_profile")


def test_an_expert_names_at_least_one_area_of_expertise(
    client: Client, secretariat: Person
) -> None:
    _appointment, link = _nominate(secretariat)
    answers = _expert_answers()
    del answers["expert-clusters"], answers["expert-articles"]
    response = client.post(link, answers)
    assert response.status_code == 400
    assert "area of expertise" in response.content.decode()


def test_an_observer_gives_no_expert_profile(client: Client, secretariat: Person) -> None:
    appointment, link = _nominate(secretariat, "omar", Role.OBSERVER)
    response = client.post(
        link,
        {"password1": PASSWORD, "password2": PASSWORD, "first_name": "Omar", "language": "ar"},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROFILE_SUBMITTED
    assert appointment.person.language == "ar"


def test_an_expired_link_is_refused_without_naming_anyone(
    client: Client, secretariat: Person
) -> None:
    eleven_days_ago = timezone.now() - timedelta(days=11)
    appointment, link = _nominate(secretariat, now=eleven_days_ago)
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 410
    assert "expired" in page
    assert "Nadia" not in page
    assert "nadia@example.go.ke" not in page
    assert client.post(link, _expert_answers()).status_code == 410
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NOMINATED


def test_the_link_lives_as_long_as_the_rulebook_says(secretariat: Person) -> None:
    book = RulebookVersion.objects.get(is_default=True)
    assert book.rules["activation_link_days"]["value"] == 10
    book.rules["activation_link_days"]["value"] = 3
    book.save()
    appointment, _link = _nominate(secretariat)
    link = appointment.links.get()
    assert link.expires_at - link.created_at == timedelta(days=3)


def test_a_used_link_is_refused(client: Client, secretariat: Person) -> None:
    _appointment, link = _nominate(secretariat)
    client.post(link, _expert_answers())
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert client.post(link, _expert_answers(first_name="Again")).status_code == 410


def test_a_new_link_revokes_the_old_one(client: Client, secretariat: Person) -> None:
    appointment, old_link = _nominate(secretariat)
    token = services.send_activation_link(appointment=appointment, sent_by=secretariat)
    response = client.get(old_link)
    assert response.status_code == 410
    assert "replaced or cancelled" in response.content.decode()
    assert client.get(reverse("accounts:activate", kwargs={"token": token})).status_code == 200
    assert appointment.links.filter(revoked_at__isnull=False).count() == 1
    assert Entry.objects.filter(action="accounts.activation.sent").exists()


def test_a_withdrawn_nominee_link_stops_working(client: Client, secretariat: Person) -> None:
    appointment, link = _nominate(secretariat)
    services.withdraw_appointment(appointment=appointment, withdrawn_by=secretariat, reason="NV/9")
    assert client.get(link).status_code == 410


@pytest.mark.parametrize("token", ["nope", "x" * 43, "y" * 500])
def test_an_unknown_link_is_not_found(client: Client, token: str) -> None:
    response = client.get(reverse("accounts:activate", kwargs={"token": token}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_only_the_hash_of_a_token_is_stored(secretariat: Person) -> None:
    _appointment, link = _nominate(secretariat)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert not ActivationLink.objects.filter(token_hash=token).exists()
    assert len(ActivationLink.objects.get().token_hash) == 64


def test_the_activation_page_sends_no_referrer(client: Client, secretariat: Person) -> None:
    _appointment, link = _nominate(secretariat)
    response = client.get(link)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert (
        "no-cache" in response.headers["Cache-Control"]
        or "no-store" in response.headers["Cache-Control"]
    )


def test_a_person_edits_their_own_profile_and_nothing_else(
    client: Client, personas: dict[str, Person]
) -> None:
    expert = personas["expert_under_review"]
    client.force_login(expert)
    assert client.get(reverse("accounts:profile")).status_code == 200
    default_set = ClusterSet.objects.get(is_default=True)
    cluster = Cluster.objects.filter(cluster_set=default_set).first()
    assert cluster is not None
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Wanjiku",
            "last_name": "Mwangi",
            "language": "es",
            "email": "changed@example.org",
            "username": "taken-over",
            "is_staff": "on",
            "expert-professional_background": "Judge",
            "expert-current_position": "High Court judge",
            "expert-clusters": [cluster.pk],
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.get_full_name(), expert.language) == ("Wanjiku Mwangi", "es")
    assert expert.email == "expert_under_review@example.org"
    assert expert.username == "expert_under_review"
    assert not expert.is_staff
    assert expert.expert_profile.current_position == "High Court judge"
    assert Entry.objects.filter(action="accounts.profile.updated").exists()


def test_someone_signed_out_has_no_profile_page(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302


def test_the_articles_to_choose_name_their_instrument_in_the_reader_language(
    client: Client, secretariat: Person
) -> None:
    _appointment, link = _nominate(secretariat)
    client.cookies["django_language"] = "es"
    html = client.get(link).content.decode()
    assert "Convención contra la Delincuencia Organizada, art. 5" in html
    assert "UNTOC 5" not in html
