"""Quiet hours: pure window arithmetic, and the engine keeping late reminders out of them."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.times import get_zone, in_quiet_hours, out_of_quiet_hours

UTC = dt.UTC
T = dt.time


@pytest.mark.parametrize(
    ("local", "start", "end", "quiet"),
    [
        (T(23, 0), T(22), T(7), True),
        (T(3, 0), T(22), T(7), True),
        (T(7, 0), T(22), T(7), False),  # the end is not quiet any more
        (T(21, 59), T(22), T(7), False),
        (T(22, 0), T(22), T(7), True),
        (T(13, 30), T(13), T(15), True),
        (T(15, 0), T(13), T(15), False),
        (T(12, 0), T(9), T(9), False),  # an empty window
    ],
)
def test_in_quiet_hours(local, start, end, quiet):
    assert in_quiet_hours(local, start, end) is quiet


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        # 23:30 London (GMT) -> 07:00 the next morning
        (dt.datetime(2026, 1, 10, 23, 30, tzinfo=UTC), "Europe/London", dt.datetime(2026, 1, 11, 7, 0, tzinfo=UTC)),
        # 03:00 London in summer (BST) -> 07:00 BST = 06:00 UTC, same day
        (dt.datetime(2026, 7, 10, 2, 0, tzinfo=UTC), "Europe/London", dt.datetime(2026, 7, 10, 6, 0, tzinfo=UTC)),
        # outside the window: unchanged
        (dt.datetime(2026, 1, 10, 12, 0, tzinfo=UTC), "Europe/London", dt.datetime(2026, 1, 10, 12, 0, tzinfo=UTC)),
        # New York 22:15 local (03:15 UTC next day) -> 07:00 local = 12:00 UTC
        (dt.datetime(2026, 1, 11, 3, 15, tzinfo=UTC), "America/New_York", dt.datetime(2026, 1, 11, 12, 0, tzinfo=UTC)),
    ],
)
def test_out_of_quiet_hours_moves_to_the_end_of_the_window(instant, zone, expected):
    assert out_of_quiet_hours(instant, get_zone(zone), T(22), T(7)) == expected
