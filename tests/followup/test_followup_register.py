"""The register of technical assistance needs: intake from every source through one service,
its life cycle, who sees what (P&R paras 7 (c), 15, 37, 40)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.followup import services
from revmech.followup.models import Need, NeedSource, NeedStatus
from revmech.questionnaires import services as questionnaire_services
from revmech.questionnaires.models import Questionnaire, QuestionnaireStatus
from revmech.reviews import services as review_services
from revmech.reviews.models import CountryReview, Stage
from revmech.rules import RuleViolation

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def test_the_same_source_enters_the_register_once(need: Need) -> None:
    again, created = services.record_need(
        state=need.state,
        instrument=need.instrument,
        need=services.NeedInput(assistance_type="legislative", description="other words"),
        source=NeedSource.REPORT,
        source_key="test-report:need:0",
        identified_on=dt.date(2027, 1, 10),
        now=NOW,
    )
    assert (again.pk, created) == (need.pk, False)
    assert Need.objects.count() == 1
    assert need.article is not None
    assert need.article.number == "5"
    assert need.cluster is not None
    assert need.cluster.code == "criminalization"


def test_bad_input_names_the_problem_and_writes_nothing(review: CountryReview) -> None:
    with pytest.raises(RuleViolation, match="no article 99"):
        services.record_need(
            state=review.state_under_review,
            instrument=review.instrument,
            need=services.NeedInput(assistance_type="legislative", description="x", article="99"),
            source=NeedSource.STATE,
            source_key="bad",
            identified_on=dt.date(2027, 1, 1),
            now=NOW,
        )
    with pytest.raises(RuleViolation, match="not a known type"):
        services.record_need(
            state=review.state_under_review,
            instrument=review.instrument,
            need=services.NeedInput(assistance_type="money", description="x"),
            source=NeedSource.STATE,
            source_key="bad2",
            identified_on=dt.date(2027, 1, 1),
            now=NOW,
        )
    assert not Need.objects.exists()


def test_a_need_moves_forward_with_its_provider_and_the_state_reports_it_addressed(
    need: Need, personas: dict[str, Person]
) -> None:
    secretariat = personas["secretariat_unassigned"]
    with pytest.raises(RuleViolation, match="who provides"):
        services.update_need(
            need=need,
            by=secretariat,
            status="being_addressed",
            provider=" ",
            note="",
            based_on_version=0,
            now=NOW,
        )
    services.update_need(
        need=need,
        by=secretariat,
        status="being_addressed",
        provider="UNODC Global Programme",
        note="Workshop planned",
        based_on_version=0,
        now=NOW,
    )
    with pytest.raises(RuleViolation, match="cannot go back"):
        services.update_need(
            need=need,
            by=secretariat,
            status="identified",
            provider="x",
            note="",
            based_on_version=1,
            now=NOW,
        )
    with pytest.raises(PermissionDenied):
        services.report_on_need(
            need=need,
            by=personas["expert_reviewing"],
            is_addressed=True,
            note="done",
            based_on_version=1,
            now=NOW,
        )
    services.report_on_need(
        need=need,
        by=personas["focal_point_under_review"],
        is_addressed=True,
        note="The law was drafted with the help received.",
        based_on_version=1,
        now=NOW,
    )
    need.refresh_from_db()
    assert (need.status, need.provider, need.version) == (
        NeedStatus.ADDRESSED,
        "UNODC Global Programme",
        2,
    )
    history = list(need.updates.values_list("status", "is_reported_by_state"))
    assert history == [("identified", False), ("being_addressed", False), ("addressed", True)]
    assert Entry.objects.filter(action="followup.need.reported", subject_id=str(need.pk)).exists()


def test_two_people_saving_the_same_need_do_not_overwrite_each_other(
    need: Need, personas: dict[str, Person]
) -> None:
    secretariat = personas["secretariat"]
    services.update_need(
        need=need,
        by=secretariat,
        status="being_addressed",
        provider="Donor A",
        note="",
        based_on_version=0,
        now=NOW,
    )
    stale = Need.objects.get(pk=need.pk)
    stale.version = 0
    with pytest.raises(RuleViolation, match="changed this need meanwhile"):
        services.update_need(
            need=stale,
            by=secretariat,
            status="addressed",
            provider="Donor B",
            note="",
            based_on_version=0,
            now=NOW,
        )
    assert Need.objects.get(pk=need.pk).provider == "Donor A"


def test_a_request_under_para_15_enters_the_register_and_follows_its_handling(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    request = review_services.request_assistance(
        review=review,
        by=personas["focal_point_under_review"],
        need="Translate the answers",
        now=NOW,
    )
    need = Need.objects.get(source_key=f"reviews.assistance:{request.pk}")
    assert (need.state.code, need.assistance_type, need.status) == (
        "KEN",
        "questionnaire",
        "identified",
    )
    review_services.update_assistance(
        assistance=request,
        by=personas["secretariat"],
        status="in_progress",
        notes="Funded",
        now=NOW + dt.timedelta(days=3),
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.BEING_ADDRESSED
    assert services.collect_needs(now=NOW) == 0  # already taken: nothing doubles


def _submit_with_needs(questionnaire: Questionnaire, focal_point: Person) -> str:
    first = questionnaire.structures()[0].sections[0].key
    for structure in questionnaire.structures():
        for section in structure.sections:
            answers = {"implements": "no", "assistance": "no"}
            if section.key == first:
                answers = {
                    "implements": "no",
                    "assistance": "yes",
                    "assistance_type": "legislative,technology",
                    "challenges": "<p>No <b>drafting</b> capacity.</p>",
                }
            for key, value in answers.items():
                questionnaire_services.save_answer(
                    questionnaire=questionnaire,
                    question_key=f"{section.key}.{key}",
                    text=value,
                    based_on_version=0,
                    by=focal_point,
                )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(status=QuestionnaireStatus.SUBMITTED)
    questionnaire.refresh_from_db()
    return first


def test_a_submitted_questionnaire_feeds_one_need_per_type_named(
    review: CountryReview, personas: dict[str, Person]
) -> None:
    questionnaire_services.ensure_first_phase_definitions()
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    questionnaire = questionnaire_services.start_questionnaire(review=review, by=None)
    _submit_with_needs(questionnaire, personas["focal_point_under_review"])
    assert services.collect_needs(now=NOW, by=personas["secretariat"]) == 2
    assert services.collect_needs(now=NOW) == 0
    needs = Need.objects.filter(source=NeedSource.QUESTIONNAIRE).order_by("assistance_type")
    assert [n.assistance_type for n in needs] == ["legislative", "technology"]
    assert needs[0].description == "No drafting capacity."
    assert needs[0].article is not None
    assert needs[0].cluster is not None
    with pytest.raises(PermissionDenied):
        services.collect_needs(now=NOW, by=personas["focal_point_under_review"])


@pytest.mark.parametrize(
    ("persona", "sees_kenya", "sees_brazil"),
    [
        ("secretariat_unassigned", True, True),
        ("focal_point_under_review", True, False),
        ("observer", True, False),
        ("expert_reviewing", False, False),
        ("outsider", False, False),  # an expert of Brazil, but for the Convention
        ("ngo", False, False),
    ],
)
def test_who_sees_which_needs(
    client: Client,
    personas: dict[str, Person],
    need: Need,
    other_need: Need,
    persona: str,
    sees_kenya: bool,
    sees_brazil: bool,
) -> None:
    client.force_login(personas[persona])
    page = client.get(reverse("followup:needs")).content.decode()
    assert ("Kenya needs help" in page) is sees_kenya
    assert ("Brazil training" in page) is sees_brazil
    detail = client.get(reverse("followup:need", kwargs={"need_id": need.pk}))
    assert detail.status_code == (200 if sees_kenya else 404)
    if not sees_kenya:
        assert "Kenya needs help" not in detail.content.decode()


def test_working_group_members_see_the_needs_of_their_mandate(
    client: Client, make_person: object, need: Need, other_need: Need, settings: object
) -> None:
    from revmech.accounts.models import Appointment, Role
    from revmech.registry.models import WorkingGroup

    member = make_person("wg_tip", Role.WORKING_GROUP, "DEU")  # type: ignore[operator]
    Appointment.objects.filter(person=member).update(
        working_group=WorkingGroup.objects.get(code="WGTIP")
    )
    client.force_login(member)
    settings.FOLLOWUP_MANDATES = "para40"  # type: ignore[attr-defined]
    page = client.get(reverse("followup:needs")).content.decode()
    assert "Kenya needs help" not in page
    assert "Brazil training" not in page
    settings.FOLLOWUP_MANDATES = "note40"  # type: ignore[attr-defined]
    client.force_login(member)
    page = client.get(reverse("followup:needs")).content.decode()
    assert "Brazil training" in page
    assert "Kenya needs help" not in page


def test_a_state_adds_a_need_through_the_page(
    client: Client, personas: dict[str, Person], review: CountryReview
) -> None:
    client.force_login(personas["focal_point_under_review"])
    response = client.post(
        reverse("followup:new_need"),
        {
            "state": "KEN",
            "instrument": "UNTOC",
            "assistance_type": "institutional",
            "article": "7",
            "description": "A financial intelligence unit",
            "priority": "medium",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response.headers["location"] == need.get_absolute_url()
    assert (need.source, need.priority, need.article.number) == ("state", "medium", "7")  # type: ignore[union-attr]
    refused = client.post(
        reverse("followup:new_need"),
        {"state": "KEN", "instrument": "TIP", "assistance_type": "other", "description": "x"},
    )
    assert refused.status_code == 200
    assert "You may not add needs" in refused.content.decode()
    assert Need.objects.count() == 1


def test_the_register_page_queries_stay_bounded(
    client: Client,
    personas: dict[str, Person],
    review: CountryReview,
    django_assert_max_num_queries: object,
) -> None:
    for index in range(120):
        services.record_need(
            state=review.state_under_review,
            instrument=review.instrument,
            need=services.NeedInput(
                assistance_type="other", description=f"need {index}", article="5"
            ),
            source=NeedSource.STATE,
            source_key=f"bulk:{index}",
            identified_on=dt.date(2027, 1, 1),
            now=NOW,
        )
    client.force_login(personas["focal_point_under_review"])
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client.get(reverse("followup:needs"))
    assert response.status_code == 200
    assert response.content.decode().count("need 1") >= 1


def test_the_state_consents_to_share_its_need_in_the_public_analysis(
    client: Client, need: Need, personas: dict[str, Person]
) -> None:
    from revmech.followup import analysis

    assert analysis.summary(analysis.PUBLIC)["needs"] == 0
    client.force_login(personas["expert_under_review"])  # an expert, not the focal point
    url = reverse("followup:share_need", kwargs={"need_id": need.pk})
    assert client.post(url).status_code == 404
    client.force_login(personas["focal_point_under_review"])
    assert client.post(url).status_code == 302
    assert analysis.summary(analysis.PUBLIC)["needs"] == 1
    assert client.post(url).status_code == 404  # once public, nothing more to consent to
    assert Entry.objects.filter(action="followup.need.shared").count() == 1
