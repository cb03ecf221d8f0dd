"""Nominations, decisions, withdrawal and replacement (P&R paras 12, 19): rules, pages, mail."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from revmech.accounts import services
from revmech.accounts.models import (
    ActivationLink,
    Appointment,
    AppointmentStatus,
    Person,
    PersonalToken,
    Role,
)
from revmech.audit.models import Entry
from revmech.registry.models import Instrument, State
from revmech.reviews import services as review_services
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor_here(settings: Any) -> None:
    """These tests are about nominations; the second factor has its own tests."""
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


@pytest.fixture
def secretariat(personas: dict[str, Person]) -> Person:
    return personas["secretariat"]


def _place(state: str | None, instrument: str | None) -> dict[str, Any]:
    return {
        "state": State.objects.get(code=state) if state else None,
        "instrument": Instrument.objects.get(code=instrument) if instrument else None,
    }


@pytest.fixture
def nominate(secretariat: Person) -> Callable[..., Appointment]:
    """`nominate("x", Role.EXPERT, "KEN", "UNTOC")` through the service, as the secretariat."""

    def make(
        name: str,
        role: str = Role.EXPERT,
        state: str | None = "KEN",
        instrument: str | None = "UNTOC",
        **extra: Any,
    ) -> Appointment:
        return services.nominate(
            **_place(state, instrument),
            role=role,
            person_name=f"{name.title()} Nominee",
            email=f"{name}@example.gov",
            note_verbale_reference=f"NV/{name}",
            note_verbale_on=date(2026, 5, 4),
            nominated_by=secretariat,
            **extra,
        )

    return make


def _submitted(appointment: Appointment) -> Appointment:
    """As if the nominee had activated the account and sent the profile."""
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.PROFILE_SUBMITTED)
    Person.objects.filter(pk=appointment.person_id).update(is_active=True)
    appointment.refresh_from_db()
    return appointment


def _link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/people/activate/[^\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


# Nomination


def test_a_nomination_creates_an_inactive_account_and_mails_a_working_link(
    client: Client, secretariat: Person
) -> None:
    client.force_login(secretariat)
    response = client.post(
        reverse("accounts:nominate"),
        {
            "role": Role.EXPERT,
            "state": State.objects.get(code="KEN").pk,
            "instrument": Instrument.objects.get(code="UNTOC").pk,
            "person_name": "Amina  Wanjiru Otieno",
            "email": "Amina.Otieno@Example.go.ke",
            "language": "fr",
            "note_verbale_reference": "NV/KEN/2026/17",
            "note_verbale_on": "2026-05-04",
        },
    )
    appointment = Appointment.objects.get(note_verbale_reference="NV/KEN/2026/17")
    assert response.status_code == 302
    assert response.headers["location"] == appointment.get_absolute_url()
    person = appointment.person
    assert (person.first_name, person.last_name) == ("Amina", "Wanjiru Otieno")
    assert person.email == "Amina.Otieno@example.go.ke"
    assert not person.is_active
    assert not person.has_usable_password()
    assert appointment.status == AppointmentStatus.NOMINATED
    assert appointment.nominated_by == secretariat
    assert appointment.links.count() == 1
    [message] = mail.outbox
    assert message.to == ["Amina.Otieno@example.go.ke"]
    with translation.override("fr"):
        assert message.subject == gettext("Review Mechanism: activate your account")
    assert message.subject != "Review Mechanism: activate your account"
    client.logout()
    assert client.get(_link_in(message)).status_code == 200
    assert Entry.objects.filter(action="accounts.appointment.nominated").count() == 1


def test_a_known_person_is_reused_and_written_to_in_their_own_language(
    make_person: Callable[..., Person], nominate: Callable[..., Appointment]
) -> None:
    known = make_person("known", Role.EXPERT, "FRA", "TIP")
    known.email = "known@example.gov"
    known.language = "ar"
    known.save()
    appointment = nominate("known", Role.EXPERT, "FRA", "UNTOC", language="fr")
    assert appointment.person == known
    known.refresh_from_db()
    assert known.language == "ar"
    assert known.is_active  # an approved expert for TIP keeps their account meanwhile
    with translation.override("ar"):
        assert mail.outbox[0].subject == gettext("Review Mechanism: activate your account")


def test_a_sixth_expert_for_a_state_and_instrument_is_refused(
    nominate: Callable[..., Appointment],
) -> None:
    # personas already hold one approved KEN/UNTOC expert (expert_under_review).
    for number in range(4):
        nominate(f"expert{number}")
    people_before = Person.objects.count()
    with pytest.raises(RuleViolation) as refusal:
        nominate("sixth")
    assert refusal.value.rule == "P&R para 19"
    assert "5" in refusal.value.message
    open_experts = Appointment.objects.filter(
        role=Role.EXPERT,
        state__code="KEN",
        instrument__code="UNTOC",
        status__in=["nominated", "approved"],
    )
    assert open_experts.count() == 5
    assert Person.objects.count() == people_before  # the new account was not kept either
    assert len(mail.outbox) == 4


def test_the_expert_limit_counts_per_instrument_and_frees_a_seat_on_withdrawal(
    nominate: Callable[..., Appointment], secretariat: Person
) -> None:
    experts = [nominate(f"expert{number}") for number in range(4)]
    nominate("other_instrument", instrument="TIP")  # another instrument, another five seats
    services.withdraw_appointment(
        appointment=experts[0], withdrawn_by=secretariat, reason="NV/KEN/2026/20"
    )
    assert nominate("successor").status == AppointmentStatus.NOMINATED


def test_the_expert_limit_comes_from_the_rulebook(nominate: Callable[..., Appointment]) -> None:
    from revmech.registry.models import RulebookVersion

    book = RulebookVersion.objects.get(is_default=True)
    book.rules["experts_per_state_and_instrument"]["value"] = 2
    book.save()
    nominate("second")  # one approved already
    with pytest.raises(RuleViolation):
        nominate("third")


def test_the_state_row_is_locked_before_counting(
    nominate: Callable[..., Appointment], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two concurrent nominations for one State run one after the other (P&R para 19)."""
    locked: list[Any] = []
    original = type(State.objects).select_for_update

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(State.objects), "select_for_update", spy, raising=False)
    with CaptureQueriesContext(connection) as queries:
        nominate("locked")
    assert State in locked
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


