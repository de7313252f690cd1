"""Synthetic 360° campus panoramas for the demo halls, drawn with Pillow at load time.

The picture is equirectangular (360° across, 180° down), seen from the middle of a round square.
The buildings stand on rings around it, so their floors and roof lines are straight rows; the
paving's rings are rows and its radial joints are columns, which is how circles and radii around
the viewer map. Every shape is drawn again one turn to the left or right where it crosses an edge,
so the left and right edges join without a seam; the sky's top rows and the paving's bottom rows
are one colour each, so the poles show no pinch. Only shapes, gradients and one small blur: no
pixel loops.
"""

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFilter

from vocweek.reports.demo.photos import GOLD_200, GOLD_400, RED_700, RED_900, cjk_font

WIDTH, HEIGHT = 4096, 2048
HORIZON = HEIGHT // 2
PIXELS_PER_RADIAN = WIDTH / (2 * math.pi)
EYE = 1.6  # the camera's height above the square, in metres
SQUARE_RADIUS = 26.0
CENTRE_RADIUS = 1.0  # the round stone under the camera: the bottom rows
SKY_SCALE = 8  # the sky is drawn this many times smaller, blurred, then enlarged
JPEG_QUALITY = 88

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Daylight:
    """The light of one time of day: sky, sun, haze, and how many windows are lit."""

    zenith: Colour
    horizon: Colour
    sun: Colour
    sun_elevation: float  # degrees
    sun_azimuth: float  # degrees from the left edge
    far_hills: Colour
    near_hills: Colour
    lawn: Colour
    paving: Colour
    paving_dark: Colour
    clouds: Colour
    cloud_count: int
    lit_windows: float  # share of windows with the light on
    tint: Colour
    tint_share: float
    daylight: float = 1.0  # how bright lit things are: facades and foliage darken at dusk


DAYLIGHTS = {
    "morning": Daylight(
        zenith=(86, 139, 206),
        horizon=(214, 228, 238),
        sun=(255, 247, 222),
        sun_elevation=18,
        sun_azimuth=70,
        far_hills=(150, 168, 186),
        near_hills=(118, 140, 120),
        lawn=(96, 146, 78),
        paving=(196, 190, 180),
        paving_dark=(160, 150, 140),
        clouds=(250, 250, 252),
        cloud_count=9,
        lit_windows=0.0,
        tint=(255, 244, 225),
        tint_share=0.05,
    ),
    "noon": Daylight(
        zenith=(44, 104, 196),
        horizon=(186, 214, 238),
        sun=(255, 255, 240),
        sun_elevation=58,
        sun_azimuth=190,
        far_hills=(140, 160, 182),
        near_hills=(104, 132, 96),
        lawn=(92, 150, 70),
        paving=(206, 200, 190),
        paving_dark=(170, 160, 148),
        clouds=(255, 255, 255),
        cloud_count=12,
        lit_windows=0.0,
        tint=(255, 255, 255),
        tint_share=0.0,
    ),
    "afternoon": Daylight(
        zenith=(74, 122, 190),
        horizon=(246, 222, 180),
        sun=(255, 236, 190),
        sun_elevation=24,
        sun_azimuth=250,
        far_hills=(172, 160, 160),
        near_hills=(126, 128, 90),
        lawn=(108, 142, 66),
        paving=(210, 196, 176),
        paving_dark=(176, 156, 132),
        clouds=(255, 240, 222),
        cloud_count=8,
        lit_windows=0.05,
        tint=(255, 222, 170),
        tint_share=0.08,
    ),
    "dusk": Daylight(
        zenith=(38, 48, 104),
        horizon=(246, 152, 104),
        sun=(255, 214, 150),
        sun_elevation=3,
        sun_azimuth=290,
        far_hills=(120, 96, 120),
        near_hills=(70, 72, 70),
        lawn=(64, 88, 58),
        paving=(150, 136, 136),
        paving_dark=(112, 100, 104),
        clouds=(236, 150, 130),
        cloud_count=7,
        lit_windows=0.55,
        tint=(255, 150, 110),
        tint_share=0.12,
        daylight=0.72,
    ),
    "overcast": Daylight(
        zenith=(150, 164, 180),
        horizon=(214, 218, 222),
        sun=(236, 238, 240),
        sun_elevation=40,
        sun_azimuth=150,
        far_hills=(170, 176, 184),
        near_hills=(120, 134, 120),
        lawn=(98, 136, 84),
        paving=(184, 182, 180),
        paving_dark=(150, 146, 144),
        clouds=(232, 234, 238),
        cloud_count=22,
        lit_windows=0.12,
        tint=(220, 226, 232),
        tint_share=0.06,
    ),
}

