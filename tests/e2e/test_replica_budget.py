"""Two replicas, one database, one Redis: one outgoing budget. The fake Bot API enforces Telegram's
limits (30 a second overall, 20 a minute per group) and answers 429 past them."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

from tests.e2e.helpers import services_of
from tests.fake_bot_api import FakeBotApi, Limits

UTC = dt.UTC
DUE = dt.datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
PROGRAMME = "general-nerve-root"


async def test_two_replicas_share_one_budget_and_deliver_each_reminder_once(start_bot, api: FakeBotApi, redis_url):
    """150 reminders due at once (10 of them to groups), two replicas ticking together: each sent
    once, as one sendPhoto, never more than 30 in any second or 20 in any group's minute, no 429.
    (The budget is 20 a second here, not 28: the fake server and both replicas share one event
    loop in this test, so the server sees sends bunched by that loop's delays. bench/replicas.py
    runs them as separate processes at the shipped 28.)"""
    api.limits = Limits()
    chats = [5000 + n for n in range(140)] + [-7000 - n for n in range(10)]
    shared = {"rate_limit": True, "redis_url": redis_url, "reminder_batch_size": 20, "broadcast_per_second": 20}
    async with start_bot(**shared) as first, start_bot(**shared) as second:
        store = services_of(first).store
        for chat in chats:
            await store.reminders.add_subscription(
                chat, PROGRAMME, dt.time(7, 30), "Europe/London", DUE - dt.timedelta(hours=1)
            )
        engines = [services_of(app).engine for app in (first, second)]
        for engine in engines:
            engine.clock = lambda: DUE
        results = await asyncio.gather(*(engine.tick(DUE) for engine in engines))
    assert sum(r.sent for r in results) == len(chats), results
    assert all(r.sent > 0 for r in results), "one replica did all the work: the test shows nothing shared"
    photos = api.sent(method="sendPhoto")
    assert Counter(c.chat_id for c in photos) == Counter(chats)  # once each
    assert api.sent(method="sendMessage") == []
    assert api.rate_limited == [], "over Telegram's limits"
    times = sorted(c.at for c in photos)
    assert max(sum(1 for t in times if start <= t < start + 1.0) for start in times) <= 30


async def test_paid_broadcast_sends_reminders_with_allow_paid_broadcast_and_replies_without(start_bot, api: FakeBotApi):
    async with start_bot(rate_limit=True, allow_paid_broadcast=True) as application:
        store = services_of(application).store
        for chat in (5001, 5002):
            await store.reminders.add_subscription(
                chat, PROGRAMME, dt.time(7, 30), "Europe/London", DUE - dt.timedelta(hours=1)
            )
        engine = services_of(application).engine
        engine.clock = lambda: DUE
        assert (await engine.tick(DUE)).sent == 2
        api.message(5001, "/help")
        await api.wait_sent(5001, after=1)
    photos = api.sent(method="sendPhoto")
    assert len(photos) == 2 and all(str(c.params.get("allow_paid_broadcast")).lower() == "true" for c in photos)
    (reply,) = api.sent(5001, "sendMessage")
    assert "allow_paid_broadcast" not in reply.params
