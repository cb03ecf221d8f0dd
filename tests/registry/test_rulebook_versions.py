"""Rulebook versions with the day they take effect: a page, `revmech rulebook`, every version
kept (P&R para 6)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Person
from revmech.audit.models import Entry
from revmech.registry import services
from revmech.registry.models import RulebookVersion
from revmech.registry.rulebooks import Rulebooks
from revmech.rules import RuleViolation
from revmech.rules.lots import config_from_rulebook
from revmech.rules.rulebook import default_rulebook, version_to_json

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def _amended(code: str = "2027-cop10", max_reviews: int = 4) -> dict[str, Any]:
    version = version_to_json(default_rulebook())
    version["code"], version["source"] = code, "Decision 10/1"
    version["rules"]["reviews_per_state_max"]["count"] = max_reviews
    del version["is_default"]
    return version


def test_a_version_is_kept_and_governs_from_its_day(
    reference_data: None, personas: dict[str, Person]
) -> None:
    day = dt.date(2027, 1, 1)
    services.add_rulebook_version(
        version=_amended(), effective_on=day, by=personas["secretariat"], today=TODAY
    )
    books = Rulebooks()
    assert books.in_force(day - dt.timedelta(days=1)).code == "2017-draft"
    assert books.in_force(day).code == "2027-cop10"
    assert config_from_rulebook(books.in_force(day)).max_reviews == 4
    assert Entry.objects.filter(action="registry.rulebook.added").count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda v: v["rules"].pop("desk_review"), "desk_review is missing"),
        (lambda v: v["rules"]["consultations"].update(weeks=-1), "whole number"),
        (lambda v: v.update(code="2017-draft"), "exists already"),
    ],
)
def test_a_bad_version_is_refused_naming_the_problem(
    reference_data: None, personas: dict[str, Person], change: Any, message: str
) -> None:
    version = _amended()
    change(version)
    with pytest.raises(RuleViolation, match=message):
        services.add_rulebook_version(
            version=version, effective_on=TODAY, by=personas["secretariat"], today=TODAY
        )
    assert RulebookVersion.objects.count() == 1


def test_a_version_cannot_take_effect_in_the_past(
    reference_data: None, personas: dict[str, Person]
) -> None:
    with pytest.raises(RuleViolation, match="today or later"):
        services.add_rulebook_version(
            version=_amended(),
            effective_on=TODAY - dt.timedelta(days=1),
            by=personas["secretariat"],
            today=TODAY,
        )


def test_only_the_secretariat_adds_a_version(
    reference_data: None, personas: dict[str, Person]
) -> None:
    with pytest.raises(PermissionDenied):
        services.add_rulebook_version(
            version=_amended(),
            effective_on=TODAY,
            by=personas["focal_point_under_review"],
            today=TODAY,
        )


def test_the_command_adds_shows_and_diffs(reference_data: None, tmp_path: Any) -> None:
    path = tmp_path / "amendment.json"
    path.write_text(json.dumps(_amended()))
    out = io.StringIO()
    call_command("rulebook", "add", str(path), "--effective-on", "2099-01-01", stdout=out)
    assert "2027-cop10 kept" in out.getvalue()
    out = io.StringIO()
    call_command("rulebook", "diff", "2017-draft", "2027-cop10", stdout=out)
    assert "reviews_per_state_max" in out.getvalue()
    assert "3 -> 4" in out.getvalue()
    out = io.StringIO()
    call_command("rulebook", "show", "--on", "2099-01-02", stdout=out)
    assert out.getvalue().startswith("2027-cop10")
    out = io.StringIO()
    call_command("rulebook", "show", "2027-cop10", "--json", stdout=out)
    assert json.loads(out.getvalue())["versions"][0]["effective_on"] == "2099-01-01"
    with pytest.raises(CommandError, match="No rulebook version"):
        call_command("rulebook", "show", "nope", stdout=io.StringIO())


def test_the_page_is_public_and_the_secretariat_adds_through_it(
    client: Client, reference_data: None, personas: dict[str, Person]
) -> None:
    page = client.get(reverse("registry:rulebook"))
    assert page.status_code == 200
    assert "2017-draft" in page.content.decode()
    assert "Keep this version" not in page.content.decode()
    client.force_login(personas["secretariat"])
    response = client.post(
        reverse("registry:add_rulebook_version"),
        {
            "code": "2099-test",
            "source": "Decision",
            "effective_on": "2099-01-01",
            "rules": json.dumps(_amended()["rules"]),
        },
    )
    assert response.status_code == 302
    assert RulebookVersion.objects.filter(code="2099-test").exists()
    bad = client.post(
        reverse("registry:add_rulebook_version"),
        {"code": "2099-bad", "effective_on": "2099-01-01", "rules": "{not json"},
    )
    assert "not JSON" in bad.content.decode()


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Le règlement\u00a0: les chiffres des procédures"),
        ("es", "El reglamento: las cifras de los procedimientos"),
        ("ru", "Свод правил: числа процедур"),
        ("zh-hans", "规则手册：程序中的各项数字"),  # noqa: RUF001 - Chinese punctuation
        ("ar", "دليل القواعد: أرقام الإجراءات"),
    ],
)
def test_the_rulebook_page_speaks_the_reader_language(
    client: Client, reference_data: None, language: str, title: str
) -> None:
    response = client.get(reverse("registry:rulebook"), headers={"accept-language": language})
    assert title in response.content.decode()


def test_the_rulebook_page_says_each_period_in_the_reader_language(
    client: Client, reference_data: None
) -> None:
    html = client.get(
        reverse("registry:rulebook"), headers={"accept-language": "ru"}
    ).content.decode()
    assert "3 недели" in html  # consultations, 3 weeks (P&R para 23)
    assert "6 месяцев (ориентировочный срок)" in html  # the draft report's target (para 33)
    assert "weeks" not in html.split("<textarea")[0]
    assert "жеребьевка" in html  # the event a period runs from
    assert "draw_of_lots" not in html