def test_a_second_focal_point_for_a_state_and_instrument_is_refused(
    nominate: Callable[..., Appointment],
) -> None:
    with pytest.raises(RuleViolation) as refusal:
        nominate("second_focal", Role.FOCAL_POINT)
    assert refusal.value.rule == "P&R para 12"
    assert not Person.objects.filter(email="second_focal@example.gov").exists()
    assert nominate("tip_focal", Role.FOCAL_POINT, instrument="TIP").role == Role.FOCAL_POINT


def test_the_database_constraint_answers_with_the_same_message(
    nominate: Callable[..., Appointment], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "_check_seats", lambda *args: None)
    with pytest.raises(RuleViolation) as refusal:
        nominate("racing_focal", Role.FOCAL_POINT)
    assert refusal.value.rule == "P&R para 12"
    assert not Person.objects.filter(email="racing_focal@example.gov").exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("role", "state", "instrument", "words"),
    [
        (Role.EXPERT, None, "UNTOC", "choose the State"),
        (Role.FOCAL_POINT, "KEN", None, "choose the instrument"),
        (Role.OBSERVER, "KEN", "UNTOC", "leave the instrument empty"),
        (Role.SECRETARIAT, "KEN", None, "leave the State empty"),
        (Role.NGO, None, "UNTOC", "leave the instrument empty"),
    ],
)
def test_a_role_gets_its_state_and_instrument_or_none(
    nominate: Callable[..., Appointment],
    role: str,
    state: str | None,
    instrument: str | None,
    words: str,
) -> None:
    with pytest.raises(RuleViolation) as refusal:
        nominate("misfit", role, state, instrument)
    assert words in refusal.value.message
    assert not Person.objects.filter(email="misfit@example.gov").exists()
    assert not Appointment.objects.filter(person__email="misfit@example.gov").exists()


def test_only_the_secretariat_nominates(personas: dict[str, Person]) -> None:
    with pytest.raises(services.PermissionDenied):
        services.nominate(
            **_place("KEN", "UNTOC"),
            role=Role.EXPERT,
            person_name="Self Made",
            email="self@example.gov",
            note_verbale_reference="NV/1",
            note_verbale_on=None,
            nominated_by=personas["focal_point_under_review"],
        )


