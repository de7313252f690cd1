"""Uploaded rosters kept between the preview and the import, in the private `imports` storage.

The storage is var/imports in the embedded profile and a private prefix of the bucket in the scale
profile, so any app server can finish an import that another one previewed. A kept file is named
by a random token that only the session knows; names are built from the token and a known suffix,
never from anything the client sends. Files are deleted after the import, and any left behind by
abandoned previews are deleted a day later.
"""

import re
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import PurePath

from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from vocweek.campaigns.roster.reading import SUFFIXES, display_name

KEEP = timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")


def imports_storage() -> Storage:
    return storages["imports"]


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded roster waiting for its import: token, original name, and chosen campaign."""

    token: str
    suffix: str
    file_name: str
    campaign_id: int | None

    @property
    def name(self) -> str:
        return f"{self.token}{self.suffix}"

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
    imports_storage().save(upload.name, uploaded)
    return upload


def read_upload(upload: KeptUpload) -> bytes | None:
    """The kept file's bytes, or None when it is gone (imported already, or swept)."""
    storage = imports_storage()
    if not storage.exists(upload.name):
        return None
    with storage.open(upload.name, "rb") as kept:
        return kept.read()


def discard_upload(upload: KeptUpload) -> None:
    imports_storage().delete(upload.name)


def _sweep() -> None:
    storage = imports_storage()
    try:
        _folders, files = storage.listdir("")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP
    for name in files:
        if storage.get_modified_time(name) < cutoff:
            storage.delete(name)
