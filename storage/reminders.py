"""``store.reminders``: a chat's reminders (subscriptions), its weekly check-in, and what the
person does with one (pause, snooze, skip, move, delete).

Methods that act on one subscription take an optional ``chat_id``: pass it whenever the id
came from a user (button data), so a chat can only touch its own reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, delete, func, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduler.times import get_zone, local_date, next_due, out_of_quiet_hours
from storage.care import CHECK_PROGRAMME, RATING, quiet_window
from storage.community import POST_IDS
from storage.db import StorePart
from storage.history import write_adherence
from storage.models import Adherence, ChatSettings, Delivery, Subscription
from storage.outcomes import OFFER_PROGRAMME
from storage.prescriptions import PATIENTS
from storage.weekly import start_weekly

MAX_SUBSCRIPTIONS = 3
#: Subscriptions that are not a person's reminders: the weekly check-in and the check-in offer.
NOT_REMINDERS = (CHECK_PROGRAMME, OFFER_PROGRAMME)
SUBS = Subscription.__table__
ADHERENCE = Adherence.__table__
DELIVERIES = Delivery.__table__
SETTINGS = ChatSettings.__table__


class AlreadyStarted(Exception):
    """The prescription was started already (a second tap, on this replica or another)."""


class SubscriptionLimitReached(ValueError):
    """A chat already has the most reminders it may have."""

    def __init__(self, limit: int = MAX_SUBSCRIPTIONS):
        super().__init__(f"A chat can have at most {limit} reminders. Delete one before adding another.")
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
        return cls(
            row.id,
            row.chat_id,
            row.programme_id,
            row.local_time,
            row.zone,
            due,
            row.day,
            row.active,
            row.paused_reason,
            row.failures,
        )


class ReminderStore(StorePart):
    """``store.reminders``: one chat's subscriptions (a :class:`scheduler.ports.ReminderPort`)."""

    async def add_subscription(
        self,
        chat_id: int,
        programme_id: str,
        local_time: dt.time,
        zone: str,
        now: dt.datetime,
        day: int = 0,
        *,
        prescription: tuple[int, int | None] | None = None,
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
            await self._check_room(conn, chat_id)
            values = dict(chat_id=chat_id, programme_id=programme_id, local_time=local_time, zone=zone, day=day)
            insert = SUBS.insert().values(**values, next_due_utc=due, active=True, failures=0, created_at=now)
            row = (await conn.execute(insert.returning(*SUBS.c))).one()
            if prescription is not None:
                await self._start_prescription(conn, chat_id, *prescription, row.id, now)
        return SubscriptionInfo.from_row(row)

    @staticmethod
    async def _check_room(conn: AsyncConnection, chat_id: int) -> None:
        """Raise SubscriptionLimitReached when the chat has MAX_SUBSCRIPTIONS reminders already."""
        mine = SUBS.c.chat_id == chat_id
        count = await conn.scalar(  # the weekly check-in and the check-in offer are not reminders
            select(func.count()).select_from(SUBS).where(mine, SUBS.c.programme_id.notin_(NOT_REMINDERS))
        )
        if (count or 0) >= MAX_SUBSCRIPTIONS:
            raise SubscriptionLimitReached()

    @staticmethod
    async def _start_prescription(
        conn: AsyncConnection, chat_id: int, prescription_id: int, expected: int | None, sub_id: int, now: dt.datetime
    ) -> None:
        named = PATIENTS.c.subscription_id.is_(None) if expected is None else PATIENTS.c.subscription_id == expected
        result = await conn.execute(
            update(PATIENTS)
            .where(PATIENTS.c.prescription_id == prescription_id, PATIENTS.c.chat_id == chat_id, named)
            .values(
                subscription_id=sub_id,
                accepted_at=func.coalesce(PATIENTS.c.accepted_at, literal(now, PATIENTS.c.accepted_at.type)),
            )
        )
        if result.rowcount != 1:
            raise AlreadyStarted()  # rolls the new subscription back

    async def _lock_chat(self, conn: AsyncConnection, chat_id: int) -> None:
        # Serialises changes to one chat's subscriptions (the limit check). On SQLite the
        # insert alone takes the database's write lock; PostgreSQL locks the settings row.
        await conn.execute(
            self._insert(SETTINGS)
            .values(chat_id=chat_id, updated_at=_utcnow())
            .on_conflict_do_nothing(index_elements=[SETTINGS.c.chat_id])
        )
        await conn.execute(select(SETTINGS.c.chat_id).where(SETTINGS.c.chat_id == chat_id).with_for_update())

    async def list_subscriptions(self, chat_id: int) -> list[SubscriptionInfo]:
        """This chat's reminders (not a group's daily post), oldest first."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(SUBS)
                .where(SUBS.c.chat_id == chat_id, SUBS.c.programme_id.notin_((*POST_IDS, *NOT_REMINDERS)))
                .order_by(SUBS.c.id)
            )
            return [SubscriptionInfo.from_row(row) for row in rows]

    async def get_subscription(self, sub_id: int, *, chat_id: int | None = None) -> SubscriptionInfo | None:
        """One subscription, or None."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(SUBS).where(*_mine(sub_id, chat_id)))).first()
            return SubscriptionInfo.from_row(row) if row else None

    async def pause(self, sub_id: int, *, chat_id: int | None = None, reason: str = "paused") -> bool:
        """Stop sending this reminder until resumed; True if it existed."""
        return await self._update(sub_id, chat_id, active=False, paused_reason=reason)

    async def resume(self, sub_id: int, now: dt.datetime, *, chat_id: int | None = None) -> bool:
        """Send this reminder again from its next local time after ``now``."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(SUBS).where(*_mine(sub_id, chat_id)))).first()
            if row is None:
                return False
            await conn.execute(
                update(SUBS)
                .where(SUBS.c.id == sub_id)
                .values(
                    active=True,
                    paused_reason=None,
                    failures=0,
                    next_due_utc=next_due(row.local_time, row.zone, now, row.skip_weekdays),
                    **_UNCLAIM,
                )
            )
        return True

    async def delete(self, sub_id: int, *, chat_id: int | None = None) -> bool:
        """Delete a subscription with its history (adherence, deliveries, pain and how-it-felt
        ratings); True if it existed. A physiotherapist's link to the patient stays, unlinked."""
        async with self.engine.begin() as conn:
            if await conn.scalar(select(SUBS.c.id).where(*_mine(sub_id, chat_id))) is None:
                return False
            await conn.execute(delete(ADHERENCE).where(ADHERENCE.c.subscription_id == sub_id))
            await conn.execute(delete(DELIVERIES).where(DELIVERIES.c.subscription_id == sub_id))
            await conn.execute(delete(RATING).where(RATING.c.subscription_id == sub_id))
            await conn.execute(delete(SUBS).where(SUBS.c.id == sub_id))
        return True

    async def stop_all(self, chat_id: int, reason: str = "stopped", *, posts: bool = False) -> int:
        """Pause every reminder of a chat (with ``posts``, its daily posts too: a chat the bot can
        no longer reach); how many were active. Data is kept; the reason shows in /reminders."""
        stmt = update(SUBS).where(SUBS.c.chat_id == chat_id, SUBS.c.active == true())
        if not posts:
            stmt = stmt.where(SUBS.c.programme_id.notin_(POST_IDS))
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt.values(active=False, paused_reason=reason))
            return result.rowcount

    async def set_time(
        self,
        sub_id: int,
        local_time: dt.time,
        zone: str,
        now: dt.datetime,
        *,
        chat_id: int | None = None,
    ) -> SubscriptionInfo | None:
        """Move a reminder to ``local_time`` in ``zone``, next due after ``now``."""
        async with self.engine.begin() as conn:
            skip = await conn.scalar(select(SUBS.c.skip_weekdays).where(*_mine(sub_id, chat_id)))
            if skip is None:
                return None
            due = next_due(local_time, zone, now, skip)
            row = (
                await conn.execute(
                    update(SUBS)
                    .where(*_mine(sub_id, chat_id))
                    .values(local_time=local_time, zone=zone, next_due_utc=due, **_UNCLAIM)
                    .returning(*SUBS.c)
                )
            ).first()
        return SubscriptionInfo.from_row(row) if row else None

    async def snooze(
        self,
        sub_id: int,
        day: int,
        now: dt.datetime,
        minutes: int = 30,
        *,
        chat_id: int | None = None,
    ) -> dt.datetime | None:
        """Send programme ``day`` again ``minutes`` after ``now`` (after the person's quiet hours,
        if it would fall in them); the new due time, or None."""
        due = now + dt.timedelta(minutes=minutes)
        sub = await self.get_subscription(sub_id, chat_id=chat_id)
        if sub is not None and sub.chat_id > 0:
            async with self.engine.connect() as conn:
                start, end = await quiet_window(conn, sub.chat_id)
            due = out_of_quiet_hours(due, get_zone(sub.zone), start, end)
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    update(SUBS)
                    .where(*_mine(sub_id, chat_id))
                    # a day already sent, never one ahead: a forged button cannot move the programme on
                    .values(day=case((SUBS.c.day < day, SUBS.c.day), else_=max(day, 0)), next_due_utc=due, **_UNCLAIM)
                    .returning(SUBS.c.zone)
                )
            ).first()
            if row is None:
                return None
            await write_adherence(conn, sub_id, local_date(now, row.zone), "snoozed", "")
        return due

    async def skip_today(self, sub_id: int, now: dt.datetime, *, chat_id: int | None = None) -> bool:
        """Skip today's reminder (if still to come) without moving on in the programme."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(select(SUBS).where(*_mine(sub_id, chat_id)))).first()
            if row is None:
                return False
            today = local_date(now, row.zone)
            due = row.claimed_due_utc or row.next_due_utc
            if row.active and local_date(due, row.zone) == today:
                await conn.execute(
                    self._insert(DELIVERIES)
                    .values(subscription_id=sub_id, due_utc=due, sent_at=now, status="skipped")
                    .on_conflict_do_nothing(index_elements=[DELIVERIES.c.subscription_id, DELIVERIES.c.due_utc])
                )
                await conn.execute(
                    update(SUBS)
                    .where(SUBS.c.id == sub_id)
                    .values(
                        next_due_utc=next_due(row.local_time, row.zone, max(due, now), row.skip_weekdays),
                        **_UNCLAIM,
                    )
                )
            await write_adherence(conn, sub_id, today, "skipped", "")
        return True

    async def active_times(self) -> list[tuple[dt.time, str, int]]:
        """(local time, zone, how many) over every active subscription (for ``scheduler.capacity``)."""
        stmt = (
            select(SUBS.c.local_time, SUBS.c.zone, func.count())
            .where(SUBS.c.active == true())
            .group_by(SUBS.c.local_time, SUBS.c.zone)
        )
        async with self.engine.connect() as conn:
            return [(local_time, zone, n) for local_time, zone, n in await conn.execute(stmt)]

    # -- the weekly cauda equina check-in: a subscription due one weekday a week -------------

    async def start_weekly_check(
        self, chat_id: int, local_time: dt.time, zone: str, weekday: int, now: dt.datetime
    ) -> dt.datetime:
        """Offer the check-in every ``weekday`` (0 Monday) at ``local_time`` in ``zone``; one per
        person (starting it again moves it). Returns when it is next due (UTC)."""
        return await start_weekly(self.engine, chat_id, CHECK_PROGRAMME, local_time, zone, weekday, now)

    async def stop_weekly_check(self, chat_id: int) -> bool:
        """Stop this person's weekly check-in; whether there was one."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(SUBS).where(SUBS.c.chat_id == chat_id, SUBS.c.programme_id == CHECK_PROGRAMME)
            )
            return (result.rowcount or 0) > 0

    async def _update(self, sub_id: int, chat_id: int | None, **values) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(update(SUBS).where(*_mine(sub_id, chat_id)).values(**values))
            return result.rowcount > 0


_UNCLAIM = {"claimed_due_utc": None, "lease_owner": None}


def _mine(sub_id: int, chat_id: int | None) -> list:
    where = [SUBS.c.id == sub_id]
    if chat_id is not None:
        # An id from a button: only the chat's own reminders, never its group post (admins only).
        where += [SUBS.c.chat_id == chat_id, SUBS.c.programme_id.notin_(POST_IDS)]
    return where


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