def test_the_page_shows_a_refusal_in_words_and_saves_nothing(
    client: Client, secretariat: Person
) -> None:
    client.force_login(secretariat)
    response = client.post(
        reverse("accounts:nominate"),
        {
            "role": Role.FOCAL_POINT,
            "state": State.objects.get(code="KEN").pk,
            "instrument": Instrument.objects.get(code="UNTOC").pk,
            "person_name": "Second Focal",
            "email": "second@example.gov",
            "note_verbale_reference": "NV/2",
        },
    )
    assert response.status_code == 200
    assert "already has a focal point" in response.content.decode()
    assert not Person.objects.filter(email="second@example.gov").exists()


def test_fields_slipped_into_a_nomination_are_ignored(
    client: Client, secretariat: Person, personas: dict[str, Person]
) -> None:
    client.force_login(secretariat)
    other = personas["outsider"]
    client.post(
        reverse("accounts:nominate"),
        {
            "role": Role.OBSERVER,
            "state": State.objects.get(code="KEN").pk,
            "person_name": "Slipped Fields",
            "email": "slipped@example.gov",
            "note_verbale_reference": "NV/3",
            "status": AppointmentStatus.APPROVED,
            "person": other.pk,
            "nominated_by": other.pk,
            "is_active": "on",
        },
    )
    appointment = Appointment.objects.get(note_verbale_reference="NV/3")
    assert appointment.status == AppointmentStatus.NOMINATED
    assert appointment.person.email == "slipped@example.gov"
    assert appointment.nominated_by == secretariat
    assert not appointment.person.is_active


# Decisions


