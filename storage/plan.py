"""``store.plan``: how a person's exercise plan adapted (content/progression.yaml): each change of
the repeats asked for, why, and whether the person undid it.

A plan's current repeats are those of its latest change not undone (none: the plan's cards as
written). Changes of one reminder are numbered (``seq``) and the pair is unique, so of two replicas
deciding the same step at once one writes it. Only the latest change can be undone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import BigInteger, ForeignKey, Integer, SmallInteger, String, UniqueConstraint, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from content.progression import Week
from scheduler.times import local_date
from storage.care import RATING
from storage.db import Base, StorePart
from storage.models import Adherence, Subscription, UTCDateTime
from storage.outcomes import AL

ADH = Adherence.__table__
SUBS = Subscription.__table__


class PlanChange(Base):
    """One change of a reminder's repeats (step up, step back), and when it was undone if it was."""

    __tablename__ = "plan_changes"
    __table_args__ = (UniqueConstraint("subscription_id", "seq"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per reminder
    before: Mapped[int] = mapped_column(SmallInteger)  # repeats asked for before
    after: Mapped[int] = mapped_column(SmallInteger)
    rule: Mapped[str] = mapped_column(String(16))  # "up", "down"
    reason: Mapped[str] = mapped_column(String(16))  # "week", "pain", "worsening"
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


PC = PlanChange.__table__


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    subscription_id: int
    seq: int
    before: int
    after: int
    rule: str
    reason: str
    made_at: dt.datetime
    undone_at: dt.datetime | None


class PlanStore(StorePart):
    """``store.plan``: the changes of a reminder's repeats, and the week they are decided on."""

    async def level(self, subscription_id: int) -> int | None:
        """The repeats a reminder's plan asks for now; None while it has not adapted."""
        async with self.engine.connect() as conn:
            return await conn.scalar(
                select(PC.c.after)
                .where(PC.c.subscription_id == subscription_id, PC.c.undone_at.is_(None))
                .order_by(PC.c.seq.desc())
                .limit(1)
            )

    async def latest(self, subscription_id: int) -> Change | None:
        """The latest change of a reminder's plan, undone or not."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(PC).where(PC.c.subscription_id == subscription_id).order_by(PC.c.seq.desc()).limit(1)
                )
            ).first()
        return _change(row) if row else None

    async def change(
        self, chat_id: int, subscription_id: int, before: int, after: int, rule: str, reason: str, now: dt.datetime
    ) -> Change | None:
        """Record a change after the latest one; None when another change came first (two replicas
        deciding at once, or the latest changed since it was read)."""
        async with self.engine.begin() as conn:
            seq = await conn.scalar(select(func.max(PC.c.seq)).where(PC.c.subscription_id == subscription_id))
            values = dict(
                chat_id=chat_id,
                subscription_id=subscription_id,
                seq=(seq or 0) + 1,
                before=before,
                after=after,
                rule=rule,
                reason=reason,
                made_at=now,
            )
            row = (
                await conn.execute(
                    self._insert(PC)
                    .values(**values)
                    .on_conflict_do_nothing(index_elements=[PC.c.subscription_id, PC.c.seq])
                    .returning(*PC.c)
                )
            ).first()
        return _change(row) if row else None

    async def undo(self, chat_id: int, change_id: int, now: dt.datetime) -> Change | None:
        """Undo this person's change if it is still the latest of its plan and not undone; the
        change, or None (someone else's, undone already, or a later one came since)."""
        newer = PC.alias("newer")
        later = select(newer.c.id).where(newer.c.subscription_id == PC.c.subscription_id, newer.c.seq > PC.c.seq)
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    update(PC)
                    .where(PC.c.id == change_id, PC.c.chat_id == chat_id, PC.c.undone_at.is_(None), ~later.exists())
                    .values(undone_at=now)
                    .returning(*PC.c)
                )
            ).first()
        return _change(row) if row else None

    async def week(
        self, chat_id: int, subscription_id: int, today: dt.date, now: dt.datetime, days: int, alerts: list[str]
    ) -> Week:
        """The facts a step is decided on, for the ``days`` local days up to ``today``: days done,
        pain ratings (this window and the one before), the plan's first rating, whether a
        warning of one of the ``alerts`` levels was shown in the window, and the sessions rated
        "Harder" in it."""
        start, before = today - dt.timedelta(days=days - 1), today - dt.timedelta(days=2 * days - 1)
        mine = (RATING.c.subscription_id == subscription_id, RATING.c.pain.is_not(None))
        async with self.engine.connect() as conn:
            done = await conn.scalar(
                select(func.count(ADH.c.date.distinct())).where(
                    ADH.c.subscription_id == subscription_id, ADH.c.status == "done", ADH.c.date >= start
                )
            )
            rows = (
                await conn.execute(
                    select(RATING.c.date, RATING.c.pain)
                    .where(*mine, RATING.c.date >= before)
                    .order_by(RATING.c.created_at, RATING.c.id)
                )
            ).all()
            first = await conn.scalar(select(RATING.c.pain).where(*mine).order_by(RATING.c.created_at).limit(1))
            harder = await conn.scalar(
                select(func.count(RATING.c.id)).where(
                    RATING.c.subscription_id == subscription_id, RATING.c.feeling == "harder", RATING.c.date >= start
                )
            )
            warned = await conn.scalar(
                select(AL.c.id)
                .where(AL.c.chat_id == chat_id, AL.c.level.in_(alerts), AL.c.shown_at >= now - dt.timedelta(days=days))
                .limit(1)
            )
        pain = [r.pain for r in rows if r.date >= start]
        pain_before = [r.pain for r in rows if r.date < start]
        return Week(done or 0, pain, pain_before, first, warned is not None, harder or 0)

    async def for_reminder(
        self, subscription_id: int, chat_id: int, adapts: bool, levels: list[str], since: dt.datetime
    ) -> tuple[int | None, dt.date | None]:
        """What a reminder about to be sent needs, in one connection: the repeats its plan asks for
        now (when the plan ``adapts``; None while it has not adapted), and the local date (in the
        reminder's zone) a warning of one of ``levels`` was last shown to the person, if since ``since``."""
        level = shown = None
        async with self.engine.connect() as conn:
            if adapts:
                level = await conn.scalar(
                    select(PC.c.after)
                    .where(PC.c.subscription_id == subscription_id, PC.c.undone_at.is_(None))
                    .order_by(PC.c.seq.desc())
                    .limit(1)
                )
            if levels:
                zone = select(SUBS.c.zone).where(SUBS.c.id == subscription_id).scalar_subquery()
                row = (
                    await conn.execute(
                        select(func.max(AL.c.shown_at), zone).where(
                            AL.c.chat_id == chat_id, AL.c.level.in_(levels), AL.c.shown_at >= since
                        )
                    )
                ).first()
                if row is not None and row[0] is not None:
                    shown = local_date(row[0], row[1] or "Etc/UTC")
        return level, shown

    async def rated_subscription(self, rating_id: int, chat_id: int) -> int | None:
        """The reminder a pain rating of this person is about."""
        async with self.engine.connect() as conn:
            return await conn.scalar(
                select(RATING.c.subscription_id).where(RATING.c.id == rating_id, RATING.c.chat_id == chat_id)
            )

    async def changes(self, chat_id: int) -> list[Change]:
        """Every change of a person's plans, oldest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(PC).where(PC.c.chat_id == chat_id).order_by(PC.c.made_at, PC.c.id))
            return [_change(r) for r in rows]


def _change(row) -> Change:
    return Change(
        row.id,
        row.subscription_id,
        row.seq,
        row.before,
        row.after,
        row.rule,
        row.reason,
        row.made_at,
        row.undone_at,
    )
