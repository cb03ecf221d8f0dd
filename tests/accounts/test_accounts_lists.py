"""The lists of focal points and governmental experts (P&R paras 13, 19), on the page and as
XLSX and PDF in the reader's language (para 43); every download is audited."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from revmech.accounts import lists
from revmech.accounts.models import Appointment, AppointmentStatus, ExpertProfile, Person, Role
from revmech.audit.models import Entry
from revmech.registry.models import Cluster, Instrument, State
from revmech.web import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor_here(settings: Any) -> None:
    """These tests are about the lists; the second factor has its own tests."""
    settings.MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = False


@pytest.fixture
def listed(personas: dict[str, Person], make_person: Any) -> dict[str, Person]:
    """Kenya's approved focal point and expert (with a profile), plus people not to list."""
    expert = personas["expert_under_review"]
    expert.first_name, expert.last_name = "Wanjiku", "Mwangi"
    expert.save()
    profile = ExpertProfile.objects.create(
        person=expert,
        professional_background="Prosecutor since 2008",
        current_position="Deputy Director of Public Prosecutions",
        offices_held="Head of the anti-trafficking task force",
        activities="Trainings on mutual legal assistance",
    )
    profile.clusters.add(Cluster.objects.filter(cluster_set__is_default=True).first())
    withdrawn = make_person(
        "withdrawn_expert", Role.EXPERT, "KEN", "UNTOC", status=AppointmentStatus.WITHDRAWN
    )
    pending = make_person("pending_expert", Role.EXPERT, "KEN", "UNTOC", status="nominated")
    return {"expert": expert, "withdrawn": withdrawn, "pending": pending}


def _read_xlsx(content: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat", True),
        ("focal_point_under_review", True),
        ("expert_reviewing", True),
        ("observer", True),
        ("working_group_member", True),
        ("ngo", False),
        ("no_role", False),
    ],
)
def test_who_sees_the_lists(
    client: Client, personas: dict[str, Person], persona: str, allowed: bool
) -> None:
    client.force_login(personas[persona])
    expected = 200 if allowed else 404
    assert client.get(reverse("accounts:lists")).status_code == expected
    export = reverse("accounts:lists_export", kwargs={"file_format": "xlsx"})
    assert client.get(export).status_code == expected
    assert Entry.objects.filter(action="accounts.lists.exported").exists() == allowed


