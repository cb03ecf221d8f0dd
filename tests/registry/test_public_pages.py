"""The public pages of the reference data render without sign-in, in the six languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    reverse("home"),
    reverse("registry:instruments"),
    reverse("registry:instrument", kwargs={"code": "TIP"}),
    reverse("registry:clusters"),
    reverse("registry:states"),
    reverse("registry:state", kwargs={"code": "CIV"}),
]

# One word of the interface per language, from the translated catalogue.
INSTRUMENTS_WORD = {
    "ar": "الصكوك",
    "zh-hans": "文书",
    "en": "Instruments",
    "fr": "Instruments",
    "ru": "Документы",
    "es": "Instrumentos",
}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_every_public_page_renders_in_every_language(
    client: Client, reference_data: None, url: str, language: str
) -> None:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert INSTRUMENTS_WORD[language] in html


def test_the_state_page_shows_the_state_name_in_the_reader_language(
    client: Client, reference_data: None
) -> None:
    response = client.get(
        reverse("registry:state", kwargs={"code": "FRA"}), headers={"accept-language": "ru"}
    )
    assert "<h1>Франция</h1>" in response.content.decode()


def test_the_legal_system_is_said_in_the_reader_language_family_by_family(
    client: Client, reference_data: None
) -> None:
    # Andorra: "mixed: civil law + customary law + other religious law" in the reference data.
    html = client.get(
        reverse("registry:state", kwargs={"code": "AND"}), headers={"accept-language": "fr"}
    ).content.decode()
    assert "mixte\u00a0: droit civil + droit coutumier + autre droit religieux" in html
    assert "civil law" not in html


def test_the_adopting_resolution_and_the_cluster_notes_are_in_the_reader_language(
    client: Client, reference_data: None
) -> None:
    instruments = client.get(
        reverse("registry:instruments"), headers={"accept-language": "es"}
    ).content.decode()
    assert "resolución 55/255 de la Asamblea General" in instruments
    assert "General Assembly" not in instruments
    clusters = client.get(
        reverse("registry:clusters"), headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert "P&amp;R附录二表1和表2" in clusters
    assert "Firearms Protocol article 11" not in clusters


def test_an_unverified_status_reads_to_be_confirmed_never_none(
    client: Client, reference_data: None
) -> None:
    html = client.get(reverse("registry:state", kwargs={"code": "PRK"})).content.decode()
    assert "To be confirmed" in html
    assert "Not a party" not in html


def test_the_state_list_filters_by_regional_group_and_instrument(
    client: Client, reference_data: None
) -> None:
    response = client.get(
        reverse("registry:states"),
        {"regional_group": "Eastern European", "instrument": "FIREARMS"},
    )
    codes = [s.code for s in response.context["states"]]
    assert codes == sorted(codes)
    assert "ALB" in codes  # Eastern European, party to the Firearms Protocol
    assert "FRA" not in codes  # another regional group
    assert "GEO" not in codes  # Eastern European, Firearms status to be confirmed
    assert "RUS" not in codes  # Eastern European, not a party to the Firearms Protocol
    assert all(s.regional_group == "Eastern European" for s in response.context["states"])


def test_the_state_list_is_not_ranked(client: Client, reference_data: None) -> None:
    """P&R para 3 (b): States come in code order whatever the filter."""
    response = client.get(reverse("registry:states"), {"instrument": "TIP"})
    codes = [s.code for s in response.context["states"]]
    assert codes == sorted(codes)


def test_an_unknown_state_is_not_found(client: Client, reference_data: None) -> None:
    assert client.get(reverse("registry:state", kwargs={"code": "XXX"})).status_code == 404


def test_the_state_list_takes_few_queries(
    client: Client, reference_data: None, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get(reverse("registry:states")).status_code == 200


def test_anyone_can_switch_the_language_without_signing_in(
    client: Client, reference_data: None
) -> None:
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/states/"})
    assert response.status_code == 302
    assert response.headers["location"] == "/states/"
    assert 'dir="rtl"' in client.get("/states/").content.decode()
