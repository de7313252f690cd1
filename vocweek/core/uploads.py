"""Checks for uploaded photos and videos, made before anything is stored, and their cleaning.

A file is judged by its content, never by its name or the browser's content type: the first
bytes must be those of an accepted format, a photo must decode completely within the pixel limit,
and a video must be a container of its sniffed kind holding a picture that decodes. Anything else
raises `UploadRejected` with a message naming the file. Pillow and FFmpeg are only ever asked to
read the one format the bytes claim, so a file cannot steer them to another reader (an HLS
playlist named .mp4, an SVG, a PostScript file).

What is stored is made afresh from the decoded content: a photo's pixels re-encoded upright, in
sRGB and without metadata (`clean_photo`); a video's packets copied into a new container without
metadata (`strip_video`, run in the background on the stored file).
"""

import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

import av
import pillow_heif
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, ImageSequence

pillow_heif.register_heif_opener()

HEAD_BYTES = 512
MAX_NAME_LENGTH = 200
# Pillow raises these for files that are damaged, truncated or not what their header says.
PHOTO_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)
VIDEO_ERRORS = (av.FFmpegError, OSError, ValueError, IndexError, StopIteration)
# Frames decoded at most while looking for a video's first picture.
MAX_PROBE_FRAMES = 200
ORIGINAL_QUALITY = 92
ORIGINAL_WEBP_METHOD = 2
POSTER_AT_SECONDS = 1.0
SRGB = ImageCms.createProfile("sRGB")
# A video's display rotation (degrees counterclockwise) as the turn that shows its frames upright.
QUARTER_TURNS = {
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}


class UploadRejected(Exception):
    """An uploaded file is refused; `message` names the file and says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MediaType:
    """An accepted format: what kind of media it is and how Pillow or FFmpeg reads it."""

    kind: str  # "photo" or "video" (reports.enums.MediaKind values)
    label: str
    suffix: str
    content_type: str
    pillow_format: str = ""
    av_format: str = ""

    @property
    def is_photo(self) -> bool:
        return self.kind == "photo"


JPEG = MediaType("photo", "JPEG", ".jpg", "image/jpeg", pillow_format="JPEG")
PNG = MediaType("photo", "PNG", ".png", "image/png", pillow_format="PNG")
WEBP = MediaType("photo", "WebP", ".webp", "image/webp", pillow_format="WEBP")
GIF = MediaType("photo", "GIF", ".gif", "image/gif", pillow_format="GIF")
HEIC = MediaType("photo", "HEIC", ".heic", "image/heic", pillow_format="HEIF")
MP4 = MediaType("video", "MP4", ".mp4", "video/mp4", av_format="mov,mp4,m4a,3gp,3g2,mj2")
MOV = MediaType("video", "MOV", ".mov", "video/quicktime", av_format="mov,mp4,m4a,3gp,3g2,mj2")
WEBM = MediaType("video", "WebM", ".webm", "video/webm", av_format="matroska,webm")
ACCEPTED = (JPEG, PNG, WEBP, GIF, HEIC, MP4, MOV, WEBM)
# Browsers cannot show HEIC: a phone's HEIC photo is stored as JPEG.
STORED_AS = {HEIC: JPEG}
VIDEO_MUXERS = {MP4: "mp4", MOV: "mov", WEBM: "webm"}

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
    b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"dash", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"mmp4",
}  # fmt: skip
# Old QuickTime files start with one of these atoms instead of `ftyp`.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def display_name(file_name: str | None) -> str:
    """The bare file name as the user chose it, never a client's path; shortened to fit."""
    name = PurePath((file_name or "").replace("\\", "/")).name or "?"
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePath(name).suffix[:16]
        name = name[: MAX_NAME_LENGTH - len(suffix) - 1] + "…" + suffix
    return name


