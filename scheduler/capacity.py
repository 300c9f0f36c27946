"""What a popular reminder time means at Telegram's rate: due counts per minute and expected lateness.

The engine sends what is due oldest first, at most ``rate`` a second (the overall budget). A minute
in which more fall due than the budget sends leaves a queue, and the last of them arrives
``queue / rate`` seconds after its minute began. :func:`lateness` works that out for a day of
minutes (a fluid queue, carried over from minute to minute and around midnight);
:func:`busiest` lists the worst minutes; :func:`quieter_times` suggests nearby times whose
reminders arrive on time. Nothing here sends anything or moves a reminder: a reminder is never sent
before its time, a person may only choose another.

Counts come from the database (:func:`load_day`, through ``store.reminders.active_times``): active
reminders grouped by local time and zone, each placed at its UTC minute of the given date. Quiet
days are ignored (a reminder is counted every day), which can only overstate a minute.
"""

from __future__ import annotations

import datetime as dt
import time as _time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scheduler.ports import ReminderTimesPort
from scheduler.times import get_zone

DAY = 1440
#: A reminder expected later than this (seconds) is in a crowded minute: /remind suggests others.
CROWDED_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class MinuteLoad:
    """One UTC minute of the day: how many fall due, and how late the last of them arrives."""

    minute: int  # 0..1439, UTC
    due: int
    worst_seconds: float  # after the minute began, for the last reminder due in it
    zones: tuple[tuple[str, int], ...] = ()  # the local times and zones behind it, most first

    @property
    def clock(self) -> str:
        return f"{self.minute // 60:02d}:{self.minute % 60:02d}"


def lateness(counts: Mapping[int, int], rate: float) -> dict[int, float]:
    """For each minute with reminders due: seconds after the minute began until the last of them
    is sent, at ``rate`` a second, oldest first, with the queue carried over (around midnight too)."""
    per_minute = rate * 60
    backlog = 0.0
    for _ in range(2):  # a second lap carries the queue left at midnight into the morning
        worst: dict[int, float] = {}
        for minute in range(DAY):
            due = counts.get(minute, 0)
            if due:
                worst[minute] = (backlog + due) / rate
            backlog = max(0.0, backlog + due - per_minute)
    return worst


def busiest(
    counts: Mapping[int, int], rate: float, top: int = 10, zones: Mapping[int, Counter] | None = None
) -> list[MinuteLoad]:
    """The ``top`` minutes whose last reminder is latest (then most due)."""
    late = lateness(counts, rate)
    order = sorted(late, key=lambda m: (-late[m], -counts[m], m))[:top]
    return [MinuteLoad(m, counts[m], late[m], tuple((zones or {}).get(m, Counter()).most_common(3))) for m in order]


def quieter_times(
    at: dt.time, minute: int, counts: Mapping[int, int], rate: float, steps: Sequence[int] = (5, 10, 15, 20, 30)
) -> list[dt.time]:
    """Up to two local times near ``at`` (one earlier, one later) whose reminders would arrive on
    time, when ``at`` (UTC ``minute`` of the day) is crowded; [] when it is not."""
    with_one = Counter(counts)
    with_one[minute] += 1
    late = lateness(with_one, rate)
    if late.get(minute, 0.0) <= CROWDED_SECONDS:
        return []
    found = []
    for sign in (-1, 1):
        for step in steps:
            moved = Counter(counts)
            other = (minute + sign * step) % DAY
            moved[other] += 1
            if lateness(moved, rate).get(other, 0.0) <= CROWDED_SECONDS:
                local = dt.datetime.combine(dt.date(2000, 1, 2), at) + dt.timedelta(minutes=sign * step)
                found.append(local.time())
                break
    return found


def utc_minute(local_time: dt.time, zone: str, day: dt.date) -> int:
    """The UTC minute of the day at which ``local_time`` in ``zone`` falls on local date ``day``."""
    local = dt.datetime.combine(day, local_time, tzinfo=get_zone(zone))
    utc = local.astimezone(dt.UTC)
    return utc.hour * 60 + utc.minute


