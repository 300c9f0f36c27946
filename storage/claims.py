"""The reminder engine's side of the store: claim due subscriptions, record what became of them.

A claim moves ``next_due_utc`` to the end of a lease and keeps the real due time in
``claimed_due_utc``. Nothing else is needed for crash safety: a claimer that dies leaves rows
that are due again when the lease ends, and the next claim finds the original due time.
Recording is guarded by that due time, so a late or repeated record changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import bindparam, case, false, func, literal, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.models import Delivery, Subscription

log = logging.getLogger(__name__)

S = Subscription.__table__
D = Delivery.__table__


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A due subscription this engine now holds a lease on."""

    subscription_id: int
    chat_id: int
    programme_id: str
    day: int
    due_utc: dt.datetime
    local_time: dt.time
    zone: str
    skip_weekdays: int = 0


OutcomeKind = Literal["sent", "skipped", "unreachable", "retry", "defer"]
#: After this many failed ticks in a row a subscription is paused (its data is kept).
MAX_FAILURES = 5
_DELIVERY_STATUS = {"sent": "sent", "skipped": "skipped", "unreachable": "failed"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one claimed reminder.

    ``sent`` advances the programme day; ``skipped`` (too late) does not; ``unreachable``
    deactivates the subscription with ``reason``; ``retry`` logs nothing, counts a failure and
    makes the reminder due again at ``next_due_utc`` with its original due time.
    """

    kind: OutcomeKind
    subscription_id: int
    due_utc: dt.datetime
    at: dt.datetime
    next_due_utc: dt.datetime
    reason: str | None = None


def _guarded(stmt):
    # Only the claim that is still current may finish it: a user who changed the time, or an
    # engine that already recorded this due time, has cleared or replaced claimed_due_utc.
    return stmt.where(S.c.id == bindparam("b_sid"), S.c.claimed_due_utc == bindparam("b_due"))


_RELEASE = {"claimed_due_utc": None, "lease_owner": None, "next_due_utc": bindparam("b_next")}
_UPDATES: dict[str, object] = {
    "sent": _guarded(update(S)).values(day=S.c.day + 1, failures=0, **_RELEASE),
    "skipped": _guarded(update(S)).values(**_RELEASE),
    "unreachable": _guarded(update(S)).values(
        active=False, paused_reason=bindparam("b_reason"), **_RELEASE
    ),
    "retry": _guarded(update(S)).values(
        next_due_utc=bindparam("b_next"), lease_owner=None, failures=S.c.failures + 1,
        active=case((S.c.failures + 1 >= MAX_FAILURES, false()), else_=S.c.active),
        paused_reason=case(
            (S.c.failures + 1 >= MAX_FAILURES, literal(f"failed {MAX_FAILURES} times in a row")),
            else_=S.c.paused_reason,
        ),
    ),
    # Not a failure: the reminder is now due later (e.g. at the end of quiet hours), and counts
    # as on time then; the programme day stays where it is.
    "defer": _guarded(update(S)).values(**_RELEASE),
}


class ReminderClaims:
    """Mixin for :class:`storage.store.Store` with the engine's two operations."""

    engine: AsyncEngine

    def _insert(self, table):
        raise NotImplementedError  # provided by Store

    async def claim_due(
        self, now: dt.datetime, *, limit: int, owner: str, lease_until: dt.datetime
    ) -> list[ClaimedReminder]:
        """Claim up to ``limit`` active subscriptions due at ``now`` until ``lease_until``.

        On PostgreSQL rows locked by another claimer are skipped, so concurrent engines get
        disjoint sets; SQLite has a single writer, so one UPDATE is atomic anyway.
        """
        due = (
            select(S.c.id)
            .where(S.c.active == true(), S.c.next_due_utc <= now)
            .order_by(S.c.next_due_utc)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        stmt = (
            update(S)
            .where(S.c.id.in_(due), S.c.active == true(), S.c.next_due_utc <= now)
            .values(
                claimed_due_utc=func.coalesce(S.c.claimed_due_utc, S.c.next_due_utc),
                next_due_utc=lease_until,
                lease_owner=owner,
            )
            .returning(
                S.c.id, S.c.chat_id, S.c.programme_id, S.c.day, S.c.claimed_due_utc,
                S.c.local_time, S.c.zone, S.c.skip_weekdays,
            )
        )
        async with self.engine.begin() as conn:
            rows = (await conn.execute(stmt)).all()
        claimed = [ClaimedReminder(*row) for row in rows]
        claimed.sort(key=lambda c: c.due_utc)
        return claimed

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Record ``outcomes`` in one transaction; a deleted subscription's outcome is dropped."""
        if not outcomes:
            return
        try:
            async with self.engine.begin() as conn:
                await self._finish(conn, outcomes)
        except IntegrityError:
            # A subscription was deleted while its reminder was out (the delivery's foreign
            # key fails). Record the others one by one so one deletion cannot block them.
            for outcome in outcomes:
                try:
                    async with self.engine.begin() as conn:
                        await self._finish(conn, [outcome])
                except IntegrityError:
                    log.info("subscription %s is gone; outcome dropped", outcome.subscription_id)

    async def _finish(self, conn: AsyncConnection, outcomes: Sequence[Outcome]) -> None:
        deliveries = [
            {"subscription_id": o.subscription_id, "due_utc": o.due_utc, "sent_at": o.at,
             "status": _DELIVERY_STATUS[o.kind]}
            for o in outcomes
            if o.kind in _DELIVERY_STATUS
        ]
        if deliveries:
            insert = self._insert(D).on_conflict_do_nothing(
                index_elements=[D.c.subscription_id, D.c.due_utc]
            )
            await conn.execute(insert, deliveries)
        for kind, stmt in _UPDATES.items():
            params = [
                {"b_sid": o.subscription_id, "b_due": o.due_utc, "b_next": o.next_due_utc,
                 "b_reason": o.reason}
                for o in outcomes
                if o.kind == kind
            ]
            if params:
                if kind != "unreachable":
                    for p in params:
                        del p["b_reason"]
                await conn.execute(stmt, params)
