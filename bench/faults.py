"""Faults: the real bot (polling, python-telegram-bot, the reminder engine) against the fake Bot API
on 127.0.0.1, one fault at a time. Prints, per fault, the updates sent, answered, lost and doubled,
and the reminders due, delivered, doubled and paused.

Each run subscribes ``--reminders`` chats due at 07:30, starts the fault, lets ``--minutes`` of
reminder time pass (the engine's clock moves 20 s a tick; the updates, ``--users`` people each
sending /help once, come in while the fault lasts), ends the fault, lets two more minutes pass,
then counts. Targets: 0 lost, 0 paused, 0 doubled.

Faults: ``none``; ``outage-502`` (every call, getUpdates too, answered 502), ``outage-reset``
(every connection closed unanswered), ``outage-timeout`` (no answer: the request times out),
``chat-429`` (one chat answered 429 retry_after=15 on every send for a while), and with
PostgreSQL ``db-frozen`` (the database, behind a proxy, stops answering).

    python bench/faults.py                       # every fault
    python bench/faults.py --fault outage-502 --reminders 200 --users 100
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_application, make_services, running  # noqa: E402
from content.loader import load_content  # noqa: E402
from settings import Settings  # noqa: E402
from tests.fake_bot_api import FakeBotApi  # noqa: E402
from tests.tcp_proxy import FreezingProxy  # noqa: E402

START = dt.datetime(2026, 11, 26, 7, 29, tzinfo=dt.UTC)  # a minute before the reminders are due
TICK = dt.timedelta(seconds=20)
TOKEN = "123456:BENCH-token"
FAULTS = ["none", "outage-502", "outage-reset", "outage-timeout", "chat-429", "db-frozen"]
RETRY_AFTER = 15  # chat-429: the retry_after of the limited chat (the one that stalled everyone)


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@contextlib.asynccontextmanager
async def bot_for(api: FakeBotApi, database_url: str, content, **overrides):
    values = dict(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=api.base_url,
        database_url=database_url,
        rate_limit=True,
        polling_timeout=1,
        flood_limit_per_minute=1000,
        reminder_tick_seconds=3600,
        database_connect_timeout=1.0,
        database_statement_timeout=1.0,
        database_pool_timeout=1.0,
    )
    values.update(overrides)
    application = build_application(make_services(Settings(_env_file=None, **values), content))
    async with running(application):  # opens the store with the settings' timeouts, and closes it after
        yield application


async def run_fault(
    fault: str,
    *,
    reminders: int,
    users: int,
    minutes: int,
    database_url: str,
    content,
    proxy: FreezingProxy | None = None,
) -> dict[str, int | float | str]:
    async with FakeBotApi() as api, bot_for(api, database_url, content) as application:
        services = application.bot_data["services"]
        engine, store = services.engine, services.store
        engine.backoff = 0.01
        clock = Clock(START)
        engine.clock = clock
        first_chat, first_user = 10_000, 50_000
        for n in range(reminders):
            await store.reminders.add_subscription(
                first_chat + n, "general-nerve-root", dt.time(7, 30), "Europe/London", START - dt.timedelta(hours=1)
            )
        # What one /help is answered with, with no fault (to tell an answer from a double).
        api.message(first_user - 1, "/help")
        await api.wait_for(lambda: api.delivered(first_user - 1), what="the baseline /help")
        await api.settle()
        per_help = len(api.delivered(first_user - 1))
        limited = first_chat  # chat-429: this chat's every send is refused for a while

        if fault.startswith("outage-"):
            kind = {"outage-502": "status", "outage-reset": "reset", "outage-timeout": "hang"}[fault]
            api.down(
                kind,
                methods={"getUpdates", "sendMessage", "sendPhoto", "answerCallbackQuery", "setMyCommands", "getMe"},
            )
        elif fault == "chat-429":
            for method in ("sendMessage", "sendPhoto"):
                api.fail(
                    method,
                    429,
                    f"Too Many Requests: retry after {RETRY_AFTER}",
                    parameters={"retry_after": RETRY_AFTER},
                    chat_id=limited,
                    times=10,
                )
        elif fault == "db-frozen" and proxy is not None:
            proxy.freeze()

        started = time.monotonic()
        pushed: dict[int, float] = {}
        steps = minutes * 3
        sent_updates = 0
        for step in range(steps):
            clock.now += TICK
            with contextlib.suppress(Exception):  # a tick may fail while the database is frozen
                await engine.tick()
            while sent_updates < users * (step + 1) // steps:
                pushed[first_user + sent_updates] = time.monotonic()
                api.message(first_user + sent_updates, "/help")
                sent_updates += 1
            await asyncio.sleep(0.05)
        # The fault ends; two more minutes of reminder time.
        api.up()
        api.failures.clear()
        if fault == "chat-429":  # the limit runs in real time, the engine's clock much faster
            await asyncio.sleep(RETRY_AFTER + 0.5)
        if proxy is not None:
            proxy.thaw()
        for _ in range(6):
            clock.now += TICK
            await engine.tick()
            await asyncio.sleep(0.05)
        with contextlib.suppress(AssertionError):  # what is still unanswered then is counted lost
            await api.wait_for(
                lambda: all(api.delivered(first_user + n) for n in range(users)),
                timeout=20,
                what="every update answered",
            )
        await api.settle(quiet=0.5, timeout=60)
        took = time.monotonic() - started

        answered = lost = doubled = 0
        slowest = 0.0
        for n in range(users):
            replies = api.delivered(first_user + n)
            if not replies:
                lost += 1
            else:
                answered += 1
                doubled += len(replies) > per_help
                slowest = max(slowest, replies[0].at - pushed[first_user + n])
        reminder_messages = Counter(
            c.chat_id
            for c in api.delivered(method="sendMessage")
            if c.chat_id is not None and first_chat <= c.chat_id < first_chat + reminders and "day 1" in c.text
        )
        paused = 0
        for n in range(reminders):
            paused += sum(not s.active for s in await store.reminders.list_subscriptions(first_chat + n))
        return {
            "fault": fault,
            "minutes": minutes,
            "updates sent": users,
            "answered": answered,
            "lost": lost,
            "doubled": doubled,
            "reminders due": reminders,
            "delivered": len(reminder_messages),
            "r. doubled": sum(1 for v in reminder_messages.values() if v > 1),
            "paused": paused,
            "slowest reply s": round(slowest, 1),
            "seconds": round(took, 1),
        }


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fault", choices=FAULTS, action="append")
    parser.add_argument("--reminders", type=int, default=60)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--minutes", type=int, default=10, help="reminder time the fault lasts")
    parser.add_argument(
        "--postgres",
        default="postgresql+asyncpg://postgres@127.0.0.1:5432/test",
        help="for db-frozen: a PostgreSQL server (a database is made and dropped)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.CRITICAL)
    content = load_content()
    rows = []
    for fault in args.fault or FAULTS:
        with tempfile.TemporaryDirectory() as tmp:
            if fault == "db-frozen":
                row = await frozen_database(args, content)
            else:
                # Each tick's probe waits out the read timeout (5 s) while Telegram does not answer.
                minutes = min(args.minutes, 3) if fault == "outage-timeout" else args.minutes
                row = await run_fault(
                    fault,
                    reminders=args.reminders,
                    users=args.users,
                    minutes=minutes,
                    database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                    content=content,
                )
        rows.append(row)
        print(" | ".join(f"{k} {v}" for k, v in row.items()), flush=True)
    keys = list(rows[0])
    print()
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    return 0


async def frozen_database(args, content) -> dict:
    import uuid

    import asyncpg
    from sqlalchemy.engine import make_url

    base = make_url(args.postgres)
    name = f"rootwise_faults_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(base.set(drivername="postgresql").render_as_string(hide_password=False))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        async with FreezingProxy(base.host or "127.0.0.1", base.port or 5432) as proxy:
            url = base.set(database=name, host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
            return await run_fault(
                "db-frozen",
                reminders=args.reminders,
                users=args.users,
                minutes=args.minutes,
                database_url=url,
                content=content,
                proxy=proxy,
            )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
