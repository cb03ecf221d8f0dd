"""The follow-up speaks the six working languages (P&R para 43): its pages and reports."""

from __future__ import annotations

import io

import docx
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Analyse thématique pour la Conférence"),
        ("es", "Análisis temático para la Conferencia"),
        ("ru", "Тематический анализ для Конференции"),
        ("ar", "التحليل المواضيعي لمؤتمر الأطراف"),
        ("zh-hans", "供缔约方会议使用的专题分析"),
    ],
)
def test_the_analysis_page_and_report_are_translated(
    client: Client, reference_data: None, language: str, title: str
) -> None:
    client.cookies["django_language"] = language
    page = client.get("/followup/analysis/").content.decode()
    assert title in page
    report = client.get("/followup/analysis/report.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs)
    assert title in text