def sniff_type(head: bytes) -> MediaType | None:
    """The accepted format whose signature the first bytes carry, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _sniff_iso_media(head)
    if head[4:8] in _QUICKTIME_ATOMS:
        return MOV
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"\x42\x82" in head[:64] and b"webm" in head[:64]:
        return WEBM
    return None


def _sniff_iso_media(head: bytes) -> MediaType | None:
    """HEIC, QuickTime or MP4 by the brands of the leading `ftyp` box (ISO/IEC 14496-12)."""
    box_size = int.from_bytes(head[:4], "big")
    end = min(max(box_size, 16), len(head))
    major = head[8:12]
    brands = {major} | {head[at : at + 4] for at in range(16, end - 3, 4)}
    if brands & _HEIC_BRANDS:
        return HEIC
    if major == b"qt  ":
        return MOV
    if brands & _MP4_BRANDS:
        return MP4
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def not_accepted(name: str) -> UploadRejected:
    return UploadRejected(
        _(
            "“%(file)s” is not a photo or video we accept "
            "(JPEG, PNG, WebP, GIF, HEIC, MP4, MOV, WebM)."
        )
        % {"file": name}
    )


def check_upload(upload: UploadedFile) -> MediaType:
    """The accepted format of an upload, judged by size and first bytes (nothing decoded yet)."""
    name = display_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise UploadRejected(_("“%(file)s” is empty.") % {"file": name})
    photo_limit = settings.VOCWEEK_MAX_PHOTO_BYTES
    video_limit = settings.VOCWEEK_MAX_VIDEO_BYTES
    if size > max(photo_limit, video_limit):
        raise _too_large(name, size, photo_limit, video_limit)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    media_type = sniff_type(head)
    if media_type is None:
        raise not_accepted(name)
    if size > (photo_limit if media_type.is_photo else video_limit):
        raise _too_large(name, size, photo_limit, video_limit)
    return media_type


def _too_large(name: str, size: int, photo_limit: int, video_limit: int) -> UploadRejected:
    return UploadRejected(
        _(
            "“%(file)s” is %(size)s; a photo can have at most %(photo_limit)s "
            "and a video at most %(video_limit)s."
        )
        % {
            "file": name,
            "size": _megabytes(size),
            "photo_limit": _megabytes(photo_limit),
            "video_limit": _megabytes(video_limit),
        }
    )


def damaged(name: str, media_type: MediaType) -> UploadRejected:
    """The rejection of a file that has an accepted header but does not decode."""
    if media_type.is_photo:
        message = _(
            "“%(file)s” is damaged or incomplete: it does not open as a photo (%(format)s)."
        )
    else:
        message = _(
            "“%(file)s” is damaged or incomplete: it does not play as a video (%(format)s)."
        )
    return UploadRejected(message % {"file": name, "format": media_type.label})


def too_many_pixels(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(file)s” has too many pixels: a photo can have at most %(limit)s million.")
        % {"file": name, "limit": f"{settings.VOCWEEK_MAX_PHOTO_PIXELS / 1_000_000:g}"}
    )


def open_photo(source: BinaryIO, *, name: str, media_type: MediaType) -> Image.Image:
    """The photo decoded in full (every frame of an animation is checked later, on copying).

    Only the sniffed format's reader is used; the size is read from the header and checked
    against VOCWEEK_MAX_PHOTO_PIXELS (all frames together) before any pixel is decoded.
    """
    limit = settings.VOCWEEK_MAX_PHOTO_PIXELS
    source.seek(0)
    try:
        image = Image.open(source, formats=[media_type.pillow_format])
        width, height = image.size
        frames = getattr(image, "n_frames", 1) if media_type in (GIF, WEBP) else 1
        if width * height * frames > limit:
            raise too_many_pixels(name)
        image.load()
    except Image.DecompressionBombError as error:
        raise too_many_pixels(name) from error
    except PHOTO_ERRORS as error:
        raise damaged(name, media_type) from error
    if image.format != media_type.pillow_format:  # defence in depth: never another reader
        raise not_accepted(name)
    return image


@dataclass(frozen=True)
class VideoProbe:
    """What a video says about itself; width and height as displayed (after its rotation)."""

    duration: float | None
    width: int
    height: int
    codec: str
    rotation: int


def probe_video(source: BinaryIO | str, *, name: str, media_type: MediaType) -> VideoProbe:
    """Open a video with its sniffed demuxer only and decode its first picture.

    `source` is a seekable file or a local path. Raises UploadRejected when there is no video
    track, its frames declare more than VOCWEEK_MAX_PHOTO_PIXELS, or its first picture does not
    decode.
    """
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        with av.open(source, mode="r", format=media_type.av_format) as container:
            if not container.streams.video:
                raise UploadRejected(_("“%(file)s” has no picture track.") % {"file": name})
            stream = container.streams.video[0]
            declared = stream.codec_context.width * stream.codec_context.height
            if declared > settings.VOCWEEK_MAX_PHOTO_PIXELS:
                raise UploadRejected(
                    _(
                        "“%(file)s” has too large a picture: a video frame can have at most %(limit)s million pixels."
                    )
                    % {"file": name, "limit": f"{settings.VOCWEEK_MAX_PHOTO_PIXELS / 1_000_000:g}"}
                )
            frame = first_frame(container, stream)
            if frame is None:
                raise damaged(name, media_type)
            duration = _duration(container, stream)
            rotation = int(getattr(frame, "rotation", 0) or 0) % 360
            width, height = frame.width, frame.height
            if rotation in (90, 270):
                width, height = height, width
            return VideoProbe(
                duration=duration,
                width=width,
                height=height,
                codec=stream.codec_context.name,
                rotation=rotation,
            )
    except UploadRejected:
        raise
    except VIDEO_ERRORS as error:
        raise damaged(name, media_type) from error
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def first_frame(container, stream, *, at_seconds: float = 0.0):
    """The first decodable picture at or after `at_seconds` (at most MAX_PROBE_FRAMES decoded)."""
    if at_seconds > 0 and stream.time_base:
        container.seek(int(at_seconds / stream.time_base), stream=stream, backward=True)
    for count, frame in enumerate(container.decode(stream)):
        if frame.time is None or frame.time >= at_seconds or count >= MAX_PROBE_FRAMES:
            return frame
    return None


def _duration(container, stream) -> float | None:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return None


def bytes_of(image: Image.Image, **save_options: object) -> bytes:
    """Encode an image (convenience for callers that store bytes through a storage)."""
    buffer = io.BytesIO()
    image.save(buffer, **save_options)
    return buffer.getvalue()


# Cleaning: what is stored is made afresh from the decoded content ------------------------------


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded from its pixels only, upright and in sRGB, ready to store."""

    data: bytes
    media_type: MediaType
    width: int
    height: int


