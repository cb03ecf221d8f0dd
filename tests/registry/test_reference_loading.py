"""Loading the reference data: counts match the files, a second load changes nothing, a broken
file is refused whole with file, line and field named (issue: foundation)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from revmech.registry import models, services
from revmech.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("revmech.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_state_of_the_files_is_loaded(reference_data: None) -> None:
    rows = _csv_rows("states.csv") + _csv_rows("regional_organizations.csv")
    assert models.State.objects.count() == len(rows)
    assert set(models.State.objects.values_list("code", flat=True)) == {r["iso3"] for r in rows}


@pytest.mark.parametrize(
    ("instrument", "column"),
    [("UNTOC", "untoc"), ("TIP", "tip"), ("SOM", "som"), ("FIREARMS", "firearms")],
)
def test_parties_per_instrument_match_the_files(
    reference_data: None, instrument: str, column: str
) -> None:
    rows = _csv_rows("states.csv") + _csv_rows("regional_organizations.csv")
    expected = {r["iso3"] for r in rows if r[column] == "party"}
    loaded = set(
        models.Participation.objects.filter(
            instrument__code=instrument, status=models.TreatyStatus.PARTY
        ).values_list("state__code", flat=True)
    )
    assert loaded == expected


def test_an_empty_treaty_cell_is_loaded_as_to_be_confirmed(reference_data: None) -> None:
    rows = _csv_rows("states.csv")
    empty = {(r["iso3"], "FIREARMS") for r in rows if r["firearms"] == ""}
    unverified = set(
        models.Participation.objects.filter(status="", instrument__code="FIREARMS").values_list(
            "state__code", "instrument__code"
        )
    )
    assert unverified == empty
    assert empty  # the shipped data has such cells


def test_a_second_load_changes_nothing(reference_data: None) -> None:
    before = models.Participation.objects.count()
    report = services.load_reference()
    assert not report.changed
    assert models.Participation.objects.count() == before


def test_a_load_that_changes_nothing_reads_each_table_once(
    reference_data: None, django_assert_max_num_queries: Any
) -> None:
    """About 1,900 queries before (one per row); now one read per table (issue 17)."""
    with django_assert_max_num_queries(20):
        report = services.load_reference()
    assert not report.changed


def test_a_load_restores_a_tampered_row(reference_data: None) -> None:
    models.State.objects.filter(code="FRA").update(regional_group="African")
    report = services.load_reference()
    assert report.updated == {"State": 1}
    assert models.State.objects.get(code="FRA").regional_group == "Western European and others"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("regional_group", "Atlantis Group", "field 'regional_group'"),
        ("untoc_date", "2003-02-30", "field 'untoc_date'"),
        ("iso3", "ALB", "field 'iso3': ALB is a duplicate of line 4"),
        ("tip", "maybe", "field 'tip'"),
    ],
)
def test_a_broken_file_is_refused_whole_and_names_line_and_field(
    reference_data: None, tmp_path: Path, column: str, value: str, message: str
) -> None:
    rows = _csv_rows("states.csv")
    rows[9][column] = value  # line 11 of the file (header is line 1)
    path = tmp_path / "states.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    models.Participation.objects.all().delete()
    models.State.objects.all().delete()
    with pytest.raises(RuleViolation) as caught:
        services.load_reference(state_files=[path])
    assert "states.csv, line 11" in caught.value.message
    assert message in caught.value.message
    assert models.State.objects.count() == 0


def test_the_secretariat_confirms_a_status_and_the_files_do_not_undo_it(
    reference_data: None,
) -> None:
    participation = models.Participation.objects.get(state__code="DEU", instrument__code="FIREARMS")
    assert not participation.is_verified
    services.confirm_participation(
        participation=participation,
        status="party",
        deposited_on=None,
        source="Depositary notification C.N.123.2021",
        changed_by="secretariat",
    )
    services.load_reference()
    participation.refresh_from_db()
    assert participation.status == "party"
    change = participation.changes.get()
    assert (change.old_status, change.new_status) == ("", "party")
    assert change.source == "Depositary notification C.N.123.2021"


def test_a_confirmation_without_a_source_is_refused(reference_data: None) -> None:
    participation = models.Participation.objects.get(state__code="DEU", instrument__code="FIREARMS")
    with pytest.raises(services.StatusError, match="source"):
        services.confirm_participation(
            participation=participation,
            status="party",
            deposited_on=None,
            source=" ",
            changed_by="secretariat",
        )
    participation.refresh_from_db()
    assert participation.status == ""
    assert not participation.changes.exists()


def test_reference_check_lists_every_cell_to_be_confirmed(
    reference_data: None, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _csv_rows("states.csv")
    expected = sum(1 for r in rows for c in ("untoc", "tip", "som", "firearms") if r[c] == "")
    call_command("reference", "check")
    out = capsys.readouterr().out
    assert f"{expected} statuses to be confirmed." in out
    assert "PRK\tUNTOC\tto be confirmed" in out


def test_the_secretariat_confirms_a_status_from_its_page(
    client: Client, personas: dict[str, Any]
) -> None:
    participation = models.Participation.objects.get(state__code="DEU", instrument__code="FIREARMS")
    client.force_login(personas["secretariat"])
    page = client.get(reverse("registry:to_confirm"))
    assert participation in page.context["participations"]
    response = client.post(
        reverse("registry:confirm", kwargs={"participation_id": participation.pk}),
        {"status": "party", "deposited_on": "2021-06-24", "source": "C.N.321.2021"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.status, str(participation.deposited_on)) == ("party", "2021-06-24")
    assert participation not in client.get(reverse("registry:to_confirm")).context["participations"]


def test_a_confirmation_without_a_source_is_refused_on_the_page(
    client: Client, personas: dict[str, Any]
) -> None:
    participation = models.Participation.objects.get(state__code="DEU", instrument__code="FIREARMS")
    client.force_login(personas["secretariat"])
    response = client.post(
        reverse("registry:confirm", kwargs={"participation_id": participation.pk}),
        {"status": "party", "source": ""},
        follow=True,
    )
    assert "This field is required." in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == ""
