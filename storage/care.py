"""The care loop's data: signs usual for a person, pain and how-it-felt ratings, quiet hours, content feedback.

Feedback on content is counted per section, never per person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, SmallInteger, String, Time, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from storage.db import Base, StorePart
from storage.models import Subscription, UTCDateTime

DEFAULT_QUIET = (dt.time(22, 0), dt.time(7, 0))
#: The weekly cauda equina check-in is a subscription of this programme, due one weekday a week.
CHECK_PROGRAMME = "ces-check"
FEELINGS = ("easier", "same", "harder", "further")  # "further": pain went further down the leg


class UsualSign(Base):
    """A red-flag sign a person told us is usual for them (e.g. long-standing bladder urgency with
    arachnoiditis): the bot then asks "worse than usual?" instead of alerting at once."""

    __tablename__ = "usual_signs"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sign_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class QuietHours(Base):
    """A person's quiet hours in their local time (a window that may cross midnight)."""

    __tablename__ = "quiet_hours"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)


class Rating(Base):
    """Pain now (0-10) and how an exercise session felt, after a reminder was marked done."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id", ondelete="SET NULL"))
    date: Mapped[dt.date] = mapped_column(Date)
    day: Mapped[int] = mapped_column(Integer)  # programme day the session was for
    pain: Mapped[int | None] = mapped_column(SmallInteger)
    feeling: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class SectionFeedback(Base):
    """Helpful / not helpful counts for one content section (no person is recorded)."""

    __tablename__ = "section_feedback"

    section: Mapped[str] = mapped_column(String(80), primary_key=True)
    helpful: Mapped[int] = mapped_column(Integer, default=0)
    unhelpful: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True, slots=True)
class PainPoint:
    date: dt.date
    pain: int


USUAL = UsualSign.__table__
QUIET = QuietHours.__table__
RATING = Rating.__table__
FEEDBACK = SectionFeedback.__table__


class CareStore(StorePart):
    """``store.care``: signs usual for a person, quiet hours, ratings, and feedback on content."""

    # -- signs that are usual for a person -------------------------------------------------

    async def usual_signs(self, chat_id: int) -> frozenset[str]:
        """The red-flag signs this person recorded as usual for them."""
        async with self.engine.connect() as conn:
            rows = await conn.scalars(select(USUAL.c.sign_id).where(USUAL.c.chat_id == chat_id))
            return frozenset(rows)

    async def add_usual_signs(self, chat_id: int, sign_ids: list[str], when: dt.datetime) -> None:
        """Record signs as usual for this person (recording one twice keeps the first date)."""
        if not sign_ids:
            return
        async with self.engine.begin() as conn:
            await conn.execute(
                self._insert(USUAL)
                .values([{"chat_id": chat_id, "sign_id": s, "recorded_at": when} for s in sign_ids])
                .on_conflict_do_nothing(index_elements=[USUAL.c.chat_id, USUAL.c.sign_id])
            )

    async def forget_usual_sign(self, chat_id: int, sign_id: str) -> None:
        """Forget one usual sign of this person (no longer usual: it alerts at once again)."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(USUAL).where(USUAL.c.chat_id == chat_id, USUAL.c.sign_id == sign_id))

    async def clear_usual_signs(self, chat_id: int) -> int:
        """Forget every usual sign of this person; how many there were."""
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(USUAL).where(USUAL.c.chat_id == chat_id))
            return result.rowcount or 0

    # -- quiet hours -------------------------------------------------------------------------

    async def quiet_hours(self, chat_id: int) -> tuple[dt.time, dt.time]:
        """The person's quiet window (default 22:00-07:00)."""
        async with self.engine.connect() as conn:
            return await quiet_window(conn, chat_id)

    async def set_quiet_hours(self, chat_id: int, start: dt.time, end: dt.time) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                self._insert(QUIET)
                .values(chat_id=chat_id, start=start, end=end)
                .on_conflict_do_update(index_elements=[QUIET.c.chat_id], set_={"start": start, "end": end})
            )

    # -- ratings -----------------------------------------------------------------------------

    async def add_rating(
        self, chat_id: int, subscription_id: int | None, date: dt.date, day: int, now: dt.datetime
    ) -> int:
        """Start a rating row for a session; returns its id."""
        async with self.engine.begin() as conn:
            return await conn.scalar(
                RATING.insert()
                .values(chat_id=chat_id, subscription_id=subscription_id, date=date, day=day, created_at=now)
                .returning(RATING.c.id)
            )

    async def rate(self, rating_id: int, chat_id: int, *, pain: int | None = None, feeling: str | None = None) -> bool:
        """Set pain and/or feeling on a rating of this chat; False if there is no such rating."""
        values = {k: v for k, v in (("pain", pain), ("feeling", feeling)) if v is not None}
        if feeling is not None and feeling not in FEELINGS:
            raise ValueError(f"feeling must be one of {FEELINGS}")
        if pain is not None and not 0 <= pain <= 10:
            raise ValueError("pain goes from 0 to 10")
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(RATING).where(RATING.c.id == rating_id, RATING.c.chat_id == chat_id).values(**values)
            )
            return result.rowcount > 0

    async def rating_session(self, rating_id: int, chat_id: int) -> tuple[str, int] | None:
        """(programme id, programme day) of the session a rating is about."""
        subs = Subscription.__table__
        stmt = (
            select(subs.c.programme_id, RATING.c.day)
            .join(subs, subs.c.id == RATING.c.subscription_id)
            .where(RATING.c.id == rating_id, RATING.c.chat_id == chat_id)
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        return (row.programme_id, row.day) if row else None

    async def pain_series(self, chat_id: int, since: dt.date | None = None) -> list[PainPoint]:
        """Every pain rating of a person, oldest first."""
        stmt = select(RATING.c.date, RATING.c.pain).where(RATING.c.chat_id == chat_id, RATING.c.pain.is_not(None))
        if since is not None:
            stmt = stmt.where(RATING.c.date >= since)
        async with self.engine.connect() as conn:
            rows = await conn.execute(stmt.order_by(RATING.c.created_at, RATING.c.id))
            return [PainPoint(r.date, r.pain) for r in rows]

    # -- feedback ----------------------------------------------------------------------------

    async def count_feedback(self, section: str, helpful: bool) -> None:
        """Add one helpful / not helpful vote to a section's counts."""
        column = "helpful" if helpful else "unhelpful"
        async with self.engine.begin() as conn:
            await conn.execute(
                self._insert(FEEDBACK)
                .values(section=section, helpful=int(helpful), unhelpful=int(not helpful))
                .on_conflict_do_update(
                    index_elements=[FEEDBACK.c.section], set_={column: getattr(FEEDBACK.c, column) + 1}
                )
            )

    async def feedback_report(self) -> list[tuple[str, int, int]]:
        """(section, helpful, unhelpful) for every section with votes."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(FEEDBACK.c.section, FEEDBACK.c.helpful, FEEDBACK.c.unhelpful))
            return [tuple(r) for r in rows]


async def quiet_window(conn: AsyncConnection, chat_id: int) -> tuple[dt.time, dt.time]:
    """The person's quiet window (default 22:00-07:00), read inside ``conn``."""
    row = (await conn.execute(select(QUIET.c.start, QUIET.c.end).where(QUIET.c.chat_id == chat_id))).first()
    return (row.start, row.end) if row else DEFAULT_QUIET


def worsening(series: list[PainPoint], rise: int = 3, sessions: int = 3) -> bool:
    """True when the last ``sessions`` ratings are all at least ``rise`` above the starting level.

    The starting level is the person's own first rating (their baseline).
    """
    if len(series) < sessions + 1:
        return False
    baseline = series[0].pain
    return all(point.pain >= baseline + rise for point in series[-sessions:])
