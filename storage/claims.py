"""The reminder engine's side of the store: claim due subscriptions, record what became of them.

A claim moves ``next_due_utc`` to the end of a lease and keeps the real due time in
``claimed_due_utc``. Nothing else is needed for crash safety: a claimer that dies leaves rows
that are due again when the lease ends, and the next claim finds the original due time.
Recording is guarded by that due time, so a late or repeated record changes nothing.

A tick that has something to send holds a :class:`ClaimSession` (its own connections) for the
rest of its claims and records; see there for why.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from sqlalchemy import bindparam, case, false, func, literal, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduler.ports import ClaimedReminder, Outcome
from scheduler.times import schedulable_zone
from storage.claim_sql import (
    CLAIM_POSTGRES,
    CLAIM_SQLITE,
    SENT_POSTGRES,
    SENT_SQLITE_DELIVERIES,
    SENT_SQLITE_SUBSCRIPTION,
    STAMP,
)
from storage.db import StorePart
from storage.models import Delivery, Subscription

log = logging.getLogger(__name__)

SUBS = Subscription.__table__
DELIVERIES = Delivery.__table__

#: After this many failed ticks in a row a subscription is paused (its data is kept).
MAX_FAILURES = 5
_DELIVERY_STATUS = {"sent": "sent", "skipped": "skipped", "unreachable": "failed"}
# The claim's order (both paths, both databases): by real due time (``claimed_due_utc`` of one
# handed back, else ``next_due_utc``), then by turn within its zone at that instant, then by zone.
# Only the front of the queue is ranked: rows due by the limit-th ready row in the index's order,
# and rows handed back before it; so a claim costs a sort of the reminders due at those instants
# (all zones), not of the whole backlog (docs/benchmarks.md). PostgreSQL cannot lock rows in a
# query with a window function, so a claim ranks up to ``limit * OVERSAMPLE`` rows, then locks
# the first ``limit`` of them that no other claimer holds (SKIP LOCKED): replicas claiming at
# once all get full batches.
OVERSAMPLE = 4


def _guarded(stmt):
    # Only the claim that is still current may finish it: a user who changed the time, or an
    # engine that already recorded this due time, has cleared or replaced claimed_due_utc.
    return stmt.where(SUBS.c.id == bindparam("b_sid"), SUBS.c.claimed_due_utc == bindparam("b_due"))


_RELEASE: dict[str, Any] = {"claimed_due_utc": None, "lease_owner": None, "next_due_utc": bindparam("b_next")}
_UPDATES: dict[str, Any] = {
    "sent": _guarded(update(SUBS)).values(day=SUBS.c.day + 1, failures=0, **_RELEASE),
    "skipped": _guarded(update(SUBS)).values(**_RELEASE),
    "unreachable": _guarded(update(SUBS)).values(active=False, paused_reason=bindparam("b_reason"), **_RELEASE),
    "retry": _guarded(update(SUBS)).values(
        next_due_utc=bindparam("b_next"),
        lease_owner=None,
        failures=SUBS.c.failures + 1,
        active=case((SUBS.c.failures + 1 >= MAX_FAILURES, false()), else_=SUBS.c.active),
        paused_reason=case(
            (SUBS.c.failures + 1 >= MAX_FAILURES, literal(f"failed {MAX_FAILURES} times in a row")),
            else_=SUBS.c.paused_reason,
        ),
    ),
    # Telegram failed, not the chat: due again later with its own due time (the grace window
    # still runs from it), and no failure counted.
    "hold": _guarded(update(SUBS)).values(next_due_utc=bindparam("b_next"), lease_owner=None),
    # Not a failure: the reminder is now due later (e.g. at the end of quiet hours), and counts
    # as on time then; the programme day stays where it is.
    "defer": _guarded(update(SUBS)).values(**_RELEASE),
}


class ClaimStore(StorePart):
    """``store.claims``: the reminder engine's claims and records (:class:`scheduler.ports.ClaimPort`)."""

    @property
    def record_lanes(self) -> int:
        """How many group commits a fan-out keeps going at once (``scheduler.engine``'s lanes).

        PostgreSQL: two. While one lane's outcomes are committed (a round trip, on the event
        loop), the other lane's sends keep the loop busy. SQLite: one. Its driver works in a
        thread, which needs the interpreter lock back from a busy event loop before it can
        commit, so an overlapped commit arrives later instead of sooner (measured in
        ``docs/benchmarks.md``).
        """
        return 1 if self.engine.dialect.name == "sqlite" else 2

    async def claim_due(
        self, now: dt.datetime, *, limit: int, owner: str, lease_until: dt.datetime
    ) -> list[ClaimedReminder]:
        """Claim up to ``limit`` active subscriptions due at ``now`` until ``lease_until``.

        The oldest due first, by the real due time (a reminder handed back or held keeps it in
        ``claimed_due_utc``), across every claim, not only within one; reminders due at the same
        instant are taken from each zone in turn (each zone's first, then each zone's second...),
        so no zone waits behind another whole.

        On PostgreSQL rows locked by another claimer are skipped, so concurrent engines get
        disjoint sets; SQLite has a single writer, so one UPDATE is atomic anyway.
        """
        stmt = self._claim_statement(now, limit, owner, lease_until)
        async with self.engine.begin() as conn:
            return await self._claim(conn, stmt)

    @staticmethod
    def _first_due(now: dt.datetime, limit: int):
        """The ids of the first ``limit`` ready rows in the claim's order, locked (PostgreSQL)."""
        ready = SUBS.c.active == true(), SUBS.c.next_due_utc <= now
        # The front of the queue (see OVERSAMPLE): due by the (limit * OVERSAMPLE)-th ready row in the
        # index's order, or handed back before it. (The same first ``limit`` as from the limit-th.)
        rank = limit * OVERSAMPLE
        cut = select(SUBS.c.next_due_utc).where(*ready).order_by(SUBS.c.next_due_utc).offset(rank - 1).limit(1)
        front = func.coalesce(cut.scalar_subquery(), now)
        due = func.coalesce(SUBS.c.claimed_due_utc, SUBS.c.next_due_utc)
        turn = func.row_number().over(partition_by=(due, SUBS.c.zone), order_by=SUBS.c.id)
        queue = (
            select(SUBS.c.id, due.label("due"), SUBS.c.zone, turn.label("turn"))
            .where(*ready, or_(SUBS.c.next_due_utc <= front, SUBS.c.claimed_due_utc <= front))
            .subquery("w")
        )
        first = (
            select(queue.c.id, queue.c.due, queue.c.turn, queue.c.zone)
            .order_by(queue.c.due, queue.c.turn, queue.c.zone)
            .limit(rank)
            .subquery("r")
        )
        return (
            select(SUBS.c.id)
            .join(first, first.c.id == SUBS.c.id)
            .where(*ready)
            .order_by(first.c.due, first.c.turn, first.c.zone)
            .limit(limit)
            .with_for_update(skip_locked=True, of=SUBS)
        )

    @staticmethod
    def _claim_statement(now: dt.datetime, limit: int, owner: str, lease_until: dt.datetime):
        taken = ClaimStore._first_due(now, limit)
        ready = SUBS.c.active == true(), SUBS.c.next_due_utc <= now
        return (
            update(SUBS)
            .where(SUBS.c.id.in_(taken), *ready)
            .values(
                claimed_due_utc=func.coalesce(SUBS.c.claimed_due_utc, SUBS.c.next_due_utc),
                next_due_utc=lease_until,
                lease_owner=owner,
            )
            .returning(
                SUBS.c.id,
                SUBS.c.chat_id,
                SUBS.c.programme_id,
                SUBS.c.day,
                SUBS.c.claimed_due_utc,
                SUBS.c.local_time,
                SUBS.c.zone,
                SUBS.c.skip_weekdays,
            )
        )

    @staticmethod
    async def _claim(conn: AsyncConnection, stmt) -> list[ClaimedReminder]:
        rows = (await conn.execute(stmt)).all()
        claimed = [ClaimedReminder(*row[:6], schedulable_zone(row[6]), *row[7:]) for row in rows]  # type: ignore[call-arg]
        claimed.sort(key=lambda c: c.due_utc)
        return claimed

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Record ``outcomes`` in one transaction; a deleted subscription's outcome is dropped."""
        await self._finish_each(self.engine.begin, outcomes)

    async def _finish_each(self, begin: Callable, outcomes: Sequence[Outcome]) -> None:
        if not outcomes:
            return
        try:
            async with begin() as conn:
                await self._finish(conn, outcomes)
        except IntegrityError:
            # A subscription was deleted while its reminder was out (the delivery's foreign
            # key fails). Record the others one by one so one deletion cannot block them.
            for outcome in outcomes:
                try:
                    async with begin() as conn:
                        await self._finish(conn, [outcome])
                except IntegrityError:
                    log.info("subscription %s is gone; outcome dropped", outcome.subscription_id)

    @contextlib.asynccontextmanager
    async def claim_session(self) -> AsyncIterator[ClaimSession]:
        """Connections held for one tick's claims and records (see :class:`ClaimSession`)."""
        async with contextlib.AsyncExitStack() as stack:
            claims = await stack.enter_async_context(self.engine.connect())
            if claims.dialect.name == "sqlite":
                records = claims  # one writer: share the connection, take turns
            else:
                records = await stack.enter_async_context(self.engine.connect())
            yield ClaimSession(self, claims, records)

    async def _finish(self, conn: AsyncConnection, outcomes: Sequence[Outcome]) -> None:
        deliveries = [
            {
                "subscription_id": o.subscription_id,
                "due_utc": o.due_utc,
                "sent_at": o.at,
                "status": _DELIVERY_STATUS[o.kind],
            }
            for o in outcomes
            if o.kind in _DELIVERY_STATUS
        ]
        if deliveries:
            insert = self._insert(DELIVERIES).on_conflict_do_nothing(
                index_elements=[DELIVERIES.c.subscription_id, DELIVERIES.c.due_utc]
            )
            await conn.execute(insert, deliveries)
        for kind, stmt in _UPDATES.items():
            params = [
                {"b_sid": o.subscription_id, "b_due": o.due_utc, "b_next": o.next_due_utc, "b_reason": o.reason}
                for o in outcomes
                if o.kind == kind
            ]
            if params:
                if kind != "unreachable":
                    for p in params:
                        del p["b_reason"]
                await conn.execute(stmt, params)


