"""Uploaded documents are judged by content: real PDF, DOCX, DOC and WPS files pass; empty,
oversized, disguised, password-protected, macro-carrying and inflating files are refused with a
message naming the file."""

import io
import struct
import zipfile

import docx
import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vocweek.core.documents import DOC, DOCX, PDF, WPS, check_document
from vocweek.core.uploads import UploadRejected

# --- Test files, made here -----------------------------------------------------------------------


def pdf_bytes(*, password: str = "") -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str = "太原市2021年职业教育活动周活动方案") -> bytes:
    document = docx.Document()
    document.add_heading(text, level=1)
    document.add_paragraph("以“技能：让生活更美好”为主题，开展开放校园活动。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_zip_member(archive: bytes, name: str, content: bytes) -> bytes:
    """The archive with one more member, deflated."""
    out = io.BytesIO(archive)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(name, content)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "活动方案"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


def _directory_entry(
    name: str,
    kind: int,
    *,
    left: int = NO_STREAM,
    right: int = NO_STREAM,
    child: int = NO_STREAM,
    start: int = 0,
    size: int = 0,
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
        + bytes(16 + 4 + 16)  # class id, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def ole2_bytes(main_stream: str = "WordDocument", *, macros: bool = False) -> bytes:
    """A minimal compound file (version 3): one FAT sector, one directory sector, and one stream
    of 4 KB (at the mini-stream cut-off, so it lives in ordinary sectors); optionally a "Macros"
    storage as Word keeps its VBA project in."""
    data_sectors = 4096 // SECTOR
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", 0, *[FREE] * 108)
    )
    chain = [*range(3, 2 + data_sectors), END_OF_CHAIN]
    fat = [FAT_SECTOR, END_OF_CHAIN, *chain]
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *fat, *[FREE] * (SECTOR // 4 - len(fat)))
    entries = [
        _directory_entry("Root Entry", ROOT, child=1, start=END_OF_CHAIN),
        _directory_entry(main_stream, STREAM, left=2 if macros else NO_STREAM, start=2, size=4096),
        _directory_entry("Macros", STORAGE) if macros else _directory_entry("", 0),
        _directory_entry("", 0),
    ]
    stream = ("职业教育活动周活动方案".encode("utf-16-le") * 200)[:4096].ljust(4096, b"\0")
    return header + fat_sector + b"".join(entries) + stream


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(UploadRejected) as refused:
        check_document(upload(name, content))
    assert name in refused.value.message  # every refusal names the file
    return refused.value.message


# --- Accepted ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("活动方案.pdf", pdf_bytes(), PDF),
        ("活动方案.docx", docx_bytes(), DOCX),
        ("活动方案.doc", ole2_bytes(), DOC),
        ("活动方案.wps", ole2_bytes(), WPS),
        ("方案（终稿）", pdf_bytes(), PDF),  # no suffix: the content decides
        ("活动方案.pdf.docx", docx_bytes(), DOCX),
    ],
)
def test_real_documents_are_accepted_by_their_content(name, content, expected):
    document = upload(name, content)
    assert check_document(document) == expected
    assert document.tell() == 0  # the file is left ready to be stored


def test_a_docx_named_pdf_is_accepted_as_what_it_is():
    assert check_document(upload("活动方案.pdf", docx_bytes())) == DOCX


# --- Refused -------------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    message = refusal("活动方案.pdf", b"")
    assert "empty" in message or "空" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.VOCWEEK_MAX_DOCUMENT_BYTES = 1024
    message = refusal("活动方案.docx", docx_bytes())
    assert "MB" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("活动方案.pdf", bytes(range(256)) * 16),
        ("活动方案.pdf", "这是一个改了扩展名的文本文件。".encode()),
        ("活动方案.doc", b"{\\rtf1\\ansi Plan}"),
        ("活动方案.docx", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_random_bytes_and_renamed_text_are_refused(name, content):
    refusal(name, content)


def test_a_pdf_with_a_password_is_refused():
    message = refusal("加密方案.pdf", pdf_bytes(password="2021"))
    assert "password" in message or "密码" in message


def test_a_truncated_pdf_is_refused_as_damaged():
    refusal("活动方案.pdf", pdf_bytes()[:200])


def test_a_docx_with_a_vba_project_is_refused_for_its_macros():
    content = with_zip_member(docx_bytes(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0" * 64)
    message = refusal("宏方案.docx", content)
    assert "macro" in message or "宏" in message


def test_a_doc_with_a_macros_storage_is_refused():
    message = refusal("宏方案.doc", ole2_bytes(macros=True))
    assert "macro" in message or "宏" in message


def test_a_docx_with_a_member_inflating_far_beyond_its_size_is_refused():
    content = with_zip_member(docx_bytes(), "word/media/filler.bin", bytes(30 * 1024 * 1024))
    assert len(content) < 200 * 1024  # small on the wire, thirty megabytes once inflated
    refusal("膨胀方案.docx", content)


def test_a_spreadsheet_and_a_plain_zip_are_not_documents():
    refusal("活动方案.docx", xlsx_bytes())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("readme.txt", "方案见附件")
    refusal("活动方案.docx", archive.getvalue())


def test_an_ole2_file_that_is_not_a_word_document_is_refused():
    refusal("活动方案.doc", ole2_bytes("Workbook"))
