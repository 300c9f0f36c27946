"""scheduler.capacity: lateness of crowded minutes, the busiest minutes, quieter nearby times."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from scheduler.capacity import busiest, lateness, quieter_times, report, utc_minute


def test_a_minute_within_the_budget_is_on_time_and_a_crowded_one_queues_into_the_next():
    rate = 10  # 600 a minute
    late = lateness({480: 300, 600: 1800, 601: 300}, rate)
    assert late[480] == 30.0  # the last of 300 at 10 a second: 30 s after 08:00
    assert late[600] == 180.0  # 1,800 need three minutes
    assert late[601] == (1200 + 300) / rate  # 1,200 still queued from 10:00, then its own


def test_the_queue_left_at_midnight_carries_into_the_morning():
    late = lateness({1439: 1200, 0: 10}, 10)
    assert late[0] == (600 + 10) / 10


def test_busiest_lists_the_latest_minutes_first_with_who_is_behind_them():
    counts = Counter({480: 5000, 510: 100, 1200: 2000})
    zones = {480: Counter({"08:00 Europe/London": 5000})}
    rows = busiest(counts, 28, top=2, zones=zones)
    assert [r.clock for r in rows] == ["08:00", "20:00"]
    assert rows[0].due == 5000 and rows[0].zones == (("08:00 Europe/London", 5000),)
    assert rows[0].worst_seconds == 5000 / 28
    lines = report(counts, zones, 28)
    assert any("08:00" in line and "5,000" in line for line in lines)


def test_quieter_times_are_suggested_only_for_a_crowded_minute_and_are_on_time():
    rate = 10
    counts = Counter({480: 3000, 485: 2000, 475: 100, 490: 50})
    earlier, later = quieter_times(dt.time(8, 0), 480, counts, rate)
    assert earlier == dt.time(7, 55)  # 100 due: on time
    assert later == dt.time(8, 10)  # 08:05 is crowded too (and 08:00's queue spills into it)
    assert quieter_times(dt.time(7, 55), 475, counts, rate) == []  # not crowded: nothing to say


def test_utc_minute_follows_the_zone_and_its_clock_changes():
    assert utc_minute(dt.time(8, 0), "Europe/London", dt.date(2026, 1, 15)) == 8 * 60
    assert utc_minute(dt.time(8, 0), "Europe/London", dt.date(2026, 7, 15)) == 7 * 60
    assert utc_minute(dt.time(0, 30), "Asia/Kolkata", dt.date(2026, 7, 15)) == 19 * 60