def test_the_page_lists_approved_people_only(
    client: Client,
    personas: dict[str, Person],
    listed: dict[str, Person],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(personas["secretariat"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("accounts:lists"), {"instrument": "UNTOC"}).content.decode()
    assert "Wanjiku Mwangi" in page
    assert "Deputy Director of Public Prosecutions" in page
    assert "focal_point_under_review" in page
    assert "withdrawn_expert" not in page
    assert "pending_expert" not in page
    assert 'id="list-UNTOC"' in page
    assert 'id="list-TIP"' not in page  # only the instrument asked for
    assert page.index("FRA") < page.index("KEN") < page.index("NGA")


def test_an_unknown_instrument_or_format_is_not_found(
    client: Client, personas: dict[str, Person]
) -> None:
    client.force_login(personas["secretariat"])
    assert client.get(reverse("accounts:lists"), {"instrument": "NOPE"}).status_code == 404
    export = reverse("accounts:lists_export", kwargs={"file_format": "xlsx"})
    assert client.get(export, {"instrument": "NOPE"}).status_code == 404
    assert client.get("/people/lists/export.docx").status_code == 404


def test_the_xlsx_in_french_has_a_sheet_per_instrument_and_the_right_rows(
    client: Client, personas: dict[str, Person], listed: dict[str, Person]
) -> None:
    reader = personas["secretariat"]
    reader.language = "fr"
    reader.save()
    client.force_login(reader)
    response = client.get(reverse("accounts:lists_export", kwargs={"file_format": "xlsx"}))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == lists.XLSX_TYPE
    assert response.headers["Content-Disposition"].endswith('-fr.xlsx"')
    workbook = _read_xlsx(response.content)
    assert workbook.sheetnames == list(
        Instrument.objects.order_by("position").values_list("code", flat=True)
    )
    sheet = workbook["UNTOC"]
    header = [cell.value for cell in sheet[1]]
    with translation.override("fr"):
        assert header[1] == pgettext("country", "State") == "État"
        assert header[5] == gettext("Current position") == "Poste actuel"
    assert sheet.freeze_panes == "A2"
    assert not sheet.sheet_view.rightToLeft
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    names = [row[3] for row in rows]
    assert "Wanjiku Mwangi" in names
    assert "withdrawn_expert" not in names
    assert "pending_expert" not in names
    kenya = [row for row in rows if row[0] == "KEN"]
    assert [row[2] for row in kenya] == ["Point de contact", "Expert gouvernemental"]
    assert kenya[1][5] == "Deputy Director of Public Prosecutions"
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    assert workbook["TIP"].cell(row=2, column=4).value == "expert_reviewing_other_instrument"
    entry = Entry.objects.get(action="accounts.lists.exported")
    assert entry.actor_id == reader.pk
    assert entry.details["file_format"] == "xlsx"
    assert entry.details["language"] == "fr"


def test_the_xlsx_in_arabic_runs_right_to_left_with_arabic_names(
    client: Client, personas: dict[str, Person], listed: dict[str, Person]
) -> None:
    reader = personas["focal_point_under_review"]
    reader.language = "ar"
    reader.save()
    client.force_login(reader)
    url = reverse("accounts:lists_export", kwargs={"file_format": "xlsx"})
    workbook = _read_xlsx(client.get(url, {"instrument": "UNTOC"}).content)
    assert workbook.sheetnames == ["UNTOC"]
    sheet = workbook["UNTOC"]
    assert sheet.sheet_view.rightToLeft
    with translation.override("ar"):
        assert sheet.cell(row=1, column=2).value == pgettext("country", "State")
        kenya = State.objects.get(code="KEN").display_name
    assert sheet.cell(row=1, column=2).value == "الدولة"
    assert kenya in [cell.value for cell in sheet["B"]]


def _pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(  # noqa: S603 - a fixed program reading our own file
        [pdftotext, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    # Shaped Arabic may come back in presentation forms and with direction marks.
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if c not in "\u200e\u200f\u202a\u202b\u202c"
    )


def test_the_pdf_in_arabic_is_a_pdf_with_arabic_state_names(
    client: Client, personas: dict[str, Person], listed: dict[str, Person]
) -> None:
    reader = personas["secretariat"]
    reader.language = "ar"
    reader.save()
    client.force_login(reader)
    url = reverse("accounts:lists_export", kwargs={"file_format": "pdf"})
    response = client.get(url, {"instrument": "UNTOC"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with translation.override("ar"):
        kenya = State.objects.get(code="KEN").display_name
    assert kenya != "Kenya"
    text = _pdf_text(response.content)
    assert kenya in text
    assert "Wanjiku Mwangi" in text
    assert "withdrawn_expert" not in text
    entry = Entry.objects.get(action="accounts.lists.exported")
    assert (entry.details["file_format"], entry.details["instrument"]) == ("pdf", "UNTOC")


def test_the_pdf_in_chinese_renders_chinese(
    client: Client, personas: dict[str, Person], listed: dict[str, Person]
) -> None:
    reader = personas["secretariat"]
    reader.language = "zh-hans"
    reader.save()
    client.force_login(reader)
    url = reverse("accounts:lists_export", kwargs={"file_format": "pdf"})
    response = client.get(url, {"instrument": "UNTOC"})
    assert response.content.startswith(b"%PDF")
    with translation.override("zh-hans"):
        kenya = State.objects.get(code="KEN").display_name
    assert kenya in _pdf_text(response.content)


def test_a_missing_font_answers_with_the_package_to_install(
    client: Client,
    personas: dict[str, Person],
    listed: dict[str, Person],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_font = pdf.find_font
    monkeypatch.setattr(
        pdf, "find_font", lambda need: None if need.script == "arabic" else real_find_font(need)
    )
    reader = personas["secretariat"]
    reader.language = "ar"
    reader.save()
    client.force_login(reader)
    response = client.get(reverse("accounts:lists_export", kwargs={"file_format": "pdf"}))
    assert response.status_code == 503
    assert "fonts-noto-core" in response.content.decode()
    assert not Entry.objects.filter(action="accounts.lists.exported").exists()


def test_an_appointment_ended_today_leaves_the_list(
    client: Client, personas: dict[str, Person], listed: dict[str, Person]
) -> None:
    Appointment.objects.filter(person=listed["expert"]).update(
        status=AppointmentStatus.REPLACED, ended_at=timezone.now()
    )
    client.force_login(personas["secretariat"])
    page = client.get(reverse("accounts:lists")).content.decode()
    assert "Wanjiku Mwangi" not in page
