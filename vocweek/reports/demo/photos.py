"""Demo photos drawn at load time with Pillow: no picture files ship with the project.

Each photo is an abstract event scene in the platform's colours (the palette of site.css): a soft
gradient, blurred light, a banner, a stage and a crowd of silhouettes. With a CJK font on the
machine the banner carries the campaign's theme and a band at the bottom the caption; without
one the photo has no text.
"""

import io
import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1280, 853
JPEG_QUALITY = 85

# The platform's colours (vocweek/static/vocweek/site.css).
RED_900 = (94, 15, 18)
RED_700 = (159, 29, 32)
RED_600 = (184, 38, 42)
GOLD_600 = (167, 122, 18)
GOLD_400 = (224, 181, 72)
GOLD_200 = (243, 220, 155)
PAPER = (248, 245, 240)
INK = (33, 28, 25)
BLUE_700 = (52, 73, 111)
GREEN_700 = (29, 107, 64)

SKIES = (
    (GOLD_200, PAPER),
    ((214, 226, 240), PAPER),
    ((250, 226, 214), GOLD_200),
    ((220, 236, 226), PAPER),
)
CLOTHES = (RED_700, BLUE_700, GREEN_700, INK, (90, 84, 80), (232, 232, 228), RED_900)

# Where common systems keep a font with Chinese glyphs: (path, face index of Simplified Chinese).
CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)


@cache
def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    """The first CJK font found at a known path, at `size` pixels; None when there is none."""
    for path, index in CJK_FONTS:
        if Path(path).is_file():
            try:
                return ImageFont.truetype(path, size, index=index)
            except OSError:
                continue
    return None


def _background(rng: random.Random) -> Image.Image:
    """A soft gradient with blurred discs of warm light, drawn small and enlarged: cheap and soft."""
    top, bottom = rng.choice(SKIES)
    size = (WIDTH // 8, HEIGHT // 8)
    mask = Image.linear_gradient("L").resize(size)
    sky = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    lights = sky.copy()
    draw = ImageDraw.Draw(lights)
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randrange(size[0]), rng.randrange(size[1] * 2 // 3)
        radius = rng.randint(6, 22)
        colour = rng.choice((GOLD_200, PAPER, GOLD_400))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    soft = Image.blend(sky, lights.filter(ImageFilter.GaussianBlur(5)), 0.5)
    return soft.resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)


def _banner(draw: ImageDraw.ImageDraw, rng: random.Random, text: str) -> None:
    """A red banner (横幅) with a gold border high on the back wall."""
    width = rng.randint(720, 980)
    left = (WIDTH - width) // 2 + rng.randint(-60, 60)
    top = rng.randint(70, 130)
    box = (left, top, left + width, top + 92)
    draw.rectangle(box, fill=RED_700, outline=GOLD_400, width=6)
    font = cjk_font(46)
    if font is not None and text:
        draw.text(
            ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2),
            text,
            fill=GOLD_200,
            font=font,
            anchor="mm",
        )


def _stage(draw: ImageDraw.ImageDraw, rng: random.Random) -> int:
    """The floor and a stage or workbench; returns the height of the floor line."""
    floor = rng.randint(480, 560)
    draw.rectangle(
        (0, floor, WIDTH, HEIGHT),
        fill=rng.choice(((196, 170, 140), (170, 160, 150), (204, 190, 168))),
    )
    left = rng.randint(80, 420)
    draw.rounded_rectangle(
        (left, floor - 90, left + rng.randint(360, 640), floor + 30),
        radius=14,
        fill=rng.choice((BLUE_700, RED_900, GOLD_600)),
    )
    return floor


def _people(draw: ImageDraw.ImageDraw, rng: random.Random, floor: int) -> None:
    """Rows of people seen from behind and aside: a head and shoulders each, nearer ones larger."""
    for row, (size, base) in enumerate(((34, floor + 40), (46, floor + 150), (60, floor + 290))):
        x = rng.randint(-20, 60)
        while x < WIDTH + 40:
            head = size + rng.randint(-4, 4)
            y = base + rng.randint(-12, 12)
            body = rng.choice(CLOTHES)
            draw.rounded_rectangle(
                (x - head, y, x + head, y + head * 3), radius=head // 2, fill=body
            )
            draw.ellipse(
                (x - head // 2, y - head, x + head // 2, y + 4),
                fill=rng.choice((INK, (60, 45, 38), (40, 34, 30))),
            )
            x += head * 2 + rng.randint(8, 70 - row * 10)


def _caption_band(draw: ImageDraw.ImageDraw, caption: str) -> None:
    font = cjk_font(34)
    if font is None or not caption:
        return
    draw.rectangle((0, HEIGHT - 78, WIDTH, HEIGHT), fill=RED_900)
    draw.text((40, HEIGHT - 39), caption, fill=PAPER, font=font, anchor="lm")


def demo_photo(*, seed: int, caption: str, theme: str) -> bytes:
    """A 1280 × 853 JPEG of an event scene, the same for the same seed and texts."""
    rng = random.Random(seed)
    image = _background(rng)
    draw = ImageDraw.Draw(image)
    _banner(draw, rng, theme)
    _people(draw, rng, _stage(draw, rng))
    _caption_band(draw, caption)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
