"""Photo renditions: how many 12-megapixel phone photos per second the background worker renders.

Every uploaded photo gets a thumbnail (320 px), medium (960 px) and large (1,920 px) rendition,
each as JPEG and WebP, made by `reports.media.make_renditions` — the code `process_media` runs.
The reference, measured on the same photo in the same run, is what one would write with Pillow
alone: open the photo and `thumbnail()` it to each of the three sizes, encoding nothing.

Target: at least 50 % of the reference rate. Our side does more work — six encodings, WebP above
all — so it can only keep up by decoding less: a JPEG is decoded straight at the power-of-two
reduction nearest above the large size (`Image.draft`, libjpeg's scaled decoding, a quarter of the
pixels of a 4000 × 3000 photo), and each smaller size is made from the one before it instead of
from the full photo. Falling under half the bare rate would mean the worker spends most of its
time on what Pillow does not need to do, and a week of school photos would queue up.
"""

import io
import random

from PIL import Image, ImageDraw

from bench.harness import Figure, median_ms
from vocweek.reports.media import SIZES, make_renditions

WIDTH, HEIGHT = 4000, 3000  # 12 megapixels, a phone's default
TARGET_SHARE = 0.5


def phone_photo() -> bytes:
    """A 12-megapixel JPEG with a phone photo's kind of content: soft areas, edges and grain."""

    def blobs(scale: int, sigma: float) -> Image.Image:
        channels = [
            Image.effect_noise((WIDTH // scale, HEIGHT // scale), sigma).resize(
                (WIDTH, HEIGHT), Image.Resampling.BICUBIC
            )
            for _channel in range(3)
        ]
        return Image.merge("RGB", channels)

    photo = Image.blend(blobs(100, 90), blobs(10, 60), 0.35)
    draw = ImageDraw.Draw(photo)
    chance = random.Random(12)
    for _shape in range(60):
        x, y = chance.randrange(WIDTH), chance.randrange(HEIGHT)
        box = (x, y, x + chance.randrange(50, 600), y + chance.randrange(50, 600))
        colour = tuple(chance.randrange(256) for _channel in range(3))
        shape = draw.ellipse if chance.random() < 0.5 else draw.rectangle
        shape(box, fill=colour, outline=(0, 0, 0), width=3)
    grain = Image.effect_noise((WIDTH, HEIGHT), 30).convert("RGB")
    photo = Image.blend(photo, grain, 0.08)
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def bare_resize(data: bytes) -> None:
    """Reference: Pillow's own thumbnail() to each size from the photo, nothing encoded."""
    for _size, edge in SIZES:
        image = Image.open(io.BytesIO(data))
        image.thumbnail((edge, edge))


def run() -> list[Figure]:
    data = phone_photo()
    renditions = make_renditions(io.BytesIO(data))
    assert [(r.size, r.width, r.height) for r in renditions] == [
        ("large", 1920, 1440),
        ("medium", 960, 720),
        ("thumb", 320, 240),
    ]
    ours_ms = median_ms(lambda _: make_renditions(io.BytesIO(data)), runs=7, warmups=1)
    bare_ms = median_ms(lambda _: bare_resize(data), runs=7, warmups=1)
    bare_rate = 1000 / bare_ms
    return [
        Figure(
            name="renditions of a 12-megapixel photo (3 sizes × JPEG + WebP), per second",
            value=1000 / ours_ms,
            unit="photos/s",
            target=round(TARGET_SHARE * bare_rate, 2),
            better="higher",
            reference_name="Pillow's bare thumbnail() to the same 3 sizes, nothing encoded",
            reference_value=bare_rate,
        )
    ]
