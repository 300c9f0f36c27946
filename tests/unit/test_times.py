"""Tables for next_due and parse_time, in the style of arq's tests/test_cron.py."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.times import local_date, next_due, parse_time


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


T = dt.time

NEXT_DUE = [
    # zone, local time, after (UTC), expected (UTC), why
    ("Europe/London", T(7, 30), utc(2025, 1, 15), utc(2025, 1, 15, 7, 30), "winter, GMT"),
    ("Europe/London", T(7, 30), utc(2025, 6, 1, 12), utc(2025, 6, 2, 6, 30), "summer, BST, next day"),
    ("Europe/London", T(7, 30), utc(2025, 1, 15, 7, 30), utc(2025, 1, 16, 7, 30), "after == due"),
    (
        "Europe/London",
        T(7, 30),
        utc(2025, 1, 15, 7, 29, 59, 999999),
        utc(2025, 1, 15, 7, 30),
        "a microsecond before due",
    ),
    ("Europe/London", T(0, 0), utc(2025, 1, 15), utc(2025, 1, 16), "midnight, after == due"),
    ("Europe/London", T(0, 0), utc(2025, 6, 30, 22, 59), utc(2025, 6, 30, 23), "midnight BST"),
    ("Europe/London", T(1, 30), utc(2025, 3, 30), utc(2025, 3, 30, 1), "gap: 01:30 -> 02:00 BST"),
    ("Europe/London", T(1, 0), utc(2025, 3, 30), utc(2025, 3, 30, 1), "gap start -> gap end"),
    ("Europe/London", T(2, 0), utc(2025, 3, 30), utc(2025, 3, 30, 1), "first valid minute"),
    ("Europe/London", T(1, 30), utc(2025, 3, 30, 1), utc(2025, 3, 31, 0, 30), "gap fired once"),
    ("Europe/London", T(1, 30), utc(2025, 3, 29, 1, 30), utc(2025, 3, 30, 1), "day before gap"),
    ("Europe/London", T(1, 30), utc(2025, 10, 26), utc(2025, 10, 26, 0, 30), "fold: first (BST)"),
    ("Europe/London", T(1, 30), utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 1, 30), "fold: once"),
    ("Europe/London", T(1, 30), utc(2025, 10, 26, 0, 45), utc(2025, 10, 27, 1, 30), "between folds"),
    ("America/New_York", T(19, 30), utc(2025, 7, 4), utc(2025, 7, 4, 23, 30), "EDT evening"),
    ("America/New_York", T(19, 30), utc(2025, 1, 4), utc(2025, 1, 4, 0, 30), "EST, UTC date ahead"),
    ("America/New_York", T(2, 30), utc(2025, 3, 9, 5), utc(2025, 3, 9, 7), "gap -> 03:00 EDT"),
    ("America/New_York", T(3, 0), utc(2025, 3, 9, 5), utc(2025, 3, 9, 7), "03:00 EDT exists"),
    ("America/New_York", T(1, 30), utc(2025, 11, 2, 4), utc(2025, 11, 2, 5, 30), "fold: EDT"),
    ("America/New_York", T(1, 30), utc(2025, 11, 2, 5, 30), utc(2025, 11, 3, 6, 30), "fold once"),
    ("America/New_York", T(0, 0), utc(2025, 11, 2, 4), utc(2025, 11, 3, 5), "midnight, fall back"),
    ("Australia/Sydney", T(7, 0), utc(2025, 1, 10), utc(2025, 1, 10, 20), "summer (AEDT, +11)"),
    ("Australia/Sydney", T(7, 0), utc(2025, 7, 1), utc(2025, 7, 1, 21), "winter (AEST, +10)"),
    ("Australia/Sydney", T(2, 30), utc(2025, 10, 4, 12), utc(2025, 10, 4, 16), "October gap"),
    ("Australia/Sydney", T(2, 30), utc(2025, 4, 5, 12), utc(2025, 4, 5, 15, 30), "April fold"),
    ("Australia/Sydney", T(2, 30), utc(2025, 4, 5, 15, 30), utc(2025, 4, 6, 16, 30), "fold once"),
    ("Asia/Kolkata", T(7, 30), utc(2025, 3, 30), utc(2025, 3, 30, 2), "no DST, +05:30"),
    ("Asia/Kolkata", T(0, 0), utc(2025, 1, 1), utc(2025, 1, 1, 18, 30), "midnight +05:30"),
    ("Asia/Kolkata", T(0, 0), utc(2025, 1, 1, 18, 30), utc(2025, 1, 2, 18, 30), "after == due"),
    ("Pacific/Chatham", T(8, 0), utc(2025, 7, 1), utc(2025, 7, 1, 19, 15), "+12:45"),
    ("Pacific/Chatham", T(3, 0), utc(2025, 9, 27, 12), utc(2025, 9, 27, 14), "gap 02:45-03:45"),
    ("Pacific/Chatham", T(3, 0), utc(2025, 4, 5, 12), utc(2025, 4, 5, 13, 15), "fold, +13:45"),
    ("Pacific/Chatham", T(3, 0), utc(2025, 4, 5, 13, 15), utc(2025, 4, 6, 14, 15), "fold once"),
    ("America/St_Johns", T(7, 0), utc(2025, 1, 15), utc(2025, 1, 15, 10, 30), "-03:30"),
    ("America/St_Johns", T(2, 30), utc(2025, 3, 9, 4), utc(2025, 3, 9, 5, 30), "gap, -02:30 after"),
    ("Pacific/Apia", T(7, 0), utc(2011, 12, 29, 17), utc(2011, 12, 30, 17), "30 Dec 2011 skipped"),
]


@pytest.mark.parametrize(
    "zone,local_time,after,expected",
    [pytest.param(*row[:4], id=f"{row[0]}-{row[1]:%H%M}-{row[4]}") for row in NEXT_DUE],
)
def test_next_due(zone, local_time, after, expected):
    got = next_due(local_time, zone, after)
    assert got == expected
    assert got.tzinfo == dt.UTC


def test_next_due_accepts_any_aware_after():
    after = dt.datetime(2025, 1, 15, 8, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 07:00 UTC
    assert next_due(T(7, 30), "Europe/London", after) == utc(2025, 1, 15, 7, 30)


@pytest.mark.parametrize("after", [dt.datetime(2025, 1, 1), utc(2025, 1, 1)])
def test_next_due_refuses_naive_or_unknown_zone(after):
    with pytest.raises(ValueError):
        next_due(T(7), "Mars/Olympus_Mons", after)
    with pytest.raises(ValueError):
        next_due(T(7), "Europe/London", dt.datetime(2025, 1, 1))


ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
    "Australia/Lord_Howe",
]


@given(
    zone=st.sampled_from(ZONES),
    local_time=st.times(),
    after=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31)),
)
def test_next_due_fires_once_per_local_day(zone, local_time, after):
    after = after.replace(tzinfo=dt.UTC)
    first = next_due(local_time, zone, after)
    second = next_due(local_time, zone, first)
    assert after < first < second
    assert local_date(first, zone) < local_date(second, zone)
    assert first - after <= dt.timedelta(days=1, hours=1)
    # At the local time itself, or at the end of a gap that swallowed it.
    shown = first.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None)
    if shown != local_time.replace(tzinfo=None):
        just_before = (first - dt.timedelta(seconds=1)).astimezone(ZoneInfo(zone))
        assert just_before.utcoffset() != first.astimezone(ZoneInfo(zone)).utcoffset()


PARSE = [
    ("7:30", T(7, 30)),
    ("19:30", T(19, 30)),
    ("07:30", T(7, 30)),
    ("7pm", T(19)),
    ("7 PM", T(19)),
    ("7.30 am", T(7, 30)),
    ("7.30 a.m.", T(7, 30)),
    ("730pm", T(19, 30)),
    ("0730", T(7, 30)),
    ("1930", T(19, 30)),
    ("19h30", T(19, 30)),
    ("7", T(7)),
    ("12am", T(0)),
    ("12pm", T(12)),
    ("12:15 am", T(0, 15)),
    ("0:00", T(0)),
    ("23:59", T(23, 59)),
    ("  noon ", T(12)),
    ("midnight", T(0)),
]


@pytest.mark.parametrize("text,expected", PARSE)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text,says",
    [
        ("25:99", "no hour 25"),
        ("24:00", "no hour 24"),
        ("7:60", "not 60"),
        ("13pm", "1 to 12"),
        ("0am", "1 to 12"),
        ("7m", "isn't a time"),
        ("half past seven", "isn't a time"),
        ("", "isn't a time"),
        ("7:3", "isn't a time"),
        ("12345", "isn't a time"),
    ],
)
def test_parse_time_refuses_with_a_friendly_message(text, says):
    with pytest.raises(ValueError, match=says) as info:
        parse_time(text)
    assert "7:30" in str(info.value)  # every message shows how to say it
