"""A stick figure on an exercise mat, drawn with Pillow: the parts of a picture (poses of limbs,
arrows, the name and a cue) and :func:`render`, which draws one (see tools/draw_pictures.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

W, H = 640, 400
SCALE = 3  # draw large, then shrink: smooth lines without anti-aliasing support in ImageDraw
MAT_TOP = 312
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

INK = (35, 52, 70)  # near limbs, torso, head
FAR = (120, 140, 160)  # far limbs
GHOST = (200, 206, 212)  # the start position
ARROW = (224, 110, 20)
MAT = (214, 234, 226)
MAT_EDGE = (150, 190, 175)
TEXT = (30, 40, 50)
CUE = (70, 80, 90)

# Body sizes in pixels (at 1x).
THIGH, SHIN, FOOT = 78, 74, 20
UPPER_ARM, FOREARM = 56, 52
HEAD_R, NECK_GAP = 16, 5
LINE = 8

Point = tuple[float, float]


@dataclass(frozen=True)
class Limb:
    """A two-part limb from a root joint to an end point, bending to one side."""

    end: Point
    bend: int = 1  # which side of the root-end line the middle joint sits on
    tip: float | None = None  # angle (degrees) of the foot from the ankle, if drawn
    mid: Point | None = None  # the middle joint, when placed by an animation rather than worked out


@dataclass(frozen=True)
class Pose:
    """A stick figure: hip, neck, optional spine bow, and four limbs (near and far side)."""

    hip: Point
    neck: Point
    near_leg: Limb
    far_leg: Limb
    near_arm: Limb
    far_arm: Limb
    bow: float = 0.0  # sideways bulge of the spine, + is to the left of hip->neck
    head_turn: float = 0.0  # degrees to turn the head away from the spine line


@dataclass(frozen=True)
class Arrow:
    start: Point
    end: Point
    bulge: float = 0.0  # curve: + bulges to the left of start->end
    both: bool = False  # arrowheads at both ends


@dataclass(frozen=True)
class Picture:
    file: str
    title: str
    cue: str
    poses: list[Pose]  # the last one is drawn solid, earlier ones faint
    arrows: list[Arrow] = field(default_factory=list)
    view: str = "side"  # "side": mat strip; "top": mat seen from above
    props: list[str] = field(default_factory=list)  # "chair"


def mid_joint(root: Point, end: Point, l1: float, l2: float, bend: int) -> Point:
    """Two-bone inverse kinematics: where the knee or elbow goes."""
    dx, dy = end[0] - root[0], end[1] - root[1]
    d = math.hypot(dx, dy) or 1e-6
    if d >= l1 + l2:  # out of reach: straighten along the line
        return root[0] + dx / d * l1, root[1] + dy / d * l1
    a = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    h = math.sqrt(max(l1 * l1 - a * a, 0.0))
    ux, uy = dx / d, dy / d
    px, py = -uy * bend, ux * bend
    return root[0] + ux * a + px * h, root[1] + uy * a + py * h


def reach(root: Point, end: Point, l1: float, l2: float) -> Point:
    """Clamp an end point to what the limb can reach."""
    dx, dy = end[0] - root[0], end[1] - root[1]
    d = math.hypot(dx, dy)
    if d <= l1 + l2:
        return end
    return root[0] + dx / d * (l1 + l2), root[1] + dy / d * (l1 + l2)


def _bezier(p0: Point, p1: Point, bulge: float, steps: int = 32) -> list[Point]:
    mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    d = math.hypot(dx, dy) or 1e-6
    cx, cy = mx + dy / d * bulge, my - dx / d * bulge
    out = []
    for i in range(steps + 1):
        t = i / steps
        out.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * cx + t * t * p1[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * cy + t * t * p1[1],
            )
        )
    return out


class Canvas:
    def __init__(self) -> None:
        self.img = Image.new("RGB", (W * SCALE, H * SCALE), "white")
        self.draw = ImageDraw.Draw(self.img)

    def _s(self, p: Point) -> tuple[float, float]:
        return p[0] * SCALE, p[1] * SCALE

    def line(self, pts: list[Point], colour, width: float = LINE) -> None:
        w = round(width * SCALE)
        scaled = [self._s(p) for p in pts]
        self.draw.line(scaled, fill=colour, width=w, joint="curve")
        for p in (scaled[0], scaled[-1]):
            r = w / 2
            self.draw.ellipse((p[0] - r, p[1] - r, p[0] + r, p[1] + r), fill=colour)

    def circle(self, c: Point, r: float, colour, width: float = LINE, fill=None) -> None:
        x, y = self._s(c)
        r *= SCALE
        self.draw.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=round(width * SCALE), fill=fill)

    def text(self, xy: Point, text: str, size: int, colour, bold: bool = False) -> None:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        try:
            font = ImageFont.truetype(str(FONT_DIR / name), size * SCALE)
        except OSError:
            font = ImageFont.load_default(size * SCALE)
        self.draw.text(self._s(xy), text, font=font, fill=colour)

    def text_width(self, text: str, size: int) -> float:
        try:
            font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), size * SCALE)
        except OSError:
            font = ImageFont.load_default(size * SCALE)
        return self.draw.textlength(text, font=font) / SCALE

    def finish(self) -> Image.Image:
        small = self.img.resize((W, H), Image.LANCZOS)
        return small.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def draw_mat(cv: Canvas, view: str) -> None:
    if view == "top":
        box = (60 * SCALE, 70 * SCALE, 580 * SCALE, 318 * SCALE)
    else:
        box = (40 * SCALE, MAT_TOP * SCALE, 600 * SCALE, (MAT_TOP + 14) * SCALE)
    cv.draw.rounded_rectangle(box, radius=7 * SCALE, fill=MAT, outline=MAT_EDGE, width=2 * SCALE)


def draw_chair(cv: Canvas, x: float, colour=FAR) -> None:
    """A simple side-view chair standing on the mat, seat at y=228."""
    seat_y = 240
    cv.line([(x, seat_y), (x + 60, seat_y)], colour, 6)
    cv.line([(x + 4, seat_y), (x + 4, MAT_TOP - 2)], colour, 6)
    cv.line([(x + 56, seat_y), (x + 56, MAT_TOP - 2)], colour, 6)
    cv.line([(x + 4, seat_y), (x, seat_y - 72)], colour, 6)


def draw_pose(cv: Canvas, pose: Pose, ghost: bool) -> None:
    near = GHOST if ghost else INK
    far = GHOST if ghost else FAR
    hip, neck = pose.hip, pose.neck

    def limb(root: Point, spec: Limb, l1: float, l2: float, colour) -> None:
        end = reach(root, spec.end, l1, l2)
        mid = spec.mid or mid_joint(root, end, l1, l2, spec.bend)
        pts = [root, mid, end]
        if spec.tip is not None:
            a = math.radians(spec.tip)
            pts.append((end[0] + math.cos(a) * FOOT, end[1] + math.sin(a) * FOOT))
        cv.line(pts, colour)

    # far side first, so the near side is drawn on top
    limb(hip, pose.far_leg, THIGH, SHIN, far)
    limb(neck, pose.far_arm, UPPER_ARM, FOREARM, far)

    spine = _bezier(hip, neck, pose.bow, steps=24) if pose.bow else [hip, neck]
    cv.line(spine, near, LINE + 2)

    # the head sits beyond the neck, along the last bit of the spine
    tx, ty = spine[-1][0] - spine[-2][0], spine[-1][1] - spine[-2][1]
    ang = math.atan2(ty, tx) + math.radians(pose.head_turn)
    dist = HEAD_R + NECK_GAP
    head = (neck[0] + math.cos(ang) * dist, neck[1] + math.sin(ang) * dist)
    cv.circle(head, HEAD_R, near, LINE - 2, fill="white")

    limb(hip, pose.near_leg, THIGH, SHIN, near)
    limb(neck, pose.near_arm, UPPER_ARM, FOREARM, near)


def draw_arrow(cv: Canvas, arrow: Arrow) -> None:
    pts = _bezier(arrow.start, arrow.end, arrow.bulge)
    cv.line(pts, ARROW, 5)

    def head(tip: Point, before: Point) -> None:
        a = math.atan2(tip[1] - before[1], tip[0] - before[0])
        size = 16
        left = (tip[0] - size * math.cos(a - 0.45), tip[1] - size * math.sin(a - 0.45))
        right = (tip[0] - size * math.cos(a + 0.45), tip[1] - size * math.sin(a + 0.45))
        cv.draw.polygon([cv._s(tip), cv._s(left), cv._s(right)], fill=ARROW)

    head(pts[-1], pts[-4])
    if arrow.both:
        head(pts[0], pts[3])


def render(pic: Picture) -> Image.Image:
    cv = Canvas()
    draw_mat(cv, pic.view)
    for prop in pic.props:
        kind, _, x = prop.partition(":")
        if kind == "chair":
            draw_chair(cv, float(x))
    for pose in pic.poses[:-1]:
        draw_pose(cv, pose, ghost=True)
    for arrow in pic.arrows:
        draw_arrow(cv, arrow)
    draw_pose(cv, pic.poses[-1], ghost=False)
    cv.text((24, 12), pic.title, 24, TEXT, bold=True)
    size = 19
    while cv.text_width(pic.cue, size) > W - 48 and size > 13:
        size -= 1
    cv.text((24, H - 22 - size), pic.cue, size, CUE)
    return cv.finish()
