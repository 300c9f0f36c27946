"""The engine in an outage, and with one chat's rate limit (both storage backends)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from scheduler.engine import TickResult
from scheduler.errors import RetryAfter, TemporaryFailure
from tests.helpers import BACKENDS, DUE, FakeSend, FakeSleep, add_many, make_engine, subscribe

pytestmark = pytest.mark.parametrize("store", BACKENDS, indirect=True)


class Down:
    """A send that fails bot-wide while ``down`` is set, and records what it delivered."""

    def __init__(self):
        self.down = True
        self.tries = 0
        self.delivered: list[int] = []

    async def __call__(self, reminder) -> None:
        self.tries += 1
        if self.down:
            raise TemporaryFailure("502", bot_wide=True)
        self.delivered.append(reminder.subscription_id)


async def test_an_outage_holds_every_reminder_with_one_probe_a_tick_then_sends_each_once(store, caplog):
    caplog.set_level(logging.INFO)
    ids = await add_many(store, 30, DUE)
    send, now = Down(), DUE
    engine = make_engine(store, send, max_attempts=3)
    engine.clock = lambda: now
    first = await engine.tick(now)
    assert first.sent == first.failed == 0 and first.held == 30
    assert engine.outage.active
    tries = send.tries
    for _ in range(10):  # ten minutes down: one probe a tick, nothing counted
        now += dt.timedelta(minutes=1)
        result = await engine.tick(now)
        assert (result.held, result.failed, result.sent) == (30, 0, 0)
    assert send.tries - tries == 10
    send.down = False
    now += dt.timedelta(minutes=1)
    assert (await engine.tick(now)).sent == 30
    assert sorted(send.delivered) == sorted(ids)
    for sid in ids:
        info = await store.reminders.get_subscription(sid)
        assert info.active and info.failures == 0 and info.day == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "outage over" in errors[0] and "11 min" in errors[0], errors


async def test_a_reminder_held_past_its_grace_window_is_skipped_not_paused(store):
    sub = await subscribe(store)
    send, now = Down(), DUE
    while now - DUE <= dt.timedelta(hours=3):
        await make_engine(store, send, now=now, max_attempts=1).tick(now)
        now += dt.timedelta(minutes=30)
    info = await store.reminders.get_subscription(sub.id)
    assert info.active and info.failures == 0
    assert await store.history.deliveries(sub.id) == [(DUE, "skipped")]


async def test_one_chats_rate_limit_holds_its_reminder_only(store):
    await add_many(store, 5, DUE)
    send = FakeSend(chat1000=[RetryAfter(900, bot_wide=False)])
    sleep = FakeSleep()
    result = await make_engine(store, send, sleep=sleep).tick(DUE)
    assert result == TickResult(claimed=5, sent=4, held=1)
    assert sleep.calls == []  # nobody waited for it
    (info,) = await store.reminders.list_subscriptions(1000)
    assert info.failures == 0 and info.active
    later = DUE + dt.timedelta(seconds=899)
    assert (await make_engine(store, send, now=later).tick(later)).claimed == 0
    later = DUE + dt.timedelta(seconds=900)
    assert (await make_engine(store, send, now=later).tick(later)).sent == 1
