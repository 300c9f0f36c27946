"""Telegram outages and one chat's failures, end to end through the fake Bot API.

A Telegram outage (every send answered 5xx, or its connection closed) never counts against a
subscription: nothing is paused, every reminder due during it goes out once when Telegram is
back (within its grace window), and one ERROR with the outage's length is logged when it ends.
One chat's own failure (403) still pauses that chat's reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter

import pytest

from tests.e2e.helpers import USER, Clock, services_of, subscribe
from tests.fake_bot_api import FakeBotApi

TICK = dt.timedelta(seconds=20)


async def run_ticks(engine, clock: Clock, until: dt.datetime) -> None:
    while clock.now < until:
        clock.now += TICK
        await engine.tick()


@pytest.mark.parametrize("kind", ["status", "reset"])
async def test_a_ten_minute_outage_pauses_nothing_and_every_due_reminder_goes_out_once_after(
    bot, api: FakeBotApi, kind, caplog
):
    caplog.set_level(logging.INFO)
    clock = Clock()
    services = services_of(bot)
    engine, store = services.engine, services.store
    engine.backoff = 0.01
    chats = [USER + 100 + n for n in range(12)]
    subs = [await subscribe(bot, clock, chat_id=chat) for chat in chats[:8]]  # due at 07:30
    # four more fall due in the middle of the outage
    subs += [await subscribe(bot, clock, chat_id=chat, at=dt.time(7, 35)) for chat in chats[8:]]
    clock.now = subs[0].next_due_utc - TICK
    api.down(kind)
    await run_ticks(engine, clock, subs[0].next_due_utc + dt.timedelta(minutes=10))
    tried = len([c for c in api.calls if c.method == "sendPhoto"])
    # one probe a tick at most once the outage is known: no flood while Telegram is down
    assert tried <= len(chats) + 40, tried
    for sub in subs:
        info = await store.reminders.get_subscription(sub.id)
        assert info.active and info.failures == 0 and info.day == 0, info
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    api.up()
    after = len(api.calls)
    await run_ticks(engine, clock, clock.now + dt.timedelta(minutes=2))
    delivered = Counter(c.chat_id for c in api.calls[after:] if c.method == "sendPhoto")
    assert delivered == Counter({chat: 1 for chat in chats})  # once each, none lost, none twice
    for sub in subs:
        info = await store.reminders.get_subscription(sub.id)
        assert info.active and info.failures == 0 and info.day == 1, info
        assert [status for _, status in await store.history.deliveries(sub.id)] == ["sent"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    message = errors[0].getMessage()
    # from the first failure to the first success: the outage, and at most a retry delay after it
    assert "outage over" in message and ("10 min" in message or "11 min" in message), message
    assert "the 12 reminders held" in message, message


async def test_one_chats_server_errors_are_never_counted_against_it(bot, api: FakeBotApi):
    clock = Clock()
    engine = services_of(bot).engine
    engine.backoff = 0.01
    sub = await subscribe(bot, clock)
    api.fail("sendPhoto", 502, "Bad Gateway", chat_id=USER, times=1000)
    clock.now = sub.next_due_utc
    for _ in range(8):  # eight ticks a minute apart, each failing every try
        result = await engine.tick()
        assert (result.sent, result.failed, result.held) == (0, 0, 1)
        clock.now += engine.retry_delay
    info = await services_of(bot).store.reminders.get_subscription(sub.id)
    assert info.active and info.failures == 0
    api.failures.clear()
    assert (await engine.tick()).sent == 1


async def test_a_blocked_chat_is_still_paused_while_others_server_errors_are_not_counted(bot, api: FakeBotApi):
    clock = Clock()
    engine = services_of(bot).engine
    engine.backoff = 0.01
    blocked = await subscribe(bot, clock, chat_id=USER)
    others = [await subscribe(bot, clock, chat_id=USER + n) for n in range(1, 3)]
    api.fail("sendPhoto", 403, "Forbidden: bot was blocked by the user", chat_id=USER)
    for sub in others:
        api.fail("sendPhoto", 500, "Internal Server Error", chat_id=sub.chat_id, times=1000)
    clock.now = blocked.next_due_utc
    result = await engine.tick()
    assert (result.deactivated, result.held, result.failed) == (1, 2, 0)
    store = services_of(bot).store
    assert not (await store.reminders.get_subscription(blocked.id)).active
    for sub in others:
        info = await store.reminders.get_subscription(sub.id)
        assert info.active and info.failures == 0


# ---- one chat's 429 --------------------------------------------------------------------------


async def test_one_chats_long_retry_after_delays_that_chat_only(start_bot, api: FakeBotApi):
    other = USER + 1
    async with start_bot(rate_limit=True):
        api.fail("sendMessage", 429, "Too Many Requests: retry after 4", parameters={"retry_after": 4}, chat_id=USER)
        started = time.monotonic()
        api.message(USER, "/help")
        await api.wait_for(lambda: api.sent(USER), what="the 429 to the first chat")
        api.message(other, "/help")
        (reply,) = await api.wait_sent(other, timeout=10)
        assert reply.at - started < 2.0, "another person's reply waited behind one chat's 429"
        assert not api.delivered(USER)  # the limited chat still waits
        await api.wait_for(lambda: api.delivered(USER), timeout=15, what="the limited chat's reply")
        assert api.delivered(USER)[0].at - started >= 4.0


# ---- a reply in hand when Telegram goes down -------------------------------------------------


async def test_a_reply_answered_502_is_sent_again_once_telegram_is_back(bot, api: FakeBotApi):
    api.down("status", methods={"sendMessage"}, seconds=2.5)
    started = time.monotonic()
    api.message(USER, "/help")
    await api.wait_for(lambda: api.delivered(USER), timeout=15, what="the reply after the outage")
    await api.settle()
    assert len(api.delivered(USER)) == 1 and time.monotonic() - started >= 2.5
    assert api.refused  # it was tried during the outage


async def test_a_reminder_is_not_retried_by_the_request_layer(bot, api: FakeBotApi):
    """The engine holds reminders through an outage itself: one send, then the reminder is held."""
    clock = Clock()
    engine = services_of(bot).engine
    engine.backoff, engine.max_attempts = 0.01, 1
    sub = await subscribe(bot, clock)
    api.down("status", methods={"sendPhoto"})
    clock.now = sub.next_due_utc
    started = time.monotonic()
    assert (await engine.tick()).held == 1
    assert time.monotonic() - started < 1.0 and len(api.refused) == 1
