"""A subscription due one weekday a week, for what the reminder engine offers rather than a plan:
the weekly cauda equina check-in and the two-weekly function check-in offer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from scheduler.times import next_due
from storage.models import Subscription

SUBS = Subscription.__table__


async def start_weekly(
    engine: AsyncEngine,
    chat_id: int,
    programme_id: str,
    local_time: dt.time,
    zone: str,
    weekday: int,
    now: dt.datetime,
) -> dt.datetime:
    """Make ``programme_id`` due every ``weekday`` (0 Monday) at ``local_time`` in ``zone``: one
    per person and programme (starting it again moves it). Returns when it is next due (UTC)."""
    async with engine.begin() as conn:
        return await upsert_weekly(conn, chat_id, programme_id, local_time, zone, weekday, now)


async def upsert_weekly(
    conn: AsyncConnection,
    chat_id: int,
    programme_id: str,
    local_time: dt.time,
    zone: str,
    weekday: int,
    now: dt.datetime,
    after: dt.datetime | None = None,
) -> dt.datetime:
    """:func:`start_weekly` inside ``conn``'s transaction; first due after ``after`` (default ``now``)."""
    skip = 0b1111111 & ~(1 << weekday)
    due = next_due(local_time, zone, after or now, skip)
    values = dict(
        local_time=local_time,
        zone=zone,
        skip_weekdays=skip,
        next_due_utc=due,
        active=True,
        paused_reason=None,
        failures=0,
    )
    mine = (SUBS.c.chat_id == chat_id, SUBS.c.programme_id == programme_id)
    if (await conn.execute(update(SUBS).where(*mine).values(**values))).rowcount == 0:
        await conn.execute(
            SUBS.insert().values(chat_id=chat_id, programme_id=programme_id, day=0, created_at=now, **values)
        )
    return due
