"""The plain-words verdict on a change, by the minimal important change (lower is better)."""

from __future__ import annotations

import pytest

from bot.handlers.outcomes import Plan, next_step, verdict
from content.schema import ChangeRule

RMDQ = ChangeRule(name="score", scale=24, points=5, percent=30, sources=["x"])
PAIN = ChangeRule(name="pain", scale=10, points=2, percent=30, sources=["x"])


@pytest.mark.parametrize(
    "rule, first, now, expected",
    [
        (RMDQ, 12, 7, "better"),  # 5 points
        (RMDQ, 20, 16, "better_small"),  # 4 points, 20 %
        (RMDQ, 10, 7, "better"),  # 3 points but 30 % of the first score
        (RMDQ, 12, 12, "same"),
        (RMDQ, 7, 11, "worse_small"),
        (RMDQ, 7, 12, "worse"),  # worse by 5 points
        (RMDQ, 2, 3, "worse_small"),  # a worsening is judged by points only, never by percent
        (PAIN, 7, 5, "better"),
        (PAIN, 7, 6, "better_small"),
        (PAIN, 4, 7, "worse"),
        (PAIN, 0, 1, "worse_small"),
    ],
)
def test_verdict(rule, first, now, expected):
    assert verdict(rule, first, now) == expected


def test_the_steps_after_the_sentences():
    assert Plan(0, False, True).steps() == ["leg", "back", "goalset", "end"]
    plan = Plan(2, True, False)
    assert plan.steps() == ["leg", "back", "goal0", "goal1", "walk", "end"]
    assert [next_step(plan, s) for s in ("leg", "back", "goal0", "goal1", "walk")] == [
        "back",
        "goal0",
        "goal1",
        "walk",
        "end",
    ]
    assert next_step(plan, "end") == "end" and next_step(plan, "bogus") == "end"
