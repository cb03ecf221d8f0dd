"""Zip bombs and slow checks (P&R para 32): an archive is refused by its directory before
anything in it is decompressed, and no upload is checked inside a database transaction."""

from __future__ import annotations

import ast
import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

import revmech
from revmech.accounts.models import Person
from revmech.meetings import services as meeting_services
from revmech.questionnaires import services as questionnaire_services
from revmech.reviews import services as review_services
from revmech.reviews.models import CountryReview, Stage
from revmech.rules import RuleViolation
from revmech.web import uploads

SOURCE = Path(revmech.__file__).parent
LIMIT = 20 * 1024 * 1024


def _zeros(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    with archive.open(name, "w", force_zip64=True) as entry:
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            entry.write(chunk)


def _bomb(kind: str, megabytes: int = 64) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "odt":
            _zeros(archive, "mimetype", megabytes)
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            _zeros(archive, "word/document.xml", megabytes)
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(("kind", "name"), [("odt", "report.odt"), ("docx", "report.docx")])
def test_a_zip_bomb_is_refused_without_decompressing_it(kind: str, name: str) -> None:
    data = _bomb(kind)
    assert len(data) < 1024 * 1024  # 64 MB of zeros in well under 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(RuleViolation, match="refused unopened") as refused:
            uploads.check_upload(_upload(name, data), limit_bytes=LIMIT)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert name in refused.value.message
    assert peak < 8 * 1024 * 1024  # the 64 MB entry was never expanded


def test_too_many_entries_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(uploads.MAX_ARCHIVE_ENTRIES + 1):
            archive.writestr(f"word/{number}.xml", "")
    with pytest.raises(RuleViolation, match="more than 1000 files"):
        uploads.check_upload(_upload("many.docx", buffer.getvalue()), limit_bytes=LIMIT)


def test_a_declared_expansion_beyond_the_bound_is_refused() -> None:
    infos = []
    for number in range(3):
        info = zipfile.ZipInfo(f"xl/media/{number}.png")
        info.file_size = 90 * 1024 * 1024
        info.compress_size = 89 * 1024 * 1024
        infos.append(info)
    with pytest.raises(uploads.UnsafeArchive, match="expand to more than 200 MB"):
        uploads.check_archive(infos)


def test_an_ordinary_word_file_passes() -> None:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    for number in range(200):
        document.add_paragraph(f"Paragraph {number} of an ordinary report on article 5.")
    document.save(buffer)
    checked = uploads.check_upload(_upload("report.docx", buffer.getvalue()), limit_bytes=LIMIT)
    assert checked.kind is uploads.DOCX


# No upload is checked inside a transaction: a slow check would hold the database's write lock
# (on SQLite, the whole database) for its whole length.


@pytest.fixture
def check_depths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The transaction depth at each upload check, relative to the test's own transaction."""
    baseline = len(connection.atomic_blocks)
    depths: list[int] = []
    real = uploads.check_upload

    def spy(*args: Any, **kwargs: Any) -> uploads.CheckedFile:
        depths.append(len(connection.atomic_blocks) - baseline)
        return real(*args, **kwargs)

    monkeypatch.setattr(uploads, "check_upload", spy)
    return depths


@pytest.mark.django_db
def test_uploads_are_checked_before_any_transaction_opens(
    check_depths: list[int],
    review: CountryReview,
    personas: dict[str, Person],
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    now = dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)
    focal_point = personas["focal_point_under_review"]
    review_services.upload_document(
        review=review, by=focal_point, upload=_upload("a.txt", b"Schedule"), title="A", now=now
    )
    review_services.add_reference(
        review=review,
        by=personas["secretariat"],
        mechanism="FATF",
        title="Mutual evaluation",
        now=now,
        upload=_upload("b.txt", b"Evaluation"),
    )
    meeting_services.issue_document(
        session=meeting_services.record_session(
            body="wgta",
            number=17,
            starts_on=dt.date(2026, 9, 8),
            ends_on=dt.date(2026, 9, 10),
            place="Vienna",
            actor=personas["secretariat"],
        ),
        kind="summary",
        titles={"en": "Executive summary"},
        issued_on=dt.date(2026, 9, 1),
        files={"en": _upload("c.pdf", b"%PDF-1.4 summary")},
        actor=personas["secretariat"],
    )
    questionnaire_services.ensure_first_phase_definitions()
    CountryReview.objects.filter(pk=review.pk).update(stage=Stage.SELF_ASSESSMENT)
    review.refresh_from_db()
    questionnaire = questionnaire_services.start_questionnaire(review=review, by=None)
    questionnaire_services.add_attachment(
        questionnaire=questionnaire, upload=_upload("d.txt", b"Statistics"), by=focal_point
    )
    assert check_depths == [0, 0, 0, 0]


CHECKS = {"check_upload", "sniff", "_zipped", "check_archive"}
# The demonstration loads its data in one transaction, through the same services as the
# pages; it runs from the command line on files the platform writes itself, never on a request.
PLATFORM_MADE = {
    "site/management/commands/demo.py:handle",
}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _is_atomic(expr: ast.AST) -> bool:
    target = expr.func if isinstance(expr, ast.Call) else expr
    return isinstance(target, ast.Attribute) and target.attr == "atomic"


def test_no_transaction_calls_an_upload_check_directly_or_through_a_helper() -> None:
    """The class, for every upload path present and future: no function decorated with
    `transaction.atomic`, and no `with transaction.atomic()` block, calls a function that
    checks an upload (found through the calls between revmech's functions)."""
    functions: dict[str, set[str]] = {}
    atomic_bodies: list[tuple[str, ast.AST]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            where = f"{path.relative_to(SOURCE)}:{node.name}"
            functions.setdefault(node.name, set()).update(_called(node))
            if any(_is_atomic(d) for d in node.decorator_list):
                atomic_bodies.append((where, node))
            atomic_bodies.extend(
                (where, block)
                for block in ast.walk(node)
                if isinstance(block, ast.With)
                and any(_is_atomic(i.context_expr) for i in block.items)
            )
    checking = set(CHECKS)
    while True:
        more = {name for name, calls in functions.items() if calls & checking} - checking
        if not more:
            break
        checking |= more
    assert "check_upload" in checking
    assert "upload_document" in checking
    found = sorted(
        {where for where, body in atomic_bodies if _called(body) & checking} - PLATFORM_MADE
    )
    assert found == [], "check uploads before the transaction opens:\n" + "\n".join(found)
