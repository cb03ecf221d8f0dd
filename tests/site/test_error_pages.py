"""The error pages speak the reader's language, as every page does (issue 16): Django's own
404, 403, 400 and 500 pages are English whatever the language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_page_that_does_not_exist_says_so_in_the_reader_language(client: Client) -> None:
    client.cookies["django_language"] = "ru"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert 'lang="ru"' in html
    assert "Not Found" not in html


@pytest.mark.parametrize(
    ("language", "forbidden", "bad", "error"),
    [
        ("fr", "Non autorisé", "Requête incomprise", "Une erreur s’est produite"),  # noqa: RUF001
        ("ar", "غير مسموح", "تعذر فهم الطلب", "حدث خطأ"),
    ],
)
def test_the_other_error_pages_are_in_the_reader_language(
    language: str, forbidden: str, bad: str, error: str
) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        pages = {
            403: defaults.permission_denied(request, PermissionDenied()).content.decode(),
            400: defaults.bad_request(request, Exception()).content.decode(),
            500: defaults.server_error(request).content.decode(),
        }
    assert forbidden in pages[403]
    assert bad in pages[400]
    assert error in pages[500]
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in pages[500]
