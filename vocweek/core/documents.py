"""Checks for uploaded documents (activity plans): PDF, DOCX, DOC and WPS, judged by content.

The first bytes decide the format, never the name or the browser's content type; the document
must then open in its format's own reader (pypdf for PDF, the ZIP directory and main part for
DOCX, the OLE2 directory of olefile for DOC and WPS). Refused: anything else, empty or oversized
files, password-protected PDFs, documents carrying macros, and ZIP containers that would inflate
beyond a sane size. Documents are stored as uploaded and only ever served as attachments to staff.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import olefile
import pypdf
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from vocweek.core.uploads import UploadRejected, display_name

HEAD_BYTES = 8
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A DOCX whose parts inflate beyond this many times its size, or beyond the absolute cap, is a bomb.
MAX_INFLATION = 100
MAX_INFLATED_BYTES = 200 * 1024 * 1024
DOCX_MAIN_PART = "word/document.xml"
DOCX_MACROS = "word/vbaProject.bin"
OLE2_MACRO_STORAGES = ("Macros", "_VBA_PROJECT_CUR", "VBA")
PDF_ERRORS = (pypdf.errors.PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError)


@dataclass(frozen=True)
class DocumentType:
    """An accepted document format: its label for messages, stored suffix and content type."""

    label: str
    suffix: str
    content_type: str


PDF = DocumentType("PDF", ".pdf", "application/pdf")
DOCX = DocumentType(
    "DOCX", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
DOC = DocumentType("DOC", ".doc", "application/msword")
WPS = DocumentType("WPS", ".wps", "application/vnd.ms-works")
ACCEPTED = (PDF, DOCX, DOC, WPS)


def check_document(upload: UploadedFile) -> DocumentType:
    """The accepted format of an uploaded document, or UploadRejected naming the file and why."""
    name = display_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise UploadRejected(_("“%(file)s” is empty.") % {"file": name})
    limit = settings.VOCWEEK_MAX_DOCUMENT_BYTES
    if size > limit:
        raise UploadRejected(
            _("“%(file)s” is %(size)s; a document can have at most %(limit)s.")
            % {"file": name, "size": _megabytes(size), "limit": _megabytes(limit)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return _check_pdf(upload, name)
        if head.startswith(b"PK\x03\x04"):
            return _check_docx(upload, name, size)
        if head.startswith(OLE2_MAGIC):
            return _check_ole2(upload, name)
    finally:
        upload.seek(0)
    raise _not_accepted(name)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _not_accepted(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(file)s” is not a document we accept (PDF, DOCX, DOC, WPS).") % {"file": name}
    )


def _damaged(name: str, document_type: DocumentType) -> UploadRejected:
    return UploadRejected(
        _("“%(file)s” is damaged or incomplete: it does not open as a %(format)s document.")
        % {"file": name, "format": document_type.label}
    )


def _with_macros(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(file)s” contains macros; save it as a document without macros and upload it again.")
        % {"file": name}
    )


def _check_pdf(upload: UploadedFile, name: str) -> DocumentType:
    try:
        reader = pypdf.PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise UploadRejected(
                _("“%(file)s” is protected by a password; upload it without one.") % {"file": name}
            )
        if len(reader.pages) == 0:
            raise _damaged(name, PDF)
    except PDF_ERRORS:
        raise _damaged(name, PDF) from None
    return PDF


def _check_docx(upload: UploadedFile, name: str, size: int) -> DocumentType:
    try:
        with zipfile.ZipFile(upload) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if DOCX_MAIN_PART not in members or "[Content_Types].xml" not in members:
                raise _not_accepted(name)  # a ZIP, but no Word document (xlsx, pptx, a plain zip)
            if DOCX_MACROS in members:
                raise _with_macros(name)
            inflated = sum(info.file_size for info in members.values())
            if inflated > min(MAX_INFLATED_BYTES, MAX_INFLATION * size):
                raise _damaged(name, DOCX)
            with archive.open(members[DOCX_MAIN_PART]) as main:
                if b"<" not in main.read(4096):
                    raise _damaged(name, DOCX)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        raise _damaged(name, DOCX) from None
    return DOCX


def _check_ole2(upload: UploadedFile, name: str) -> DocumentType:
    document_type = WPS if PurePath(name).suffix.lower() == ".wps" else DOC
    try:
        with olefile.OleFileIO(upload) as ole:
            if not ole.exists("WordDocument"):
                raise _not_accepted(name)  # an OLE2 file, but no word-processing document
            if any(ole.exists(storage) for storage in OLE2_MACRO_STORAGES):
                raise _with_macros(name)
    except (OSError, ValueError, IndexError):
        raise _damaged(name, document_type) from None
    return document_type
