"""The working groups' view of the needs, their recommendations and report to the Conference
(P&R para 40 and its note), and the figures on the Mechanism's functioning (para 5)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from revmech.accounts.models import Appointment, Person
from revmech.followup import functioning, services
from revmech.followup.models import Need, Recommendation
from revmech.registry.models import Instrument, WorkingGroup
from revmech.reviews.models import CountryReview, EventKind, ReviewEvent, Stage

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def _member_of(person: Person, code: str) -> Person:
    Appointment.objects.filter(person=person).update(
        working_group=WorkingGroup.objects.get(code=code)
    )
    return Person.objects.get(pk=person.pk)


def test_the_working_group_sees_needs_records_a_recommendation_and_reports(
    client: Client, personas: dict[str, Person], need: Need, other_need: Need
) -> None:
    member = _member_of(personas["working_group_member"], "WGTA")
    client.force_login(member)
    page = client.get(reverse("followup:working_group", args=["WGTA"])).content.decode()
    assert "Kenya needs help" in page
    assert "Brazil training" in page
    with pytest.raises(PermissionDenied):
        services.record_recommendation(
            working_group=WorkingGroup.objects.get(code="WGTA"),
            by=member,
            text="x",
            adopted_on=dt.date(2027, 6, 3),
            now=NOW,
        )
    client.force_login(personas["secretariat_unassigned"])
    response = client.post(
        reverse("followup:recommend", args=["WGTA"]),
        {
            "text": "Donors are encouraged to support legislative drafting.",
            "adopted_on": "2027-06-03",
            "instrument": "UNTOC",
            "assistance_type": "legislative",
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.instrument.code, recommendation.assistance_type) == (  # type: ignore[union-attr]
        "UNTOC",
        "legislative",
    )
    client.force_login(member)
    report = client.get(reverse("followup:working_group_docx", args=["WGTA"]))
    assert report.status_code == 200
    document = docx.Document(io.BytesIO(report.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Donors are encouraged to support legislative drafting." in text
    assert "Technical assistance needs: 2" in text
    assert "Kenya" not in text
    assert "Brazil" not in text
    assert len(document.inline_shapes) >= 1  # the figures, as on the page


def test_under_the_note_to_para_40_each_protocol_group_sees_its_protocol(
    client: Client, personas: dict[str, Person], need: Need, other_need: Need, settings: object
) -> None:
    settings.FOLLOWUP_MANDATES = "note40"  # type: ignore[attr-defined]
    member = _member_of(personas["working_group_member"], "WGTIP")
    client.force_login(member)
    page = client.get(reverse("followup:working_group", args=["WGTIP"])).content.decode()
    assert "Brazil training" in page
    assert "Kenya needs help" not in page
    assert client.get(reverse("followup:working_group", args=["WGTA"])).status_code == 404
    settings.FOLLOWUP_MANDATES = "para40"  # type: ignore[attr-defined]
    assert client.get(reverse("followup:working_group", args=["WGTIP"])).status_code == 404


def test_arabic_reports_set_their_paragraphs_right_to_left(
    client: Client, personas: dict[str, Person], need: Need
) -> None:
    client.force_login(personas["secretariat"])
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("followup:working_group_docx", args=["WGTA"]))
    document = docx.Document(io.BytesIO(response.content))
    xml = document.element.xml
    assert "w:bidi" in xml


def _event(review: CountryReview, kind: str, day: int) -> None:
    ReviewEvent.objects.create(
        review=review,
        kind=kind,
        occurred_on=review.drawn_on + dt.timedelta(days=day),
        recorded_at=NOW,
    )


def test_the_functioning_figures_are_medians_and_spreads_counted_by_hand(
    review: CountryReview,
) -> None:
    """Three reviews: consultations held after 10, 20 and 40 days (deadline 21 days, para 23)."""
    from revmech.registry.models import State

    reviews = [review]
    for code in ("GHA", "UGA"):
        reviews.append(
            CountryReview.objects.create(
                state_under_review=State.objects.get(code=code),
                instrument=Instrument.objects.get(code="UNTOC"),
                phase=1,
                year=1,
                drawn_on=review.drawn_on,
                stage=Stage.SELF_ASSESSMENT,
            )
        )
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    for item, days in zip(reviews, (10, 20, 40), strict=True):
        _event(item, EventKind.CONSULTATIONS_HELD, days)
    figures = functioning.measure(today=review.drawn_on + dt.timedelta(days=200))
    consultations = next(s for s in figures.spreads if s.key == "consultations")
    assert consultations.durations == (10, 20, 40)
    assert consultations.median == 20
    assert consultations.quartiles == (15, 30)
    deadlines = {row.key: values for row, values in figures.deadlines.rows}
    assert deadlines["consultations"] == (2, 1, 0, 0)  # on time, late, overdue, pending
    assert deadlines["self_assessment"][2] == 3  # three months passed: all overdue (para 26)
    stages = {row.key: sum(values) for row, values in figures.stages.rows}
    assert stages[Stage.SELF_ASSESSMENT] == 3
    assert sum(figures.on_time_by_quarter) == 2
    assert sum(figures.late_by_quarter) == 1


def test_only_the_secretariat_exports_the_functioning(
    client: Client, personas: dict[str, Person], review: CountryReview
) -> None:
    member = _member_of(personas["working_group_member"], "WGTA")
    client.force_login(member)
    assert client.get(reverse("followup:functioning")).status_code == 200
    assert client.get(reverse("followup:functioning_docx")).status_code == 404
    client.force_login(personas["secretariat_unassigned"])
    exported = client.get(reverse("followup:functioning_csv"))
    assert exported.status_code == 200
    assert "Median (days)" in exported.content.decode()


def test_the_command_collects_and_writes_the_reports(
    need: Need, tmp_path: object, reference_data: None
) -> None:
    from pathlib import Path

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("followup", "collect", stdout=out)
    assert "0 new needs" in out.getvalue()
    target = Path(str(tmp_path)) / "wgta.docx"
    call_command("followup", "report", "group", "WGTA", str(target), stdout=out)
    assert "Technical assistance needs: 1" in "\n".join(
        p.text for p in docx.Document(str(target)).paragraphs
    )
    with pytest.raises(CommandError, match="WGTIP is not a working group with a mandate"):
        call_command("followup", "report", "group", "WGTIP", str(target))
