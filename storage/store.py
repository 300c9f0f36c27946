"""The one async store the bot talks to; short methods, one transaction each.

Methods that act on one subscription take an optional ``chat_id``: pass it whenever the id
came from a user (button data), so a chat can only touch its own reminders.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import case, delete, func, literal, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from scheduler.times import get_zone, local_date, next_due, out_of_quiet_hours
from storage.care import CHECK_PROGRAMME, RATING, CareStore
from storage.claims import ClaimedReminder, Outcome, ReminderClaims
from storage.community import POST_IDS, CommunityStore
from storage.db import Base, make_engine, make_sessionmaker, migration_kwargs, upgrade_schema
from storage.models import (
    ADHERENCE_STATUSES,
    FLOW_TTL,
    PRESS_MEMORY,
    Adherence,
    Chat,
    ChatSettings,
    Delivery,
    Flow,
    Press,
    Subscription,
)
from storage.outcomes import OFFER_PROGRAMME, OutcomeStore
from storage.prescriptions import PrescriptionStore

__all__ = [
    "MAX_SUBSCRIPTIONS",
    "ClaimedReminder",
    "Outcome",
    "Progress",
    "Store",
    "SubscriptionInfo",
    "SubscriptionLimitReached",
]

MAX_SUBSCRIPTIONS = 3
S = Subscription.__table__
A = Adherence.__table__
D = Delivery.__table__
CS = ChatSettings.__table__
C = Chat.__table__
P = Press.__table__
F = Flow.__table__


class AlreadyStarted(Exception):
    """The prescription was started already (a second tap, on this replica or another)."""


class SubscriptionLimitReached(ValueError):
    """A chat already has the most reminders it may have."""

    def __init__(self, limit: int = MAX_SUBSCRIPTIONS):
        super().__init__(
            f"A chat can have at most {limit} reminders. Delete one before adding another."
        )
        self.limit = limit


@dataclass(frozen=True, slots=True)
class SubscriptionInfo:
    """A subscription as the bot shows it."""

    id: int
    chat_id: int
    programme_id: str
    local_time: dt.time
    zone: str
    next_due_utc: dt.datetime
    day: int
    active: bool
    paused_reason: str | None
    failures: int

    @classmethod
    def from_row(cls, row) -> SubscriptionInfo:
        due = row.claimed_due_utc or row.next_due_utc  # a claimed row is due at its claim
        return cls(row.id, row.chat_id, row.programme_id, row.local_time, row.zone, due,
                   row.day, row.active, row.paused_reason, row.failures)


@dataclass(frozen=True, slots=True)
class Progress:
    """Streak of days with exercises done, and days per answer over the last seven."""

    streak: int
    done: int
    skipped: int
    snoozed: int


class Store(PrescriptionStore, CommunityStore, CareStore, ReminderClaims):
    """Persistent state of chats and reminders on SQLAlchemy (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.session = make_sessionmaker(engine)
        dialects = {"postgresql": postgresql, "sqlite": sqlite}
        self._dialect = dialects[engine.dialect.name]
        self.outcomes = OutcomeStore(engine, self._insert)

    @classmethod
    async def open(cls, url: str, **engine_kwargs) -> Store:
        """Connect to ``url`` and apply every pending migration."""
        engine = make_engine(url, **engine_kwargs)
        migrating = migration_kwargs(engine_kwargs)
        migrator = engine if migrating is engine_kwargs else make_engine(url, **migrating)
        try:
            await upgrade_schema(migrator)
        except BaseException:
            await engine.dispose()
            raise
        finally:
            if migrator is not engine:
                await migrator.dispose()
        return cls(engine)

    async def close(self) -> None:
        """Release every connection."""
        await self.engine.dispose()

    @property
    def url(self) -> str:
        """The database URL, for opening a second store on the same database."""
        return self.engine.url.render_as_string(hide_password=False)

    def _insert(self, table):
        return self._dialect.insert(table)

    # -- chats -------------------------------------------------------------------------------

    async def get_topic(self, chat_id: int) -> str | None:
        """The topic this chat is reading, if it chose one."""
        async with self.session() as session:
            chat = await session.get(Chat, chat_id)
            return chat.topic_id if chat else None

    async def set_topic(self, chat_id: int, topic_id: str) -> None:
        """Remember the topic this chat is reading."""
        async with self.session.begin() as session:
            chat = await session.get(Chat, chat_id)
            if chat is None:
                session.add(Chat(chat_id=chat_id, topic_id=topic_id))
            else:
                chat.topic_id = topic_id

    async def get_zone(self, chat_id: int) -> str | None:
        """The time zone this chat told us, if any."""
        async with self.engine.connect() as conn:
            return await conn.scalar(select(CS.c.zone).where(CS.c.chat_id == chat_id))

    async def set_zone(self, chat_id: int, zone: str) -> None:
        """Remember this chat's time zone (ValueError for an unknown zone)."""
        get_zone(zone)
        stmt = self._insert(CS).values(chat_id=chat_id, zone=zone, updated_at=_utcnow())
        stmt = stmt.on_conflict_do_update(
            index_elements=[CS.c.chat_id], set_={"zone": zone, "updated_at": _utcnow()}
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Carry everything about a chat over to its new id (a group became a supergroup)."""
        if old_chat_id == new_chat_id:
            return
        async with self.engine.begin() as conn:
            await self._move_posts(conn, old_chat_id, new_chat_id)  # one daily post, not two
            await conn.execute(
                update(S).where(S.c.chat_id == old_chat_id).values(chat_id=new_chat_id)
            )
            for table in (C, CS):
                taken = await conn.scalar(
                    select(func.count()).select_from(table).where(table.c.chat_id == new_chat_id)
                )
                if taken:  # the new id already has its own row: it wins
                    await conn.execute(delete(table).where(table.c.chat_id == old_chat_id))
                else:
                    await conn.execute(
                        update(table).where(table.c.chat_id == old_chat_id)
                        .values(chat_id=new_chat_id)
                    )

    async def export_chat(self, chat_id: int) -> dict[str, list[dict]]:
        """Everything stored about a chat, table by table (for /mydata)."""
        subs = select(S.c.id).where(S.c.chat_id == chat_id)
        out: dict[str, list[dict]] = {}
        async with self.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                if "chat_id" in table.c:
                    where = table.c.chat_id == chat_id
                elif "subscription_id" in table.c:
                    where = table.c.subscription_id.in_(subs)
                else:
                    continue
                rows = (await conn.execute(select(table).where(where))).mappings().all()
                out[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
            out["connected_channels"] = await self._export_channels(conn, chat_id)
        return out

    async def forget_chat(self, chat_id: int) -> None:
        """Delete everything stored about a chat, in every table that refers to it."""
        subs = select(S.c.id).where(S.c.chat_id == chat_id)
        async with self.engine.begin() as conn:
            # children first, so foreign keys never stand in the way
            for table in reversed(Base.metadata.sorted_tables):
                if "subscription_id" in table.c:
                    await conn.execute(delete(table).where(table.c.subscription_id.in_(subs)))
                if "chat_id" in table.c:
                    await conn.execute(delete(table).where(table.c.chat_id == chat_id))
            await self._forget_admin(conn, chat_id)

    # -- subscriptions -----------------------------------------------------------------------

    async def add_subscription(
        self, chat_id: int, programme_id: str, local_time: dt.time, zone: str, now: dt.datetime,
        day: int = 0, *, prescription: tuple[int, int | None] | None = None,
    ) -> SubscriptionInfo:
        """Subscribe a chat to daily reminders of a programme, first due after ``now``.

        With ``prescription`` (its id, and the subscription its patient link named when read),
        the subscription is started from that prescription in the same transaction: the link is
        set only if it still names what it named when read, so of two taps on Start (on one
        replica or two) exactly one makes a reminder; the other raises AlreadyStarted.

        Raises:
            SubscriptionLimitReached: the chat already has MAX_SUBSCRIPTIONS of them.
            AlreadyStarted: ``prescription`` was started meanwhile.
            ValueError: unknown time zone.
        """
        get_zone(zone)
        due = next_due(local_time, zone, now)
        async with self.engine.begin() as conn:
            await self._lock_chat(conn, chat_id)
            count = await conn.scalar(  # the weekly check-in and the check-in offer are not reminders
                select(func.count()).select_from(S).where(S.c.chat_id == chat_id,
                                                          S.c.programme_id.notin_((CHECK_PROGRAMME, OFFER_PROGRAMME)))
            )
            if (count or 0) >= MAX_SUBSCRIPTIONS:
                raise SubscriptionLimitReached()
            row = (
                await conn.execute(
                    S.insert()
                    .values(chat_id=chat_id, programme_id=programme_id, local_time=local_time,
                            zone=zone, next_due_utc=due, day=day, active=True, failures=0,
                            created_at=now)
                    .returning(*S.c)
                )
            ).one()
            if prescription is not None:
                await self._start_prescription(conn, chat_id, *prescription, row.id, now)
        return SubscriptionInfo.from_row(row)

    @staticmethod
    async def _start_prescription(conn: AsyncConnection, chat_id: int, prescription_id: int,
                                  expected: int | None, sub_id: int, now: dt.datetime) -> None:
        from storage.prescriptions import PP

        named = PP.c.subscription_id.is_(None) if expected is None else PP.c.subscription_id == expected
        result = await conn.execute(
            update(PP).where(PP.c.prescription_id == prescription_id, PP.c.chat_id == chat_id, named)
            .values(subscription_id=sub_id,
                    accepted_at=func.coalesce(PP.c.accepted_at, literal(now, PP.c.accepted_at.type))))
        if result.rowcount != 1:
            raise AlreadyStarted()  # rolls the new subscription back

    async def _lock_chat(self, conn: AsyncConnection, chat_id: int) -> None:
        # Serialises changes to one chat's subscriptions (the limit check). On SQLite the
        # insert alone takes the database's write lock; PostgreSQL locks the settings row.
        await conn.execute(
            self._insert(CS).values(chat_id=chat_id, updated_at=_utcnow())
            .on_conflict_do_nothing(index_elements=[CS.c.chat_id])
        )
        await conn.execute(select(CS.c.chat_id).where(CS.c.chat_id == chat_id).with_for_update())

    async def list_subscriptions(self, chat_id: int) -> list[SubscriptionInfo]:
        """This chat's reminders (not a group's daily post), oldest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(S).where(S.c.chat_id == chat_id,
                                S.c.programme_id.notin_((*POST_IDS, CHECK_PROGRAMME, OFFER_PROGRAMME)))
                .order_by(S.c.id)
            )
            return [SubscriptionInfo.from_row(row) for row in rows]

    async def get_subscription(
        self, sub_id: int, *, chat_id: int | None = None
    ) -> SubscriptionInfo | None:
        """One subscription, or None."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(S).where(*_mine(sub_id, chat_id)))).first()
            return SubscriptionInfo.from_row(row) if row else None

    async def pause(
        self, sub_id: int, *, chat_id: int | None = None, reason: str = "paused"
    ) -> bool:
        """Stop sending this reminder until resumed; True if it existed."""
        return await self._update(sub_id, chat_id, active=False, paused_reason=reason)

    async def resume(self, sub_id: int, now: dt.datetime, *, chat_id: int | None = None) -> bool:
        """Send this reminder again from its next local time after ``now``."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(S).where(*_mine(sub_id, chat_id)))).first()
            if row is None:
                return False
            await conn.execute(
                update(S).where(S.c.id == sub_id).values(
                    active=True, paused_reason=None, failures=0,
                    next_due_utc=next_due(row.local_time, row.zone, now, row.skip_weekdays),
                    **_UNCLAIM,
                )
            )
        return True

    async def delete(self, sub_id: int, *, chat_id: int | None = None) -> bool:
        """Delete a subscription with its history (adherence, deliveries, pain and how-it-felt
        ratings); True if it existed. A physiotherapist's link to the patient stays, unlinked."""
        async with self.engine.begin() as conn:
            if await conn.scalar(select(S.c.id).where(*_mine(sub_id, chat_id))) is None:
                return False
            await conn.execute(delete(A).where(A.c.subscription_id == sub_id))
            await conn.execute(delete(D).where(D.c.subscription_id == sub_id))
            await conn.execute(delete(RATING).where(RATING.c.subscription_id == sub_id))
            await conn.execute(delete(S).where(S.c.id == sub_id))
        return True

    async def stop_all(self, chat_id: int, reason: str = "stopped", *, posts: bool = False) -> int:
        """Pause every reminder of a chat (with ``posts``, its daily posts too: a chat the bot can
        no longer reach); how many were active. Data is kept; the reason shows in /reminders."""
        stmt = update(S).where(S.c.chat_id == chat_id, S.c.active == true())
        if not posts:
            stmt = stmt.where(S.c.programme_id.notin_(POST_IDS))
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt.values(active=False, paused_reason=reason))
            return result.rowcount

    async def set_time(
        self, sub_id: int, local_time: dt.time, zone: str, now: dt.datetime, *,
        chat_id: int | None = None,
    ) -> SubscriptionInfo | None:
        """Move a reminder to ``local_time`` in ``zone``, next due after ``now``."""
        async with self.engine.begin() as conn:
            skip = await conn.scalar(select(S.c.skip_weekdays).where(*_mine(sub_id, chat_id)))
            if skip is None:
                return None
            due = next_due(local_time, zone, now, skip)
            row = (
                await conn.execute(
                    update(S).where(*_mine(sub_id, chat_id))
                    .values(local_time=local_time, zone=zone, next_due_utc=due, **_UNCLAIM)
                    .returning(*S.c)
                )
            ).first()
        return SubscriptionInfo.from_row(row) if row else None

    async def snooze(
        self, sub_id: int, day: int, now: dt.datetime, minutes: int = 30, *,
        chat_id: int | None = None,
    ) -> dt.datetime | None:
        """Send programme ``day`` again ``minutes`` after ``now`` (after the person's quiet hours,
        if it would fall in them); the new due time, or None."""
        due = now + dt.timedelta(minutes=minutes)
        sub = await self.get_subscription(sub_id, chat_id=chat_id)
        if sub is not None and sub.chat_id > 0:
            start, end = await self.quiet_hours(sub.chat_id)
            due = out_of_quiet_hours(due, get_zone(sub.zone), start, end)
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    update(S).where(*_mine(sub_id, chat_id))
                    # a day already sent, never one ahead: a forged button cannot move the programme on
                    .values(day=case((S.c.day < day, S.c.day), else_=max(day, 0)), next_due_utc=due, **_UNCLAIM)
                    .returning(S.c.zone)
                )
            ).first()
            if row is None:
                return None
            await self._adherence(conn, sub_id, local_date(now, row.zone), "snoozed", "")
        return due

    async def skip_today(
        self, sub_id: int, now: dt.datetime, *, chat_id: int | None = None
    ) -> bool:
        """Skip today's reminder (if still to come) without moving on in the programme."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(S).where(*_mine(sub_id, chat_id)))).first()
            if row is None:
                return False
            today = local_date(now, row.zone)
            due = row.claimed_due_utc or row.next_due_utc
            if row.active and local_date(due, row.zone) == today:
                await conn.execute(
                    self._insert(D)
                    .values(subscription_id=sub_id, due_utc=due, sent_at=now, status="skipped")
                    .on_conflict_do_nothing(index_elements=[D.c.subscription_id, D.c.due_utc])
                )
                await conn.execute(
                    update(S).where(S.c.id == sub_id).values(
                        next_due_utc=next_due(row.local_time, row.zone, max(due, now),
                                              row.skip_weekdays),
                        **_UNCLAIM,
                    )
                )
            await self._adherence(conn, sub_id, today, "skipped", "")
        return True

    # -- adherence ---------------------------------------------------------------------------

    # -- typed flows -------------------------------------------------------------------------

    async def get_flow(self, chat_id: int, now: dt.datetime, slot: str = "") -> dict | None:
        """The state of the flow waiting in ``chat_id`` (and ``slot``), unless it has expired."""
        async with self.engine.connect() as conn:
            state = await conn.scalar(select(F.c.state).where(
                F.c.chat_id == chat_id, F.c.slot == slot, F.c.expires_at > now))
        if state is None:
            return None
        try:
            value = json.loads(state)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    async def set_flow(self, chat_id: int, state: dict, now: dt.datetime, slot: str = "",
                       ttl: dt.timedelta = FLOW_TTL) -> None:
        """Start or move on a flow: its state replaces any other in the same chat and slot."""
        text = json.dumps(state, separators=(",", ":"))
        if len(text) > F.c.state.type.length:  # type: ignore[attr-defined]  # a String column
            raise ValueError("a flow's state is too large")
        expires = now + ttl
        async with self.engine.begin() as conn:
            await conn.execute(delete(F).where(F.c.expires_at <= now))  # forget abandoned flows
            await conn.execute(
                self._insert(F).values(chat_id=chat_id, slot=slot, state=text, expires_at=expires)
                .on_conflict_do_update(index_elements=[F.c.chat_id, F.c.slot],
                                       set_={"state": text, "expires_at": expires}))

    async def drop_flow(self, chat_id: int, slot: str = "") -> None:
        """End the flow waiting in ``chat_id`` (and ``slot``), if any."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(F).where(F.c.chat_id == chat_id, F.c.slot == slot))

    async def first_press(self, key: str, now: dt.datetime) -> bool:
        """True the first time ``key`` (see :class:`storage.models.Press`) is pressed, False for a
        repeat: the unique key decides, so two replicas handling the same update agree."""
        async with self.engine.begin() as conn:
            stmt = self._insert(P).values(key=key, pressed_at=now).on_conflict_do_nothing(index_elements=[P.c.key])
            first = (await conn.execute(stmt)).rowcount == 1
            if first:  # forget presses too old to come again (an indexed range: cheap)
                await conn.execute(delete(P).where(P.c.pressed_at < now - PRESS_MEMORY))
        return first

    async def record_adherence(
        self, sub_id: int, date: dt.date, status: str, exercise_id: str | None = None, *,
        chat_id: int | None = None,
    ) -> bool:
        """Record done/skipped/snoozed for a day (and exercise); the latest answer wins."""
        if status not in ADHERENCE_STATUSES:
            raise ValueError(f"status must be one of {ADHERENCE_STATUSES}, not {status!r}")
        async with self.engine.begin() as conn:
            if chat_id is not None:
                owner = await conn.scalar(select(S.c.chat_id).where(S.c.id == sub_id))
                if owner != chat_id:
                    return False
            return await self._adherence(conn, sub_id, date, status, exercise_id or "")

    async def _adherence(self, conn, sub_id, date, status, exercise_id) -> bool:
        # INSERT ... SELECT: a deleted subscription inserts nothing instead of failing.
        source = select(
            S.c.id, literal(date, A.c.date.type), literal(status), literal(exercise_id)
        ).where(S.c.id == sub_id)
        stmt = (
            self._insert(A)
            .from_select(["subscription_id", "date", "status", "exercise_id"], source)
            .on_conflict_do_update(
                index_elements=[A.c.subscription_id, A.c.date, A.c.exercise_id],
                set_={"status": status},
            )
        )
        return (await conn.execute(stmt)).rowcount > 0

    async def adherence_history(self, chat_id: int, since: dt.date) -> dict[dt.date, set[str]]:
        """Every answer (done/skipped/snoozed) the chat gave per day since ``since``."""
        stmt = (
            select(A.c.date, A.c.status).distinct()
            .join(S, S.c.id == A.c.subscription_id)
            .where(S.c.chat_id == chat_id, A.c.date >= since)
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
            select(A.c.date, A.c.status).distinct()
            .join(S, S.c.id == A.c.subscription_id)
            .where(S.c.chat_id == chat_id, A.c.date >= since, A.c.date <= today)
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
                select(D.c.due_utc, D.c.status).where(D.c.subscription_id == sub_id)
                .order_by(D.c.due_utc)
            )
            return [tuple(row) for row in rows]

    async def _update(self, sub_id: int, chat_id: int | None, **values) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(update(S).where(*_mine(sub_id, chat_id)).values(**values))
            return result.rowcount > 0


_UNCLAIM = {"claimed_due_utc": None, "lease_owner": None}


def _plain(value):
    """A JSON-friendly form of a column value."""
    return value.isoformat() if isinstance(value, (dt.date, dt.time)) else value


def _mine(sub_id: int, chat_id: int | None) -> list:
    where = [S.c.id == sub_id]
    if chat_id is not None:
        # An id from a button: only the chat's own reminders, never its group post (admins only).
        where += [S.c.chat_id == chat_id, S.c.programme_id.notin_(POST_IDS)]
    return where


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
