"""Drafting the report together: the generated first draft, versions, the lost-update case and
its merge view, comments and explanations, needs (P&R paras 33, 35)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from report_helpers import later, section_of
from revmech.accounts.models import Person
from revmech.reports import compare, services
from revmech.reports.models import Comment, NeedKind, Report, SectionKind
from revmech.reviews.models import CountryReview
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_the_first_draft_takes_the_answers_notes_and_needs(report: Report) -> None:
    implementation = section_of(report, SectionKind.IMPLEMENTATION)
    assert "Organized Crime Act 2010" in implementation.text
    assert "Twelve convictions" in section_of(report, SectionKind.PRACTICE).text
    assert "comprehensive offence" in section_of(report, SectionKind.SUCCESSES).text
    challenges = section_of(report, SectionKind.CHALLENGES).text
    assert "Coordination between agencies" in challenges
    assert "Few prosecutions" in challenges
    needs = list(report.needs.order_by("position"))
    assert [n.kind for n in needs] == [NeedKind.LEGISLATIVE, NeedKind.CAPACITY_BUILDING]
    assert needs[0].article == implementation.article
    assert report.sections.filter(part="summary", kind=SectionKind.INTRODUCTION).exists()
    assert implementation.revisions.get().source == "generated"


def test_reviewers_choose_what_the_first_draft_takes(
    answered: object, review: CountryReview, personas: dict[str, Person]
) -> None:
    report = services.start_report(review=review, by=personas["expert_reviewing"], take=["notes"])
    assert "Organized Crime Act" not in section_of(report, SectionKind.IMPLEMENTATION).text
    assert "comprehensive offence" in section_of(report, SectionKind.SUCCESSES).text
    assert not report.needs.exists()


def test_the_state_under_review_does_not_start_or_edit_the_draft(
    answered: object, review: CountryReview, personas: dict[str, Person]
) -> None:
    with pytest.raises(PermissionDenied):
        services.start_report(review=review, by=personas["focal_point_under_review"])


def test_a_report_is_started_once(report: Report, personas: dict[str, Person]) -> None:
    with pytest.raises(RuleViolation, match="already been started"):
        services.start_report(review=report.review, by=personas["expert_reviewing"])


def test_a_save_sanitises_and_keeps_a_version_with_who_and_when(
    report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.OBSERVATIONS)
    saved = services.save_section(
        section=section,
        text='<p onclick="x()">Adopt a law.<script>alert(1)</script></p>',
        based_on=1,
        by=personas["expert_reviewing"],
        now=later(5),
    )
    assert saved.revision == 2
    assert saved.text == "<p>Adopt a law.</p>"
    revision = saved.revisions.get(number=2)
    assert (revision.saved_by, revision.saved_at) == (personas["expert_reviewing"], later(5))
    report.refresh_from_db()
    assert report.version == 2


def test_two_people_saving_the_same_section_lose_no_edit(
    report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.OBSERVATIONS)
    services.save_section(
        section=section, text="<p>First reviewer.</p>", based_on=1, by=personas["expert_reviewing"]
    )
    with pytest.raises(services.StaleSection) as stale:
        services.save_section(
            section=section,
            text="<p>Second reviewer.</p>",
            based_on=1,
            by=personas["focal_point_reviewing"],
        )
    assert stale.value.current.text == "<p>First reviewer.</p>"
    assert stale.value.theirs == "<p>Second reviewer.</p>"
    section.refresh_from_db()
    assert section.text == "<p>First reviewer.</p>"
    merged = services.save_section(
        section=section,
        text="<p>First reviewer. Second reviewer.</p>",
        based_on=stale.value.current.revision,
        by=personas["focal_point_reviewing"],
    )
    assert merged.revision == 3


def test_the_merge_page_shows_theirs_and_keeps_yours_in_the_editor(
    client: Client, report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.OBSERVATIONS)
    services.save_section(
        section=section, text="<p>Theirs wins.</p>", based_on=1, by=personas["expert_reviewing"]
    )
    client.force_login(personas["focal_point_reviewing"])
    response = client.post(
        reverse("reports:save", kwargs={"review_id": report.review_id}),
        {"section": section.pk, "based_on": 1, "text": "<p>Mine too.</p>"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Theirs wins." in page
    assert "Mine too." in page
    assert 'name="based_on" value="2"' in page
    assert "<ins>" in page


def test_comparing_two_versions_marks_insertions_and_deletions() -> None:
    result = compare.compare("<p>The law covers groups.</p>", "<p>The new law covers gangs.</p>")
    assert "<ins> new</ins>" in result.html
    assert "<del>groups.</del>" in result.html
    assert "<ins>gangs.</ins>" in result.html
    assert (result.inserted, result.deleted) == (2, 1)
    assert "&lt;b&gt;" in compare.compare("", "<p>&lt;b&gt;</p>").html


def test_the_history_page_compares_any_two_revisions(
    client: Client, report: Report, personas: dict[str, Person]
) -> None:
    section = section_of(report, SectionKind.OBSERVATIONS)
    for number, text in enumerate(["<p>One</p>", "<p>One two</p>", "<p>Three</p>"], start=1):
        services.save_section(
            section=section, text=text, based_on=number, by=personas["expert_reviewing"]
        )
    client.force_login(personas["focal_point_under_review"])
    url = reverse("reports:history", kwargs={"review_id": report.review_id})
    page = client.get(url, {"section": section.pk, "a": 2, "b": 3}).content.decode()
    assert "<ins> two</ins>" in page
    assert "<del>" not in page.split('id="comparison"')[1].split("All revisions")[0]


def test_the_state_under_review_asks_for_explanations_answered_in_the_thread(
    report: Report, personas: dict[str, Person]
) -> None:
    challenges = section_of(report, SectionKind.CHALLENGES)
    asked = services.add_comment(
        section=challenges,
        text="How could coordination between agencies be improved?",
        kind="explanation_request",
        by=personas["focal_point_under_review"],
    )
    services.add_comment(
        section=challenges,
        text="A joint task force, as in our country.",
        parent=asked,
        by=personas["expert_reviewing"],
    )
    assert [c.text for c in asked.replies.all()] == ["A joint task force, as in our country."]
    with pytest.raises(PermissionDenied):
        services.add_comment(
            section=challenges,
            text="Reviewers do not ask for explanations.",
            kind="explanation_request",
            by=personas["expert_reviewing"],
        )
    assert Comment.objects.filter(section=challenges).count() == 2


def test_a_need_needs_its_type_article_description_and_priority(
    report: Report, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="describe the need"):
        services.save_need(
            report=report,
            by=personas["expert_reviewing"],
            kind="legislative",
            article="5",
            description=" ",
            priority="high",
        )
    need = services.save_need(
        report=report,
        by=personas["expert_reviewing"],
        kind="institutional",
        article="5",
        description="A central authority.",
        priority="high",
    )
    with pytest.raises(services.StaleNeed):
        services.save_need(
            report=report,
            by=personas["expert_reviewing"],
            kind="institutional",
            article="5",
            description="Changed.",
            priority="low",
            need=need,
            based_on=0,
        )
