"""The engine's order (oldest due first, zones in turn), its lateness reports and its backlog."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from scheduler.engine import ReminderEngine
from scheduler.ports import ClaimedReminder
from scheduler.tick import fair_order

UTC = dt.UTC
DUE = dt.datetime(2025, 1, 15, 8, 0, tzinfo=UTC)  # 08:00 London, 09:00 Berlin, 03:00 New York
ZONES = {"Europe/London": dt.time(8, 0), "Europe/Berlin": dt.time(9, 0), "America/New_York": dt.time(3, 0)}


def claim(n: int, zone: str, due: dt.datetime = DUE) -> ClaimedReminder:
    return ClaimedReminder(n, 1000 + n, "p", 0, due, ZONES[zone], zone, 0)


def test_oldest_due_first_then_each_zone_in_turn():
    earlier = DUE - dt.timedelta(minutes=3)
    claims = (
        [claim(n, "Europe/London") for n in range(1, 5)]
        + [claim(n, "Europe/Berlin") for n in range(5, 7)]
        + [claim(7, "America/New_York", earlier)]
    )
    order = [c.subscription_id for c in fair_order(claims)]
    assert order[0] == 7  # due three minutes earlier: first
    assert order[1:] == [1, 5, 2, 6, 3, 4]  # London and Berlin in turn, each in its own order


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
async def test_lateness_is_reported_for_each_sent_reminder_and_the_backlog_empties(store):
    for n in range(6):
        await store.reminders.add_subscription(
            2000 + n, "p", dt.time(8, 0), "Europe/London", DUE - dt.timedelta(hours=1)
        )
    now = DUE + dt.timedelta(seconds=42)
    seen_backlog: list[int] = []
    late: list[float] = []

    async def send(reminder):
        seen_backlog.append(engine.backlog)
        await asyncio.sleep(0)

    engine = ReminderEngine(store, send, clock=lambda: now, concurrency=2)
    engine.on_sent = late.append
    result = await engine.tick(now)
    assert result.sent == 6
    assert late == [42.0] * 6  # sent 42 s after their due time
    assert max(seen_backlog) >= 2 and engine.backlog == 0  # queued while sending, nothing left after
