"""The report is confidential (P&R paras 32, 37): an outsider gets nothing of it, whatever the
path (pages, old versions, comments, the API), and every read is in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from report_helpers import section_of
from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.reports import permissions, services
from revmech.reports.models import Report, SectionKind

pytestmark = pytest.mark.django_db

SECRET = "Unpublished secret observation"


@pytest.fixture
def confidential(report: Report, personas: dict[str, Person]) -> Report:
    section = section_of(report, SectionKind.OBSERVATIONS)
    services.save_section(
        section=section, text=f"<p>{SECRET}</p>", based_on=1, by=personas["expert_reviewing"]
    )
    services.add_comment(section=section, text=f"{SECRET} comment", by=personas["expert_reviewing"])
    return report


def _urls(report: Report) -> list[tuple[str, str]]:
    review_id = report.review_id
    section = section_of(report, SectionKind.OBSERVATIONS)
    return [
        (name, reverse(name, kwargs={"review_id": review_id}))
        for name, rule in permissions.ACCESS.items()
        if rule.subject == "review" and ":" in name
    ] + [
        (
            "section",
            reverse("reports:section", kwargs={"review_id": review_id}) + f"?section={section.pk}",
        ),
        (
            "history",
            reverse("reports:history", kwargs={"review_id": review_id})
            + f"?section={section.pk}&a=1&b=2",
        ),
        ("api", f"/api/reports/{review_id}/"),
        ("api-save", f"/api/reports/{review_id}/save-section/"),
    ]


@pytest.mark.parametrize(
    "persona",
    [
        "outsider",
        "observer_other_state",
        "secretariat_unassigned",
        "ngo",
        "no_role",
        "expert_reviewing_other_instrument",
    ],
)
def test_an_outsider_gets_nothing_of_the_report(
    client: Client, confidential: Report, personas: dict[str, Person], persona: str
) -> None:
    client.force_login(personas[persona])
    for name, url in _urls(confidential):
        for response in (client.get(url), client.post(url, {"section": 1, "text": "x"})):
            assert response.status_code in {404, 405}, (name, persona, response.status_code)
            body = response.content.decode()
            assert SECRET not in body, name
            assert "Kenya" not in body, name
    assert client.get("/api/reports/").json()["count"] == 0
    assert SECRET not in client.get(reverse("reports:list")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, confidential: Report) -> None:
    for name, url in _urls(confidential):
        response = client.get(url)
        assert response.status_code in {302, 401, 403, 404}, name
        assert SECRET not in response.content.decode()


def test_the_parties_read_and_each_read_is_logged(
    client: Client, confidential: Report, personas: dict[str, Person]
) -> None:
    for persona in ("focal_point_under_review", "expert_reviewing", "observer", "secretariat"):
        client.force_login(personas[persona])
        page = client.get(confidential.get_absolute_url()).content.decode()
        assert SECRET in page, persona
        assert Entry.objects.filter(
            action="reports.report.viewed", actor_id=personas[persona].pk
        ).exists()


def test_an_observer_reads_but_neither_edits_nor_comments(
    client: Client, confidential: Report, personas: dict[str, Person]
) -> None:
    client.force_login(personas["observer"])
    section = section_of(confidential, SectionKind.OBSERVATIONS)
    page = client.get(
        reverse("reports:section", kwargs={"review_id": confidential.review_id}),
        {"section": section.pk},
    ).content.decode()
    assert SECRET in page
    assert 'id="section-form"' not in page
    response = client.post(
        reverse("reports:save", kwargs={"review_id": confidential.review_id}),
        {"section": section.pk, "based_on": 2, "text": "<p>Observer edit</p>"},
    )
    assert response.status_code == 404
    section.refresh_from_db()
    assert SECRET in section.text


def test_the_report_page_stays_within_a_bounded_number_of_queries(
    client: Client, confidential: Report, personas: dict[str, Person], django_assert_max_num_queries
) -> None:
    client.force_login(personas["expert_reviewing"])
    with django_assert_max_num_queries(40):
        assert client.get(confidential.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "تقرير الاستعراض القطري"), ("zh-hans", "国别审议报告"), ("fr", "Rapport d'examen")],
)
def test_the_report_page_speaks_the_readers_language(
    client: Client, confidential: Report, personas: dict[str, Person], language: str, words: str
) -> None:
    client.force_login(personas["expert_reviewing"])
    page = client.get(confidential.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert words in text.replace("&#x27;", "'")
    assert ('dir="rtl"' in text) == (language == "ar")