async def load_day(reminders: ReminderTimesPort, day: dt.date) -> tuple[Counter, dict[int, Counter]]:
    """Active reminders per UTC minute on ``day`` (and, per minute, the local times and zones
    behind it), as ``reminders`` (``store.reminders``) counts them."""
    rows = await reminders.active_times()
    counts: Counter = Counter()
    zones: dict[int, Counter] = {}
    for local_time, zone, n in rows:
        try:
            minute = utc_minute(local_time, zone, day)
        except ValueError:  # a zone this tzdata does not know: the engine sends it at UTC
            minute = local_time.hour * 60 + local_time.minute
        counts[minute] += n
        zones.setdefault(minute, Counter())[f"{local_time:%H:%M} {zone}"] += n
    return counts, zones


class DayCounts:
    """:func:`load_day` for today, read again at most every ``ttl`` seconds (counts, not people)."""

    def __init__(self, ttl: float = 300.0):
        self.ttl = ttl
        self._at = -ttl
        self._key: tuple | None = None
        self._counts: Counter = Counter()

    async def get(self, reminders: ReminderTimesPort, day: dt.date) -> Counter:
        now = _time.monotonic()
        key = (id(reminders), day)
        if self._key != key or now - self._at > self.ttl:
            self._counts, _ = await load_day(reminders, day)
            self._key, self._at = key, now
        return self._counts


_TODAY = DayCounts()


async def quieter_hint(
    reminders: ReminderTimesPort, local_time: dt.time, zone: str, rate: float, now: dt.datetime | None = None
) -> tuple[str, list[dt.time]] | None:
    """For /remind: a line saying the chosen time is crowded and which nearby times are quieter,
    with those times; None when it is not crowded (or the counts cannot be read)."""
    now = now or dt.datetime.now(dt.UTC)
    day = now.astimezone(get_zone(zone)).date()
    try:
        counts = await _TODAY.get(reminders, day)
    except Exception:  # noqa: BLE001 - a suggestion is never worth failing the reply for
        return None
    minute = utc_minute(local_time, zone, day)
    times = quieter_times(local_time, minute, counts, rate)
    if not times:
        return None
    late = lateness(Counter(counts) + Counter({minute: 1}), rate)[minute]
    names = " or ".join(f"{t:%H:%M}" for t in times)
    text = (
        f"Many reminders go out at {local_time:%H:%M}, so yours may arrive up to {_duration(late)} late. "
        f"{names} {'is' if len(times) == 1 else 'are'} quieter; tap one to move it."
    )
    return text, times


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    return f"{minutes // 60} h {minutes % 60} min"


def report(counts: Mapping[int, int], zones: Mapping[int, Counter], rate: float, top: int = 10) -> list[str]:
    """The lines ``main.py capacity`` prints."""
    total = sum(counts.values())
    rows = busiest(counts, rate, top, zones)
    lines = [
        f"{total:,} active reminders a day; budget {rate:g} a second ({rate * 60:,.0f} a minute)",
        "",
        "| UTC minute | due | last one sent after | behind it (local time, zone: due) |",
        "|---|---|---|---|",
    ]
    for row in rows:
        behind = ", ".join(f"{name}: {n:,}" for name, n in row.zones)
        worst = _duration(row.worst_seconds) if row.worst_seconds >= 60 else f"{row.worst_seconds:.0f} s"
        lines.append(f"| {row.clock} | {row.due:,} | {worst} | {behind} |")
    crowded = [m for m, s in lateness(counts, rate).items() if s > CROWDED_SECONDS]
    lines += [
        "",
        f"{len(crowded)} minute(s) of the day send their last reminder more than "
        f"{CROWDED_SECONDS:.0f} s late" + (" (/remind suggests quieter times there)." if crowded else "."),
    ]
    return lines
