"""Draw the exercise pictures in content/pictures/ as simple line drawings.

Each picture is a stick figure on an exercise mat, seen from the side (or from above for
knee rolls), with a faint "start" pose, a solid "end" pose, an orange arrow showing the
movement, the exercise name and a short cue. Output: 640x400 PNG, a few kilobytes each.

With ``--animate`` it draws each picture's moving demonstration instead, from the same poses:
the figure moves from one keyframe pose to the next and back (ease in and out, a pause at each
end; a single pose is stepped through with its limbs swapped), as an animated WebP in
content/pictures/animated/ that the Mini App shows.

Usage:  python tools/draw_pictures.py [--out content/pictures] [--only walking,bridge] [--animate]

Needs Pillow (a development dependency only; the bot just sends the PNG files).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

W, H = 640, 400
SCALE = 3  # draw large, then shrink: smooth lines without anti-aliasing support in ImageDraw
MAT_TOP = 312
OUT_DIR = Path(__file__).resolve().parents[1] / "content" / "pictures"
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


def _mid_joint(root: Point, end: Point, l1: float, l2: float, bend: int) -> Point:
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


def _reach(root: Point, end: Point, l1: float, l2: float) -> Point:
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
        end = _reach(root, spec.end, l1, l2)
        mid = spec.mid or _mid_joint(root, end, l1, l2, spec.bend)
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


# --- The poses -------------------------------------------------------------------------
# Screen coordinates: x to the right, y downwards. Bend signs: for a limb pointing down and
# to the right, bend=-1 puts the middle joint up and to the right of the line, +1 down-left.
FLOOR = MAT_TOP - 5


def lying_back(hip_x: float = 330) -> Pose:
    """On the back, head to the left, knees bent with feet flat (the start for many)."""
    hip = (hip_x, FLOOR - 4)
    neck = (hip_x - 108, FLOOR - 6)
    foot = (hip_x + 100, FLOOR)
    return Pose(
        hip=hip,
        neck=neck,
        near_leg=Limb(foot, bend=-1, tip=-5),
        far_leg=Limb((foot[0] + 6, FLOOR), bend=-1, tip=-5),
        near_arm=Limb((neck[0] + 100, FLOOR), bend=1),
        far_arm=Limb((neck[0] + 96, FLOOR), bend=1),
    )


def all_fours(bow: float = 0.0, hip_x: float = 400, neck_x: float = 285) -> Pose:
    """Hands and knees, head to the left: knees under the hips, hands under the shoulders."""
    hip = (hip_x, FLOOR - THIGH)
    neck = (neck_x, FLOOR - 104)
    return Pose(
        hip=hip,
        neck=neck,
        bow=bow,
        near_leg=Limb((hip_x + SHIN, FLOOR), bend=1, tip=0),
        far_leg=Limb((hip_x + SHIN + 4, FLOOR - 1), bend=1, tip=0),
        near_arm=Limb((neck_x - 2, FLOOR), bend=1),
        far_arm=Limb((neck_x + 4, FLOOR), bend=1),
        head_turn=-20,
    )


def lying_front(raise_: float) -> Pose:
    """Face down, head to the left; ``raise_`` (degrees) lifts the chest onto the forearms."""
    hip = (390, FLOOR - 6)
    ang = math.radians(180 + raise_)
    neck = (hip[0] + 108 * math.cos(ang), hip[1] + 108 * math.sin(ang))
    if raise_ > 5:
        arms = Limb((neck[0] - 48, FLOOR), bend=-1), Limb((neck[0] - 42, FLOOR), bend=-1)
    else:
        arms = Limb((neck[0] - 104, FLOOR - 2), bend=1), Limb((neck[0] - 100, FLOOR - 2), bend=1)
    return Pose(
        hip=hip,
        neck=neck,
        bow=-10 if raise_ > 5 else 0,
        near_leg=Limb((hip[0] + 150, FLOOR), bend=1, tip=20),
        far_leg=Limb((hip[0] + 151, FLOOR - 1), bend=1, tip=20),
        near_arm=arms[0],
        far_arm=arms[1],
        head_turn=-25 if raise_ > 5 else 0,
    )


def walking(x: float = 400) -> Pose:
    hip = (x, FLOOR - 138)
    neck = (x + 8, FLOOR - 228)
    return Pose(
        hip=hip,
        neck=neck,
        near_leg=Limb((x + 50, FLOOR - 2), bend=-1, tip=-5),
        far_leg=Limb((x - 48, FLOOR - 12), bend=-1, tip=35),
        near_arm=Limb((x - 28, hip[1] - 2), bend=-1),
        far_arm=Limb((x + 50, hip[1] - 12), bend=1),
        head_turn=-6,
    )


def sitting(
    hands: Point, neck: Point, bow: float = 0.0, head_turn: float = 0.0, near_foot: Point | None = None
) -> Pose:
    """Sitting on the chair drawn at x=262 (seat y=240), facing right."""
    hip = (296, 230)
    return Pose(
        hip=hip,
        neck=neck,
        bow=bow,
        head_turn=head_turn,
        near_leg=Limb(near_foot or (392, FLOOR), bend=-1, tip=0),
        far_leg=Limb((388, FLOOR), bend=-1, tip=0),
        near_arm=Limb(hands, bend=1),
        far_arm=Limb((hands[0] - 4, hands[1] + 2), bend=1),
    )


def knee_rolls() -> list[Pose]:
    """Seen from above: lying on the back, bent knees dropped to one side, then the other."""
    hip = (350, 194)
    neck = (222, 194)

    def side(sign: int) -> Pose:
        return Pose(
            hip=hip,
            neck=neck,
            near_leg=Limb((hip[0] + 118, hip[1] + sign * 16), bend=-sign),
            far_leg=Limb((hip[0] + 124, hip[1] + sign * 4), bend=-sign),
            near_arm=Limb((neck[0] + 50, neck[1] + 92), bend=-1),
            far_arm=Limb((neck[0] + 50, neck[1] - 92), bend=1),
        )

    return [side(-1), side(1)]


_BACK = lying_back()
_FOURS = all_fours()
_SIT_NECK = (300, 134)

PICTURES: list[Picture] = [
    Picture(
        "walking.png",
        "Walking, built up slowly",
        "Walk on the flat. Rest (sit or lean forward) when your legs build up, then go on.",
        [walking()],
        [Arrow((462, 112), (526, 112))],
        props=["chair:530"],
    ),
    Picture(
        "knee-rolls.png",
        "Knee rolls (seen from above)",
        "Lying on your back, roll both bent knees to one side, then the other.",
        knee_rolls(),
        [Arrow((500, 118), (500, 270), bulge=-34, both=True)],
        view="top",
    ),
    Picture(
        "pelvic-tilt.png",
        "Pelvic tilt",
        "Flatten your lower back into the mat, then let it arch gently. Small and slow.",
        [replace(_BACK, bow=-26), _BACK],
        [Arrow((262, 244), (312, 244), bulge=-16, both=True)],
    ),
    Picture(
        "knee-to-chest.png",
        "Knee to chest",
        "Hold behind one knee and draw it gently towards your chest. Hold for a count of 5.",
        [_BACK, replace(_BACK, near_leg=Limb((354, 180), bend=-1, tip=-20), near_arm=Limb((296, 236), bend=-1))],
        [Arrow((392, 226), (312, 196), bulge=22)],
    ),
    Picture(
        "bottom-to-heels.png",
        "Bottom to heels stretch",
        "From hands and knees, move your bottom back towards your heels, then return.",
        [
            _FOURS,
            Pose(
                hip=(452, FLOOR - 44),
                neck=(350, FLOOR - 60),
                bow=12,
                near_leg=Limb((462, FLOOR), bend=1, tip=0),
                far_leg=Limb((466, FLOOR - 1), bend=1, tip=0),
                near_arm=Limb((283, FLOOR), bend=1),
                far_arm=Limb((289, FLOOR), bend=1),
                head_turn=-10,
            ),
        ],
        [Arrow((410, 196), (456, 236), bulge=-18)],
    ),
    Picture(
        "cat-camel.png",
        "Cat and camel",
        "On hands and knees, slowly round your back up, then let it dip down.",
        [all_fours(bow=30), all_fours(bow=-34)],
        [Arrow((342, 130), (342, 226), bulge=-26, both=True)],
    ),
    Picture(
        "prone-press-up.png",
        "Press-up lying on your front",
        "Keep your hips down. Push up onto your forearms, then lower slowly.",
        [lying_front(0), lying_front(36)],
        [Arrow((236, 284), (250, 214), bulge=-14)],
    ),
    Picture(
        "seated-nerve-glide.png",
        "Sitting nerve glide",
        "Straighten the knee as you look up; bend it as you tuck your chin. Keep it smooth.",
        [
            sitting(hands=(338, 236), neck=_SIT_NECK, head_turn=25),
            sitting(hands=(338, 236), neck=_SIT_NECK, head_turn=-30, near_foot=(446, 214)),
        ],
        [Arrow((410, 296), (452, 232), bulge=22, both=True)],
        props=["chair:262"],
    ),
    Picture(
        "lying-nerve-slider.png",
        "Lying nerve slider",
        "Straighten the knee as you point your toes; bend it as you pull your toes up.",
        # A slider, not a tensioner: toes pulled up with the knee bent (start, faint), toes
        # pointed with the knee straight (end); never knee straight and toes up together.
        [
            replace(
                _BACK, near_leg=Limb((406, FLOOR - 82), bend=-1, tip=-110), near_arm=Limb((322, FLOOR - 46), bend=-1)
            ),
            replace(
                _BACK, near_leg=Limb((350, FLOOR - 152), bend=-1, tip=-55), near_arm=Limb((322, FLOOR - 46), bend=-1)
            ),
        ],
        [Arrow((414, 206), (368, 148), bulge=22, both=True)],
    ),
    Picture(
        "bridge.png",
        "Bridge",
        "Tighten your tummy and buttocks, lift your hips into a line, then lower slowly.",
        [
            _BACK,
            replace(
                _BACK,
                hip=(330, FLOOR - 74),
                neck=(226, FLOOR - 12),
                near_leg=Limb((428, FLOOR), bend=-1, tip=-5),
                far_leg=Limb((434, FLOOR), bend=-1, tip=-5),
            ),
        ],
        [Arrow((330, 284), (330, 242))],
    ),
    Picture(
        "seated-forward-bend.png",
        "Sitting forward bend",
        "Slide your hands down towards your shins and let your back round. Come up slowly.",
        [sitting(hands=(340, 234), neck=_SIT_NECK), sitting(hands=(392, 296), neck=(376, 188), bow=26, head_turn=25)],
        [Arrow((318, 112), (402, 158), bulge=-26)],
        props=["chair:262"],
    ),
    Picture(
        "bird-dog.png",
        "Four-point leg reach (bird dog)",
        "Keep your back flat and still. Slide one leg back; add the opposite arm later.",
        [
            _FOURS,
            replace(_FOURS, near_leg=Limb((552, FLOOR - 86), bend=1, tip=0), far_arm=Limb((178, FLOOR - 110), bend=-1)),
        ],
        [Arrow((482, 282), (548, 244), bulge=-18), Arrow((240, 262), (186, 226), bulge=18)],
    ),
]


# --- Moving demonstrations -------------------------------------------------------------------
ANIMATED_DIR = "animated"
STEPS = 12  # frames for one move between two poses
FRAME_MS = 70
HOLD_MS = 700  # the pause at each end of a move


def _mix(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _mix_point(a: Point, b: Point, t: float) -> Point:
    return _mix(a[0], b[0], t), _mix(a[1], b[1], t)


def _mix_limb(root_a: Point, a: Limb, root_b: Point, b: Limb, t: float, l1: float, l2: float) -> Limb:
    """A limb between two poses. When the joint bends the other way at the end (knees rolling
    over), the middle joint itself moves between its two places, so it never jumps."""
    tip = (
        None
        if a.tip is None and b.tip is None
        else _mix(a.tip if a.tip is not None else b.tip or 0.0, b.tip if b.tip is not None else a.tip or 0.0, t)
    )
    end = _mix_point(_reach(root_a, a.end, l1, l2), _reach(root_b, b.end, l1, l2), t)
    mid = None
    if a.bend != b.bend:
        mid = _mix_point(
            _mid_joint(root_a, _reach(root_a, a.end, l1, l2), l1, l2, a.bend),
            _mid_joint(root_b, _reach(root_b, b.end, l1, l2), l1, l2, b.bend),
            t,
        )
    return Limb(end, bend=a.bend if t < 0.5 else b.bend, tip=tip, mid=mid)


def tween(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` of the way from ``a`` to ``b``."""
    return Pose(
        hip=_mix_point(a.hip, b.hip, t),
        neck=_mix_point(a.neck, b.neck, t),
        near_leg=_mix_limb(a.hip, a.near_leg, b.hip, b.near_leg, t, THIGH, SHIN),
        far_leg=_mix_limb(a.hip, a.far_leg, b.hip, b.far_leg, t, THIGH, SHIN),
        near_arm=_mix_limb(a.neck, a.near_arm, b.neck, b.near_arm, t, UPPER_ARM, FOREARM),
        far_arm=_mix_limb(a.neck, a.far_arm, b.neck, b.far_arm, t, UPPER_ARM, FOREARM),
        bow=_mix(a.bow, b.bow, t),
        head_turn=_mix(a.head_turn, b.head_turn, t),
    )