FACADES: tuple[Colour, ...] = (
    (236, 232, 224),  # white tiles
    (224, 206, 172),  # sandstone
    (176, 86, 64),  # brick
    (204, 208, 212),  # grey panels
    (232, 222, 200),  # cream
)
GLASS: Colour = (78, 104, 134)
LIT: Colour = (255, 214, 130)
TREE_GREENS: tuple[Colour, ...] = ((52, 104, 52), (70, 124, 58), (40, 86, 48), (86, 136, 64))
CLOTHES: tuple[Colour, ...] = (
    (159, 29, 32),
    (52, 73, 111),
    (236, 236, 232),
    (33, 28, 25),
    (29, 107, 64),
)
SIGNS = ("教学楼", "实训楼", "图书馆", "学生公寓", "体育馆", "综合楼", "实验楼", "食堂")


# Geometry: where a point around the camera lands in the picture ----------------------------------


def column(azimuth: float) -> float:
    """The x of an azimuth in degrees (0 at the left edge, growing to the right)."""
    return azimuth / 360 * WIDTH


def row(elevation: float) -> float:
    """The y of an elevation in radians (positive above the horizon)."""
    return HORIZON - elevation * PIXELS_PER_RADIAN


def height_row(height: float, distance: float) -> float:
    """The y of a point `height` metres above the ground, `distance` metres away."""
    return row(math.atan2(height - EYE, distance))


def span(metres: float, distance: float) -> float:
    """How many pixels wide something `metres` across looks at `distance` metres."""
    return metres / distance * PIXELS_PER_RADIAN


def _mix(colour: Colour, other: Colour, share: float) -> Colour:
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))  # type: ignore[return-value]


def _shade(colour: Colour, light: float) -> Colour:
    return tuple(max(0, min(255, round(channel * light))) for channel in colour)  # type: ignore[return-value]


class _Wrapped:
    """ImageDraw calls repeated one turn left and right where a shape crosses an edge."""

    def __init__(self, image: Image.Image, width: int) -> None:
        self.draw = ImageDraw.Draw(image)
        self.width = width

    def _each(self, left: float, right: float, paint: Callable[[float], None]) -> None:
        for shift in (-self.width, 0, self.width):
            if left + shift < self.width and right + shift > 0:
                paint(shift)

    def rectangle(self, box: tuple[float, float, float, float], fill: Colour) -> None:
        x0, y0, x1, y1 = box
        self._each(x0, x1, lambda s: self.draw.rectangle((x0 + s, y0, x1 + s, y1), fill=fill))

    def rounded_rectangle(
        self, box: tuple[float, float, float, float], radius: float, fill: Colour
    ) -> None:
        x0, y0, x1, y1 = box
        self._each(
            x0,
            x1,
            lambda s: self.draw.rounded_rectangle(
                (x0 + s, y0, x1 + s, y1), radius=radius, fill=fill
            ),
        )

    def ellipse(self, box: tuple[float, float, float, float], fill: Colour) -> None:
        x0, y0, x1, y1 = box
        self._each(x0, x1, lambda s: self.draw.ellipse((x0 + s, y0, x1 + s, y1), fill=fill))

    def polygon(self, points: list[tuple[float, float]], fill: Colour) -> None:
        xs = [x for x, _y in points]
        self._each(
            min(xs),
            max(xs),
            lambda s: self.draw.polygon([(x + s, y) for x, y in points], fill=fill),
        )

    def text(self, centre: tuple[float, float], text: str, size: int, fill: Colour) -> None:
        font = cjk_font(size)
        if font is None:
            return
        x, y = centre
        half = self.draw.textlength(text, font=font) / 2
        self._each(
            x - half,
            x + half,
            lambda s: self.draw.text((x + s, y), text, fill=fill, font=font, anchor="mm"),
        )


