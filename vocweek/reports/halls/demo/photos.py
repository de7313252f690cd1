"""Demo photos of a campus drawn at load time with Pillow: no picture files ship with the project.

Where the reports' demo draws events (`reports.demo.photos`), these are the places a hall shows:
buildings, a gate, a sports ground and training rooms (machine shop, robot cell, car workshop,
nursing ward, computer room, locomotive hall). Each is drawn through one simple pinhole camera,
so floors, safety lines and ceiling lights meet at one vanishing point and nearer things are
larger. The same seed and scene always give the same photo.
"""

import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from vocweek.reports.demo.photos import (
    BLUE_700,
    GOLD_200,
    GOLD_400,
    GREEN_700,
    HEIGHT,
    INK,
    JPEG_QUALITY,
    PAPER,
    RED_700,
    RED_900,
    WIDTH,
    cjk_font,
    demo_photo,
)

Colour = tuple[int, int, int]
EYE = 1.6  # the camera's height in metres
FOCAL = 760  # pixels

SKIES: tuple[tuple[Colour, Colour], ...] = (
    ((92, 146, 214), (214, 230, 242)),
    ((70, 126, 200), (200, 222, 240)),
    ((120, 160, 210), (240, 226, 204)),
)
FACADES: tuple[Colour, ...] = ((236, 232, 224), (224, 206, 172), (176, 86, 64), (206, 210, 214))
TREE_GREENS: tuple[Colour, ...] = ((52, 104, 52), (70, 124, 58), (40, 86, 48), (86, 136, 64))
WORK_CLOTHES: tuple[Colour, ...] = (BLUE_700, (38, 58, 96), (60, 90, 140))
NURSE_CLOTHES: tuple[Colour, ...] = ((246, 246, 246), (232, 240, 250), (250, 236, 240))
CASUAL_CLOTHES: tuple[Colour, ...] = (RED_700, BLUE_700, GREEN_700, INK, (232, 232, 228))


def _mix(colour: Colour, other: Colour, share: float) -> Colour:
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))  # type: ignore[return-value]


def _shade(colour: Colour, light: float) -> Colour:
    return tuple(max(0, min(255, round(channel * light))) for channel in colour)  # type: ignore[return-value]


