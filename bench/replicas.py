"""Two replicas, one PostgreSQL database, one Redis: 3,000 reminders due at once, at Telegram's limits.

Two real bot processes (``main.py run --webhook``, the rate limiter on as shipped, ``REDIS_URL``
set) share a fresh PostgreSQL database and the Redis at ``REDIS_URL``; the fake Bot API
(``tests/fake_bot_api.py``) enforces Telegram's limits (30 messages in any second, 20 in any
minute per group, a few a second per private chat) and answers 429 past them. 3,000 reminders
(``--groups`` of them to groups) fall due at once (each replica's log goes to
``$TMPDIR/rootwise-replica-a.log`` and ``-b.log``); the bench waits until every one is sent and
prints: sends per reminder, reminders sent twice or never, 429s, the most sends in any second and
in any group's minute, each replica's share, and the rate (sends a second from the first to the
last, against the budget, BROADCAST_PER_SECOND). It prints figures and asserts nothing.

    python bench/replicas.py                    # ~2.5 min
    python bench/replicas.py --reminders 600
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reminders_tick import postgres_database  # noqa: E402

from storage.models import Subscription  # noqa: E402
from storage.store import Store  # noqa: E402
from tests.e2e.helpers import TOKEN  # noqa: E402
from tests.e2e.helpers_process import SECRET, free_port  # noqa: E402
from tests.fake_bot_api import CALLER, HOST, FakeBotApi, Limits  # noqa: E402
from tests.helpers import ROOT  # noqa: E402

PROGRAMME = "general-nerve-root"


async def seed(url: str, reminders: int, groups: int, due: dt.datetime) -> None:
    """``reminders`` subscriptions due at ``due``: the first ``groups`` in groups, the rest in private chats."""
    chats = [-1_000_000 - n for n in range(groups)] + [100_000 + n for n in range(reminders - groups)]
    local = due.astimezone(dt.UTC).time().replace(second=0, microsecond=0)
    rows = [
        {
            "chat_id": chat,
            "programme_id": PROGRAMME,
            "local_time": local,
            "zone": "Etc/UTC",
            "next_due_utc": due,
            "day": 0,
            "active": True,
            "failures": 0,
            "created_at": due,
        }
        for chat in chats
    ]
    store = await Store.open(url)
    try:
        async with store.engine.begin() as conn:
            await conn.execute(Subscription.__table__.insert(), rows)
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def replica(api: FakeBotApi, url: str, name: str, env: dict[str, str]):
    """``main.py run --webhook`` in a process, its calls marked ``name``; waits until it is ready."""
    import aiohttp

    port = free_port()
    full = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "HEALTH_"))}
    full.update(
        env,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url_for(name),
        DATABASE_URL=url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=HOST,
        WEBHOOK_PORT=str(port),
        WEBHOOK_URL=f"http://{HOST}:{port}/telegram/hook",
    )
    log = open(Path(tempfile.gettempdir()) / f"rootwise-replica-{name}.log", "wb")  # noqa: SIM115 - closed below
    process = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", "run", "--webhook", cwd=ROOT, env=full, stdout=log, stderr=log
    )
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, process.pid, 0)  # the bot at normal priority (see main)
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(1200):  # a busy machine: up to 2 minutes
                if process.returncode is not None:
                    raise RuntimeError(f"replica {name} exited with {process.returncode}")
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"http://{HOST}:{port}/readyz") as r:
                        if r.status == 200:
                            break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"replica {name} never became ready")
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


def most_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, first = 0, 0
    for last, t in enumerate(times):
        while t - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


async def run(args) -> None:
    made = await postgres_database()
    if made is None:
        return
    url, drop = made
    callers: dict[int, str] = {}
    try:
        await _migrate(url)
        async with FakeBotApi(limits=Limits()) as api:
            record = api.state.record

            def tagged(*a, **kw):  # which replica made the call
                call = record(*a, **kw)
                callers[id(call)] = CALLER.get() or "?"
                return call

            api.state.record = tagged
            env = {
                "RATE_LIMIT": "true",
                "REDIS_URL": args.redis_url,
                "REMINDER_TICK_SECONDS": "1",
                "LOG_LEVEL": "WARNING",
                "FLOOD_LIMIT_PER_MINUTE": "1000",
            }
            async with contextlib.AsyncExitStack() as stack:
                for name in ("a", "b"):
                    await stack.enter_async_context(replica(api, url, name, env))
                due = dt.datetime.now(dt.UTC).replace(microsecond=0)
                await seed(url, args.reminders, args.groups, due)
                started = time.monotonic()
                deadline = started + args.reminders / 20 + 120
                while time.monotonic() < deadline:
                    if len({c.chat_id for c in api.delivered(method="sendPhoto")}) >= args.reminders:
                        break
                    await asyncio.sleep(0.5)
                await asyncio.sleep(3)  # anything sent twice would show now
            report(api, args, callers)
    finally:
        await drop()


async def _migrate(url: str) -> None:
    store = await Store.open(url)
    await store.close()


def report(api: FakeBotApi, args, callers: dict[int, str]) -> None:
    sends = [c for c in api.calls if c.method in ("sendPhoto", "sendMessage")]
    delivered = [c for c in sends if c not in api.rate_limited]
    photos = Counter(c.chat_id for c in delivered if c.method == "sendPhoto")
    expected = args.reminders
    times = [c.at for c in delivered]
    groups = {c.chat_id for c in delivered if c.chat_id < 0}
    per_group = max((most_in_window([c.at for c in delivered if c.chat_id == g], 60.0) for g in groups), default=0)
    span = max(times) - min(times) if len(times) > 1 else float("nan")
    rate = (len(times) - 1) / span if span else float("nan")
    by_replica = Counter(callers.get(id(c), "?") for c in delivered)
    budget = float(os.environ.get("BROADCAST_PER_SECOND", 28))
    print(f"{expected:,} reminders due at once ({args.groups} to groups), two replicas, one PostgreSQL, one Redis\n")
    print("| figure | value |")
    print("|---|---|")
    print(f"| reminders delivered | {len(photos):,} of {expected:,} |")
    print(f"| delivered twice | {sum(1 for n in photos.values() if n > 1)} |")
    print(
        f"| sends per reminder | {len(delivered) / max(len(photos), 1):.2f} (sendPhoto {sum(photos.values()):,}, "
        f"sendMessage {sum(1 for c in delivered if c.method == 'sendMessage')}) |"
    )
    print(f"| 429 answers | {len(api.rate_limited)} |")
    print(f"| most sends in any 1 s | {most_in_window(times, 1.0)} (limit 30) |")
    print(f"| most sends to one group in any 60 s | {per_group} (limit 20) |")
    print(f"| sends by replica | {', '.join(f'{k}: {v:,}' for k, v in sorted(by_replica.items()))} |")
    print(
        f"| rate, first to last send | {rate:.1f}/s over {span:.0f} s ({rate / budget:.0%} of the "
        f"{budget:g}/s budget, {rate / 30:.0%} of Telegram's 30/s) |"
    )


def main() -> None:
    # The fake Bot API stands for Telegram, whose clock does not stall: on a busy machine a stalled
    # event loop would take in sends in bunches and count a paced stream as a burst. When allowed
    # (root), this process (the fake) runs at a higher priority than the bots.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=3000)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
