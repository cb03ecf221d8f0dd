"""The pages and API of NGO briefings as each person uses them (P&R para 53): a representative
signs in, confirms and comments; the Bureau decides; outsiders and NGOs get nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civil_society_world import (
    AFTER_BRIEFING,
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    INVITED_AT,
    World,
    details,
)
from revmech.accounts.models import Person, Role
from revmech.audit.models import Entry
from revmech.civil_society import services
from revmech.civil_society.models import (
    Circulation,
    Invitation,
    InvitationStatus,
    Objection,
    Representative,
)
from revmech.registry.models import State
from revmech.reviews.models import CountryReview

pytestmark = pytest.mark.django_db


def _at(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
    """Pages read the clock: fix it for the request (the services take it from there)."""
    monkeypatch.setattr(timezone, "now", lambda: when)


def test_a_representative_confirms_and_comments_through_the_pages(
    client: Client, personas: dict[str, Person], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(personas["ngo"])
    _at(monkeypatch, BEFORE_DEADLINE)
    listing = client.get(reverse("civil_society:briefings")).content.decode()
    assert world.briefing.get_absolute_url() in listing
    page = client.get(world.invitation.get_absolute_url()).content.decode()
    assert "Confirm attendance" in page
    response = client.post(
        reverse("civil_society:confirm", args=[world.invitation.pk]), {"attendees": "A. Person"}
    )
    assert response.status_code == 302
    world.invitation.refresh_from_db()
    assert world.invitation.status == InvitationStatus.CONFIRMED
    response = client.post(
        reverse("civil_society:comment", args=[world.invitation.pk]),
        {"text": "Regional trends in victim support; one example from Brazil."},
    )
    assert response.status_code == 302
    comment = world.invitation.comments.get()
    assert [m["state"] for m in comment.mentions] == ["BRA"]
    page = client.get(world.invitation.get_absolute_url()).content.decode()
    assert "Awaiting the secretariat" in page
    assert "passages that may mention a State" not in page  # the flags are the secretariat's


def test_a_late_confirmation_on_the_page_names_the_deadline(
    client: Client, personas: dict[str, Person], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(personas["ngo"])
    _at(monkeypatch, AFTER_DEADLINE)
    response = client.post(reverse("civil_society:confirm", args=[world.invitation.pk]))
    assert response.status_code == 200
    assert "by the end of 10 May 2026 (Europe/Vienna time)" in response.content.decode()
    world.invitation.refresh_from_db()
    assert world.invitation.status == InvitationStatus.INVITED


def test_the_api_confirms_and_refuses_late(
    client: Client, personas: dict[str, Person], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(personas["ngo"])
    url = reverse("invitation-confirm", args=[world.invitation.pk])
    _at(monkeypatch, AFTER_DEADLINE)
    late = client.post(url, {}, content_type="application/json")
    assert late.status_code == 409
    assert "10 May 2026" in late.json()["detail"]
    _at(monkeypatch, BEFORE_DEADLINE)
    assert client.post(url, {}, content_type="application/json").json()["status"] == "confirmed"
    listing = client.get(reverse("invitation-list")).json()
    assert [i["id"] for i in listing["results"]] == [world.invitation.pk]


def test_the_secretariat_checks_comments_and_the_bureau_decides_objections(
    client: Client, personas: dict[str, Person], world: World
) -> None:
    services.confirm_attendance(
        invitation=world.invitation, by=personas["ngo"], now=BEFORE_DEADLINE
    )
    comment = services.submit_comment(
        invitation=world.invitation, text="Le cas du Kenya.", by=personas["ngo"]
    )
    client.force_login(personas["secretariat"])
    check = client.get(reverse("civil_society:check_comment", args=[comment.pk])).content.decode()
    assert "Kenya" in check
    assert "may mention a State" in check
    response = client.post(
        reverse("civil_society:check_comment", args=[comment.pk]),
        {"circulate": "no", "note": "Please keep to general trends."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.circulation == Circulation.HELD_BACK
    response = client.post(
        reverse("civil_society:object", args=[world.invitation.pk]),
        {
            "state": State.objects.get(code="BRA").pk,
            "received_on": "2026-04-25",
            "reasons": "Outside the scope",
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    client.force_login(personas["bureau_member"])
    response = client.post(
        reverse("civil_society:decide", args=[objection.pk]),
        {"uphold": "yes", "decided_on": "2026-04-28", "reasons": "Rule 17 (2)"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.decided_on == dt.date(2026, 4, 28)
    client.force_login(personas["ngo"])
    seen = client.get(objection.get_absolute_url()).content.decode()
    assert "Upheld" in seen
    assert "Outside the scope" not in seen  # the State's reasons stay with the Bureau


@pytest.mark.parametrize(
    "persona", ["no_role", "outsider", "focal_point_under_review", "working_group_member"]
)
def test_others_get_nothing_of_an_invitation_or_an_organization(
    client: Client, personas: dict[str, Person], world: World, persona: str
) -> None:
    client.force_login(personas[persona])
    for url in (
        world.invitation.get_absolute_url(),
        world.organization.get_absolute_url(),
        reverse("civil_society:organizations"),
        reverse("civil_society:confirm", args=[world.invitation.pk]),
        reverse("invitation-detail", args=[world.invitation.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, (persona, url)
        assert "Coalition against Trafficking" not in response.content.decode()


def test_another_organization_sees_neither_the_invitation_nor_the_briefing(
    client: Client, personas: dict[str, Person], world: World, make_person: Any
) -> None:
    other = make_person("other_ngo", Role.NGO)
    Representative.objects.create(
        organization=world.other_organization, person=other, added_at=INVITED_AT
    )
    client.force_login(other)
    assert client.get(world.invitation.get_absolute_url()).status_code == 404
    assert client.get(world.briefing.get_absolute_url()).status_code == 404
    assert client.get(world.organization.get_absolute_url()).status_code == 404
    assert client.get(world.other_organization.get_absolute_url()).status_code == 200
    assert client.get(reverse("invitation-list")).json()["count"] == 0
    assert client.get(reverse("briefing-list")).json()["count"] == 0


def test_an_ngo_account_reaches_no_review_content(
    client: Client, personas: dict[str, Person], world: World, review: CountryReview
) -> None:
    client.force_login(personas["ngo"])
    for url in (
        review.get_absolute_url(),
        f"/api/reviews/{review.pk}/",
        reverse("questionnaires:review", kwargs={"review_id": review.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Kenya" not in response.content.decode()
    assert client.get("/api/reviews/").json()["count"] == 0
    assert "Kenya" not in client.get(reverse("reviews:list")).content.decode()


def test_member_states_see_the_briefing_but_not_the_invitations(
    client: Client, personas: dict[str, Person], world: World
) -> None:
    client.force_login(personas["observer"])
    page = client.get(world.briefing.get_absolute_url()).content.decode()
    assert "Outcomes of the review process" in page
    assert "Coalition against Trafficking" not in page
    response = client.post(
        reverse("civil_society:attend", args=[world.briefing.pk]),
        {"representative": "J. Mwangi", "state": State.objects.get(code="KEN").pk},
    )
    assert response.status_code == 302
    assert world.briefing.attendances.get().state.code == "KEN"


def test_views_of_invitations_are_audited(
    client: Client, personas: dict[str, Person], world: World
) -> None:
    client.force_login(personas["ngo"])
    client.get(world.invitation.get_absolute_url())
    assert Entry.objects.filter(
        action="civil_society.invitation.viewed", actor_id=personas["ngo"].pk
    ).exists()


def test_lists_take_a_bounded_number_of_queries(
    client: Client,
    personas: dict[str, Person],
    world: World,
    django_assert_max_num_queries: Any,
) -> None:
    secretariat = personas["secretariat"]
    for number in range(30):
        organization = services.record_organization(
            details=details(f"Organization {number:02d}"), actor=secretariat
        )
        services.record_admission(
            organization=organization, session=world.cop_previous, actor=secretariat
        )
    services.invite(briefing=world.briefing, actor=secretariat, now=INVITED_AT)
    assert Invitation.objects.count() == 31
    client.force_login(secretariat)
    for url in (
        reverse("civil_society:briefings"),
        reverse("civil_society:organizations"),
        world.briefing.get_absolute_url(),
        reverse("invitation-list"),
    ):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200, url


def test_the_pages_speak_arabic_right_to_left(
    client: Client, personas: dict[str, Person], world: World
) -> None:
    client.force_login(personas["ngo"])
    response = client.get(world.invitation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert "<bdi>Coalition against Trafficking</bdi>" in body


def test_the_secretariat_sees_a_summary_s_flags_before_issuing_it(
    client: Client, personas: dict[str, Person], world: World
) -> None:
    services.confirm_attendance(
        invitation=world.invitation, by=personas["ngo"], now=BEFORE_DEADLINE
    )
    summary = services.submit_summary(
        briefing=world.briefing,
        organization=world.organization,
        title="Summary",
        text="Les participants ont évoqué la situation au Nigéria.",
        by=personas["ngo"],
        now=AFTER_BRIEFING,
    )
    client.force_login(personas["secretariat"])
    page = client.get(reverse("civil_society:issue_summary", args=[summary.pk])).content.decode()
    assert "<bdi>Nigéria</bdi>" in page
    response = client.post(
        reverse("civil_society:issue_summary", args=[summary.pk]), {"issued_on": "2026-05-21"}
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.document is not None
    assert summary.document.symbol == "CTOC/COP/WG.4/2026/CRP.1"


def test_a_representation_ended_takes_away_everything_of_the_organization(
    client: Client, personas: dict[str, Person], world: World
) -> None:
    client.force_login(personas["ngo"])
    assert client.get(world.invitation.get_absolute_url()).status_code == 200
    representative = Representative.objects.get(person=personas["ngo"])
    client.force_login(personas["secretariat"])
    response = client.post(
        reverse("civil_society:end_representative", args=[world.organization.pk]),
        {"representative": representative.pk, "reason": "Left the organization"},
    )
    assert response.status_code == 302
    assert Entry.objects.filter(action="civil_society.representative.ended").exists()
    client.force_login(personas["ngo"])
    assert client.get(world.invitation.get_absolute_url()).status_code == 404
    assert client.get(world.organization.get_absolute_url()).status_code == 404
    assert client.get(reverse("civil_society:briefings")).status_code == 404