@dataclass
class _Camera:
    """A pinhole camera `EYE` metres up, looking level along the depth axis."""

    draw: ImageDraw.ImageDraw
    centre_x: float
    horizon: float

    def point(self, x: float, y: float, z: float) -> tuple[float, float]:
        """Where a point `x` metres aside, `y` metres up and `z` metres ahead lands."""
        return self.centre_x + FOCAL * x / z, self.horizon + FOCAL * (EYE - y) / z

    def scale(self, z: float) -> float:
        return FOCAL / z

    def quad(self, corners: list[tuple[float, float, float]], fill: Colour) -> None:
        self.draw.polygon([self.point(*corner) for corner in corners], fill=fill)

    def level(self, x: tuple[float, float], z: tuple[float, float], fill: Colour, y: float = 0.0):
        """A level rectangle `y` metres up: floor, a stripe on it, a ceiling, a box's top."""
        (x0, x1), (z0, z1) = x, z
        self.quad([(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)], fill)

    def side(self, x: float, y: tuple[float, float], z: tuple[float, float], fill: Colour) -> None:
        """An upright rectangle along the depth axis: a side wall, a box's side."""
        (y0, y1), (z0, z1) = y, z
        self.quad([(x, y0, z0), (x, y1, z0), (x, y1, z1), (x, y0, z1)], fill)

    def box(
        self,
        x: tuple[float, float],
        y: tuple[float, float],
        z: tuple[float, float],
        colour: Colour,
    ) -> tuple[float, float, float, float]:
        """A box with its top and the side turned to the camera; returns its front's screen box."""
        (x0, x1), (y0, y1), z0 = x, y, z[0]
        if y1 < EYE:
            self.level(x, z, _shade(colour, 1.08), y=y1)
        if x0 > 0 or x1 < 0:
            self.side(x0 if x0 > 0 else x1, y, z, _shade(colour, 0.78))
        left, top = self.point(x0, y1, z0)
        right, bottom = self.point(x1, y0, z0)
        self.draw.rectangle((left, top, right, bottom), fill=colour)
        return left, top, right, bottom

    def person(
        self, x: float, z: float, clothes: Colour, rng: random.Random, cap: Colour | None = None
    ) -> None:
        """Someone standing, seen from behind: legs, a coat, a head (and a cap)."""
        scale = self.scale(z)
        tall = rng.uniform(1.58, 1.8)
        cx, feet = self.point(x, 0, z)
        half, leg = 0.22 * scale, 0.07 * scale
        hips = self.point(x, 0.85, z)[1]
        shoulders = self.point(x, tall - 0.25, z)[1]
        trousers = _shade(clothes, 0.6) if clothes in WORK_CLOTHES else (44, 46, 56)
        for side in (-1, 1):
            middle = cx + side * half * 0.45
            self.draw.rectangle((middle - leg, hips - 2, middle + leg, feet), fill=trousers)
        self.draw.rounded_rectangle(
            (cx - half, shoulders, cx + half, hips + 0.05 * scale), radius=half * 0.5, fill=clothes
        )
        head = 0.11 * scale
        top = self.point(x, tall, z)[1]
        self.draw.ellipse((cx - head, top, cx + head, shoulders + head * 0.3), fill=(40, 34, 30))
        if cap is not None:
            self.draw.chord(
                (cx - head, top - head * 0.1, cx + head, top + head * 1.2), 180, 360, fill=cap
            )

    def tree(self, x: float, z: float, rng: random.Random) -> None:
        scale = self.scale(z)
        cx, ground = self.point(x, 0, z)
        trunk = 0.18 * scale
        self.draw.rectangle(
            (cx - trunk, self.point(x, 2.6, z)[1], cx + trunk, ground), fill=(88, 70, 56)
        )
        for _part in range(4):
            radius = rng.uniform(1.2, 1.9) * scale
            px = cx + rng.uniform(-1.1, 1.1) * scale
            py = self.point(x, rng.uniform(3.6, 5.0), z)[1]
            self.draw.ellipse(
                (px - radius, py - radius, px + radius, py + radius), fill=rng.choice(TREE_GREENS)
            )


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    return image, ImageDraw.Draw(image)


def _sky(image: Image.Image, rng: random.Random, horizon: float) -> None:
    top, bottom = rng.choice(SKIES)
    size = (WIDTH, max(1, round(horizon)))
    mask = Image.linear_gradient("L").resize(size)
    image.paste(Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask))
    draw = ImageDraw.Draw(image)
    for _cloud in range(rng.randint(2, 5)):
        x, y = rng.uniform(0, WIDTH), rng.uniform(40, horizon * 0.55)
        for _part in range(3):
            w, h = rng.uniform(60, 140), rng.uniform(18, 34)
            dx, dy = rng.uniform(-70, 70), rng.uniform(-10, 10)
            draw.ellipse((x + dx - w, y + dy - h, x + dx + w, y + dy + h), fill=(248, 250, 252))


def _text(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], text: str, size: int, fill: Colour
) -> None:
    font = cjk_font(max(8, size))
    if font is not None and text:
        draw.text(centre, text, fill=fill, font=font, anchor="mm")


