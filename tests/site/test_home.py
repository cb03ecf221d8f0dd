"""The home page says what needs each person now and next, with their notifications; the menu
shows each role its own pages; a review says who must take its next step (issue 16)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from personas import PERSONAS
from revmech.accounts import services as account_services
from revmech.accounts.models import Appointment, AppointmentStatus, Notice, Person, Role
from revmech.questionnaires import services as questionnaire_services
from revmech.questionnaires.models import Questionnaire, QuestionnaireStatus
from revmech.registry import models as registry
from revmech.reviews import selectors as review_selectors
from revmech.reviews import services
from revmech.reviews.models import CountryReview, ReviewingState, Seat
from revmech.site import menu

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def _questionnaire_submitted(review: CountryReview) -> None:
    """The artefact the self-assessment step needs (P&R para 26), recorded directly."""
    questionnaire_services.ensure_first_phase_definitions()
    questionnaire = questionnaire_services.start_questionnaire(review=review, by=None)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        status=QuestionnaireStatus.SUBMITTED, submitted_at=NOW
    )


def _section(page: str, heading_id: str) -> str:
    """The text of one section of the home page, from its heading to the next section."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_the_step_needs_the_focal_point_and_waits_for_the_reviewers(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    client.force_login(personas["focal_point_under_review"])
    page = client.get(reverse("home")).content.decode()
    now = _section(page, "now-title")
    assert "Open the consultations" in now
    assert review.get_absolute_url() in now
    assert "6 July 2026" in now  # three weeks after the draw (P&R para 23)

    client.force_login(personas["expert_reviewing"])
    page = client.get(reverse("home")).content.decode()
    assert "Open the consultations" not in _section(page, "now-title")
    waiting = _section(page, "next-title")
    assert "Open the consultations" in waiting
    assert "The focal point of Kenya (the State under review)." in waiting


def test_the_review_page_says_who_acts_next(
    client: Client, review: CountryReview, personas: dict[str, Person]
) -> None:
    services.open_consultations(
        review=review, by=personas["focal_point_under_review"], today=dt.date(2026, 6, 20)
    )
    services.record_consultations(
        review=review,
        by=personas["focal_point_under_review"],
        today=dt.date(2026, 6, 25),
        working_languages=["en"],
        schedule="x",
    )
    _questionnaire_submitted(review)
    services.submit_self_assessment(
        review=review, by=personas["focal_point_under_review"], today=dt.date(2026, 9, 1)
    )
    client.force_login(personas["observer"])
    page = client.get(review.get_absolute_url()).content.decode()
    assert "The reviewing States, Nigeria and France" in page
    assert "You can take this step below." not in page
    client.force_login(personas["expert_reviewing"])
    page = client.get(review.get_absolute_url()).content.decode()
    assert "You can take this step below." in page


def test_a_question_of_the_dialogue_is_a_request_to_answer_and_a_notification(
    client: Client, review: CountryReview, personas: dict[str, Person], settings: Any
) -> None:
    for step, today in (("open_consultations", 20), ("record_consultations", 25)):
        extra = {"working_languages": ["en"], "schedule": "x"} if "record" in step else {}
        getattr(services, step)(
            review=review,
            by=personas["focal_point_under_review"],
            today=dt.date(2026, 6, today),
            **extra,
        )
    _questionnaire_submitted(review)
    services.submit_self_assessment(
        review=review, by=personas["focal_point_under_review"], today=dt.date(2026, 9, 1)
    )
    services.ask_in_dialogue(
        review=review,
        by=personas["expert_reviewing"],
        kind="clarification",
        text="Which courts?",
        now=NOW,
    )
    notice = Notice.objects.get(person=personas["focal_point_under_review"])
    assert notice.subject == "A question awaits your answer: review of Kenya"
    assert notice.review_id == review.pk

    client.force_login(personas["focal_point_under_review"])
    page = client.get(reverse("home")).content.decode()
    assert "Answer: Request for clarification" in _section(page, "now-title")
    assert notice.subject in _section(page, "notices-title")
    listed = client.get(reverse("reviews:notifications")).content.decode()
    assert notice.subject in listed
    assert "Which courts" not in listed  # the mail names the kind, never the question

    # Someone else's notices are never listed; nor one about a review no longer readable.
    client.force_login(personas["expert_reviewing"])
    assert notice.subject not in client.get(reverse("reviews:notifications")).content.decode()
    Appointment.objects.filter(person=personas["focal_point_under_review"]).update(
        status=AppointmentStatus.WITHDRAWN
    )
    withdrawn = Person.objects.get(pk=personas["focal_point_under_review"].pk)
    assert notice not in review_selectors.notices_for(withdrawn)


