"""``store.history``: what became of a chat's reminders: the answers a person gave (done,
skipped, snoozed) and the progress they add up to, and each reminder's deliveries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import StorePart, upsert
from storage.models import ADHERENCE_STATUSES, Adherence, Delivery, Subscription

SUBS = Subscription.__table__
ADHERENCE = Adherence.__table__
DELIVERIES = Delivery.__table__


@dataclass(frozen=True, slots=True)
class Progress:
    """Streak of days with exercises done, and days per answer over the last seven."""

    streak: int
    done: int
    skipped: int
    snoozed: int


class HistoryStore(StorePart):
    """``store.history``: answers to reminders, progress, deliveries."""

    async def record_adherence(
        self,
        sub_id: int,
        date: dt.date,
        status: str,
        exercise_id: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> bool:
        """Record done/skipped/snoozed for a day (and exercise); the latest answer wins."""
        if status not in ADHERENCE_STATUSES:
            raise ValueError(f"status must be one of {ADHERENCE_STATUSES}, not {status!r}")
        async with self.engine.begin() as conn:
            if chat_id is not None:
                owner = await conn.scalar(select(SUBS.c.chat_id).where(SUBS.c.id == sub_id))
                if owner != chat_id:
                    return False
            return await write_adherence(conn, sub_id, date, status, exercise_id or "")

    async def adherence_history(self, chat_id: int, since: dt.date) -> dict[dt.date, set[str]]:
        """Every answer (done/skipped/snoozed) the chat gave per day since ``since``."""
        stmt = (
            select(ADHERENCE.c.date, ADHERENCE.c.status)
            .distinct()
            .join(SUBS, SUBS.c.id == ADHERENCE.c.subscription_id)
            .where(SUBS.c.chat_id == chat_id, ADHERENCE.c.date >= since)
        )
        history: dict[dt.date, set[str]] = {}
        async with self.engine.connect() as conn:
            for date, status in await conn.execute(stmt):
                history.setdefault(date, set()).add(status)
        return history

    async def progress(self, chat_id: int, today: dt.date) -> Progress:
        """The chat's streak of days with something done, and its last seven days."""
        since = today - dt.timedelta(days=366)
        stmt = (
            select(ADHERENCE.c.date, ADHERENCE.c.status)
            .distinct()
            .join(SUBS, SUBS.c.id == ADHERENCE.c.subscription_id)
            .where(SUBS.c.chat_id == chat_id, ADHERENCE.c.date >= since, ADHERENCE.c.date <= today)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        days: dict[str, set[dt.date]] = {status: set() for status in ADHERENCE_STATUSES}
        for date, status in rows:
            days[status].add(date)
        done = days["done"]
        day = today if today in done else today - dt.timedelta(days=1)
        streak = 0
        while day in done:
            streak += 1
            day -= dt.timedelta(days=1)
        week = today - dt.timedelta(days=6)
        counts = {status: sum(d >= week for d in dates) for status, dates in days.items()}
        return Progress(streak, counts["done"], counts["skipped"], counts["snoozed"])

    async def deliveries(self, sub_id: int) -> list[tuple[dt.datetime, str]]:
        """(due time, status) of every recorded reminder of a subscription, oldest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(DELIVERIES.c.due_utc, DELIVERIES.c.status)
                .where(DELIVERIES.c.subscription_id == sub_id)
                .order_by(DELIVERIES.c.due_utc)
            )
            return [tuple(row) for row in rows]


async def write_adherence(conn: AsyncConnection, sub_id: int, date: dt.date, status: str, exercise_id: str) -> bool:
    """Record an answer inside ``conn``: INSERT ... SELECT, so a deleted subscription inserts
    nothing instead of failing; the latest answer of a day (and exercise) wins."""
    source = select(SUBS.c.id, literal(date, ADHERENCE.c.date.type), literal(status), literal(exercise_id)).where(
        SUBS.c.id == sub_id
    )
    stmt = (
        upsert(conn, ADHERENCE)
        .from_select(["subscription_id", "date", "status", "exercise_id"], source)
        .on_conflict_do_update(
            index_elements=[ADHERENCE.c.subscription_id, ADHERENCE.c.date, ADHERENCE.c.exercise_id],
            set_={"status": status},
        )
    )
    return (await conn.execute(stmt)).rowcount > 0
