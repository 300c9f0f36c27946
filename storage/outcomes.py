"""Outcomes: function check-ins (the RMDQ, pain, personal goals, walking), and the warning-sign
alerts a person was shown, for /checkin and /report.

A check-in is one row that moves step by step; every step is taken by a conditional update (the row
must still be at that step), so a button pressed twice, or the same update handled by two replicas,
moves it once. An unfinished check-in is resumed by /checkin. Every table has a ``chat_id`` column,
so ``Store.export_chat`` (/mydata) and ``Store.forget_chat`` (/forget) cover them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.clinician import ClinicianAlerts, ClinicianAlertStore, Prescriber
from storage.db import Base
from storage.models import UTCDateTime
from storage.offers import OFFER_PROGRAMME, OFFERS_STOPPED, OfferStore

RMDQ_ITEMS = 24
MAX_GOALS = 3
GOAL_MAX = 60
#: An unfinished check-in older than this is started afresh instead of resumed.
RESUME_WITHIN = dt.timedelta(days=14)
__all__ = ["OFFER_PROGRAMME", "OFFERS_STOPPED", "ClinicianAlerts", "OutcomeStore", "Prescriber"]


class CheckIn(Base):
    """One function check-in: RMDQ answers ("y"/"n" per sentence, in order), pain, walking."""

    __tablename__ = "checkins"
    # Ids are never reused (SQLite would reuse a deleted one): an old check-in's buttons stay stale.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    step: Mapped[str] = mapped_column(String(16), default="rmdq")
    answers: Mapped[str] = mapped_column(String(RMDQ_ITEMS), default="")
    rmdq: Mapped[int | None] = mapped_column(SmallInteger)  # 0-24, set when the check-in ends
    leg_pain: Mapped[int | None] = mapped_column(SmallInteger)
    back_pain: Mapped[int | None] = mapped_column(SmallInteger)
    walking: Mapped[bool] = mapped_column(Boolean, default=False)  # asks walking tolerance (stenosis)
    walking_minutes: Mapped[int | None] = mapped_column(Integer)


class Goal(Base):
    """An activity a person wants back (in their own words), rated 0-10 at every check-in."""

    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("chat_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    position: Mapped[int] = mapped_column(SmallInteger)  # 0, 1, 2
    activity: Mapped[str] = mapped_column(String(GOAL_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class GoalRating(Base):
    """How well a person can do one goal (0 not at all - 10 as before), at one check-in."""

    __tablename__ = "goal_ratings"
    __table_args__ = (UniqueConstraint("checkin_id", "goal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(SmallInteger)


class AlertShown(Base):
    """A warning the bot showed a person (a red-flag reply, the worsening alert): level and when,
    never the words the person wrote."""

    __tablename__ = "alerts_shown"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    level: Mapped[str] = mapped_column(String(16))  # emergency, urgent, soon, worsening
    what: Mapped[str] = mapped_column(String(120))  # the signs' labels or the alert's reason
    shown_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


CI = CheckIn.__table__
G = Goal.__table__
GR = GoalRating.__table__
AL = AlertShown.__table__


@dataclass(frozen=True, slots=True)
class CheckInState:
    """A check-in as the flow needs it."""

    id: int
    step: str
    answers: str
    walking: bool
    started_at: dt.datetime

    @classmethod
    def from_row(cls, row) -> CheckInState:
        return cls(row.id, row.step, row.answers, row.walking, row.started_at)


@dataclass(frozen=True, slots=True)
class GoalInfo:
    id: int
    position: int
    activity: str


@dataclass(frozen=True, slots=True)
class CheckInResult:
    """A finished check-in, with its goal ratings by goal id."""

    id: int
    completed_at: dt.datetime
    rmdq: int
    leg_pain: int | None
    back_pain: int | None
    walking_minutes: int | None
    goals: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Alert:
    level: str
    what: str
    shown_at: dt.datetime


class OutcomeStore(OfferStore, ClinicianAlertStore):
    """The outcome tables (``store.outcomes``); short methods, one transaction each. The check-in
    offer's are in :mod:`storage.offers`, the prescriber's alerts' in :mod:`storage.clinician`."""

    def __init__(self, engine, insert):
        self.engine = engine
        self._insert = insert  # the dialect's INSERT (for ON CONFLICT)

    # -- check-ins -----------------------------------------------------------------------------

    async def open_checkin(self, chat_id: int, now: dt.datetime, *, walking: bool) -> tuple[CheckInState, bool]:
        """The person's unfinished check-in (resumed), or a new one; and whether it was resumed.
        An unfinished one older than :data:`RESUME_WITHIN` is dropped and started afresh."""
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(CI).where(
                    CI.c.chat_id == chat_id, CI.c.completed_at.is_(None), CI.c.started_at < now - RESUME_WITHIN
                )
            )
            row = (
                await conn.execute(
                    select(CI)
                    .where(CI.c.chat_id == chat_id, CI.c.completed_at.is_(None))
                    .order_by(CI.c.id.desc())
                    .limit(1)
                )
            ).first()
            if row is not None:
                return CheckInState.from_row(row), True
            row = (
                await conn.execute(
                    CI.insert()
                    .values(chat_id=chat_id, started_at=now, step="rmdq", answers="", walking=walking)
                    .returning(*CI.c)
                )
            ).one()
            return CheckInState.from_row(row), False

    async def get_checkin(self, chat_id: int, checkin_id: int) -> CheckInState | None:
        """This person's unfinished check-in ``checkin_id``, or None."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(CI).where(CI.c.id == checkin_id, CI.c.chat_id == chat_id, CI.c.completed_at.is_(None))
                )
            ).first()
        return CheckInState.from_row(row) if row else None

    async def answer_item(self, chat_id: int, checkin_id: int, index: int, yes: bool) -> bool:
        """Record the answer to RMDQ sentence ``index`` (0-based) if it is the one asked now; after
        the last sentence the check-in moves on to leg pain. False for a stale or repeated press."""
        if not 0 <= index < RMDQ_ITEMS:
            return False
        step = "leg" if index == RMDQ_ITEMS - 1 else "rmdq"
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(CI)
                .where(
                    CI.c.id == checkin_id,
                    CI.c.chat_id == chat_id,
                    CI.c.completed_at.is_(None),
                    CI.c.step == "rmdq",
                    func.length(CI.c.answers) == index,
                )
                .values(answers=CI.c.answers + ("y" if yes else "n"), step=step)
            )
            return result.rowcount == 1

    async def advance(self, chat_id: int, checkin_id: int, step: str, next_step: str, **values) -> bool:
        """Move a check-in from ``step`` to ``next_step``, setting ``values`` (leg_pain, back_pain,
        walking_minutes); False when it is not at ``step`` (a stale or repeated press)."""
        allowed = {"leg_pain", "back_pain", "walking_minutes"}
        if set(values) - allowed:
            raise ValueError(f"only {sorted(allowed)} can be set")
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(CI)
                .where(CI.c.id == checkin_id, CI.c.chat_id == chat_id, CI.c.completed_at.is_(None), CI.c.step == step)
                .values(step=next_step, **values)
            )
            return result.rowcount == 1

    async def rate_goal(
        self, chat_id: int, checkin_id: int, step: str, next_step: str, goal_id: int, rating: int
    ) -> bool:
        """Rate one goal at the step that asks about it, and move on; False when stale."""
        if not 0 <= rating <= 10:
            raise ValueError("a goal is rated from 0 to 10")
        async with self.engine.begin() as conn:
            if await conn.scalar(select(G.c.id).where(G.c.id == goal_id, G.c.chat_id == chat_id)) is None:
                return False
            moved = await conn.execute(
                update(CI)
                .where(CI.c.id == checkin_id, CI.c.chat_id == chat_id, CI.c.completed_at.is_(None), CI.c.step == step)
                .values(step=next_step)
            )
            if moved.rowcount != 1:
                return False  # nothing changed
            await conn.execute(
                self._insert(GR)
                .values(chat_id=chat_id, checkin_id=checkin_id, goal_id=goal_id, rating=rating)
                .on_conflict_do_update(index_elements=[GR.c.checkin_id, GR.c.goal_id], set_={"rating": rating})
            )
            return True

    async def finish(self, chat_id: int, checkin_id: int, step: str, now: dt.datetime) -> bool:
        """End a check-in that is at ``step``: its RMDQ score (the sentences answered yes) and date
        are set. False when it is not at ``step`` or has ended already."""
        async with self.engine.begin() as conn:
            answers = await conn.scalar(
                select(CI.c.answers).where(
                    CI.c.id == checkin_id, CI.c.chat_id == chat_id, CI.c.completed_at.is_(None), CI.c.step == step
                )
            )
            if answers is None or len(answers) != RMDQ_ITEMS:
                return False
            result = await conn.execute(
                update(CI)
                .where(CI.c.id == checkin_id, CI.c.completed_at.is_(None), CI.c.step == step)
                .values(step="done", completed_at=now, rmdq=answers.count("y"))
            )
            return result.rowcount == 1

    async def history(self, chat_id: int) -> list[CheckInResult]:
        """Every finished check-in of a person, oldest first, with its goal ratings."""
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(CI)
                    .where(CI.c.chat_id == chat_id, CI.c.completed_at.is_not(None))
                    .order_by(CI.c.completed_at, CI.c.id)
                )
            ).all()
            ratings: dict[int, dict[int, int]] = {}
            for r in await conn.execute(
                select(GR.c.checkin_id, GR.c.goal_id, GR.c.rating).where(GR.c.chat_id == chat_id)
            ):
                ratings.setdefault(r.checkin_id, {})[r.goal_id] = r.rating
        return [
            CheckInResult(
                r.id, r.completed_at, r.rmdq, r.leg_pain, r.back_pain, r.walking_minutes, ratings.get(r.id, {})
            )
            for r in rows
        ]

    async def last_completed(self, chat_id: int) -> dt.datetime | None:
        """When this person last finished a check-in."""
        async with self.engine.connect() as conn:
            return await conn.scalar(select(func.max(CI.c.completed_at)).where(CI.c.chat_id == chat_id))

    # -- goals ---------------------------------------------------------------------------------

    async def goals(self, chat_id: int) -> list[GoalInfo]:
        """A person's goals in the order they named them."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(G.c.id, G.c.position, G.c.activity).where(G.c.chat_id == chat_id).order_by(G.c.position)
            )
            return [GoalInfo(r.id, r.position, r.activity) for r in rows]

    async def add_goal(self, chat_id: int, activity: str, now: dt.datetime) -> GoalInfo | None:
        """Add a goal in the next free place; None when the person has :data:`MAX_GOALS` already."""
        activity = activity.strip()
        if not activity or len(activity) > GOAL_MAX:
            raise ValueError(f"a goal has 1 to {GOAL_MAX} characters")
        async with self.engine.begin() as conn:
            taken = set(await conn.scalars(select(G.c.position).where(G.c.chat_id == chat_id)))
            free = [p for p in range(MAX_GOALS) if p not in taken]
            if not free:
                return None
            stmt = (
                self._insert(G)
                .values(chat_id=chat_id, position=free[0], activity=activity, created_at=now)
                .on_conflict_do_nothing(index_elements=[G.c.chat_id, G.c.position])
                .returning(G.c.id)
            )
            goal_id = await conn.scalar(stmt)
        return GoalInfo(goal_id, free[0], activity) if goal_id is not None else None

    # -- warning-sign alerts shown ----------------------------------------------------------------

    async def record_alert(self, chat_id: int, level: str, what: str, now: dt.datetime) -> None:
        """Remember that a warning was shown (level, a short label, when)."""
        async with self.engine.begin() as conn:
            await conn.execute(AL.insert().values(chat_id=chat_id, level=level[:16], what=what[:120], shown_at=now))

    async def alerts(self, chat_id: int, since: dt.datetime | None = None) -> list[Alert]:
        """The warnings shown to a person, oldest first."""
        stmt = select(AL.c.level, AL.c.what, AL.c.shown_at).where(AL.c.chat_id == chat_id)
        if since is not None:
            stmt = stmt.where(AL.c.shown_at >= since)
        async with self.engine.connect() as conn:
            return [Alert(*r) for r in await conn.execute(stmt.order_by(AL.c.shown_at, AL.c.id))]
