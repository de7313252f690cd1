"""Serving uploaded media from the default storage in the embedded profile (local disk).

Only files under the known public folders, with one of the suffixes our own code gives stored
files, are served; the content type comes from that suffix, never from the file or the request.
Every answer forbids sniffing and runs in a sandbox without scripts, so even a file that somehow
held markup could never act as a page of this site. Names are random and files never change, so
answers may be cached for a year. In the scale profile the bucket serves media and this module
adds no URL.
"""

import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

# Folders of the default storage that hold public media; an app that stores such files adds its
# folder here. Anything else in the storage is never served by this view.
PUBLIC_FOLDERS = ("reports", "halls", "voting")
SERVED_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-site",
    "Cache-Control": "public, max-age=31536000, immutable",
}
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
CHUNK_BYTES = 64 * 1024


def media_url(name: str) -> str:
    """The address of a stored file: under MEDIA_URL on disk, a signed bucket URL on S3."""
    return default_storage.url(name) if name else ""


def content_type_for(name: str) -> str | None:
    """The type a stored name is served as, or None when such a file is never served."""
    segments = name.split("/")
    if len(segments) < 2 or segments[0] not in PUBLIC_FOLDERS:
        return None
    if not all(_SEGMENT.fullmatch(segment) for segment in segments):
        return None  # also refuses "", ".", ".." and hidden names
    suffix = "." + segments[-1].rsplit(".", 1)[-1] if "." in segments[-1] else ""
    return SERVED_TYPES.get(suffix)


@require_safe
def serve_media(request: HttpRequest, name: str) -> HttpResponse:
    """One stored media file, passively typed; a single byte range for video players."""
    content_type = content_type_for(name)
    if content_type is None:
        raise Http404
    try:
        size = default_storage.size(name)
        stored = default_storage.open(name, "rb")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise Http404 from None
    byte_range = _requested_range(request.headers.get("Range", ""), size)
    if byte_range is None:
        response: HttpResponse = FileResponse(stored, content_type=content_type)
        response["Content-Length"] = str(size)
    elif byte_range == "unsatisfiable":
        stored.close()
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
    else:
        first, last = byte_range
        response = StreamingHttpResponse(
            _chunks(stored, first, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    for header, value in SECURITY_HEADERS.items():
        response[header] = value
    return response


def _requested_range(header: str, size: int) -> tuple[int, int] | str | None:
    """(first, last) of one requested byte range; None for the whole file (no or several ranges)."""
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    start, end = match.groups()
    if not start and not end:
        return None
    if not start:  # the last N bytes
        length = int(end)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if first >= size or first > last:
        return "unsatisfiable"
    return first, last


def _chunks(stored, first: int, length: int):
    try:
        stored.seek(first)
        while length > 0:
            chunk = stored.read(min(CHUNK_BYTES, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        stored.close()


def _serves_local_media() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend.endswith("FileSystemStorage") and settings.MEDIA_URL.startswith("/")


# Included by vocweek/urls.py; empty when media live in a bucket (the scale profile).
urlpatterns = (
    [path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", serve_media, name="media")]
    if _serves_local_media()
    else []
)