def clean_photo(source: BinaryIO, *, name: str, media_type: MediaType) -> CleanPhoto:
    """Decode a checked photo and encode its pixels afresh, leaving every kind of metadata behind.

    Raises UploadRejected when the photo does not decode completely.
    """
    image = open_photo(source, name=name, media_type=media_type)
    stored_type = STORED_AS.get(media_type, media_type)
    try:
        if getattr(image, "n_frames", 1) > 1 and media_type in (GIF, WEBP):
            data = _animation_bytes(image, stored_type)
            width, height = image.size
        else:
            upright = _without_metadata(_to_srgb(ImageOps.exif_transpose(image)))
            data = _still_bytes(upright, stored_type)
            width, height = upright.size
    except PHOTO_ERRORS as error:
        raise damaged(name, media_type) from error
    return CleanPhoto(data=data, media_type=stored_type, width=width, height=height)


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert a photo with an embedded colour profile (Display P3 on phones) to plain sRGB."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    output = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, profile, SRGB, outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image.convert(output)


def _without_metadata(image: Image.Image) -> Image.Image:
    """The same pixels with no info left for an encoder to copy (EXIF, XMP, ICC, comments)."""
    transparency = image.info.get("transparency")
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        image = image.convert("RGBA")
    image.info = {}
    return image


def _still_bytes(image: Image.Image, stored_type: MediaType) -> bytes:
    if stored_type is JPEG:
        if image.mode not in ("RGB", "L"):
            image = flatten(image)
        return bytes_of(image, format="JPEG", quality=ORIGINAL_QUALITY, optimize=True)
    if stored_type is PNG:
        return bytes_of(image, format="PNG", optimize=False, compress_level=6)
    if stored_type is WEBP:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        return bytes_of(image, format="WEBP", quality=ORIGINAL_QUALITY, method=ORIGINAL_WEBP_METHOD)
    return bytes_of(image, format="GIF")


def _animation_bytes(image: Image.Image, stored_type: MediaType) -> bytes:
    """Every frame re-encoded with its timing; nothing else of the file survives."""
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(int(frame.info.get("duration") or 100))
        copy = frame.convert("RGBA")
        copy.info = {}
        frames.append(copy)
    loop = int(image.info.get("loop", 0) or 0)
    options: dict[str, object] = {"save_all": True, "append_images": frames[1:], "loop": loop}
    if stored_type is WEBP:
        options |= {"format": "WEBP", "quality": ORIGINAL_QUALITY, "method": ORIGINAL_WEBP_METHOD}
    else:
        options |= {"format": "GIF", "disposal": 2, "optimize": False}
    return bytes_of(frames[0], duration=durations, **options)


def flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparent parts become white, other modes convert."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def strip_video(source: BinaryIO | str, target: str, *, media_type: MediaType) -> None:
    """Copy a video's picture and sound packets into a fresh container (no re-encoding).

    Container and stream metadata (place, device, titles) and data tracks are left behind; the
    display rotation travels with the stream parameters. MP4 and MOV get their index in front.
    """
    muxer = VIDEO_MUXERS[media_type]
    options = {"movflags": "+faststart"} if muxer in ("mp4", "mov") else {}
    with (
        av.open(source, mode="r", format=media_type.av_format) as original,
        av.open(target, mode="w", format=muxer, options=options) as copy,
    ):
        streams = [s for s in original.streams if s.type in ("video", "audio")]
        mapping = {stream.index: copy.add_stream_from_template(stream) for stream in streams}
        for packet in original.demux(*streams):
            if packet.dts is None:
                continue
            packet.stream = mapping[packet.stream.index]
            copy.mux(packet)


def poster_frame(source: str, *, media_type: MediaType) -> Image.Image:
    """The picture at about one second (the first one of a shorter video), upright."""
    with av.open(source, mode="r", format=media_type.av_format) as container:
        stream = container.streams.video[0]
        duration = float(stream.duration * stream.time_base) if stream.duration else None
        at = POSTER_AT_SECONDS if duration is None or duration > POSTER_AT_SECONDS else 0.0
        try:
            frame = first_frame(container, stream, at_seconds=at)
        except av.FFmpegError:
            frame = None
    if frame is None:
        with av.open(source, mode="r", format=media_type.av_format) as container:
            frame = first_frame(container, container.streams.video[0])
    image = frame.to_image()
    turn = QUARTER_TURNS.get(int(frame.rotation or 0) % 360)
    return image.transpose(turn) if turn is not None else image
