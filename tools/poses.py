"""The figure's poses (lying, on all fours, walking, sitting) and the poses between two of them,
for the pictures and their moving demonstrations (see tools/draw_pictures.py)."""

from __future__ import annotations

import math
from dataclasses import replace

from tools.figure import FOREARM, MAT_TOP, SHIN, THIGH, UPPER_ARM, Limb, Point, Pose, mid_joint, reach

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


# --- Between two poses -------------------------------------------------------------------


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
    end = _mix_point(reach(root_a, a.end, l1, l2), reach(root_b, b.end, l1, l2), t)
    mid = None
    if a.bend != b.bend:
        mid = _mix_point(
            mid_joint(root_a, reach(root_a, a.end, l1, l2), l1, l2, a.bend),
            mid_joint(root_b, reach(root_b, b.end, l1, l2), l1, l2, b.bend),
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
