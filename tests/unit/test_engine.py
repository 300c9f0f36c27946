"""The reminder engine and its storage, run alike on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from scheduler.engine import DueReminder, TickResult
from scheduler.errors import ChatMoved, RetryAfter, TemporaryFailure, Unreachable
from scheduler.ports import Outcome
from storage.db import Base
from storage.models import Adherence, ChatSettings, Delivery, Subscription
from storage.reminders import MAX_SUBSCRIPTIONS, SubscriptionLimitReached
from storage.store import Store
from tests.e2e.helpers_process import start
from tests.helpers import (
    BACKENDS,
    BEFORE,
    DUE,
    LONDON,
    T0730,
    TOMORROW,
    UTC,
    FakeSend,
    FakeSleep,
    add_many,
    count,
    make_engine,
    subscribe,
)

pytestmark = pytest.mark.parametrize("store", BACKENDS, indirect=True)


# -- claiming and sending ------------------------------------------------------------------


async def test_due_reminder_is_sent_once_and_the_programme_moves_on(store):
    sub = await subscribe(store)
    send = FakeSend()
    engine = make_engine(store, send)

    assert await engine.tick(BEFORE) == TickResult()
    result = await engine.tick(DUE)
    again = await engine.tick(DUE)

    assert result == TickResult(claimed=1, sent=1)
    assert again == TickResult()
    assert send.calls == [DueReminder(sub.id, 1, "sciatica", 0, DUE)]
    (after,) = await store.reminders.list_subscriptions(1)
    assert (after.day, after.next_due_utc, after.failures) == (1, TOMORROW, 0)
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]


async def test_every_due_reminder_is_sent_once_across_batches(store):
    ids = await add_many(store, 50, DUE - dt.timedelta(minutes=1))
    send = FakeSend()
    result = await make_engine(store, send, batch_size=7, concurrency=3).tick(DUE)
    assert result == TickResult(claimed=50, sent=50)
    assert sorted(r.subscription_id for r in send.calls) == ids
    assert await count(store, Delivery, Delivery.status == "sent") == 50


async def test_two_engines_claim_disjoint_sets(store):
    ids = await add_many(store, 500, DUE)
    other = await Store.open(store.url)
    try:
        sent: list[int] = []

        async def send(reminder: DueReminder) -> None:
            await asyncio.sleep(0)
            sent.append(reminder.subscription_id)

        first = make_engine(store, send, batch_size=20, concurrency=8, owner="first")
        second = make_engine(other, send, batch_size=20, concurrency=8, owner="second")
        results = await asyncio.gather(first.tick(DUE), second.tick(DUE))
    finally:
        await other.close()

    assert sorted(sent) == ids  # each exactly once
    assert sum(r.claimed for r in results) == 500
    assert sum(r.sent for r in results) == 500
    assert await count(store, Delivery) == 500
    assert await count(store, Subscription, Subscription.day == 1) == 500


async def test_a_claim_whose_engine_died_comes_back_after_its_lease(store):
    sub = await subscribe(store)
    lease_until = DUE + dt.timedelta(minutes=10)
    claimed = await store.claims.claim_due(DUE, limit=10, owner="dead", lease_until=lease_until)
    assert [c.subscription_id for c in claimed] == [sub.id]
    send = FakeSend()  # the claimer never records anything: it "crashed"

    during_lease = await make_engine(store, send).tick(lease_until - dt.timedelta(seconds=1))
    after_lease = await make_engine(store, send).tick(lease_until + dt.timedelta(seconds=1))

    assert during_lease.claimed == 0
    assert after_lease.sent == 1
    assert send.calls[0].due_utc == DUE  # the original due time, not the lease's end
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]


async def test_recording_twice_changes_nothing(store):
    sub = await subscribe(store)
    (claim,) = await store.claims.claim_due(DUE, limit=1, owner="x", lease_until=DUE + dt.timedelta(minutes=5))
    outcome = Outcome("sent", sub.id, claim.due_utc, DUE, TOMORROW)
    await store.claims.finish([outcome])
    await store.claims.finish([outcome])
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.day == 1
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]


async def test_a_reminder_deleted_during_its_send_is_dropped(store):
    sub = await subscribe(store)
    kept = await subscribe(store, chat_id=2)
    send = FakeSend()

    async def delete_first(reminder):
        if reminder.subscription_id == sub.id:
            assert await store.reminders.delete(sub.id, chat_id=1)

    send.during = delete_first
    result = await make_engine(store, send, concurrency=1).tick(DUE)
    assert result.sent == 2
    assert await store.reminders.get_subscription(sub.id) is None
    assert await count(store, Delivery) == 1
    assert await store.history.deliveries(kept.id) == [(DUE, "sent")]


async def test_a_time_changed_during_the_send_wins(store):
    sub = await subscribe(store)
    send = FakeSend()

    async def change_time(reminder):
        await store.reminders.set_time(sub.id, dt.time(18, 0), LONDON, DUE, chat_id=1)

    send.during = change_time
    await make_engine(store, send).tick(DUE)
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.local_time == dt.time(18, 0)
    assert after.next_due_utc == dt.datetime(2025, 1, 15, 18, 0, tzinfo=UTC)
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]


# -- missed reminders ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "late,sent,skipped",
    [
        (dt.timedelta(0), 1, 0),
        (dt.timedelta(hours=2), 1, 0),
        (dt.timedelta(hours=2, seconds=1), 0, 1),
        (dt.timedelta(days=3, hours=5), 0, 1),
    ],
)
async def test_grace_window(store, late, sent, skipped):
    sub = await subscribe(store)
    send = FakeSend()
    now = DUE + late
    result = await make_engine(store, send, now=now).tick(now)
    assert (result.sent, result.skipped_stale, result.claimed) == (sent, skipped, 1)
    assert len(send.calls) == sent
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.day == sent  # a skipped reminder does not move the programme on
    assert after.next_due_utc > now and after.next_due_utc - now <= dt.timedelta(days=1)
    assert await store.history.deliveries(sub.id) == [(DUE, "sent" if sent else "skipped")]


async def test_days_of_downtime_give_one_skip_not_a_flood(store):
    await add_many(store, 30, DUE - dt.timedelta(days=5))
    send = FakeSend()
    result = await make_engine(store, send, now=DUE).tick(DUE)
    assert result == TickResult(claimed=30, skipped_stale=30)
    assert send.calls == []
    assert await make_engine(store, send).tick(DUE) == TickResult()
    assert await count(store, Delivery, Delivery.status == "skipped") == 30


# -- what a send can report -------------------------------------------------------------------


async def test_retry_after_waits_and_tries_again(store):
    sub = await subscribe(store)
    send = FakeSend(chat1=[RetryAfter(3)])
    sleep = FakeSleep()
    result = await make_engine(store, send, sleep=sleep).tick(DUE)
    assert result == TickResult(claimed=1, sent=1, retried=1)
    assert sleep.calls == [3.0]
    assert len(send.calls) == 2
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]


async def test_a_long_rate_limit_hands_the_rest_to_later_ticks(store):
    for chat in (1, 2, 3):
        await subscribe(store, chat_id=chat)
    send = FakeSend(chat1=[RetryAfter(3600)])
    result = await make_engine(store, send, concurrency=1).tick(DUE)
    assert result.claimed == 3 and result.sent == 0
    assert send.chats == [1]  # nothing sent into the rate limit
    assert (await make_engine(store, send).tick(DUE)).claimed == 0

    later = DUE + dt.timedelta(hours=1, seconds=1)
    result = await make_engine(store, send, now=later).tick(later)
    assert result.sent == 3
    assert {r.due_utc for r in send.calls[1:]} == {DUE}


async def test_temporary_failures_are_retried_then_left_for_the_next_tick(store):
    sub = await subscribe(store)
    send = FakeSend(chat1=[TemporaryFailure("timeout")] * 3)
    sleep = FakeSleep()
    engine = make_engine(store, send, sleep=sleep, max_attempts=3, backoff=0.5, retry_delay=dt.timedelta(minutes=1))

    first = await engine.tick(DUE)
    assert first == TickResult(claimed=1, failed=1, retried=2)
    assert sleep.calls == [0.5, 1.0]
    (waiting,) = await store.reminders.list_subscriptions(1)
    assert (waiting.failures, waiting.day, waiting.next_due_utc) == (1, 0, DUE)
    assert await store.history.deliveries(sub.id) == []
    assert (await engine.tick(DUE + dt.timedelta(seconds=59))).claimed == 0

    minute = DUE + dt.timedelta(minutes=1)
    second = await make_engine(store, send, now=minute).tick(minute)
    assert second == TickResult(claimed=1, sent=1)
    assert send.calls[-1].due_utc == DUE
    (done,) = await store.reminders.list_subscriptions(1)
    assert (done.failures, done.day, done.next_due_utc) == (0, 1, TOMORROW)
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]


async def test_a_reminder_failing_past_the_grace_window_is_skipped(store):
    sub = await subscribe(store)
    send = FakeSend(chat1=[TemporaryFailure("5xx")] * 3)
    now, tries = DUE, 0
    while now - DUE <= dt.timedelta(hours=3):
        result = await make_engine(store, send, now=now, max_attempts=1).tick(now)
        tries += result.failed
        now += dt.timedelta(minutes=45)
    assert tries == 3  # 0:00, 0:45 and 1:30 late; at 2:15 it is past the grace window
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.failures == 3 and after.active
    assert await store.history.deliveries(sub.id) == [(DUE, "skipped")]


async def test_failing_for_two_hours_pauses_after_five_ticks_without_a_flood(store):
    sub = await subscribe(store)
    send = FakeSend(chat1=[TemporaryFailure("5xx")] * 100)
    now, tries = DUE, 0
    while now - DUE <= dt.timedelta(hours=3):
        result = await make_engine(store, send, now=now, max_attempts=1).tick(now)
        tries += result.failed
        now += dt.timedelta(minutes=30)
    assert tries == 5  # 0:00 .. 2:00 late; then paused
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.failures == 5 and not after.active
    assert await store.history.deliveries(sub.id) == []


async def test_unreachable_chat_is_paused_and_its_data_kept(store):
    sub = await subscribe(store)
    await store.history.record_adherence(sub.id, dt.date(2025, 1, 14), "done")
    send = FakeSend(chat1=[Unreachable("bot was blocked by the user")])
    result = await make_engine(store, send).tick(DUE)
    assert result == TickResult(claimed=1, deactivated=1)
    (paused,) = await store.reminders.list_subscriptions(1)
    assert not paused.active and paused.paused_reason == "bot was blocked by the user"
    assert await store.history.deliveries(sub.id) == [(DUE, "failed")]
    assert await count(store, Adherence) == 1
    later = DUE + dt.timedelta(days=2)
    assert (await make_engine(store, send, now=later).tick(later)).claimed == 0

    assert await store.reminders.resume(sub.id, later, chat_id=1)
    (resumed,) = await store.reminders.list_subscriptions(1)
    assert resumed.active and resumed.paused_reason is None and resumed.next_due_utc > later


@pytest.mark.parametrize("whole_chat", [True, False])
async def test_an_unreachable_chat_pauses_all_its_reminders_but_a_lost_programme_only_its_own(store, whole_chat):
    due_now = await subscribe(store)
    evening = await subscribe(store, local_time=dt.time(19, 0))
    elsewhere = await subscribe(store, chat_id=2, local_time=dt.time(19, 0))
    reason = "forbidden: bot was blocked by the user" if whole_chat else "programme 'x' no longer exists"
    send = FakeSend(chat1=[Unreachable(reason, whole_chat=whole_chat)])
    result = await make_engine(store, send).tick(DUE)
    assert result == TickResult(claimed=1, deactivated=1)
    assert not (await store.reminders.get_subscription(due_now.id)).active
    other = await store.reminders.get_subscription(evening.id)
    if whole_chat:  # the evening reminder would only meet the same wall
        assert not other.active and other.paused_reason == reason
    else:
        assert other.active and other.paused_reason is None
    assert (await store.reminders.get_subscription(elsewhere.id)).active  # another chat is not touched


async def test_chat_moved_updates_the_chat_everywhere_and_resends(store):
    sub = await subscribe(store, chat_id=-100)
    await store.chats.set_topic(-100, "sciatica")
    await store.chats.set_zone(-100, LONDON)
    send = FakeSend(**{"chat-100": [ChatMoved(-1001)]})
    result = await make_engine(store, send).tick(DUE)
    assert result == TickResult(claimed=1, sent=1)
    assert send.chats == [-100, -1001]
    assert await store.reminders.list_subscriptions(-100) == []
    assert [s.id for s in await store.reminders.list_subscriptions(-1001)] == [sub.id]
    assert await store.chats.get_topic(-1001) == "sciatica" and await store.chats.get_topic(-100) is None
    assert await store.chats.get_zone(-1001) == LONDON and await store.chats.get_zone(-100) is None


async def test_an_unexpected_send_error_does_not_stop_the_tick(store, caplog):
    await subscribe(store, chat_id=1)
    await subscribe(store, chat_id=2)
    send = FakeSend(chat1=[RuntimeError("bug")])
    result = await make_engine(store, send).tick(DUE)
    assert (result.sent, result.failed) == (1, 1)
    assert "send failed unexpectedly" in caplog.text


# -- time zones -----------------------------------------------------------------------------


async def test_spring_forward_and_fall_back_each_fire_once(store):
    spring_gap = dt.datetime(2025, 3, 30, 1, 0, tzinfo=UTC)  # 01:30 does not exist: 02:00 BST
    sub = await subscribe(store, local_time=dt.time(1, 30), now=spring_gap - dt.timedelta(hours=5))
    send = FakeSend()
    assert (await make_engine(store, send).tick(spring_gap - dt.timedelta(seconds=1))).claimed == 0
    assert (await make_engine(store, send).tick(spring_gap)).sent == 1
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.next_due_utc == dt.datetime(2025, 3, 31, 0, 30, tzinfo=UTC)

    first = dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 01:30 BST; 01:30 GMT an hour later
    await store.reminders.set_time(sub.id, dt.time(1, 30), LONDON, first - dt.timedelta(hours=3))
    assert (await make_engine(store, send).tick(first)).sent == 1
    assert (await make_engine(store, send).tick(first + dt.timedelta(hours=1))).claimed == 0
    (after,) = await store.reminders.list_subscriptions(1)
    assert after.next_due_utc == dt.datetime(2025, 10, 27, 1, 30, tzinfo=UTC)


async def test_each_reminder_follows_its_own_zone(store):
    kolkata = await subscribe(store, chat_id=1, zone="Asia/Kolkata")
    await subscribe(store, chat_id=2, zone="America/New_York")
    send = FakeSend()
    now = dt.datetime(2025, 1, 15, 2, 0, tzinfo=UTC)  # 07:30 in Kolkata, 21:00 in New York
    result = await make_engine(store, send).tick(now)
    assert result.sent == 1 and send.calls[0].subscription_id == kolkata.id


# -- subscriptions, adherence and chats -----------------------------------------------------


async def test_at_most_three_subscriptions_per_chat(store):
    for _ in range(MAX_SUBSCRIPTIONS):
        await subscribe(store)
    with pytest.raises(SubscriptionLimitReached, match="at most 3"):
        await subscribe(store)
    await subscribe(store, chat_id=2)
    first = (await store.reminders.list_subscriptions(1))[0]
    assert await store.reminders.delete(first.id, chat_id=1)
    await subscribe(store)
    assert len(await store.reminders.list_subscriptions(1)) == 3


async def test_the_limit_holds_for_concurrent_adds(store):
    results = await asyncio.gather(*(subscribe(store, chat_id=7) for _ in range(6)), return_exceptions=True)
    assert sum(isinstance(r, SubscriptionLimitReached) for r in results) == 3
    assert len(await store.reminders.list_subscriptions(7)) == 3


async def test_unknown_zone_is_refused(store):
    with pytest.raises(ValueError, match="time zone"):
        await subscribe(store, zone="Europe/Atlantis")
    with pytest.raises(ValueError, match="time zone"):
        await store.chats.set_zone(1, "Nowhere")


async def test_a_chat_can_only_touch_its_own_subscriptions(store):
    sub = await subscribe(store, chat_id=1)
    assert not await store.reminders.pause(sub.id, chat_id=2)
    assert not await store.reminders.delete(sub.id, chat_id=2)
    assert await store.reminders.set_time(sub.id, T0730, LONDON, DUE, chat_id=2) is None
    assert await store.reminders.snooze(sub.id, 0, DUE, chat_id=2) is None
    assert not await store.history.record_adherence(sub.id, DUE.date(), "done", chat_id=2)
    assert not await store.reminders.skip_today(sub.id, DUE, chat_id=2)
    assert (await store.reminders.get_subscription(sub.id)).active


async def test_pause_resume_and_stop_all(store):
    a = await subscribe(store)
    await subscribe(store)
    assert await store.reminders.pause(a.id, chat_id=1)
    send = FakeSend()
    assert (await make_engine(store, send).tick(DUE)).sent == 1
    assert await store.reminders.resume(a.id, DUE, chat_id=1)
    assert await store.reminders.stop_all(1) == 2
    later = TOMORROW + dt.timedelta(hours=1)
    assert (await make_engine(store, send, now=later).tick(later)).claimed == 0
    assert all(s.paused_reason == "stopped" for s in await store.reminders.list_subscriptions(1))


async def test_snooze_sends_the_same_day_again(store):
    sub = await subscribe(store)
    send = FakeSend()
    await make_engine(store, send).tick(DUE)
    now = DUE + dt.timedelta(minutes=5)
    engine = make_engine(store, send, now=now)
    due = await engine.snooze(sub.id, day=0, chat_id=1)
    assert due == now + dt.timedelta(minutes=30)
    assert (await engine.tick(due - dt.timedelta(seconds=1))).claimed == 0
    assert (await make_engine(store, send, now=due).tick(due)).sent == 1
    assert [r.day for r in send.calls] == [0, 0]
    (after,) = await store.reminders.list_subscriptions(1)
    assert (after.day, after.next_due_utc) == (1, TOMORROW)
    assert (await store.history.progress(1, DUE.date())).snoozed == 1


async def test_skip_today_skips_without_moving_on(store):
    sub = await subscribe(store)
    send = FakeSend()
    morning = DUE - dt.timedelta(hours=1)
    assert await make_engine(store, send, now=morning).skip_today(sub.id, chat_id=1)
    assert (await make_engine(store, send).tick(DUE)).claimed == 0
    (after,) = await store.reminders.list_subscriptions(1)
    assert (after.day, after.next_due_utc) == (0, TOMORROW)
    assert await store.history.deliveries(sub.id) == [(DUE, "skipped")]
    assert (await make_engine(store, send, now=TOMORROW).tick(TOMORROW)).sent == 1
    assert send.calls[0].day == 0
    assert (await store.history.progress(1, DUE.date())).skipped == 1


async def test_progress_counts_a_streak_and_the_last_week(store):
    sub = await subscribe(store)
    other = await subscribe(store)
    today = dt.date(2025, 1, 15)
    day = dt.timedelta(days=1)
    for back in (1, 2, 3, 5):
        await store.history.record_adherence(sub.id, today - back * day, "done")
    await store.history.record_adherence(other.id, today - 4 * day, "done", "bridge")
    await store.history.record_adherence(sub.id, today - 9 * day, "done")
    await store.history.record_adherence(sub.id, today - 6 * day, "skipped")
    await store.history.record_adherence(sub.id, today - 6 * day, "snoozed")  # latest answer wins
    p = await store.history.progress(1, today)
    assert (p.streak, p.done, p.skipped, p.snoozed) == (5, 5, 0, 1)
    await store.history.record_adherence(sub.id, today, "done")
    assert (await store.history.progress(1, today)).streak == 6
    assert (await store.history.progress(1, today + 2 * day)).streak == 0
    with pytest.raises(ValueError):
        await store.history.record_adherence(sub.id, today, "maybe")


async def test_zone_is_remembered_per_chat(store):
    assert await store.chats.get_zone(1) is None
    await store.chats.set_zone(1, "Australia/Sydney")
    await store.chats.set_zone(1, "Asia/Kolkata")
    await store.chats.set_zone(2, LONDON)
    assert (await store.chats.get_zone(1), await store.chats.get_zone(2)) == ("Asia/Kolkata", LONDON)


async def test_forget_chat_leaves_nothing(store):
    for chat in (1, 2):
        sub = await subscribe(store, chat_id=chat)
        await store.chats.set_topic(chat, "sciatica")
        await store.chats.set_zone(chat, LONDON)
        await store.history.record_adherence(sub.id, DUE.date(), "done")
    await make_engine(store, FakeSend()).tick(DUE)

    await store.privacy.forget_chat(1)

    async with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = table.c
            if "chat_id" in cols:
                where = cols.chat_id == 1
            elif "subscription_id" in cols:
                where = cols.subscription_id.notin_(select(Subscription.id))
            else:
                continue  # not about any chat (e.g. per-section feedback counts)
            leftover = await conn.scalar(select(func.count()).select_from(table).where(where))
            assert leftover == 0, table.name
    assert await store.chats.get_topic(2) == "sciatica"
    assert len(await store.reminders.list_subscriptions(2)) == 1
    assert await count(store, Delivery) == 1 and await count(store, Adherence) == 1


async def test_move_chat_merges_into_an_existing_chat(store):
    await subscribe(store, chat_id=1)
    await store.chats.set_topic(1, "old")
    await store.chats.set_topic(2, "new")
    await store.chats.set_zone(1, LONDON)
    await store.chats.move_chat(1, 2)
    assert await store.chats.get_topic(2) == "new" and await store.chats.get_topic(1) is None
    assert await store.chats.get_zone(2) == LONDON
    assert len(await store.reminders.list_subscriptions(2)) == 1
    assert await count(store, ChatSettings, ChatSettings.chat_id == 1) == 0


# -- schema ---------------------------------------------------------------------------------


async def test_migrations_build_the_schema_the_models_describe(store):
    def diff(sync_conn):
        return compare_metadata(MigrationContext.configure(sync_conn), Base.metadata)

    async with store.engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_opening_a_database_made_before_migrations_keeps_its_chats(store, tmp_path):
    url = store.url
    await store.close()
    async with store.engine.begin() as conn:
        # everything a migration made: only the create_all-era ``chats`` table comes back below
        for table in [*reversed(Base.metadata.sorted_tables)]:
            await conn.execute(text(f"DROP TABLE IF EXISTS {table.name}"))
        await conn.execute(text("DROP TABLE alembic_version"))
        await conn.execute(
            text(
                "CREATE TABLE chats (chat_id BIGINT PRIMARY KEY, topic_id VARCHAR(32), "
                "updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)"
            )
        )
        await conn.execute(text("INSERT INTO chats (chat_id, topic_id) VALUES (5, 'kept')"))
    await store.close()
    reopened = await Store.open(url)
    try:
        assert await reopened.chats.get_topic(5) == "kept"
        await subscribe(reopened, chat_id=5)
    finally:
        await reopened.close()


# -- crash safety ---------------------------------------------------------------------------


async def test_a_killed_fan_out_is_finished_by_the_next_run(store, tmp_path):
    total, concurrency = 200, 4
    ids = await add_many(store, total, DUE)
    out = tmp_path / "sent.txt"
    out.touch()
    # warm (tests/warm_python.py): a child of a server that has done the imports, killed as itself
    proc = await start(
        "tests/crash_fanout.py",
        store.url,
        DUE.isoformat(),
        str(out),
        str(concurrency),
        "0.03",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        while len(out.read_text().split()) < 20:  # let it get well into the fan-out
            if proc.returncode is not None:
                pytest.fail(f"the engine process ended early: {(await proc.stderr.read()).decode()}")
            await asyncio.sleep(0.02)
        proc.kill()  # SIGKILL, to the engine's process itself
    finally:
        proc.kill()
        await proc.wait()
    first_run = [int(x) for x in out.read_text().split()]
    assert len(set(first_run)) < total, "killed too late to test anything"

    lease_over = DUE + dt.timedelta(minutes=11)
    second: list[int] = []

    async def send(reminder):
        second.append(reminder.subscription_id)

    result = await make_engine(store, send, now=lease_over).tick(lease_over)

    delivered = Counter(first_run) + Counter(second)
    assert sorted(delivered) == ids  # nobody missed
    duplicates = [i for i, n in delivered.items() if n > 1]
    assert len(duplicates) <= concurrency  # only sends completed but not yet recorded
    assert result.sent == len(second) and result.skipped_stale == 0
    async with store.engine.connect() as conn:
        rows = (await conn.execute(select(Delivery.subscription_id, Delivery.due_utc))).all()
    assert sorted(r.subscription_id for r in rows) == ids
    assert {r.due_utc for r in rows} == {DUE}
    assert await count(store, Subscription, Subscription.day == 1) == total


# -- quiet hours and repeated failures ------------------------------------------------------


async def test_catch_up_waits_for_the_end_of_quiet_hours(store):
    """A reminder due at 21:50 and caught up at 22:30 (inside 22:00-07:00) waits until 07:00."""
    due = dt.datetime(2025, 1, 15, 21, 50, tzinfo=UTC)
    sub = await subscribe(store, local_time=dt.time(21, 50), now=due - dt.timedelta(hours=1))
    late = due + dt.timedelta(minutes=40)
    send = FakeSend()
    result = await make_engine(store, send, now=late).tick(late)
    assert (result.claimed, result.sent, result.deferred) == (1, 0, 1)
    assert send.calls == []
    wake = dt.datetime(2025, 1, 16, 7, 0, tzinfo=UTC)
    assert await make_engine(store, send, now=wake - dt.timedelta(minutes=1)).tick() == TickResult()
    result = await make_engine(store, send, now=wake).tick(wake)
    assert result.sent == 1 and [c.day for c in send.calls] == [0]  # delivered once, same day
    assert await store.history.deliveries(sub.id) == [(wake, "sent")]
    assert (await store.reminders.get_subscription(sub.id)).next_due_utc == due + dt.timedelta(days=1)
    assert (await store.reminders.get_subscription(sub.id)).failures == 0


async def test_on_time_reminder_inside_quiet_hours_is_still_sent(store):
    """The person chose 06:30; quiet hours are for snoozes and catch-ups, not their own choice."""
    due = dt.datetime(2025, 1, 15, 6, 30, tzinfo=UTC)
    await subscribe(store, local_time=dt.time(6, 30), now=due - dt.timedelta(hours=1))
    send = FakeSend()
    assert (await make_engine(store, send, now=due).tick(due)).sent == 1


async def test_snooze_into_quiet_hours_moves_to_their_end(store):
    sub = await subscribe(store, local_time=dt.time(21, 40))
    now = dt.datetime(2025, 1, 15, 21, 45, tzinfo=UTC)
    assert await store.reminders.snooze(sub.id, 0, now) == dt.datetime(2025, 1, 16, 7, 0, tzinfo=UTC)
    await store.care.set_quiet_hours(1, dt.time(23, 0), dt.time(6, 0))
    assert await store.reminders.snooze(sub.id, 0, now) == now + dt.timedelta(minutes=30)


async def test_five_failed_ticks_in_a_row_pause_the_subscription(store):
    sub = await subscribe(store)
    send = FakeSend(chat1=[TemporaryFailure("502")] * 100)
    now = DUE
    for attempt in range(1, 6):
        engine = make_engine(store, send, now=now, max_attempts=1, retry_delay=dt.timedelta(minutes=1))
        result = await engine.tick(now)
        assert result.failed == 1, attempt
        info = await store.reminders.get_subscription(sub.id)
        assert info.failures == attempt
        assert info.active is (attempt < 5)
        now += dt.timedelta(minutes=1)
    assert "failed 5 times" in info.paused_reason
    assert await make_engine(store, send, now=now).tick(now) == TickResult()  # nothing more is tried
    # a success in between resets the count
    await store.reminders.resume(sub.id, now)
    assert (await store.reminders.get_subscription(sub.id)).failures == 0


# -- stopping (SIGTERM) ---------------------------------------------------------------------


async def test_stop_mid_fan_out_finishes_the_sends_in_flight_and_hands_back_the_rest(store):
    total, concurrency = 100, 4
    ids = await add_many(store, total, DUE)
    send = FakeSend()

    async def slow(reminder):
        await asyncio.sleep(0.1)

    send.during = slow
    engine = make_engine(store, send, batch_size=16, concurrency=concurrency, owner="stopping")
    ticking = asyncio.create_task(engine.tick(DUE))
    while len(send.calls) < 10:  # well into the fan-out, with sends in flight
        assert not ticking.done()
        await asyncio.sleep(0.001)
    started = len(send.calls)
    engine.stop()
    stopped_at = asyncio.get_running_loop().time()
    result = await asyncio.wait_for(ticking, 10)
    took = asyncio.get_running_loop().time() - stopped_at

    assert took < 1.0, f"the tick went on for {took:.2f} s after stop"
    first = [r.subscription_id for r in send.calls]
    assert len(first) == started, "a send started after stop"
    assert len(set(first)) == len(first) and started < total
    # Every send that started finished and was recorded; the rest were handed back unsent.
    assert result.sent == started and result.failed == 0
    assert result.released == result.claimed - started > 0
    async with store.engine.connect() as conn:
        delivered = (await conn.execute(select(Delivery.subscription_id, Delivery.due_utc))).all()
        held = await conn.scalar(
            select(func.count())
            .select_from(Subscription)
            .where((Subscription.lease_owner.is_not(None)) | (Subscription.claimed_due_utc.is_not(None)))
        )
    assert sorted(d.subscription_id for d in delivered) == sorted(first)
    assert held == 0  # no claim is left waiting for its lease to end
    rest = [i for i in ids if i not in set(first)]
    for sub_id in rest[:3] + rest[-3:]:
        info = await store.reminders.get_subscription(sub_id)
        assert (info.day, info.failures, info.active, info.next_due_utc) == (0, 0, True, DUE)

    assert await engine.tick(DUE) == TickResult()  # a stopped engine claims nothing more
    # Another engine (another replica, or the next start), at the same moment: the lease has
    # not ended, yet it finds the rest due at once and sends exactly those.
    second = FakeSend()
    again = await make_engine(store, second, owner="next").tick(DUE)
    assert sorted(r.subscription_id for r in second.calls) == rest
    assert {r.due_utc for r in second.calls} == {DUE}  # still due when they were, not later
    assert (again.claimed, again.sent, again.skipped_stale) == (len(rest), len(rest), 0)
    delivered = Counter(first) + Counter(r.subscription_id for r in second.calls)
    assert sorted(delivered) == ids and set(delivered.values()) == {1}  # nobody got two
    assert await count(store, Delivery, Delivery.status == "sent", Delivery.due_utc == DUE) == total
    assert await count(store, Subscription, Subscription.day == 1) == total


async def test_stop_cuts_a_rate_limit_pause_short_and_hands_the_reminder_back(store):
    sub = await subscribe(store)
    send = FakeSend(chat1=[RetryAfter(60)])
    engine = make_engine(store, send, sleep=asyncio.sleep)  # a real 60 s wait
    ticking = asyncio.create_task(engine.tick(DUE))
    while not send.calls:
        await asyncio.sleep(0.001)
    await asyncio.sleep(0.05)  # now waiting out the rate limit
    assert not ticking.done()
    engine.stop()
    result = await asyncio.wait_for(ticking, 5)
    assert (result.claimed, result.sent, result.retried, result.released, result.failed) == (1, 0, 1, 1, 0)
    assert len(send.calls) == 1
    info = await store.reminders.get_subscription(sub.id)
    assert (info.failures, info.next_due_utc, info.day) == (0, DUE, 0)  # not a failure, due now
    later = FakeSend()
    assert (await make_engine(store, later).tick(DUE)).sent == 1
    assert await store.history.deliveries(sub.id) == [(DUE, "sent")]
