"""Pure reminder-time arithmetic: when is a daily local time next due, and parsing what users type.

Nothing here reads the clock: callers pass ``after`` (procrastinate ``get_next_tick(at=now)``,
arq ``next_cron(previous_dt)``), so every case is a plain table in the tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC
log = logging.getLogger(__name__)
#: ``skip_weekdays`` with every day set: never allowed, a reminder needs one day a week.
ALL_WEEK = 0b1111111

_TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2})|(?P<packed>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?\s*(?:m\.?)?)?$"
)
_WORDS = {"noon": dt.time(12, 0), "midday": dt.time(12, 0), "midnight": dt.time(0, 0)}
_EXAMPLES = "try 7:30, 19:30 or 7pm"


def get_zone(zone: str) -> ZoneInfo:
    """The IANA time zone ``zone``; ValueError with a friendly message if there is none."""
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(
            f"I don't know the time zone {zone!r}; use a name like Europe/London or Asia/Kolkata."
        ) from None


@functools.lru_cache(maxsize=4096)
def schedulable_zone(zone: str) -> str:
    """``zone`` when this process can resolve it, else ``Etc/UTC`` (logged once per zone).

    Reminders are claimed through this: a zone stored by a process with another tzdata, or
    written by hand, would otherwise fail after the send (working out the next due time) and
    leave the reminder to go out again at the end of every lease. In UTC it is sent, and
    recorded, once a day.
    """
    try:
        get_zone(zone)
    except ValueError:
        log.error("time zone %r is unknown to this process: its reminders are scheduled in UTC", zone)
        return "Etc/UTC"
    return zone


def next_due(local_time: dt.time, zone: str, after: dt.datetime, skip_weekdays: int = 0) -> dt.datetime:
    """The first instant strictly after ``after`` when it is ``local_time`` in ``zone``.

    A local time skipped by a clock change (spring forward) is due once, at the first instant
    after the gap; a repeated one (fall back) is due once, at its first occurrence (fold=0). A
    local day that does not exist at all (Pacific/Apia, 30 December 2011) has no reminder.

    Args:
        local_time: wall-clock time of day (seconds and tzinfo are kept/ignored as given).
        zone: IANA zone name.
        after: an aware datetime; naive values are refused.
        skip_weekdays: quiet days, local weekdays with no reminder (see :func:`weekday_mask`).

    Returns:
        An aware datetime in UTC, always later than ``after``.
    """
    if after.tzinfo is None or after.utcoffset() is None:
        raise ValueError("next_due needs an aware datetime for 'after'")
    if not 0 <= skip_weekdays < ALL_WEEK:
        raise ValueError("skip_weekdays must leave at least one day of the week")
    tz = get_zone(zone)
    wall = local_time.replace(tzinfo=None, fold=0)
    after_utc = after.astimezone(UTC)
    today = after_utc.astimezone(tz).date()
    # Yesterday's candidate can only matter if a gap pushed it forward; three days always reach
    # a future one because each candidate lies on its own local date, and six quiet days in a
    # row add at most six more.
    for offset in range(-1, 9):
        day = today + dt.timedelta(days=offset)
        if is_quiet(day, skip_weekdays):
            continue
        candidate = _resolve(day, wall, tz)
        if candidate is not None and candidate > after_utc:
            return candidate
    raise AssertionError("unreachable: a later local day always exists")  # pragma: no cover


def _resolve(day: dt.date, wall: dt.time, tz: ZoneInfo) -> dt.datetime | None:
    """The UTC instant of ``wall`` on local ``day``: first occurrence, or the end of a gap."""
    naive = dt.datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # ``naive`` is in a gap. fold=1 maps it before the transition and fold=0 after, so the
    # transition, the first valid instant, lies between them: search it to the second.
    lo = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    hi = first
    after_offset = hi.astimezone(tz).utcoffset()
    while (hi - lo) > dt.timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if mid.astimezone(tz).utcoffset() == after_offset:
            hi = mid
        else:
            lo = mid
    return hi if hi.astimezone(tz).date() == day else None


def weekday_mask(weekdays: Iterable[int]) -> int:
    """The bit mask of ``weekdays`` (0 Monday … 6 Sunday, as ``date.weekday()``)."""
    mask = 0
    for day in weekdays:
        if not 0 <= day <= 6:
            raise ValueError(f"a weekday goes from 0 (Monday) to 6 (Sunday), not {day}")
        mask |= 1 << day
    return mask


def is_quiet(day: dt.date, skip_weekdays: int) -> bool:
    """Whether local ``day`` falls on one of the weekdays in the mask."""
    return bool(skip_weekdays >> day.weekday() & 1)


def local_date(instant: dt.datetime, zone: str) -> dt.date:
    """The calendar date in ``zone`` at ``instant``."""
    return instant.astimezone(get_zone(zone)).date()


def parse_time(text: str) -> dt.time:
    """Parse a time of day as people type it: "7:30", "19:30", "7pm", "7.30 am", "0730", "730pm".

    Raises:
        ValueError: with a message fit to show the user.
    """
    cleaned = " ".join(str(text).strip().lower().split())
    if cleaned in _WORDS:
        return _WORDS[cleaned]
    match = _TIME.match(cleaned)
    if not match:
        raise ValueError(f"{_quote(text)} isn't a time I understand; {_EXAMPLES}.")
    hour = int(match["hour"])
    minute = int(match["minute"] or match["packed"] or 0)
    half = match["half"]
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"With am/pm the hour goes from 1 to 12, not {hour}; {_EXAMPLES}.")
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        raise ValueError(f"There is no hour {hour} in a day (0 to 23); {_EXAMPLES}.")
    if minute > 59:
        raise ValueError(f"Minutes go from 00 to 59, not {minute:02d}; {_EXAMPLES}.")
    return dt.time(hour, minute)


def _quote(text: str, limit: int = 20) -> str:
    """A short quote of typed text for a message: never the whole of it (it may be thousands of
    characters), control characters left out."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)[:200]).split())
    return repr(cleaned[:limit] + "…" if len(cleaned) > limit else cleaned)


def in_quiet_hours(local: dt.time, start: dt.time, end: dt.time) -> bool:
    """Whether a local time of day falls in the window [start, end) (which may cross midnight)."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def out_of_quiet_hours(instant: dt.datetime, zone, start: dt.time, end: dt.time) -> dt.datetime:
    """``instant`` if it is outside the quiet window, else the end of that window (aware, UTC)."""
    local = instant.astimezone(zone)
    if not in_quiet_hours(local.time(), start, end):
        return instant
    day = local.date() if local.time() < end else local.date() + dt.timedelta(days=1)
    wake = dt.datetime.combine(day, end, tzinfo=zone)
    return wake.astimezone(dt.UTC)