def stride(pose: Pose) -> Pose:
    """The other half of a step: the near and far legs (and arms) change places."""
    return replace(pose, near_leg=pose.far_leg, far_leg=pose.near_leg, near_arm=pose.far_arm, far_arm=pose.near_arm)


def keyframes(pic: Picture) -> list[Pose]:
    """The poses an animation moves through: the picture's own (a single one with its stride)."""
    return list(pic.poses) if len(pic.poses) > 1 else [pic.poses[0], stride(pic.poses[0])]


def frame(pic: Picture, pose: Pose) -> Image.Image:
    """One frame: the picture without its faint start pose, the figure in ``pose``."""
    return render(replace(pic, poses=[pose])).convert("RGB")


def animate(pic: Picture) -> tuple[list[Image.Image], list[int]]:
    """Frames and their durations (ms): through the keyframes and back, easing in and out."""
    keys = keyframes(pic)
    frames, durations = [frame(pic, keys[0])], [HOLD_MS]
    path = list(zip(keys, keys[1:], strict=False)) + list(zip(keys[::-1], keys[-2::-1], strict=False))
    for a, b in path:
        for i in range(1, STEPS + 1):
            t = (1 - math.cos(math.pi * i / STEPS)) / 2  # ease in and out
            frames.append(frame(pic, tween(a, b, t)))
            durations.append(FRAME_MS)
        durations[-1] = HOLD_MS
    # the last frame is the first pose again: drop it, the loop starts there
    return frames[:-1], durations[:-1]


def save_animation(pic: Picture, out: Path) -> Path:
    frames, durations = animate(pic)
    path = out / ANIMATED_DIR / (Path(pic.file).stem + ".webp")
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(
        path, save_all=True, append_images=frames[1:], duration=durations, loop=0, lossless=True, quality=100, method=4
    )  # line drawings: lossless is smaller
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--only", default="", help="comma-separated file stems to draw")
    parser.add_argument("--animate", action="store_true", help="draw the moving demonstrations (WebP)")
    args = parser.parse_args(argv)
    wanted = {s.strip() for s in args.only.split(",") if s.strip()}
    args.out.mkdir(parents=True, exist_ok=True)
    for pic in PICTURES:
        if wanted and Path(pic.file).stem not in wanted:
            continue
        if args.animate:
            path = save_animation(pic, args.out)
            print(f"{path} {path.stat().st_size // 1024} KB")
            continue
        path = args.out / pic.file
        render(pic).save(path, optimize=True)
        print(f"{path} {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