def _facade(
    camera: _Camera,
    x: tuple[float, float],
    z: float,
    floors: int,
    colour: Colour,
    rng: random.Random,
) -> tuple[float, float, float, float]:
    """A block with rows of windows; returns the front's screen box."""
    depth = (z, z + rng.uniform(12, 18))
    box = camera.box(x, (0, floors * 3.6 + 1.0), depth, colour)
    glass = (96, 124, 156)
    bay = 3.6
    for floor in range(floors):
        for number in range(int((x[1] - x[0]) // bay)):
            left = x[0] + number * bay + 0.9
            x0, y0 = camera.point(left, floor * 3.6 + 2.8, z)
            x1, y1 = camera.point(left + bay - 1.8, floor * 3.6 + 1.1, z)
            camera.draw.rectangle((x0, y0, x1, y1), fill=glass if rng.random() > 0.1 else GOLD_200)
    camera.draw.rectangle(
        (box[0], box[1], box[2], box[1] + 0.7 * camera.scale(z)), fill=_shade(colour, 0.82)
    )
    return box


def _paving(camera: _Camera, colour: Colour, lines: Colour, horizon: float) -> None:
    camera.draw.rectangle((0, horizon, WIDTH, HEIGHT), fill=colour)
    for x in range(-40, 41, 3):
        camera.draw.line([camera.point(x, 0, 1.5), camera.point(x, 0, 200)], fill=lines, width=2)
    z = 2.0
    while z < 120:
        y = camera.point(0, 0, z)[1]
        camera.draw.line([(0, y), (WIDTH, y)], fill=lines, width=1 if z > 10 else 2)
        z *= 1.25


# Outdoor scenes ------------------------------------------------------------------------------------


def _building(rng: random.Random, label: str) -> Image.Image:
    """The teaching building across a paved square, with trees, a flag and passers-by."""
    image, draw = _canvas()
    camera = _Camera(draw, WIDTH / 2 + rng.uniform(-120, 120), rng.uniform(430, 480))
    _sky(image, rng, camera.horizon)
    _paving(camera, (206, 200, 190), (176, 168, 158), camera.horizon)
    colour = rng.choice(FACADES)
    for side in (-1, 1):  # wings set back on both sides
        inner = rng.uniform(14, 18)
        _facade(
            camera,
            (inner, inner + 30) if side > 0 else (-inner - 30, -inner),
            70,
            rng.randint(4, 5),
            colour,
            rng,
        )
    box = _facade(camera, (-15, 15), 55, 6, colour, rng)
    _text(
        draw,
        ((box[0] + box[2]) / 2, box[1] - 0.9 * camera.scale(55)),
        label,
        round(1.6 * camera.scale(55)),
        RED_700,
    )
    door_left, door_top = camera.point(-3, 3.2, 55)
    door_right, door_bottom = camera.point(3, 0, 55)
    draw.rectangle((door_left, door_top, door_right, door_bottom), fill=(64, 66, 74))
    for x in (-24, -19, 19, 24, -30, 30):
        camera.tree(x + rng.uniform(-1, 1), rng.uniform(30, 40), rng)
    pole_x = rng.choice((-9.0, 9.0))
    foot = camera.point(pole_x, 0, 30)
    top = camera.point(pole_x, 14, 30)
    draw.line([foot, top], fill=(214, 216, 220), width=4)
    flag = camera.scale(30)
    draw.rectangle((top[0], top[1], top[0] + 2.2 * flag, top[1] + 1.45 * flag), fill=RED_700)
    for _person in range(rng.randint(5, 9)):
        camera.person(rng.uniform(-10, 10), rng.uniform(8, 26), rng.choice(CASUAL_CLOTHES), rng)
    return image


def _gate(rng: random.Random, label: str) -> Image.Image:
    """The campus gate: two pillars, a beam with the school's name, the road leading in."""
    image, draw = _canvas()
    camera = _Camera(draw, WIDTH / 2, rng.uniform(440, 470))
    _sky(image, rng, camera.horizon)
    draw.rectangle((0, camera.horizon, WIDTH, HEIGHT), fill=(110, 150, 84))
    camera.level((-5, 5), (3, 300), (120, 118, 116))
    for x in (-0.15, 0.15):
        camera.level((x - 0.08, x + 0.08), (3, 300), (236, 236, 230))
    for x in (-40, 16, 46):
        _facade(camera, (x, x + 24), 110, rng.randint(4, 7), rng.choice(FACADES), rng)
    for z in range(26, 90, 9):
        for side in (-1, 1):
            camera.tree(side * rng.uniform(7.5, 9), z, rng)
    stone = rng.choice(((92, 88, 86), (120, 60, 52), RED_900))
    for x in (-8.0, 6.2):
        camera.box((x, x + 1.8), (0, 8.5), (22, 23.8), stone)
    left, top, right, bottom = camera.box((-8.6, 8.6), (6.4, 8.2), (21.6, 23.6), stone)
    _text(
        draw,
        ((left + right) / 2, (top + bottom) / 2),
        label,
        round((bottom - top) * 0.62),
        GOLD_400,
    )
    for _person in range(rng.randint(3, 6)):
        camera.person(rng.uniform(-4, 4), rng.uniform(9, 20), rng.choice(CASUAL_CLOTHES), rng)
    return image


def _library(rng: random.Random, label: str) -> Image.Image:
    """A library with a glass front, a colonnade and broad steps."""
    image, draw = _canvas()
    camera = _Camera(draw, WIDTH / 2 + rng.uniform(-80, 80), rng.uniform(450, 490))
    _sky(image, rng, camera.horizon)
    _paving(camera, (196, 194, 188), (170, 166, 160), camera.horizon)
    z = 44
    stone = rng.choice(((232, 226, 214), (214, 208, 200)))
    camera.box((-26, 26), (0, 19), (z, z + 20), stone)
    camera.box((-18, 18), (1.6, 15), (z - 0.3, z), (104, 140, 176))
    for floor_height in (5.8, 10.2):
        left, top = camera.point(-18, floor_height + 0.3, z - 0.35)
        right, bottom = camera.point(18, floor_height, z - 0.35)
        draw.rectangle((left, top, right, bottom), fill=_shade(stone, 0.9))
    for column in range(-16, 17, 4):
        camera.box((column - 0.45, column + 0.45), (1.6, 16), (z - 2.2, z - 1.4), (244, 242, 236))
    camera.box((-22, 22), (15.8, 17.2), (z - 2.6, z), _shade(stone, 0.92))
    for step in range(4):
        camera.box(
            (-16 + step, 16 - step),
            (0, 0.4 * (step + 1)),
            (z - 7 + step * 1.3, z - 5.7 + step * 1.3),
            (224, 220, 212),
        )
    left, top = camera.point(0, 18.4, z - 2.7)
    _text(draw, (left, top), label, round(1.5 * camera.scale(z)), RED_900)
    for x in (-30, -24, 24, 30):
        camera.tree(x, rng.uniform(30, 36), rng)
    for _person in range(rng.randint(4, 8)):
        camera.person(rng.uniform(-12, 12), rng.uniform(10, 30), rng.choice(CASUAL_CLOTHES), rng)
    return image


def _field(rng: random.Random, label: str) -> Image.Image:
    """The sports ground: red running track, green pitch, a stand and buildings behind."""
    image, draw = _canvas()
    camera = _Camera(draw, WIDTH / 2, rng.uniform(380, 420))
    _sky(image, rng, camera.horizon)
    draw.rectangle((0, camera.horizon, WIDTH, HEIGHT), fill=(112, 150, 90))
    for x in (-70, -30, 20, 60):
        _facade(camera, (x, x + 30), 160, rng.randint(4, 7), rng.choice(FACADES), rng)
    for z in range(60, 130, 10):
        camera.tree(rng.uniform(-80, 80), z + 20, rng)
    track = (178, 72, 58)
    camera.level((-60, 60), (6, 110), track)
    camera.level((-38, 38), (14, 95), (72, 150, 74))
    for stripe in range(14, 95, 9):
        camera.level((-38, 38), (stripe, stripe + 4.5), (84, 164, 84))
    for lane in range(1, 8):
        camera.level((-60, 60), (6 + lane * 1.1, 6.06 + lane * 1.1), (246, 244, 238))
    left, top, right, _bottom = camera.box((-30, 30), (0, 6), (100, 108), (200, 200, 204))
    camera.box((-30, 30), (6, 6.6), (98, 108), RED_700)
    _text(draw, ((left + right) / 2, top - 12), label, 22, RED_900)
    for _runner in range(rng.randint(4, 7)):
        camera.person(rng.uniform(-20, 20), rng.uniform(8.5, 13), rng.choice(CASUAL_CLOTHES), rng)
    return image


# Training rooms ------------------------------------------------------------------------------------


@dataclass
class _Room:
    image: Image.Image
    camera: _Camera
    back_wall: tuple[float, float, float, float]


def _room(
    rng: random.Random,
    wall: Colour,
    floor: Colour,
    depth: float = 30,
    half: float = 10,
    high: float = 6.0,
) -> _Room:
    """An empty hall: ceiling, side walls, floor with safety lines, back wall and strip lights."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _shade(wall, 0.85))
    draw = ImageDraw.Draw(image)
    camera = _Camera(draw, WIDTH / 2 + rng.uniform(-60, 60), rng.uniform(360, 400))
    near = 1.0
    camera.level((-half, half), (near, depth), floor)
    camera.side(-half, (0, high), (near, depth), _shade(wall, 0.92))
    camera.side(half, (0, high), (near, depth), _shade(wall, 0.88))
    camera.level((-half, half), (near, depth), (232, 234, 236), y=high)
    left, top = camera.point(-half, high, depth)
    right, bottom = camera.point(half, 0, depth)
    draw.rectangle((left, top, right, bottom), fill=wall)
    for z in range(3, int(depth), 4):
        for x in (-5, 0, 5):
            camera.level((x - 0.15, x + 0.15), (z, z + 2.2), (255, 252, 236), y=high - 0.05)
    for x in (-2.2, 2.2):  # the safety lines of the gangway
        camera.level((x - 0.06, x + 0.06), (near, depth), (232, 190, 40), y=0.001)
    return _Room(image, camera, (left, top, right, bottom))


def _slogan(room: _Room, text: str, colour: Colour = RED_700) -> None:
    left, top, right, bottom = room.back_wall
    y = top + (bottom - top) * 0.22
    _text(room.camera.draw, ((left + right) / 2, y), text, round((bottom - top) * 0.11), colour)


def _machines(rng: random.Random, label: str) -> Image.Image:
    """A machine shop: rows of CNC machines along both sides, students at the controls."""
    room = _room(rng, (226, 230, 232), (92, 140, 112))
    camera = room.camera
    _slogan(room, label or "精益求精 追求卓越")
    body, trim = rng.choice((((236, 236, 232), BLUE_700), ((222, 226, 230), (232, 120, 40))))
    for z in range(25, 4, -5):
        for side in (-1, 1):
            x0 = 4.2 if side > 0 else -7.4
            left, top, right, bottom = camera.box((x0, x0 + 3.2), (0, 2.2), (z, z + 2.4), body)
            draw = camera.draw
            draw.rectangle((left, top, right, top + (bottom - top) * 0.12), fill=trim)
            draw.rectangle(
                (
                    left + (right - left) * 0.15,
                    top + (bottom - top) * 0.25,
                    left + (right - left) * 0.6,
                    top + (bottom - top) * 0.65,
                ),
                fill=(150, 180, 200),
            )
            draw.rectangle(
                (
                    left + (right - left) * 0.7,
                    top + (bottom - top) * 0.25,
                    left + (right - left) * 0.9,
                    top + (bottom - top) * 0.5,
                ),
                fill=(40, 44, 52),
            )
    for _student in range(rng.randint(4, 7)):
        side = rng.choice((-1, 1))
        camera.person(
            side * rng.uniform(2.6, 3.6),
            rng.choice((6.5, 11.5, 16.5, 21.5)) - 0.6,
            rng.choice(WORK_CLOTHES),
            rng,
            cap=(40, 40, 48),
        )
    return room.image


def _robots(rng: random.Random, label: str) -> Image.Image:
    """A robot cell: orange arms on plinths behind yellow rails, students at the pendants."""
    room = _room(rng, (230, 232, 236), (120, 128, 140))
    camera = room.camera
    _slogan(room, label or "智能制造 技能报国")
    draw = camera.draw
    arm = rng.choice(((236, 120, 32), (240, 190, 40), (220, 70, 50)))
    for z in (22.0, 15.0, 9.0):
        for x in (-4.5, 3.5):
            camera.box((x - 0.6, x + 0.6), (0, 0.9), (z, z + 1.2), (70, 74, 84))
            scale = camera.scale(z)
            base = camera.point(x, 0.9, z)
            elbow = (base[0] + rng.uniform(-0.8, 0.8) * scale, base[1] - 1.1 * scale)
            wrist = (
                elbow[0] + rng.choice((-1, 1)) * 0.9 * scale,
                elbow[1] + rng.uniform(-0.2, 0.4) * scale,
            )
            draw.line(
                [base, elbow, wrist], fill=arm, width=max(3, round(0.32 * scale)), joint="curve"
            )
            for joint in (base, elbow):
                radius = 0.24 * scale
                draw.ellipse(
                    (joint[0] - radius, joint[1] - radius, joint[0] + radius, joint[1] + radius),
                    fill=_shade(arm, 0.8),
                )
            for post in (x - 1.8, x + 1.7):
                camera.box((post, post + 0.1), (0, 1.0), (z - 2.2, z - 2.1), (232, 190, 40))
            camera.box((x - 1.8, x + 1.8), (0.9, 1.0), (z - 2.2, z - 2.1), (232, 190, 40))
    for _student in range(rng.randint(3, 6)):
        camera.person(rng.uniform(-2.5, 2.5), rng.uniform(5.5, 19), rng.choice(WORK_CLOTHES), rng)
    return room.image


def _cars(rng: random.Random, label: str) -> Image.Image:
    """A car workshop: cars on lifts and on the floor, tool cabinets along the wall."""
    room = _room(rng, (232, 230, 224), (150, 150, 150), depth=32, half=11)
    camera = room.camera
    _slogan(room, label or "规范操作 安全第一")
    draw = camera.draw
    for z, x, lifted in (
        (24.0, -7.0, True),
        (24.0, 3.5, False),
        (15.0, -7.5, False),
        (15.0, 3.8, True),
    ):
        height = 1.5 if lifted else 0.0
        colour = rng.choice(((200, 40, 40), (230, 230, 230), (40, 70, 130), (150, 156, 164)))
        if lifted:
            for post in (x - 0.2, x + 3.4):
                camera.box((post, post + 0.25), (0, 2.4), (z - 0.2, z), (70, 110, 170))
        camera.box((x, x + 3.2), (height + 0.3, height + 1.1), (z, z + 4.4), colour)
        camera.box(
            (x + 0.4, x + 2.8),
            (height + 1.1, height + 1.6),
            (z + 0.8, z + 3.2),
            _shade(colour, 0.9),
        )
        glass_left, glass_top = camera.point(x + 0.55, height + 1.55, z + 0.79)
        glass_right, glass_bottom = camera.point(x + 2.65, height + 1.15, z + 0.79)
        draw.rectangle((glass_left, glass_top, glass_right, glass_bottom), fill=(60, 80, 100))
        for wheel in (x + 0.6, x + 2.6):
            cx, cy = camera.point(wheel, height + 0.35, z)
            radius = 0.35 * camera.scale(z)
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(30, 30, 32))
    for z in range(6, 28, 4):
        camera.box((10.2, 10.9), (0, 1.1), (z, z + 1.4), (200, 40, 40))
    for _student in range(rng.randint(3, 6)):
        camera.person(
            rng.uniform(-3, 2.5),
            rng.uniform(6, 20),
            rng.choice(WORK_CLOTHES),
            rng,
            cap=(40, 40, 48),
        )
    return room.image


def _ward(rng: random.Random, label: str) -> Image.Image:
    """A nursing ward for training: beds in two rows, curtain rails, students in white."""
    room = _room(rng, (226, 236, 240), (196, 204, 200), depth=22, half=7, high=3.4)
    camera = room.camera
    _slogan(room, label or "仁心仁术 精益求精", (40, 110, 150))
    blanket = rng.choice(((120, 170, 210), (150, 200, 180), (220, 200, 140)))
    for z in (17.0, 12.0, 7.5):
        for x0 in (-6.2, 4.2):
            camera.box((x0, x0 + 2.0), (0, 0.55), (z, z + 2.1), (200, 204, 210))
            camera.box((x0, x0 + 2.0), (0.55, 0.75), (z, z + 2.1), (250, 250, 250))
            camera.box((x0 + 0.05, x0 + 1.95), (0.75, 0.82), (z + 0.7, z + 2.1), blanket)
            rail_left, rail_y = camera.point(x0 - 0.2, 3.0, z - 0.4)
            rail_right, _rail = camera.point(x0 + 2.2, 3.0, z - 0.4)
            camera.draw.line(
                [(rail_left, rail_y), (rail_right, rail_y)], fill=(170, 176, 184), width=3
            )
    for _student in range(rng.randint(4, 7)):
        camera.person(
            rng.uniform(-3.2, 3.2),
            rng.uniform(5.5, 16),
            rng.choice(NURSE_CLOTHES),
            rng,
            cap=(250, 250, 250),
        )
    return room.image


def _computers(rng: random.Random, label: str) -> Image.Image:
    """A computer room: rows of desks with screens, students working."""
    room = _room(rng, (230, 232, 236), (170, 176, 186), depth=20, half=8, high=3.4)
    camera = room.camera
    _slogan(room, label or "数字技能 服务发展", BLUE_700)
    draw = camera.draw
    glow = rng.choice(((60, 110, 180), (40, 140, 160), (70, 90, 160)))
    for z in (17.0, 14.0, 11.0, 8.0, 5.0):
        for x0 in (-7.0, 0.8):
            camera.box((x0, x0 + 6.2), (0, 0.75), (z, z + 0.8), (214, 206, 190))
            for seat in range(4):
                x = x0 + 0.5 + seat * 1.5
                left, top = camera.point(x, 1.25, z + 0.4)
                right, bottom = camera.point(x + 0.55, 0.85, z + 0.4)
                draw.rectangle((left, top, right, bottom), fill=(30, 32, 36))
                inset = (right - left) * 0.08
                draw.rectangle(
                    (left + inset, top + inset, right - inset, bottom - inset), fill=glow
                )
    for _student in range(rng.randint(5, 9)):
        camera.person(
            rng.choice((-6.0, -4.5, -3.0, 1.8, 3.3, 4.8)),
            rng.choice((5.0, 8.0, 11.0)) - 0.5,
            rng.choice(CASUAL_CLOTHES),
            rng,
        )
    return room.image


def _train(rng: random.Random, label: str) -> Image.Image:
    """A locomotive hall: rails in the floor and a locomotive's front on the training track."""
    room = _room(rng, (220, 224, 228), (140, 140, 136), depth=40, half=12, high=9)
    camera = room.camera
    _slogan(room, label or "安全正点 规范作业")
    draw = camera.draw
    for x in (-2.2, -0.7, 0.7, 2.2):
        camera.level((x - 0.04, x + 0.04), (2, 40), (190, 190, 196), y=0.01)
    body = rng.choice(((200, 40, 40), (40, 110, 70), (230, 230, 226)))
    left, top, right, bottom = camera.box((-1.6, 1.6), (0.9, 4.4), (14, 32), body)
    camera.box((-1.6, 1.6), (0.3, 0.9), (14, 32), (40, 40, 44))
    width, height = right - left, bottom - top
    draw.rectangle(
        (left + width * 0.12, top + height * 0.12, right - width * 0.12, top + height * 0.42),
        fill=(50, 70, 90),
    )
    draw.rectangle((left, top + height * 0.55, right, top + height * 0.62), fill=GOLD_400)
    for x in (0.22, 0.78):
        cx, cy = left + width * x, top + height * 0.78
        radius = width * 0.06
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(255, 246, 210))
    for _student in range(rng.randint(3, 6)):
        camera.person(
            rng.choice((-1, 1)) * rng.uniform(2.6, 4.5),
            rng.uniform(6, 13),
            rng.choice(WORK_CLOTHES),
            rng,
            cap=(40, 40, 48),
        )
    return room.image


SCENES: dict[str, Callable[[random.Random, str], Image.Image]] = {
    "building": _building,
    "gate": _gate,
    "library": _library,
    "field": _field,
    "machines": _machines,
    "robots": _robots,
    "cars": _cars,
    "ward": _ward,
    "computers": _computers,
    "train": _train,
}
EVENT = "event"


def campus_photo(*, scene: str, seed: int, label: str = "", theme: str = "") -> bytes:
    """A 1280 × 853 JPEG of a campus scene; `label` is the sign or slogan it shows.

    The scene "event" is an event photo of the reports' demo, with the campaign's theme.
    """
    if scene == EVENT:
        return demo_photo(seed=seed, caption="", theme=theme)
    image = SCENES[scene](random.Random(seed), label)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
