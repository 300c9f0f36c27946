"""Fan-out: 100,000 reminders due in one minute, engine tick vs a bare loop, same send.

Prints deliveries per second for both and their ratio (target >= 0.9 once the real Telegram
send is wired in). The send here is ``await asyncio.sleep(latency)`` (default 0: a no-op, so
the figure is the engine's own cost); ``--latency 0.02`` imitates a 20 ms Bot API call.

    python bench/reminders_fanout.py                          # SQLite, then PostgreSQL
    python bench/reminders_fanout.py --n 20000 --backend sqlite --latency 0.02
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reminders_tick import NOW, bulk_insert, postgres_database, rss_mb

from scheduler.engine import DueReminder, ReminderEngine
from storage.store import Store


def make_send(latency: float):
    count = 0

    async def send(reminder: DueReminder) -> None:
        nonlocal count
        await asyncio.sleep(latency)
        count += 1

    return send, lambda: count


async def bare_loop(n: int, concurrency: int, latency: float) -> float:
    """Seconds for ``concurrency`` workers to call the same send for n ready-made reminders."""
    reminders = iter([DueReminder(i, 1000 + i, "p", 0, NOW) for i in range(n)])
    send, sent = make_send(latency)

    async def worker() -> None:
        for reminder in reminders:
            await send(reminder)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    assert sent() == n
    return elapsed


async def engine_tick(url: str, n: int, concurrency: int, batch_size: int, latency: float) -> tuple[float, object]:
    store = await Store.open(url)
    try:
        await bulk_insert(store, 0, n, NOW - dt.timedelta(seconds=60), 60)  # due in one minute
        send, sent = make_send(latency)
        engine = ReminderEngine(store, send, clock=lambda: NOW, concurrency=concurrency, batch_size=batch_size)
        started = time.perf_counter()
        result = await engine.tick(NOW)
        elapsed = time.perf_counter() - started
        assert result.sent == sent() == n, result
        assert (await engine.tick(NOW)).claimed == 0
        return elapsed, result
    finally:
        await store.close()


async def run(label: str, url: str, args) -> None:
    rss_before = rss_mb()
    engine_s, result = await engine_tick(url, args.n, args.concurrency, args.batch_size, args.latency)
    rss_after = rss_mb()
    bare_s = await bare_loop(args.n, args.concurrency, args.latency)
    engine_rate, bare_rate = args.n / engine_s, args.n / bare_s
    print(
        f"\n== {label}: {args.n:,} due, concurrency {args.concurrency}, batch "
        f"{args.batch_size}, send = sleep({args.latency}) =="
    )
    print(f"engine tick: {engine_s:7.2f} s  {engine_rate:10,.0f} deliveries/s  ({result})")
    print(f"bare loop:   {bare_s:7.2f} s  {bare_rate:10,.0f} deliveries/s")
    print(f"ratio engine/bare: {engine_rate / bare_rate:.3f} (target >= 0.9 with the real send)")
    print(f"RSS {rss_before:.1f} MB before the tick, {rss_after:.1f} MB after")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="reminders due")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each send takes")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="all")
    args = parser.parse_args()
    if args.backend in ("sqlite", "all"):
        with tempfile.TemporaryDirectory() as folder:
            await run("SQLite (WAL)", f"sqlite+aiosqlite:///{folder}/bench.db", args)
    if args.backend in ("postgres", "all"):
        database = await postgres_database()
        if database:
            url, drop = database
            try:
                await run("PostgreSQL", url, args)
            finally:
                await drop()


if __name__ == "__main__":
    asyncio.run(main())
