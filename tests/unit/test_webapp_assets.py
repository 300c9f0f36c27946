"""The Mini App's files: the page stays light, and every exercise has a moving demonstration
drawn from its picture's poses (tools/draw_pictures.py --animate)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.webapp.api import DEMOS, STATIC, counter
from content.loader import load_content
from tools import figure

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content(ROOT / "content")


def _draw_pictures():
    spec = importlib.util.spec_from_file_location("draw_pictures", ROOT / "tools" / "draw_pictures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("draw_pictures", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_page_loads_in_under_200_kb_before_demonstrations():
    total = sum(p.stat().st_size for p in STATIC.iterdir() if p.is_file())
    assert 0 < total < 200_000, total


@pytest.mark.parametrize("exercise", sorted(CONTENT.exercises))
def test_every_exercise_has_a_moving_demonstration(exercise):
    picture = CONTENT.picture_path(CONTENT.exercises[exercise])
    assert picture is not None
    demo = picture.parent / DEMOS / (picture.stem + ".webp")
    with Image.open(demo) as image:
        assert image.format == "WEBP" and image.is_animated and image.n_frames > 10
        assert image.size == (640, 400)


def test_the_animation_starts_and_ends_at_the_pictures_poses():
    draw = _draw_pictures()
    for pic in draw.PICTURES:
        keys = draw.keyframes(pic)
        assert len(keys) >= 2
        a, b = keys[0], keys[1]
        start, end = draw.tween(a, b, 0.0), draw.tween(a, b, 1.0)
        assert (start.hip, start.neck, start.near_leg.end) == (
            a.hip,
            a.neck,
            figure.reach(a.hip, a.near_leg.end, figure.THIGH, figure.SHIN),
        )
        assert (end.hip, end.neck, end.bow) == (b.hip, b.neck, b.bow)


@pytest.mark.parametrize(
    ("dose", "expected"),
    [
        ("Hold for a count of 5. 5 to 10 times.", {"reps": 5, "hold": 5}),
        ("Hold each tilt for 2 seconds. 10 to 15 tilts.", {"reps": 10, "hold": 2}),
        ("Up to 15 on each side, 3 rounds.", {"reps": 15, "hold": None}),
        ("Every day. Start with a walk you can manage easily.", {"reps": None, "hold": None}),
    ],
)
def test_counter_reads_reps_and_hold_from_the_dose(dose, expected):
    assert counter(dose) == expected
