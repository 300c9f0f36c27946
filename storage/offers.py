"""The two-weekly check-in offer (``store.outcomes``): a subscription of :data:`OFFER_PROGRAMME`
that the reminder engine sends at the person's reminder time, in their zone and outside their quiet
hours. Everyone with a reminder gets it (:meth:`OfferStore.start_missing_offers`, hourly), unless
they tapped "Stop these offers": that keeps the row, paused as :data:`OFFERS_STOPPED`, so it is
remembered. Part of :class:`storage.outcomes.OutcomeStore`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from scheduler.times import get_zone
from storage.care import CHECK_PROGRAMME
from storage.community import POST_IDS
from storage.models import ChatSettings, Subscription
from storage.weekly import start_weekly, upsert_weekly

#: The check-in offer is a subscription of this programme, due one weekday a week; the sender
#: offers it every second time (and not when a check-in was done in the last days).
OFFER_PROGRAMME = "checkin-offer"
#: The paused reason of an offer the person stopped themselves ("Stop these offers").
OFFERS_STOPPED = "offers stopped"
#: An offer started for someone with reminders comes first about a week later.
FIRST_OFFER_AFTER = dt.timedelta(days=7)

S, SETTINGS = Subscription.__table__, ChatSettings.__table__


class OfferStore:
    """The check-in offer's subscription; mixed into ``OutcomeStore``."""

    engine: AsyncEngine

    async def start_offer(
        self, chat_id: int, local_time: dt.time, zone: str, weekday: int, now: dt.datetime
    ) -> dt.datetime:
        """Offer the check-in on ``weekday`` (0 Monday) at ``local_time`` in ``zone``, through the
        reminder engine (one subscription per person; starting it again moves it, and starts
        it again after it was stopped). When it is next due (UTC)."""
        return await start_weekly(self.engine, chat_id, OFFER_PROGRAMME, local_time, zone, weekday, now)

    async def offered(self, chat_id: int) -> bool:
        """Whether this person gets the check-in offer (not stopped)."""
        async with self.engine.connect() as conn:
            found = await conn.scalar(
                select(S.c.id).where(S.c.chat_id == chat_id, S.c.programme_id == OFFER_PROGRAMME, S.c.active.is_(True))
            )
        return found is not None

    async def stop_offer(self, chat_id: int) -> bool:
        """Stop the check-in offer, remembering that the person stopped it (also when it was paused,
        e.g. by /stop, so that a later /start does not bring it back); whether it was on or paused."""
        async with self.engine.begin() as conn:
            not_stopped = S.c.active.is_(True) | S.c.paused_reason.is_(None) | (S.c.paused_reason != OFFERS_STOPPED)
            result = await conn.execute(
                update(S)
                .where(S.c.chat_id == chat_id, S.c.programme_id == OFFER_PROGRAMME, not_stopped)
                .values(active=False, paused_reason=OFFERS_STOPPED)
            )
            return (result.rowcount or 0) > 0

    async def start_missing_offers(self, now: dt.datetime, limit: int = 1000) -> int:
        """Start the offer for up to ``limit`` people with an active reminder and no offer (or an
        offer paused by /stop or by the bot, not by "Stop these offers"): at their first reminder's
        time and zone, on today's weekday there, first due about a week from now. How many."""
        started = 0
        for chat_id, local_time, zone in await self._missing_offers(limit):
            async with self.engine.begin() as conn:
                if await _lock_has_offer(conn, chat_id):
                    continue  # another replica started it meanwhile
                weekday = now.astimezone(get_zone(zone)).weekday()
                await upsert_weekly(
                    conn, chat_id, OFFER_PROGRAMME, local_time, zone, weekday, now, now + FIRST_OFFER_AFTER
                )
                started += 1
        return started

    async def _missing_offers(self, limit: int) -> list[tuple[int, dt.time, str]]:
        """(chat, time, zone) of the first active reminder of each person without a running offer."""
        stmt = (
            select(S.c.chat_id, S.c.local_time, S.c.zone)
            .where(
                S.c.active.is_(True),
                S.c.chat_id > 0,
                S.c.programme_id.notin_((*POST_IDS, CHECK_PROGRAMME, OFFER_PROGRAMME)),
                ~_has_offer().exists(),
            )
            .order_by(S.c.chat_id, S.c.id)
            .limit(limit * 3)
        )
        found: dict[int, tuple[int, dt.time, str]] = {}
        async with self.engine.connect() as conn:
            for row in await conn.execute(stmt):
                found.setdefault(row.chat_id, (row.chat_id, row.local_time, row.zone))
        return list(found.values())[:limit]


def _has_offer():
    """An offer of the chat in the outer query that is running, or that the person stopped."""
    offer = S.alias("offer")
    return select(offer.c.id).where(
        offer.c.chat_id == S.c.chat_id,
        offer.c.programme_id == OFFER_PROGRAMME,
        offer.c.active.is_(True) | (offer.c.paused_reason == OFFERS_STOPPED),
    )


async def _lock_has_offer(conn: AsyncConnection, chat_id: int) -> bool:
    """Lock the chat's settings row for this transaction (so two replicas take turns), then
    whether it has a running or stopped offer."""
    from storage.db import dialect_insert

    insert = dialect_insert(conn.engine)(SETTINGS)
    await conn.execute(insert.values(chat_id=chat_id).on_conflict_do_nothing(index_elements=[SETTINGS.c.chat_id]))
    await conn.execute(select(SETTINGS.c.chat_id).where(SETTINGS.c.chat_id == chat_id).with_for_update())
    running = await conn.scalar(
        select(S.c.id).where(
            S.c.chat_id == chat_id,
            S.c.programme_id == OFFER_PROGRAMME,
            S.c.active.is_(True) | (S.c.paused_reason == OFFERS_STOPPED),
        )
    )
    return running is not None
