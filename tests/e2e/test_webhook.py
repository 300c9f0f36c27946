"""Webhook mode, health, readiness and metrics: the real Application behind the real HTTP server.

Telegram's side is the fake Bot API on 127.0.0.1; the test plays Telegram's webhook delivery by
POSTing updates to the bot's server, which also listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import types
from typing import NoReturn

import aiohttp
import pytest
from telegram import Update
from telegram.ext import TypeHandler

import main
from bot.webhook import SECRET_HEADER, webhook_secret
from storage.db import make_engine
from storage.store import Store
from tests.e2e.helpers import USER
from tests.e2e.helpers_process import HOOK, SECRET, bot_process, post_update
from tests.fake_bot_api import FakeBotApi


def hold_updates(application) -> asyncio.Event:
    """Make every update wait (in a handler before all others) until the returned event is set."""
    release = asyncio.Event()

    async def wait(update, context):
        await release.wait()

    application.add_handler(TypeHandler(Update, wait), group=-1000)
    return release


async def test_start_up_registers_the_webhook_with_the_updates_the_bot_uses(serve_bot, api: FakeBotApi):
    async with serve_bot(webhook_max_connections=64):
        call = api.method_calls("setWebhook")[-1]
    assert call.params["url"] == HOOK
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == main.ALLOWED_UPDATES
    assert int(call.params["max_connections"]) == 64  # how many updates can be in hand at once
    assert not api.method_calls("getUpdates"), "webhook mode must not poll"


async def test_the_webhook_answers_when_the_update_has_been_handled(serve_bot, api: FakeBotApi, http):
    async with serve_bot() as (application, base):
        release = hold_updates(application)
        try:
            update = api.state.message(USER, "/symptoms sciatica")
            api.state.pending.clear()  # delivered by webhook, not by getUpdates
            posting = asyncio.ensure_future(post_update(http, base, update))
            processor = application.update_processor
            await api.wait_for(lambda: processor.current_concurrent_updates == 1, what="the update in hand")
            await asyncio.sleep(0.3)
            # In hand and not answered: were the process killed now, Telegram would deliver it again.
            assert not posting.done()
        finally:
            release.set()
        assert await asyncio.wait_for(posting, 30) == 200
        # By the time Telegram has its answer, the reply has gone out.
        assert api.sent(USER) and "sciatica" in api.sent(USER)[0].text.lower()


@pytest.mark.parametrize("answer_seconds", [0, 0.3])
async def test_a_slow_update_is_answered_in_time_and_still_handled(serve_bot, api: FakeBotApi, http, answer_seconds):
    """Past WEBHOOK_ANSWER_SECONDS (0: at once) Telegram gets its answer; the handling goes on."""
    async with serve_bot(webhook_answer_seconds=answer_seconds) as (application, base):
        release = hold_updates(application)
        try:
            update = api.state.message(USER, "/symptoms sciatica")
            api.state.pending.clear()
            assert await asyncio.wait_for(post_update(http, base, update), 30) == 200
            assert api.sent(USER) == []  # answered while its handling is held
        finally:
            release.set()
        replies = await api.wait_sent(USER)
    assert "sciatica" in replies[0].text.lower()


async def test_a_wrong_or_missing_secret_is_refused(serve_bot, api: FakeBotApi, http):
    async with serve_bot() as (application, base):
        update = api.state.message(USER, "/help")
        api.state.pending.clear()
        assert await post_update(http, base, update, secret="wrong") == 403
        assert await post_update(http, base, update, secret=None) == 403
        assert await post_update(http, base, update, secret=SECRET + "x") == 403
        async with http.post(f"{base}/telegram/hook", data=b"{not json", headers={SECRET_HEADER: SECRET}) as r:
            assert r.status == 400
        async with http.get(f"{base}/telegram/hook", headers={SECRET_HEADER: SECRET}) as r:
            assert r.status == 405
        async with http.post(f"{base}/telegram/other", json=update, headers={SECRET_HEADER: SECRET}) as r:
            assert r.status == 404
        await api.settle(quiet=0.3)
    assert api.sent(USER) == []


async def test_updates_are_handled_concurrently(serve_bot, api: FakeBotApi, http):
    users = [USER + n for n in range(20)]
    async with serve_bot(concurrent_updates=32) as (application, base):
        release = hold_updates(application)
        try:
            posts = [asyncio.ensure_future(post_update(http, base, api.state.message(user, "/help"))) for user in users]
            api.state.pending.clear()
            # All twenty are in the handlers at once, none answered yet.
            processor = application.update_processor
            await api.wait_for(lambda: processor.current_concurrent_updates == 20, what="20 updates in flight")
            assert api.sent() == []
            assert not any(post.done() for post in posts)
        finally:
            release.set()
        assert await asyncio.wait_for(asyncio.gather(*posts), 30) == [200] * 20
        for user in users:
            assert api.sent(user)


async def test_the_secret_defaults_to_one_derived_from_the_token(settings_for):
    one = webhook_secret(settings_for(webhook_secret=None))
    assert one == webhook_secret(settings_for(webhook_secret=None))  # every replica agrees
    assert len(one) == 64 and one != webhook_secret(settings_for(webhook_secret=None, telegram_bot_token="1:other"))
    assert "TEST-secret" not in one


async def test_health_and_readiness(serve_bot, api: FakeBotApi, http):
    async with serve_bot() as (application, base):
        async with http.get(f"{base}/healthz") as r:
            assert r.status == 200
        async with http.get(f"{base}/readyz") as r:
            assert r.status == 200
            assert await r.json() == {"ready": True, "database": "ok", "content": "ok", "updates": "ok"}
        services = application.bot_data["services"]
        real_store, real_content = services.store, services.content
        # A database nobody listens for (a closed port on 127.0.0.1).
        unreachable = make_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
        services.store = types.SimpleNamespace(engine=unreachable)
        try:
            async with http.get(f"{base}/readyz") as r:
                assert r.status == 503
                body = await r.json()
            assert body["ready"] is False and body["database"].startswith("error") and body["content"] == "ok"
            services.store = real_store
            services.content = types.SimpleNamespace(topics={})
            async with http.get(f"{base}/readyz") as r:
                assert r.status == 503 and (await r.json())["content"] == "not loaded"
        finally:
            services.store, services.content = real_store, real_content
            await unreachable.dispose()
        async with http.get(f"{base}/healthz") as r:
            assert r.status == 200


async def test_metrics_count_updates_latency_and_api_errors(serve_bot, api: FakeBotApi, http):
    async with serve_bot() as (application, base):
        for text in ("/symptoms sciatica", "/help"):
            update = api.state.message(USER, text)
            api.state.pending.clear()
            before = len(api.sent(USER))
            assert await post_update(http, base, update) == 200
            await api.wait_sent(USER, after=before)
        api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=USER + 1)
        update = api.state.message(USER + 1, "/help")
        api.state.pending.clear()
        assert await post_update(http, base, update) == 200
        await api.wait_for(
            lambda: (
                api.method_calls("sendMessage") and any(c.chat_id == USER + 1 for c in api.method_calls("sendMessage"))
            ),
            what="the failed send",
        )
        await api.settle()
        async with http.get(f"{base}/metrics") as r:
            assert r.status == 200
            assert r.headers["Content-Type"].startswith("text/plain")
            text = await r.text()
    assert 'rootwise_updates_total{type="message"} 3.0' in text
    assert 'rootwise_command_seconds_count{command="symptoms"} 1.0' in text
    assert 'rootwise_command_seconds_count{command="help"} 2.0' in text
    assert 'rootwise_telegram_api_errors_total{kind="Forbidden",method="sendMessage"}' in text
    assert 'rootwise_reminders_total{outcome="sent"}' in text


async def test_polling_mode_serves_health_on_its_own_port(serve_bot, api: FakeBotApi, http):
    async with serve_bot(webhook=False) as (application, base):
        api.message(USER, "/help")
        await api.wait_sent(USER)
        async with http.get(f"{base}/healthz") as r:
            assert r.status == 200
        async with http.get(f"{base}/readyz") as r:
            assert r.status == 200
        async with http.get(f"{base}/metrics") as r:
            assert 'rootwise_updates_total{type="message"} 1.0' in await r.text()
        async with http.post(f"{base}/telegram/hook", json={}) as r:
            assert r.status in (404, 405)  # no webhook in polling mode
    assert not api.method_calls("setWebhook")


# ---- main.py as a process ------------------------------------------------------------------


async def subscribe_due_together(store: Store, chats: list[int], programme_id: str) -> None:
    """Subscribe every chat, then make all of them due at once, in one statement.

    Subscribed one by one with a due time a second ahead, a slow machine could still be adding
    them when that second came: a tick then claimed a short batch (fewer than a batch's rows),
    sent only those, and the test's wait for a full fan-out in flight never ended.
    """
    import datetime as dt

    from sqlalchemy import update

    from storage.reminders import SUBS

    now = dt.datetime.now(dt.UTC)
    later = (now + dt.timedelta(hours=12)).time().replace(microsecond=0)
    for chat in chats:
        await store.reminders.add_subscription(chat, programme_id, later, "UTC", now)
    async with store.reminders.engine.begin() as conn:
        await conn.execute(update(SUBS).where(SUBS.c.chat_id.in_(chats)).values(next_due_utc=now))


async def wait_stopping(http: aiohttp.ClientSession, base: str) -> None:
    """Wait until the bot at ``base`` says it is stopping (it got SIGTERM and drains)."""
    for _ in range(3000):
        async with http.get(f"{base}/readyz") as r:
            if r.status == 503 and (await r.json())["updates"] == "stopping":
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the bot never started stopping")


async def test_sigterm_finishes_the_update_in_hand_then_exits_cleanly(api: FakeBotApi, db_url: str, http):
    import json
    import signal

    gate = asyncio.Event()
    send_message = api.state.api_sendMessage

    arrived = asyncio.Event()

    async def held_send(params):  # the reply stays on its way until the test lets it through
        arrived.set()
        await gate.wait()
        return send_message(params)

    async with bot_process(api, db_url, LOG_FORMAT="json") as (process, base):
        api.state.api_sendMessage = held_send
        update = api.state.message(USER, "/help")
        api.state.pending.clear()
        posting = asyncio.ensure_future(post_update(http, base, update))
        await asyncio.wait_for(arrived.wait(), 30)  # the reply is on its way
        process.send_signal(signal.SIGTERM)
        await wait_stopping(http, base)
        # Draining: no new updates are taken (Telegram will deliver them again later).
        late = api.state.message(USER + 1, "/help")
        assert await post_update(http, base, late) == 503
        gate.set()
        assert await asyncio.wait_for(posting, 30) == 200  # handled, then answered
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert len(api.sent(USER)) >= 1, "the reply in flight was not finished"
    assert api.sent(USER + 1) == []
    # LOG_FORMAT=json: every line on stderr is one JSON object.
    entries = [json.loads(line) for line in stderr.decode().splitlines() if line.strip()]
    assert entries and all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    messages = [e["message"] for e in entries]
    assert any("Rootwise is up" in m for m in messages)
    assert any("every accepted update was handled" in m for m in messages)


async def test_sigterm_in_polling_mode_also_finishes_what_is_in_hand(api: FakeBotApi, db_url: str, http):
    import signal

    gate = asyncio.Event()
    send_message = api.state.api_sendMessage

    arrived = asyncio.Event()

    async def held_send(params):
        arrived.set()
        await gate.wait()
        return send_message(params)

    async with bot_process(api, db_url, webhook=False) as (process, base):
        api.state.api_sendMessage = held_send
        api.message(USER, "/help")
        await asyncio.wait_for(arrived.wait(), 30)  # the reply is on its way
        process.send_signal(signal.SIGTERM)
        await wait_stopping(http, base)
        gate.set()
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert api.sent(USER), "the reply in flight was not finished"
    assert not api.method_calls("setWebhook")


async def test_webhook_flag_without_a_url_says_what_to_set(tmp_path):
    from tests.e2e.helpers_process import run_main

    code, _, err = await run_main(
        "run",
        "--webhook",
        env={
            "TELEGRAM_BOT_TOKEN": "123456:abc",
            "WEBHOOK_URL": "",
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
        },
    )
    assert code == 2
    assert "WEBHOOK_URL" in err and len(err.strip().splitlines()) == 1


REPLICA_TEXTS = ("/symptoms sciatica", "/help", "/causes stenosis", "/about")


def replica_updates(api: FakeBotApi, count: int, first: int = USER) -> list[dict]:
    """``count`` commands from as many users (chats ``first``, ``first + 1``...), to be pushed by
    webhook (not left for getUpdates)."""
    updates = [api.state.message(first + n, REPLICA_TEXTS[n % len(REPLICA_TEXTS)]) for n in range(count)]
    api.state.pending.clear()
    return updates


async def deliver(http: aiohttp.ClientSession, update: dict, odd_first: str, even_first: str) -> str:
    """Play Telegram behind a load balancer: push ``update`` to one replica (which one first
    alternates with the update id), and to the other if it is not answered with 200; the base
    URL that took it."""
    first, second = (odd_first, even_first) if update["update_id"] % 2 else (even_first, odd_first)
    for base in (first, second):
        with contextlib.suppress(aiohttp.ClientError):
            if await post_update(http, base, update) == 200:
                return base
    raise AssertionError(f"no replica took update {update['update_id']}")


async def dies_with_b(b_gone: asyncio.Event) -> NoReturn:
    """A request of replica B at the fake server: it hangs until B is dead, then dies with it
    (never delivered to Telegram, never answered)."""
    await b_gone.wait()
    raise ConnectionResetError("replica b died with this request in flight")


@pytest.mark.postgres
async def test_two_replicas_on_one_database_answer_every_update_exactly_once(api: FakeBotApi, postgres_url: str, http):
    """Two processes behind one webhook URL and one PostgreSQL database; one is stopped mid-stream.

    The test plays Telegram and its load balancer: it spreads updates over both replicas and
    delivers again, to the other replica, any update that was not answered with 200.
    """
    import signal

    gate = asyncio.Event()
    send_message = api.state.api_sendMessage
    waiting = 0

    async def send(params):  # replies to the first 40 wait, so replica B has work in hand when stopped
        nonlocal waiting
        if int(params["chat_id"]) < USER + 40:
            waiting += 1
            await gate.wait()
        return send_message(params)

    # Replies are held at the gate for as long as the test takes, which on a busy machine is longer
    # than a send's read timeout: with retries on, a timed-out reply is sent again (by design, see
    # bot/request.py) and would arrive twice. This test is about the replicas, so no retries.
    quiet = {"TELEGRAM_RETRY_SECONDS": "0"}
    async with (
        bot_process(api, postgres_url, **quiet) as (a, base_a),
        bot_process(api, postgres_url, **quiet) as (b, base_b),
    ):
        api.state.api_sendMessage = send
        await api.wait_for(lambda: len(api.method_calls("setWebhook")) == 2, what="both replicas registered")
        updates = replica_updates(api, 80)
        # As Telegram does, many at once; a replica answers each when it has handled it.
        first = {u["update_id"]: asyncio.ensure_future(deliver(http, u, base_a, base_b)) for u in updates[:40]}
        await api.wait_for(lambda: waiting >= 40, timeout=30, what="40 replies held, half of them B's")
        b.send_signal(signal.SIGTERM)  # B still holds replies to the first half
        await wait_stopping(http, base_b)
        taken = {u["update_id"]: await deliver(http, u, base_b, base_a) for u in updates[40:]}
        gate.set()
        taken.update({update_id: await asyncio.wait_for(task, 60) for update_id, task in first.items()})
        _, stderr = await asyncio.wait_for(b.communicate(), 60)
        assert b.returncode == 0, stderr.decode()[-2000:]
        await api.settle()
    assert len(taken) == 80
    assert {taken[u["update_id"]] for u in updates[:40]} == {base_a, base_b}, "B finished its updates in hand"
    assert all(taken[u["update_id"]] == base_a for u in updates[40:]), "a stopping replica took an update"
    # One update, one answer: the same text once per chat (a section may take several messages).
    for n in range(80):
        texts_sent = [c.text for c in api.sent(USER + n)]
        assert texts_sent and len(texts_sent) == len(set(texts_sent)), f"chat {USER + n}: {texts_sent}"


@pytest.mark.postgres
async def test_a_replica_killed_mid_stream_loses_no_update(api: FakeBotApi, postgres_url: str, http):
    """As above, but replica B is SIGKILLed with updates in hand, as a crash or the OOM killer would.

    B had answered none of them (it answers when an update is handled), so the load balancer
    delivers each again, to A: no update is lost. Of B's updates in hand, those whose reply had
    reached Telegram before the kill are answered twice; those whose reply died with B, once (by
    A). Every other update is answered once.
    """
    from tests.fake_bot_api import CALLER

    b_gone = asyncio.Event()
    held: set[int] = set()
    send_message = api.state.api_sendMessage

    def reached_telegram(chat: int) -> bool:  # which of B's replies got out before the kill
        return chat % 3 == 0

    async def send(params):  # B's requests hang until B is dead, then die with it
        chat = int(params["chat_id"])
        if CALLER.get() == "b":
            if reached_telegram(chat):
                send_message(params)  # Telegram has the reply (and the user sees it); B never hears back
                api.state.record("sendMessage", params)
            held.add(chat)
            await dies_with_b(b_gone)
        return send_message(params)

    async with (
        bot_process(api, postgres_url, TELEGRAM_API_BASE_URL=api.base_url_for("a")) as (a, base_a),
        bot_process(api, postgres_url, TELEGRAM_API_BASE_URL=api.base_url_for("b")) as (b, base_b),
    ):
        api.state.api_sendMessage = send
        updates = replica_updates(api, 60)
        first = [asyncio.ensure_future(deliver(http, u, base_a, base_b)) for u in updates[:30]]
        b_first = {u["message"]["chat"]["id"] for u in updates[:30] if u["update_id"] % 2 == 0}
        await api.wait_for(lambda: held >= b_first, timeout=30, what="replica B's updates in hand")
        b.kill()  # SIGKILL: no shutdown, no answers
        await b.wait()
        b_gone.set()
        taken = await asyncio.wait_for(asyncio.gather(*first), 60)  # B's go again, to A
        for update in updates[30:]:  # B is gone: its address refuses, A takes each one
            taken.append(await deliver(http, update, base_b, base_a))
        for n in range(60):
            await api.wait_sent(USER + n)
        await api.settle()
        assert a.returncode is None, "replica A stopped"
    assert taken == [base_a] * 60
    twice = {chat for chat in b_first if reached_telegram(chat)}
    assert twice and b_first - twice, "the test needs both kinds of update B had in hand"
    for n in range(60):
        texts_sent = [c.text for c in api.sent(USER + n)]
        distinct = list(dict.fromkeys(texts_sent))
        assert distinct, f"chat {USER + n} was not answered"
        # B got its first message out (a section may take several); A then sent the whole reply.
        times = [2] + [1] * (len(distinct) - 1) if USER + n in twice else [1] * len(distinct)
        assert [texts_sent.count(t) for t in distinct] == times, f"chat {USER + n}: {texts_sent}"


async def test_reminder_outcomes_of_each_tick_reach_the_metrics(serve_bot, http):
    from bot.app import reminder_tick
    from bot.context import Ctx
    from scheduler.engine import TickResult

    async with serve_bot() as (application, base):
        services = application.bot_data["services"]

        async def tick():
            return TickResult(claimed=5, sent=2, skipped_stale=1, failed=1, deactivated=1)

        real_engine, services.engine = services.engine, types.SimpleNamespace(tick=tick)
        try:
            await reminder_tick(Ctx(application))
            await reminder_tick(Ctx(application))
        finally:
            services.engine = real_engine
        async with http.get(f"{base}/metrics") as r:
            text = await r.text()
    for outcome, count in (("due", 10), ("sent", 4), ("skipped", 2), ("failed", 4)):
        assert f'rootwise_reminders_total{{outcome="{outcome}"}} {count}.0' in text


@pytest.mark.postgres
async def test_two_replicas_deliver_every_reminder_once_when_one_is_killed_mid_fan_out(
    api: FakeBotApi, postgres_url: str, postgres_store: Store, content, http
):
    """Two processes share the reminders of one PostgreSQL database; one is SIGKILLed mid-fan-out.

    Both answer updates and both claim reminders. Each reminder is its exercise picture;
    the fake server holds those sends, so both replicas are in the middle of a fan-out when
    replica B is killed, and B also has updates in hand (their replies held too). B's requests
    in flight die with it (Telegram never got them). Its claims come back when their lease ends,
    and replica A sends them: every reminder exactly once. Its updates were never answered, so
    they are delivered again, to A: every update answered exactly once.
    """

    from bot.delivery import programme_day
    from tests.fake_bot_api import CALLER

    count, concurrency = 40, 4
    tuning = {
        "REMINDER_TICK_SECONDS": "0.3",
        "REMINDER_LEASE_SECONDS": "3",
        "REMINDER_CONCURRENCY": str(concurrency),
        "REMINDER_BATCH_SIZE": "4",
    }
    programme = next(p for p in content.programmes.values() if programme_day(p, 0)[0].exercises)
    chats = [USER + 100 + n for n in range(count)]

    held = {"a": 0, "b": 0}
    release_a, b_gone = asyncio.Event(), asyncio.Event()
    send_photo, send_message = api.state.api_sendPhoto, api.state.api_sendMessage
    replies_held_by_b: set[int] = set()

    async def message(params):
        if CALLER.get() == "b":
            replies_held_by_b.add(int(params["chat_id"]))
            await dies_with_b(b_gone)
        return send_message(params)

    async def photo(params):
        if CALLER.get() == "b":
            held["b"] += 1
            await dies_with_b(b_gone)
        if not release_a.is_set():
            held["a"] += 1
            await release_a.wait()
        return send_photo(params)

    async with (
        bot_process(api, postgres_url, TELEGRAM_API_BASE_URL=api.base_url_for("a"), **tuning) as (a, base_a),
        bot_process(api, postgres_url, TELEGRAM_API_BASE_URL=api.base_url_for("b"), **tuning) as (b, base_b),
    ):
        api.state.api_sendPhoto = photo
        for n, base in enumerate((base_a, base_b)):  # both replicas take updates
            assert await post_update(http, base, api.state.message(USER + n, "/help")) == 200
            await api.wait_sent(USER + n, timeout=30)
        await subscribe_due_together(postgres_store, chats, programme.id)  # due now, in every chat
        await api.wait_for(
            lambda: held["a"] >= concurrency and held["b"] >= concurrency,
            timeout=30,
            what="both replicas in the middle of a fan-out",
        )
        api.state.api_sendMessage = message
        updates = replica_updates(api, 10, first=USER + 10)
        deliveries = [asyncio.ensure_future(deliver(http, u, base_a, base_b)) for u in updates]
        b_first = {u["message"]["chat"]["id"] for u in updates if u["update_id"] % 2 == 0}
        await api.wait_for(lambda: replies_held_by_b >= b_first, timeout=30, what="B's updates in hand")
        b.kill()  # SIGKILL: no shutdown, no records, no answers
        await b.wait()
        b_gone.set()
        release_a.set()
        assert await asyncio.wait_for(asyncio.gather(*deliveries), 60) == [base_a] * 10
        await api.wait_for(
            lambda: {c.chat_id for c in api.method_calls("sendPhoto")} >= set(chats),
            timeout=60,
            what="every reminder sent",
        )
        await api.settle(quiet=1.0, timeout=30)
        assert a.returncode is None, "replica A stopped"

    photos = [c.chat_id for c in api.method_calls("sendPhoto")]
    assert sorted(photos) == sorted(chats), "a reminder was lost or sent twice"
    for chat in chats:  # a reminder is one message: its picture with its caption and buttons
        assert not api.sent(chat, "sendMessage"), f"chat {chat} got a second send for its reminder"
    assert held["b"] >= concurrency  # B really was killed with reminders in hand
    for update in updates:
        chat = update["message"]["chat"]["id"]
        texts = [c.text for c in api.sent(chat)]
        assert texts and len(texts) == len(set(texts)), f"update of chat {chat}: {texts}"
    subscriptions = [s for chat in chats for s in await postgres_store.reminders.list_subscriptions(chat)]
    assert len(subscriptions) == count and all(s.day == 1 for s in subscriptions)


async def test_sigterm_mid_reminder_fan_out_exits_promptly_and_the_next_start_sends_the_rest_once(
    api: FakeBotApi, db_url: str, content, http
):
    """SIGTERM while a large reminder fan-out is under way (slow sends, as under the rate limiter).

    The bot finishes the sends in flight and records them, hands back the reminders it claimed
    but had not started, and exits at once instead of working through every due reminder. The
    lease is long (10 min), so the next start can only send the rest at once because they were
    handed back; it sends each exactly once (its sends are not slowed: 36 slow sends, four at a
    time, were 4.5 s of waiting that tested nothing more).
    """
    import signal

    from bot.delivery import programme_day
    from tests.fake_bot_api import CALLER

    count, concurrency, slow = 40, 4, 0.5
    tuning = {
        "REMINDER_TICK_SECONDS": "0.3",
        "REMINDER_LEASE_SECONDS": "600",
        "REMINDER_CONCURRENCY": str(concurrency),
        "REMINDER_BATCH_SIZE": "4",
    }
    programme = next(p for p in content.programmes.values() if programme_day(p, 0)[0].exercises)
    chats = [USER + 200 + n for n in range(count)]
    held = []
    gate = asyncio.Event()
    send_photo = api.state.api_sendPhoto

    async def photo(params):  # each reminder is its picture: a slow send, for the first process
        if CALLER.get() == "first":
            held.append(int(params["chat_id"]))
            await gate.wait()
            await asyncio.sleep(slow)
        return send_photo(params)

    async with bot_process(api, db_url, TELEGRAM_API_BASE_URL=api.base_url_for("first"), **tuning) as (first, base):
        api.state.api_sendPhoto = photo
        store = await Store.open(db_url)
        try:
            await subscribe_due_together(store, chats, programme.id)  # all due now
            await api.wait_for(lambda: len(held) >= concurrency, timeout=30, what="a fan-out with sends in flight")
            first.send_signal(signal.SIGTERM)
            await wait_stopping(http, base)
            gate.set()  # the sends in flight may finish now
            _, stderr = await asyncio.wait_for(first.communicate(), 60)
        finally:
            await store.close()
    assert first.returncode == 0, stderr.decode()[-2000:]
    # Without stopping the fan-out, the other 36 would be sent by the first process too (each send of
    # the first process is recorded in held), so only the sends in flight finishing is the whole check.
    first_photos = [c.chat_id for c in api.method_calls("sendPhoto")]
    assert sorted(first_photos) == sorted(held) and len(held) == concurrency, "only the sends in flight finished"
    for chat in held:  # each finished whole: one message, its picture with its caption and buttons
        (photo,) = api.sent(chat, "sendPhoto")
        assert " · day 1" in photo.text and photo.buttons(), f"chat {chat} got an incomplete reminder"
    assert "handed back" in stderr.decode()

    async with bot_process(api, db_url, TELEGRAM_API_BASE_URL=api.base_url_for("second"), **tuning) as (second, _):
        await api.wait_for(
            lambda: {c.chat_id for c in api.method_calls("sendPhoto")} >= set(chats),
            timeout=60,
            what="every reminder sent",
        )
        await api.settle(quiet=1.0, timeout=30)
        assert second.returncode is None
    photos = [c.chat_id for c in api.method_calls("sendPhoto")]
    assert sorted(photos) == sorted(chats), "a reminder was lost or sent twice"
    for chat in chats:  # a reminder is one message: its picture with its caption and buttons
        assert not api.sent(chat, "sendMessage"), f"chat {chat} got a second send for its reminder"
    store = await Store.open(db_url)
    try:
        subscriptions = [s for chat in chats for s in await store.reminders.list_subscriptions(chat)]
    finally:
        await store.close()
    assert len(subscriptions) == count and all(s.day == 1 and s.failures == 0 for s in subscriptions)


async def test_polling_process_killed_with_updates_in_hand_loses_none(api: FakeBotApi, db_url: str, http):
    """Polling confirms a batch to Telegram only once it is handled: SIGKILL a polling process
    whose replies are all still on their way, start it again, and every update is answered."""
    users = [USER + 100 + i for i in range(5)]
    send_message = api.state.api_sendMessage
    first_life = asyncio.Event()
    started = set()

    async def send(params):  # the first process's replies never get out
        if not first_life.is_set():
            started.add(int(params["chat_id"]))
            await asyncio.Event().wait()
        return send_message(params)

    api.state.api_sendMessage = send
    async with bot_process(api, db_url, webhook=False) as (process, _base):
        for user in users:
            api.message(user, "/help")
        await api.wait_for(lambda: started >= set(users), 30, what="every update in hand")
        process.kill()  # SIGKILL: no shutdown
        await process.wait()
    first_life.set()
    assert all(api.sent(user) == [] for user in users)  # nothing reached anyone
    async with bot_process(api, db_url, webhook=False):
        await api.wait_for(lambda: all(api.sent(user) for user in users), 60, what="every update answered after")
        await api.settle(quiet=0.5)
    assert all(len([c for c in api.sent(user) if "How to use" in c.text]) == 1 for user in users)