# The layers, far to near ----------------------------------------------------------------------------


def _sky(light: Daylight, rng: random.Random) -> Image.Image:
    """Gradient, sun glow and soft clouds, drawn small with a margin, blurred and enlarged."""
    width, height = WIDTH // SKY_SCALE, HORIZON // SKY_SCALE
    margin = 16
    size = (width + 2 * margin, height)
    # Zenith colour over most of the sky, brightening fast towards the horizon.
    mask = Image.linear_gradient("L").resize(size).point(lambda v: round(255 * (v / 255) ** 2.2))
    sky = Image.composite(
        Image.new("RGB", size, light.horizon), Image.new("RGB", size, light.zenith), mask
    )
    glow = Image.radial_gradient("L").point(lambda v: max(0, 255 - v * 2))
    sun_x = column(light.sun_azimuth) / SKY_SCALE + margin
    sun_y = row(math.radians(light.sun_elevation)) / SKY_SCALE
    radius = 40
    glow = glow.resize((radius * 2, radius * 2))
    for shift in (-width, 0, width):
        sky.paste(
            light.sun,
            (round(sun_x + shift - radius), round(sun_y - radius)),
            glow.point(lambda v: v // 2),
        )
    draw = ImageDraw.Draw(sky)
    for _number in range(light.cloud_count):
        x = rng.uniform(0, width)
        elevation = rng.uniform(4, 30)
        y = row(math.radians(elevation)) / SKY_SCALE
        length = rng.uniform(14, 44) / math.cos(math.radians(elevation))
        thick = rng.uniform(2.0, 4.5)
        for part in range(rng.randint(2, 4)):
            dx = rng.uniform(-length / 3, length / 3)
            dy = rng.uniform(-thick / 2, thick / 3)
            for shift in (-width, 0, width):
                cx = x + dx + shift + margin
                draw.ellipse(
                    (cx - length / 2, y + dy - thick, cx + length / 2, y + dy + thick),
                    fill=_mix(light.clouds, light.horizon, 0.15 * part),
                )
    sky = sky.filter(ImageFilter.GaussianBlur(1.6))
    big = sky.resize((size[0] * SKY_SCALE, HORIZON), Image.Resampling.BILINEAR)
    return big.crop((margin * SKY_SCALE, 0, margin * SKY_SCALE + WIDTH, HORIZON))


def _sun(canvas: _Wrapped, light: Daylight) -> None:
    elevation = math.radians(light.sun_elevation)
    x, y = column(light.sun_azimuth), row(elevation)
    radius = 22
    stretch = 1 / math.cos(elevation)
    canvas.ellipse((x - radius * stretch, y - radius, x + radius * stretch, y + radius), light.sun)


def _hills(canvas: _Wrapped, light: Daylight, rng: random.Random) -> None:
    """Two ridges along the horizon; whole waves per turn, so they meet themselves at the edges."""
    for colour, base, waves in (
        (light.far_hills, 2.6, ((2, 1.2), (3, 0.9), (5, 0.7), (9, 0.35), (17, 0.15))),
        (light.near_hills, 1.2, ((3, 0.6), (4, 0.5), (7, 0.4), (13, 0.2), (23, 0.1))),
    ):
        phases = [rng.uniform(0, 2 * math.pi) for _wave in waves]
        points = []
        for x in range(0, WIDTH + 1, 16):
            turn = 2 * math.pi * x / WIDTH
            degrees = base + sum(
                amplitude * math.sin(count * turn + phase)
                for (count, amplitude), phase in zip(waves, phases, strict=True)
            )
            points.append((x, row(math.radians(max(0.3, degrees)))))
        points += [(WIDTH, HORIZON + 4), (0, HORIZON + 4)]
        canvas.draw.polygon(points, fill=colour)


@dataclass
class _Building:
    azimuth: float  # left edge, degrees
    metres: float  # facade length
    distance: float
    floors: int
    facade: Colour
    sign: str = ""
    banner: str = ""


def _buildings(rng: random.Random, theme: str) -> list[_Building]:
    """A ring of blocks with gaps, the main teaching building opposite the sun."""
    buildings: list[_Building] = []
    azimuth = rng.uniform(0, 20)
    start = azimuth
    signs = list(SIGNS)
    rng.shuffle(signs)
    while True:
        distance = rng.uniform(52, 100)
        metres = rng.uniform(36, 96)
        degrees = math.degrees(metres / distance)
        if azimuth + degrees > start + 360 - 6:
            break
        buildings.append(
            _Building(
                azimuth=azimuth,
                metres=metres,
                distance=distance,
                floors=rng.randint(4, 8),
                facade=rng.choice(FACADES),
                sign=signs.pop() if signs and rng.random() < 0.6 else "",
            )
        )
        azimuth += degrees + rng.uniform(4, 16)
    main = max(buildings, key=lambda building: building.metres / building.distance)
    main.distance, main.floors, main.facade = 46, 6, FACADES[0]
    main.sign, main.banner = "教学主楼", theme
    return buildings


def _building(canvas: _Wrapped, building: _Building, light: Daylight, rng: random.Random) -> None:
    distance = building.distance
    left = column(building.azimuth)
    right = left + span(building.metres, distance)
    floor_height = 3.6
    top_height = building.floors * floor_height + 1.2
    top, ground = height_row(top_height, distance), height_row(0, distance)
    facing = math.radians(building.azimuth + 180 - light.sun_azimuth)
    facade = _shade(building.facade, (0.86 + 0.14 * math.cos(facing)) * light.daylight)
    canvas.rectangle((left, top, right, ground), facade)
    canvas.rectangle(
        (left, top, right, height_row(top_height - 0.8, distance)), _shade(facade, 0.8)
    )
    canvas.rectangle((left, height_row(0.9, distance), right, ground), _shade(facade, 0.7))
    bay = 3.6
    bays = int(building.metres // bay)
    margin = (building.metres - bays * bay) / 2
    glass = _mix(GLASS, light.horizon, 0.25)
    for floor in range(building.floors):
        bottom_row = height_row(floor * floor_height + 1.0, distance)
        top_row = height_row(floor * floor_height + 2.7, distance)
        for number in range(bays):
            x0 = left + span(margin + number * bay + 0.8, distance)
            x1 = left + span(margin + number * bay + bay - 0.8, distance)
            colour = LIT if rng.random() < light.lit_windows else glass
            canvas.rectangle((x0, top_row, x1, bottom_row), colour)
    for number in range(0, bays + 1, 4):  # pilasters every four bays
        x = left + span(margin + number * bay, distance)
        width = span(0.35, distance)
        canvas.rectangle((x - width, top, x + width, ground), _shade(facade, 0.9))
    if building.sign:
        size = max(12, round(span(2.4, distance)))
        canvas.text(
            ((left + right) / 2, height_row(top_height + 1.4, distance)),
            building.sign,
            size,
            RED_700,
        )
    if building.banner:
        middle = (left + right) / 2
        half = span(14, distance)
        upper = height_row(building.floors * floor_height - 0.4, distance)
        lower = height_row(building.floors * floor_height - 2.6, distance)
        canvas.rectangle((middle - half, upper, middle + half, lower), RED_700)
        canvas.text(
            (middle, (upper + lower) / 2), building.banner, round((lower - upper) * 0.7), GOLD_200
        )
        door = span(4, distance)
        canvas.rectangle(
            (middle - door, height_row(3.2, distance), middle + door, ground), (60, 60, 66)
        )


def _trees(
    canvas: _Wrapped, light: Daylight, rng: random.Random, buildings: list[_Building]
) -> None:
    main = next(building for building in buildings if building.banner)
    entrance = main.azimuth + math.degrees(main.metres / main.distance) / 2
    azimuth = rng.uniform(0, 8)
    while azimuth < 360:
        if abs((azimuth - entrance + 180) % 360 - 180) > 9:  # keep the way to the entrance open
            distance = rng.uniform(31, 42)
            height = rng.uniform(5.5, 9)
            x = column(azimuth)
            trunk = span(0.35, distance)
            canvas.rectangle(
                (x - trunk, height_row(2.8, distance), x + trunk, height_row(0, distance)),
                (88, 70, 56),
            )
            crown = span(rng.uniform(2.0, 2.8), distance)
            for _part in range(3):
                cx = x + rng.uniform(-crown / 2, crown / 2)
                cy = height_row(rng.uniform(height * 0.55, height * 0.75), distance)
                radius = crown * rng.uniform(0.6, 0.9)
                canvas.ellipse(
                    (cx - radius, cy - radius * 1.1, cx + radius, cy + radius * 1.1),
                    _shade(rng.choice(TREE_GREENS), light.daylight),
                )
        azimuth += rng.uniform(4, 9)


def _square(canvas: _Wrapped, image: Image.Image, light: Daylight) -> None:
    """Lawn out to the square's edge, then paving rings, radial joints and the centre stone."""
    draw = canvas.draw
    draw.rectangle((0, HORIZON, WIDTH, HEIGHT), fill=light.lawn)
    edge = height_row(0, SQUARE_RADIUS)
    draw.rectangle((0, edge, WIDTH, HEIGHT), fill=light.paving)
    rings = (24.0, 20.0, 16.0, 13.0, 10.0, 8.0, 6.5, 5.0, 4.0, 3.2, 2.5, 2.0, 1.6, 1.3)
    for number, (outer, inner) in enumerate(pairwise(rings)):
        if number % 3 == 1:  # every third ring in the darker stone
            draw.rectangle(
                (0, height_row(0, outer), WIDTH, height_row(0, inner)), fill=light.paving_dark
            )
    joint = _shade(light.paving_dark, 0.78)
    for radius in rings:
        top, bottom = height_row(0, radius + 0.04), height_row(0, radius - 0.04)
        draw.rectangle((0, top, WIDTH, max(bottom, top + 1)), fill=joint)
    # Radial joints: 32 per turn; a joint of constant width looks wider as it comes nearer.
    depths = [SQUARE_RADIUS, 16, 9, 6, 4, 3, 2.2, CENTRE_RADIUS]
    for number in range(32):
        x = number * WIDTH / 32
        left = [(x - span(0.025, depth) - 0.5, height_row(0, depth)) for depth in depths]
        right = [(x + span(0.025, depth) + 0.5, height_row(0, depth)) for depth in reversed(depths)]
        canvas.polygon(left + right, joint)
    stone = height_row(0, CENTRE_RADIUS)
    draw.rectangle((0, height_row(0, CENTRE_RADIUS + 0.12), WIDTH, HEIGHT), fill=RED_900)
    draw.rectangle((0, stone, WIDTH, HEIGHT), fill=_mix(light.paving_dark, (90, 80, 70), 0.5))
    draw.rectangle((0, height_row(0, 0.62), WIDTH, height_row(0, 0.56)), fill=GOLD_400)


def _lamps_and_flag(canvas: _Wrapped, buildings: list[_Building], rng: random.Random) -> None:
    for number in range(8):
        distance = 20.0
        x = column(number * 45 + 22.5)
        pole = span(0.08, distance)
        top = height_row(4.2, distance)
        canvas.rectangle((x - pole, top, x + pole, height_row(0, distance)), (70, 72, 78))
        head = span(0.35, distance)
        canvas.ellipse((x - head, top - head, x + head, top + head * 0.8), (250, 244, 220))
    main = next(building for building in buildings if building.banner)
    x = column(main.azimuth) - span(6, 24)
    pole = span(0.09, 24)
    top = height_row(15, 24)
    canvas.rectangle((x - pole, top, x + pole, height_row(0, 24)), (210, 212, 216))
    flag_width, flag_height = span(2.4, 24), span(1.6, 24)
    wave = flag_height * 0.12
    canvas.polygon(
        [
            (x + pole, top),
            (x + flag_width / 2, top + wave),
            (x + flag_width, top),
            (x + flag_width, top + flag_height),
            (x + flag_width / 2, top + flag_height + wave),
            (x + pole, top + flag_height),
        ],
        RED_700,
    )
    star = flag_height * 0.18
    canvas.ellipse(
        (x + flag_width * 0.2 - star, top + flag_height * 0.3 - star,
         x + flag_width * 0.2 + star, top + flag_height * 0.3 + star),
        GOLD_400,
    )  # fmt: skip


def _people(canvas: _Wrapped, rng: random.Random) -> None:
    """Students and visitors standing about the square: legs, a coat and a head each."""
    for _person in range(rng.randint(12, 18)):
        distance = rng.uniform(7, 22)
        x = column(rng.uniform(0, 360))
        tall = rng.uniform(1.55, 1.8)
        half = span(0.23, distance)
        leg = span(0.07, distance)
        head = span(0.11, distance)
        hips = height_row(0.85, distance)
        shoulders = height_row(tall - 0.26, distance)
        feet = height_row(0, distance)
        trousers = rng.choice(((40, 44, 56), (33, 28, 25), (70, 74, 84)))
        for side in (-1, 1):
            centre = x + side * half * 0.45
            canvas.rectangle((centre - leg, hips - 2, centre + leg, feet), trousers)
        canvas.rounded_rectangle(
            (x - half, shoulders, x + half, hips), half * 0.5, rng.choice(CLOTHES)
        )
        canvas.ellipse(
            (x - head, height_row(tall, distance), x + head, shoulders + head * 0.3),
            (40, 34, 30),
        )


def campus_panorama(*, seed: int, daylight: str, theme: str = "") -> Image.Image:
    """An equirectangular campus square at one time of day; the same for the same arguments."""
    light = DAYLIGHTS[daylight]
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), light.horizon)
    image.paste(_sky(light, rng), (0, 0))
    canvas = _Wrapped(image, WIDTH)
    _sun(canvas, light)
    _hills(canvas, light, rng)
    _square(canvas, image, light)
    buildings = _buildings(rng, theme)
    for building in sorted(buildings, key=lambda building: -building.distance):
        _building(canvas, building, light, rng)
    _trees(canvas, light, rng, buildings)
    _lamps_and_flag(canvas, buildings, rng)
    _people(canvas, rng)
    if light.tint_share:
        image = Image.blend(image, Image.new("RGB", image.size, light.tint), light.tint_share)
    return image


def campus_panorama_jpeg(*, seed: int, daylight: str, theme: str = "") -> bytes:
    buffer = io.BytesIO()
    campus_panorama(seed=seed, daylight=daylight, theme=theme).save(
        buffer, format="JPEG", quality=JPEG_QUALITY
    )
    return buffer.getvalue()