def _same(value):
    return value


class ClaimSession:
    """One tick's claims and records, on connections held for the tick.

    The engine records each group of outcomes before those workers send again (that is what
    bounds the duplicates after a crash), so the time a record takes is time those workers do
    not send, and the CPU it takes is taken from the sends. Hence:

    - connections are held for the tick: no pool check-out, pre-ping or reset each time;
    - SQLite has one writer: claims and records share one connection and take turns (on two
      connections the second writer would wait in SQLite's busy handler, which sleeps 1, 2, 5,
      10... ms). PostgreSQL gets one connection each, so a claim never holds up a record;
    - claims, and groups whose outcomes are all ``sent`` (the usual case), go straight to the
      driver with the statements above: a claim is one round trip on PostgreSQL (two trips to
      the driver's thread on SQLite) instead of three (six), and a group of ``sent`` outcomes is
      one instead of five (eight), with little Python per row. The general path records
      everything else, and any group that meets a deleted subscription (then one by one, as
      :meth:`ClaimStore.finish` does).

    After an unexpected database error the session stops using its connections and goes
    through the store (fresh connections from the pool) for the rest of the tick.
    """

    def __init__(self, store: ClaimStore, claims: AsyncConnection, records: AsyncConnection):
        self.store = store
        self._claims = claims
        self._records = records
        dialect = records.dialect
        self._sqlite = dialect.name == "sqlite"
        # One transaction at a time on each connection (SQLite: on its one connection).
        self._claim_turn = asyncio.Lock()
        self._record_turn = self._claim_turn if claims is records else asyncio.Lock()
        # Values converted exactly as SQLAlchemy converts them for these columns.
        self._write_time = SUBS.c.next_due_utc.type.dialect_impl(dialect).bind_processor(dialect) or _same
        self._read_time = SUBS.c.claimed_due_utc.type.dialect_impl(dialect).result_processor(dialect, None) or _same
        self._read_clock = SUBS.c.local_time.type.dialect_impl(dialect).result_processor(dialect, None) or _same
        self._drivers: dict[int, object] = {}
        self._broken = False

    async def claim_due(
        self, now: dt.datetime, *, limit: int, owner: str, lease_until: dt.datetime
    ) -> list[ClaimedReminder]:
        """As :meth:`ClaimStore.claim_due`."""
        if self._broken:
            return await self.store.claim_due(now, limit=limit, owner=owner, lease_until=lease_until)
        async with self._claim_turn:
            with self._guard():
                raw = await self._driver(self._claims)
                if self._sqlite:
                    w = self._write_time
                    try:
                        rows = await raw.execute_fetchall(CLAIM_SQLITE, (w(lease_until), owner, w(now), limit))
                        await raw.commit()
                    except BaseException:
                        await self._rollback(raw)
                        raise
                else:
                    rows = await raw.fetch(CLAIM_POSTGRES, lease_until, owner, now, limit, limit * OVERSAMPLE)
        read_time, read_clock = self._read_time, self._read_clock
        claimed = [
            ClaimedReminder(
                r[0],
                r[1],
                r[2],
                r[3],
                read_time(r[4]),  # type: ignore[arg-type]
                read_clock(r[5]),  # type: ignore[arg-type]
                schedulable_zone(r[6]),
                r[7],
            )
            for r in rows
        ]
        claimed.sort(key=lambda c: c.due_utc)
        return claimed

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """As :meth:`ClaimStore.finish`."""
        if not outcomes:
            return
        if self._broken:
            return await self.store.finish(outcomes)
        async with self._record_turn:
            with self._guard():
                if all(o.kind == "sent" for o in outcomes) and await self._sent(outcomes):
                    return
                await self.store._finish_each(self._transaction, outcomes)

    async def _sent(self, outcomes: Sequence[Outcome]) -> bool:
        """Record ``sent`` outcomes through the driver; False if one met a foreign key."""
        raw = await self._driver(self._records)
        if self._sqlite:
            w = self._write_time
            rows, updates = [], []
            for o in outcomes:
                due, at, after = w(o.due_utc), w(o.at), w(o.next_due_utc)
                if not (STAMP.fullmatch(due) and STAMP.fullmatch(at) and STAMP.fullmatch(after)):
                    raise ValueError(f"unexpected timestamp text {due!r}, {at!r}, {after!r}")
                sid = int(o.subscription_id)
                rows.append(f"({sid}, '{due}', '{at}', 'sent')")
                updates.append(SENT_SQLITE_SUBSCRIPTION.format(after, sid, due))
            script = "".join(["BEGIN;", SENT_SQLITE_DELIVERIES.format(", ".join(rows)), *updates, "COMMIT;"])
            try:
                await raw.executescript(script)
            except sqlite3.IntegrityError:
                await self._rollback(raw)
                return False
            except BaseException:
                await self._rollback(raw)
                raise
            return True
        import asyncpg  # PostgreSQL's driver: only imported where it is used

        try:
            await raw.execute(
                SENT_POSTGRES,
                [o.subscription_id for o in outcomes],
                [o.due_utc for o in outcomes],
                [o.at for o in outcomes],
                [o.next_due_utc for o in outcomes],
            )
        except asyncpg.IntegrityConstraintViolationError:
            return False
        return True

    async def _driver(self, conn: AsyncConnection):
        """The driver's own connection under ``conn`` (aiosqlite or asyncpg)."""
        raw = self._drivers.get(id(conn))
        if raw is None:
            raw = self._drivers[id(conn)] = (await conn.get_raw_connection()).driver_connection
        return raw

    @staticmethod
    async def _rollback(raw) -> None:
        # SQLite: a failed statement or script leaves its transaction open.
        if raw.in_transaction:
            with contextlib.suppress(Exception):
                await raw.rollback()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        async with self._records.begin():
            yield self._records

    @contextlib.contextmanager
    def _guard(self):
        try:
            yield
        except IntegrityError:
            raise
        except Exception:
            self._broken = True
            raise