def test_approval_activates_the_appointment_and_mails_the_person_in_their_language(
    client: Client, secretariat: Person, nominate: Callable[..., Appointment]
) -> None:
    appointment = _submitted(nominate("approved", language="fr"))
    mail.outbox.clear()
    client.force_login(secretariat)
    response = client.post(appointment.get_absolute_url(), {"action": "approve"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.APPROVED
    assert appointment.approved_at is not None
    assert appointment.person.is_active
    [message] = mail.outbox
    assert message.to == ["approved@example.gov"]
    with translation.override("fr"):
        assert message.subject == gettext("Review Mechanism: your appointment is approved")
    assert Entry.objects.filter(
        action="accounts.appointment.approved", subject_id=str(appointment.pk)
    ).exists()


def test_fields_slipped_into_a_decision_are_ignored(
    client: Client,
    secretariat: Person,
    nominate: Callable[..., Appointment],
    personas: dict[str, Person],
) -> None:
    appointment = _submitted(nominate("decided"))
    client.force_login(secretariat)
    client.post(
        appointment.get_absolute_url(),
        {
            "action": "approve",
            "state": State.objects.get(code="FRA").pk,
            "person": personas["outsider"].pk,
            "status": AppointmentStatus.WITHDRAWN,
            "role": Role.FOCAL_POINT,
            "instrument": Instrument.objects.get(code="TIP").pk,
        },
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.APPROVED
    assert appointment.state.code == "KEN"
    assert appointment.instrument.code == "UNTOC"
    assert appointment.role == Role.EXPERT
    assert appointment.person.email == "decided@example.gov"


def test_only_a_submitted_profile_can_be_approved(
    client: Client, secretariat: Person, nominate: Callable[..., Appointment]
) -> None:
    appointment = nominate("too_early")
    client.force_login(secretariat)
    response = client.post(appointment.get_absolute_url(), {"action": "approve"}, follow=True)
    assert "not awaiting a decision" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NOMINATED


def test_clarification_mails_the_note_and_the_nominee_answers_from_the_page(
    client: Client, secretariat: Person, nominate: Callable[..., Appointment]
) -> None:
    appointment = _submitted(nominate("unclear", Role.OBSERVER, instrument=None))
    mail.outbox.clear()
    client.force_login(secretariat)
    client.post(
        appointment.get_absolute_url(),
        {"action": "clarify", "note": "Please give your current position."},
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CLARIFICATION
    [message] = mail.outbox
    assert message.to == ["unclear@example.gov"]
    assert "Please give your current position." in message.body
    assert appointment.get_absolute_url() in message.body

    client.force_login(appointment.person)
    page = client.get(appointment.get_absolute_url())
    assert "Please give your current position." in page.content.decode()
    mail.outbox.clear()
    response = client.post(
        appointment.get_absolute_url(),
        {
            "action": "resubmit",
            "first_name": "Clear",
            "last_name": "Now",
            "language": "es",
            "status": AppointmentStatus.APPROVED,
        },
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROFILE_SUBMITTED
    assert appointment.person.get_full_name() == "Clear Now"
    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_the_nominee_cannot_decide_on_their_own_appointment(
    client: Client, nominate: Callable[..., Appointment]
) -> None:
    appointment = _submitted(nominate("self_approver", Role.OBSERVER, instrument=None))
    client.force_login(appointment.person)
    response = client.post(appointment.get_absolute_url(), {"action": "approve"})
    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PROFILE_SUBMITTED


def test_a_new_activation_link_can_be_sent_from_the_page(
    client: Client, secretariat: Person, nominate: Callable[..., Appointment]
) -> None:
    appointment = nominate("resent")
    client.force_login(secretariat)
    client.post(appointment.get_absolute_url(), {"action": "resend"})
    assert len(mail.outbox) == 2
    links = ActivationLink.objects.filter(appointment=appointment)
    assert links.filter(revoked_at__isnull=True).count() == 1
    assert links.count() == 2


# Withdrawal and replacement


def test_withdrawal_keeps_the_history_and_ends_every_access(
    client: Client, secretariat: Person, personas: dict[str, Person]
) -> None:
    expert = personas["expert_under_review"]
    appointment = expert.appointments.get()
    PersonalToken.objects.create(
        person=expert,
        name="laptop",
        prefix="rvm_abcd",
        token_hash="0" * 64,
        created_at=timezone.now(),
    )
    nominee = Client()
    nominee.force_login(expert)
    assert nominee.get(reverse("accounts:profile")).status_code == 200
    feed_token = review_services.create_calendar_feed(person=expert, now=timezone.now())
    feed_url = review_services.calendar_path(feed_token)
    assert nominee.get(feed_url).status_code == 200

    client.force_login(secretariat)
    response = client.post(
        appointment.get_absolute_url(),
        {"action": "withdraw", "reason": "NV/KEN/2026/30: left the ministry", "status": "approved"},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.WITHDRAWN
    assert appointment.ended_at is not None
    assert appointment.end_reason == "NV/KEN/2026/30: left the ministry"
    assert Appointment.objects.filter(pk=appointment.pk).exists()  # kept, not deleted
    expert.refresh_from_db()
    assert not expert.is_active
    assert not PersonalToken.objects.filter(person=expert, revoked_at__isnull=True).exists()
    assert nominee.get(reverse("accounts:profile")).status_code == 302  # signed out
    assert Client().get(feed_url).status_code == 404  # the calendar feed stops at once
    assert Entry.objects.filter(action="accounts.appointment.withdrawn").exists()
    assert Entry.objects.filter(action="accounts.access.revoked").exists()


def test_withdrawal_of_one_of_two_appointments_keeps_the_account(
    secretariat: Person, personas: dict[str, Person], nominate: Callable[..., Appointment]
) -> None:
    expert = personas["expert_under_review"]
    expert.email = "expert_under_review@example.gov"
    expert.save()
    second = nominate("expert_under_review", instrument="TIP")
    assert second.person == expert
    services.withdraw_appointment(
        appointment=expert.appointments.get(instrument__code="UNTOC"),
        withdrawn_by=secretariat,
        reason="NV/4",
    )
    expert.refresh_from_db()
    assert expert.is_active


def test_a_withdrawal_needs_a_reason_and_an_open_appointment(
    secretariat: Person, personas: dict[str, Person]
) -> None:
    appointment = personas["expert_under_review"].appointments.get()
    with pytest.raises(RuleViolation):
        services.withdraw_appointment(appointment=appointment, withdrawn_by=secretariat, reason=" ")
    services.withdraw_appointment(appointment=appointment, withdrawn_by=secretariat, reason="NV/5")
    with pytest.raises(RuleViolation):
        services.withdraw_appointment(
            appointment=appointment, withdrawn_by=secretariat, reason="NV/6"
        )


def test_replacing_a_focal_point_links_both_and_keeps_one_per_state(
    client: Client, secretariat: Person, personas: dict[str, Person]
) -> None:
    old = personas["focal_point_under_review"].appointments.get()
    client.force_login(secretariat)
    response = client.post(
        old.get_absolute_url(),
        {
            "action": "replace",
            "successor-person_name": "Neema Successor",
            "successor-email": "neema@example.go.ke",
            "successor-note_verbale_reference": "NV/KEN/2026/40",
            "successor-note_verbale_on": "2026-07-01",
            "successor-reason": "Reassigned",
        },
    )
    old.refresh_from_db()
    successor = old.replaced_by
    assert successor is not None
    assert response.status_code == 302
    assert response.headers["location"] == successor.get_absolute_url()
    assert old.status == AppointmentStatus.REPLACED
    assert old.ended_at is not None
    assert (successor.role, successor.state, successor.instrument) == (
        Role.FOCAL_POINT,
        old.state,
        old.instrument,
    )
    assert successor.status == AppointmentStatus.NOMINATED
    assert successor.replaces == old
    assert mail.outbox[-1].to == ["neema@example.go.ke"]
    assert (
        not personas["focal_point_under_review"]
        .__class__.objects.get(pk=personas["focal_point_under_review"].pk)
        .is_active
    )
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {"accounts.appointment.replaced", "accounts.appointment.nominated"} <= actions


def test_a_refused_replacement_saves_nothing(
    secretariat: Person, personas: dict[str, Person]
) -> None:
    old = personas["focal_point_under_review"].appointments.get()
    with pytest.raises(RuleViolation):
        services.replace_appointment(
            appointment=old,
            decided_by=secretariat,
            person_name="Same Person",
            email=personas["focal_point_under_review"].email,
            note_verbale_reference="NV/7",
            note_verbale_on=None,
            reason="Same",
        )
    old.refresh_from_db()
    assert old.status == AppointmentStatus.APPROVED
    assert old.ended_at is None
    assert Appointment.objects.filter(role=Role.FOCAL_POINT, state__code="KEN").count() == 1
    assert not mail.outbox


# Who may see what


@pytest.mark.parametrize(
    "persona", ["outsider", "no_role", "focal_point_under_review", "observer", "ngo"]
)
def test_nobody_but_the_secretariat_reaches_the_nomination_pages(
    client: Client, personas: dict[str, Person], persona: str
) -> None:
    client.force_login(personas[persona])
    assert client.get(reverse("accounts:nominations")).status_code == 404
    assert client.get(reverse("accounts:nominate")).status_code == 404
    assert client.post(reverse("accounts:nominate"), {"role": "expert"}).status_code == 404
    someone_else = personas["expert_under_review"].appointments.get()
    assert client.get(someone_else.get_absolute_url()).status_code == 404
    assert client.post(someone_else.get_absolute_url(), {"action": "approve"}).status_code == 404


def test_the_secretariat_and_the_nominee_see_the_appointment(
    client: Client, personas: dict[str, Person]
) -> None:
    appointment = personas["expert_under_review"].appointments.get()
    for persona in ("secretariat", "expert_under_review"):
        client.force_login(personas[persona])
        assert client.get(appointment.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("bad_id", ["0", "-1", "99999999999", "99999999999999999999999", "abc"])
def test_absurd_appointment_ids_are_not_found(
    client: Client, personas: dict[str, Person], bad_id: str
) -> None:
    client.force_login(personas["secretariat"])
    assert client.get(f"/people/appointments/{bad_id}/").status_code == 404
    assert client.post(f"/people/appointments/{bad_id}/", {"action": "approve"}).status_code == 404


def test_the_list_of_nominations_filters_and_keeps_states_in_code_order(
    client: Client,
    secretariat: Person,
    nominate: Callable[..., Appointment],
    django_assert_max_num_queries: Any,
) -> None:
    nominate("zeta", state="BRA")
    nominate("alpha", state="NGA")
    client.force_login(secretariat)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("accounts:nominations")).content.decode()
    positions = [page.index(code) for code in ("BRA", "FRA", "KEN", "NGA")]
    assert positions == sorted(positions)
    filtered = client.get(
        reverse("accounts:nominations"),
        {"state": State.objects.get(code="NGA").pk, "role": Role.EXPERT, "status": "nominated"},
    ).content.decode()
    assert "Alpha Nominee" in filtered
    assert "Zeta Nominee" not in filtered
