"""Demonstration data for `revmech demo`: one questionnaire partly answered, one under desk
review (issue 6). Call `load_demo(partly_answered=..., under_desk_review=...)` after the people
are appointed; a second call changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from revmech.accounts.models import Appointment, AppointmentStatus, Person, Role
from revmech.questionnaires import services
from revmech.questionnaires.models import NoteKind, Questionnaire, QuestionnaireStatus
from revmech.reviews.models import CountryReview
from revmech.reviews.permissions import reviewing_states_of

MEASURES = (
    "<p>The Organized Crime Act 2010, section 3, makes participation in an organized criminal "
    "group an offence punishable by up to 15 years of imprisonment.</p>"
)


def _appointed(review: CountryReview, states: tuple[str, ...], roles: tuple[str, ...]) -> Person:
    found = (
        Appointment.objects.filter(
            state__code__in=states,
            instrument=review.instrument,
            role__in=roles,
            status=AppointmentStatus.APPROVED,
        )
        .select_related("person")
        .order_by("role", "pk")
        .first()
    )
    if found is None:
        raise LookupError(f"No focal point or expert of {', '.join(states)} for {review}.")
    return found.person


def _answer_all(questionnaire: Questionnaire, by: Person, *, sections: int | None) -> None:
    structures = questionnaire.structures()
    rows = [s for structure in structures for s in structure.sections][:sections]
    for section in rows:
        prefix = section.key
        values = {
            f"{prefix}.implements": "partly",
            f"{prefix}.measures": MEASURES,
            f"{prefix}.examples": "<p>Twelve convictions in 2024 (national statistics).</p>",
            f"{prefix}.challenges": "<p>Coordination between agencies.</p>",
            f"{prefix}.assistance": "yes",
            f"{prefix}.assistance_type": "capacity_building",
        }
        current = services.answers_by_key(questionnaire)
        for key, text in values.items():
            if any(q.key == key for q in section.questions) and key not in current:
                services.save_answer(
                    questionnaire=questionnaire,
                    question_key=key,
                    text=text,
                    based_on_version=0,
                    by=by,
                )


@transaction.atomic
def load_demo(
    *, partly_answered: CountryReview, under_desk_review: CountryReview | None = None
) -> list[str]:
    """Start and partly answer one questionnaire; answer, submit and annotate another.

    The focal point of each State under review, and an expert or focal point of a reviewing
    State, must be appointed (approved) for the review's instrument. Returns what was done.
    """
    done: list[str] = []
    services.ensure_first_phase_definitions()
    sur = (partly_answered.state_under_review.code,)
    answerer = _appointed(partly_answered, sur, (Role.FOCAL_POINT, Role.EXPERT))
    questionnaire = services.start_questionnaire(review=partly_answered, by=None)
    _answer_all(questionnaire, answerer, sections=3)
    done.append(f"questionnaire of {partly_answered}: partly answered")
    if under_desk_review is None:
        return done
    focal_point = _appointed(
        under_desk_review, (under_desk_review.state_under_review.code,), (Role.FOCAL_POINT,)
    )
    reviewer = _appointed(
        under_desk_review, reviewing_states_of(under_desk_review), (Role.EXPERT, Role.FOCAL_POINT)
    )
    questionnaire = services.start_questionnaire(review=under_desk_review, by=None)
    if questionnaire.status != QuestionnaireStatus.SUBMITTED:
        _answer_all(questionnaire, focal_point, sections=None)
        services.clear_answers(questionnaire=questionnaire, by=focal_point)
        services.submit_questionnaire(
            questionnaire=questionnaire, by=focal_point, today=timezone.localdate()
        )
    if not questionnaire.notes.exists():
        first = questionnaire.structures()[0].sections[0].key
        for kind, text in [
            (NoteKind.SUCCESS, "A comprehensive offence of participation, in force since 2010."),
            (NoteKind.CHALLENGE, "Coordination between the agencies concerned."),
            (NoteKind.CLARIFICATION, "Does section 3 also cover the agreement to commit?"),
        ]:
            services.add_note(
                questionnaire=questionnaire,
                question_key=f"{first}.measures",
                kind=kind,
                text=text,
                by=reviewer,
            )
    done.append(f"questionnaire of {under_desk_review}: submitted, under desk review")
    return done


def submit_answers(review: CountryReview, *, today: date) -> Questionnaire:
    """Answer, clear and submit a review's questionnaire through the services; the submission
    moves the review to the desk review (P&R para 26). Used by the demo's staged reviews."""
    services.ensure_first_phase_definitions()
    focal_point = _appointed(review, (review.state_under_review.code,), (Role.FOCAL_POINT,))
    questionnaire = services.start_questionnaire(review=review, by=None)
    if questionnaire.status != QuestionnaireStatus.SUBMITTED:
        _answer_all(questionnaire, focal_point, sections=None)
        services.clear_answers(questionnaire=questionnaire, by=focal_point)
        services.submit_questionnaire(questionnaire=questionnaire, by=focal_point, today=today)
    return questionnaire


def send_outcome(review: CountryReview, *, today: date) -> None:
    """Write and send the desk review's outcome through the services; sending moves the review
    to the constructive dialogue (P&R para 29)."""
    reviewer = _appointed(review, reviewing_states_of(review), (Role.EXPERT, Role.FOCAL_POINT))
    questionnaire = Questionnaire.objects.get(review=review)
    outcome = services.save_outcome(
        questionnaire=questionnaire,
        text="The legislation covers the offences; coordination between agencies is a challenge.",
        based_on_version=0,
        by=reviewer,
    )
    if not outcome.is_sent:
        services.send_outcome(questionnaire=questionnaire, by=reviewer, today=today)
