"""Uploaded rosters kept between the preview and the import, under var/imports.

A kept file is named by a random token that only the session knows; paths are built from the
token and a known suffix, never from anything the client sends. Files are deleted after the
import, and any left behind by abandoned previews are deleted a day later.
"""

import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from vocweek.campaigns.roster.reading import SUFFIXES, display_name

KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT).parent / "imports"


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded roster waiting for its import: token, original name, and chosen campaign."""

    token: str
    suffix: str
    file_name: str
    campaign_id: int | None

    @property
    def path(self) -> Path:
        return imports_dir() / f"{self.token}{self.suffix}"

    def as_session(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: object) -> "KeptUpload | None":
        """The upload a session refers to, or None when the entry is missing or malformed."""
        if not isinstance(data, dict):
            return None
        token, suffix = data.get("token"), data.get("suffix")
        campaign_id = data.get("campaign_id")
        if not isinstance(token, str) or not _TOKEN.fullmatch(token) or suffix not in SUFFIXES:
            return None
        if campaign_id is not None and not isinstance(campaign_id, int):
            return None
        return cls(
            token=token,
            suffix=suffix,
            file_name=display_name(str(data.get("file_name") or "")),
            campaign_id=campaign_id,
        )


def keep_upload(*, uploaded: UploadedFile, campaign_id: int | None) -> KeptUpload:
    """Write the uploaded file under a fresh token; sweep files of abandoned previews first."""
    _sweep()
    name = display_name(uploaded.name or "")
    upload = KeptUpload(
        token=secrets.token_hex(16),
        suffix=PurePath(name).suffix.lower(),
        file_name=name,
        campaign_id=campaign_id,
    )
    upload.path.parent.mkdir(parents=True, exist_ok=True)
    with upload.path.open("wb") as kept:
        for chunk in uploaded.chunks():
            kept.write(chunk)
    return upload


def read_upload(upload: KeptUpload) -> bytes | None:
    """The kept file's bytes, or None when it is gone (imported already, or swept)."""
    try:
        return upload.path.read_bytes()
    except FileNotFoundError:
        return None


def discard_upload(upload: KeptUpload) -> None:
    upload.path.unlink(missing_ok=True)


def _sweep() -> None:
    folder = imports_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
