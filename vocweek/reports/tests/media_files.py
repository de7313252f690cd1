"""Photos, videos and hostile files made in memory for the media tests."""

import io
import struct
import zlib

import av
import pillow_heif
from PIL import ExifTags, Image, ImageDraw

RED, BLUE = (220, 20, 20), (20, 20, 220)


def halves(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: shows which way a photo was turned."""
    image = Image.new("RGB", (width, height), RED)
    ImageDraw.Draw(image).rectangle((width // 2, 0, width, height), fill=BLUE)
    return image


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def equirectangular(width: int = 1200, height: int | None = None) -> bytes:
    """A JPEG panorama: blue sky over green ground, and a red post standing across the left and
    right edges, as a 360° camera writes one (twice as wide as high unless `height` is given)."""
    height = height or width // 2
    image = Image.new("RGB", (width, height), (120, 170, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height // 2, width, height), fill=(60, 140, 60))
    post = max(2, width // 100)
    draw.rectangle((0, height // 4, post, height * 3 // 4), fill=RED)
    draw.rectangle((width - post, height // 4, width, height * 3 // 4), fill=RED)
    return encoded(image, "JPEG", quality=85)


def phone_jpeg(width: int = 2400, height: int = 1600) -> bytes:
    """A JPEG as phones write it: turned by EXIF orientation 6, with GPS and device tags."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 52.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (112.0, 33.0, 36.0)
    return encoded(halves(width, height), "JPEG", exif=exif, quality=90, comment=b"secret note")


def png() -> bytes:
    return encoded(halves(300, 200), "PNG")


def webp() -> bytes:
    return encoded(halves(300, 200), "WEBP", quality=80)


def gif(comment: bytes = b"") -> bytes:
    """A three-frame animation, optionally with a comment block."""
    frames = [
        halves(120, 80),
        Image.new("RGB", (120, 80), (20, 200, 20)),
        halves(120, 80).transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    ]
    options = {"comment": comment} if comment else {}
    return encoded(
        frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0, **options
    )


def heic() -> bytes:
    buffer = io.BytesIO()
    pillow_heif.from_pillow(halves(300, 200)).save(buffer, format="HEIF", quality=80)
    return buffer.getvalue()


def video(
    container_format: str,
    codec: str,
    *,
    seconds: float = 2.0,
    rate: int = 10,
    rotation: int = 0,
    location: str = "",
) -> bytes:
    """A small video of the red and blue halves, optionally turned and tagged with a place."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container_format) as output:
        if location:
            output.metadata["location"] = location
            output.metadata["title"] = "secret title"
        stream = output.add_stream(codec, rate=rate)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        if rotation:
            stream.set_display_rotation(rotation)
        picture = halves(64, 48)
        for _index in range(int(seconds * rate)):
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()


def mp4(**options) -> bytes:
    return video("mp4", "libx264", **options)


def mov(**options) -> bytes:
    return video("mov", "libx264", **options)


def webm(**options) -> bytes:
    return video("webm", "libvpx", **options)


def decompression_bomb() -> bytes:
    """A PNG of a few hundred kilobytes that declares 30,000 × 30,000 one-bit pixels."""
    width = height = 30_000
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + width // 8)
    data = b"".join(compressor.compress(row) for _row in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    noisy = Image.effect_noise((400, 300), 60).convert("RGB")
    data = encoded(noisy, "JPEG", quality=90)
    return data[: len(data) // 2]


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
POLYGLOT_GIF = b"GIF89a/*\x00\x00*/=1;<script>alert(document.cookie)</script>//"
HLS_PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n"
