"""One check for every upload: size, type by content, extension agreeing (P&R para 32)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from revmech.rules import RuleViolation
from revmech.web import uploads


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", uploads.ODT_MIMETYPE)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_a_type_the_caller_does_not_allow_is_refused_and_named() -> None:
    upload = SimpleUploadedFile("law.odt", _odt())
    assert uploads.check_upload(upload, limit_bytes=10**6).kind is uploads.ODT
    upload.seek(0)
    with pytest.raises(RuleViolation, match=r"Allowed: PDF, text; nothing was stored") as refusal:
        uploads.check_upload(upload, limit_bytes=10**6, allowed=(uploads.PDF, uploads.TEXT))
    assert "law.odt" in refusal.value.message


def test_an_executable_named_pdf_and_an_oversize_file_are_refused() -> None:
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
    with pytest.raises(RuleViolation, match="not what its name says"):
        uploads.check_upload(exe, limit_bytes=10**6)
    big = SimpleUploadedFile("notes.txt", b"x" * 2048)
    with pytest.raises(RuleViolation, match="larger than"):
        uploads.check_upload(big, limit_bytes=1024)


def test_the_display_name_loses_folders_and_control_characters() -> None:
    assert uploads.safe_display_name("..\\..\\etc/pass\x00wd.txt") == "passwd.txt"
    assert uploads.safe_display_name("") == "file"