def test_the_secretariat_is_told_of_profiles_to_approve(
    client: Client, personas: dict[str, Person]
) -> None:
    appointment = account_services.nominate(
        state=registry.State.objects.get(code="KEN"),
        role=Role.EXPERT,
        instrument=registry.Instrument.objects.get(code="UNTOC"),
        person_name="Home Nominee",
        email="home.nominee@example.org",
        note_verbale_reference="NV/home",
        note_verbale_on=None,
        nominated_by=personas["secretariat"],
    )
    client.force_login(personas["secretariat"])
    page = client.get(reverse("home")).content.decode()
    assert "1 nomination not yet completed by the nominee" in _section(page, "next-title")
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.PROFILE_SUBMITTED)
    page = client.get(reverse("home")).content.decode()
    assert "Approve 1 submitted profile or ask for clarification" in _section(page, "now-title")
    # The activation mail carries the credential: it is sent, never kept.
    assert not Notice.objects.filter(person=appointment.person).exists()


@pytest.mark.parametrize(
    ("persona", "sees", "never"),
    [
        (
            "secretariat",
            {"Draw meetings", "Nominations", "Audit log", "Administration", "Second factor"},
            set(),
        ),
        (
            "focal_point_under_review",
            {"Country reviews", "Lists of focal points and experts", "Second factor"},
            {"Draw meetings", "Nominations", "Audit log", "Administration"},
        ),
        ("ngo", {"Country reviews", "Your profile"}, {"Nominations", "Audit log"}),
    ],
)
def test_the_menu_shows_each_role_its_pages(
    client: Client, personas: dict[str, Person], persona: str, sees: set[str], never: set[str]
) -> None:
    client.force_login(personas[persona])
    page = client.get(reverse("registry:instruments")).content.decode()
    for label in sees:
        assert f">{label}</a>" in page, label
    for label in never:
        assert f">{label}</a>" not in page, label


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_every_menu_entry_opens(client: Client, personas: dict[str, Person], persona: str) -> None:
    person = personas.get(persona)
    if person is not None:
        client.force_login(person)
    parts = menu.menu_for(person)
    assert parts["work"] or person is None or persona == "no_role"
    for link in [*parts["public"], *parts["work"], *parts["account"]]:
        response = client.get(link.url)
        assert response.status_code == 200, (persona, link.url_name, response.status_code)


def test_the_home_page_reads_a_bounded_number_of_times(
    client: Client,
    review: CountryReview,
    personas: dict[str, Person],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    kenya = registry.State.objects.get(code="KEN")
    nigeria, france = registry.State.objects.filter(code__in=["NGA", "FRA"]).order_by("code")
    for instrument in registry.Instrument.objects.exclude(code="UNTOC"):
        other = CountryReview.objects.create(
            state_under_review=kenya,
            instrument=instrument,
            phase=1,
            year=1,
            drawn_on=dt.date(2026, 6, 15),
        )
        ReviewingState.objects.create(review=other, state=nigeria, seat=Seat.SAME_GROUP)
        ReviewingState.objects.create(review=other, state=france, seat=Seat.OTHER_GROUP)
    client.force_login(personas["observer"])  # an observer reads every review of Kenya
    with django_assert_max_num_queries(40):
        page = client.get(reverse("home")).content.decode()
    assert page.count("Open the consultations") == 4
