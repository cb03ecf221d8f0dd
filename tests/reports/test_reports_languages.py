"""The report's pages in the six languages, with a real report: no interface text left in
English, French typography respected (P&R para 43), using the site's language sweep."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from report_helpers import approve_by_the_three, section_of
from revmech.accounts.models import Person
from revmech.reports import services
from revmech.reports.models import Report, SectionKind

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from test_language_sweep import (
    FRENCH_COLON_WITHOUT_NBSP,
    data_names,
    interface_texts,
    untranslated,
)

pytestmark = pytest.mark.django_db
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def _final(report: Report, focal_points: dict[str, Person], personas: dict[str, Person]) -> None:
    services.save_section(
        section=section_of(report, SectionKind.OBSERVATIONS),
        text="<p>Adopt a law.</p>",
        based_on=1,
        by=personas["expert_reviewing"],
    )
    services.add_comment(
        section=section_of(report, SectionKind.OBSERVATIONS),
        text="A comment.",
        by=personas["expert_reviewing"],
    )
    approve_by_the_three(report, focal_points)
    report.refresh_from_db()
    services.publish_report(
        report=report,
        section_ids=[section_of(report, SectionKind.SUCCESSES).pk],
        by=focal_points["KEN"],
    )


def _render(client: Client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_report_pages_are_translated(
    client: Client,
    at_draft_report: Report,
    focal_points: dict[str, Person],
    personas: dict[str, Person],
) -> None:
    report = at_draft_report
    by_review = {"review_id": report.review_id}
    section = section_of(report, SectionKind.OBSERVATIONS)
    anchor = f"?section={section.pk}"
    draft_pages: list[tuple[str, str]] = [
        ("expert_reviewing", reverse("reports:report", kwargs=by_review)),
        ("expert_reviewing", reverse("reports:section", kwargs=by_review) + anchor),
        ("focal_point_under_review", reverse("reports:history", kwargs=by_review) + anchor),
        ("expert_reviewing", reverse("reports:list")),
    ]
    problems: dict[str, set[str]] = {}
    names = {language: data_names(language) for language in OTHER_LANGUAGES}

    def sweep(pages: list[tuple[str, str]]) -> None:
        for persona, url in pages:
            client.force_login(personas[persona])
            english = interface_texts(_render(client, url, "en"))
            for language in OTHER_LANGUAGES:
                page = interface_texts(_render(client, url, language))
                left: set[str] = untranslated(english, page, names[language])
                if language == "fr":
                    left |= {
                        f"(typography) {t}"
                        for t in page
                        if FRENCH_COLON_WITHOUT_NBSP.search(names[language].sub(" ", t))
                    }
                if left:
                    problems.setdefault(url, set()).update(f"[{language}] {t}" for t in left)

    sweep(draft_pages)
    _final(report, focal_points, personas)
    sweep(
        [
            ("secretariat", reverse("reports:summary", kwargs=by_review)),
            ("expert_reviewing", reverse("reports:report", kwargs=by_review)),
            ("no_role", reverse("reports:public", kwargs=by_review)),
            ("no_role", reverse("reports:summaries")),
        ]
    )
    assert not problems, "\n".join(
        f"{url}: " + " | ".join(sorted(texts)[:12]) for url, texts in sorted(problems.items())
    )
