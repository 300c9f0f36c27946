"""Cost of an idle reminder tick as stored subscriptions grow: 1,000 vs 1,000,000, none due.

Prints figures, asserts nothing. Targets: tick time at 1,000,000 at most twice that at 1,000;
RSS at most 50 MB above the empty database.

    python bench/reminders_tick.py                      # SQLite, then PostgreSQL if reachable
    python bench/reminders_tick.py --n 100000 --backend sqlite   # quicker

Rows are made inside the database (recursive CTE on SQLite, generate_series on PostgreSQL),
the fastest bulk insert either offers; their next due times are spread over the coming 23 h.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Boolean, bindparam, text
from sqlalchemy.engine import make_url

from scheduler.engine import ReminderEngine
from storage.models import UTCDateTime
from storage.store import Store

NOW = dt.datetime(2025, 1, 15, 7, 30, tzinfo=dt.UTC)
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
COLUMNS = "chat_id, programme_id, local_time, zone, next_due_utc, day, active, failures, created_at"


def rss_mb() -> float:
    """Resident set size of this process, in MB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def bulk_insert(store: Store, start: int, stop: int, first_due: dt.datetime, spread_seconds: int) -> None:
    """Insert subscriptions numbered start..stop-1, due from ``first_due`` over the spread."""
    if stop <= start:
        return
    async with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # The text formats SQLAlchemy's SQLite types read back (naive UTC, microseconds).
            await conn.execute(
                text(
                    "WITH RECURSIVE seq(x) AS (SELECT :start UNION ALL SELECT x + 1 FROM seq "
                    "WHERE x + 1 < :stop) "
                    f"INSERT INTO subscriptions ({COLUMNS}) "
                    "SELECT x, 'p', '07:30:00.000000', 'Europe/London', "
                    "strftime('%Y-%m-%d %H:%M:%S', :base, '+' || (x % :spread) || ' seconds') "
                    "|| '.000000', 0, 1, 0, :created FROM seq"
                ),
                {
                    "start": start,
                    "stop": stop,
                    "spread": spread_seconds,
                    "base": first_due.strftime("%Y-%m-%d %H:%M:%S"),
                    "created": NOW.strftime("%Y-%m-%d %H:%M:%S.%f"),
                },
            )
        else:
            await conn.execute(
                text(
                    f"INSERT INTO subscriptions ({COLUMNS}) "
                    "SELECT x, 'p', TIME '07:30', 'Europe/London', "
                    "CAST(:base AS timestamptz) + make_interval(secs => x % :spread), "
                    "0, true, 0, CAST(:base AS timestamptz) FROM generate_series(:start, :stop - 1) AS x"
                ),
                {"start": start, "stop": stop, "spread": spread_seconds, "base": first_due},
            )
    async with store.engine.begin() as conn:
        await conn.execute(text("ANALYZE subscriptions"))


async def postgres_database() -> tuple[str, object] | None:
    """A fresh PostgreSQL database and a function dropping it, or None if unreachable."""
    import asyncpg

    base = make_url(POSTGRES_URL)
    dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        print(f"PostgreSQL not reachable at {base}: {exc!r}; leg skipped")
        return None
    name = f"rootwise_bench_{uuid.uuid4().hex[:8]}"
    await conn.execute(f'CREATE DATABASE "{name}"')

    async def drop() -> None:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    return base.set(database=name).render_as_string(hide_password=False), drop


async def time_ticks(engine: ReminderEngine, ticks: int) -> float:
    """Median seconds per tick over ``ticks`` idle ticks (after a few warm-up ones)."""
    for _ in range(5):
        await engine.tick(NOW)
    times = []
    for _ in range(ticks):
        started = time.perf_counter()
        result = await engine.tick(NOW)
        times.append(time.perf_counter() - started)
        assert result.claimed == 0, "bench set-up error: something was due"
    return statistics.median(times)


async def run(label: str, url: str, n: int, small: int, ticks: int) -> None:
    store = await Store.open(url)
    try:

        async def send(reminder) -> None:  # never called: nothing is due
            raise AssertionError(reminder)

        engine = ReminderEngine(store, send, clock=lambda: NOW)
        t_empty = await time_ticks(engine, ticks)
        rss_empty = rss_mb()

        await bulk_insert(store, 0, small, NOW + dt.timedelta(minutes=1), 82_800)
        (sample,) = await store.reminders.list_subscriptions(5)  # the bulk rows read back as the ORM's
        assert sample.next_due_utc > NOW and sample.local_time == dt.time(7, 30), sample
        t_small = await time_ticks(engine, ticks)

        started = time.perf_counter()
        await bulk_insert(store, small, n, NOW + dt.timedelta(minutes=1), 82_800)
        insert_s = time.perf_counter() - started
        t_large = await time_ticks(engine, ticks)
        rss_large = rss_mb()
        plan = await claim_plan(store)
    finally:
        await store.close()
    print(f"\n== {label}: {n:,} subscriptions, none due; median of {ticks} idle ticks ==")
    print(f"bulk insert of {n - small:,} rows: {insert_s:.1f} s ({(n - small) / insert_s:,.0f}/s)")
    print(f"tick, empty db:        {t_empty * 1e3:8.3f} ms")
    print(f"tick, {small:>9,} rows: {t_small * 1e3:8.3f} ms")
    print(f"tick, {n:>9,} rows: {t_large * 1e3:8.3f} ms   ratio {t_large / t_small:.2f} (target <= 2)")
    print(
        f"RSS empty db {rss_empty:.1f} MB, after {n:,} rows {rss_large:.1f} MB: "
        f"+{rss_large - rss_empty:.1f} MB (target <= +50)"
    )
    print(f"claim plan: {plan}")


async def claim_plan(store: Store) -> str:
    """How the database finds due rows (should be the (active, next_due_utc) index)."""
    explain = "EXPLAIN QUERY PLAN" if store.engine.dialect.name == "sqlite" else "EXPLAIN"
    stmt = text(
        f"{explain} SELECT id FROM subscriptions WHERE active = :yes AND next_due_utc <= :now "
        "ORDER BY next_due_utc LIMIT 256"
    ).bindparams(bindparam("yes", type_=Boolean()), bindparam("now", type_=UTCDateTime()))
    async with store.engine.connect() as conn:
        rows = await conn.execute(stmt, {"yes": True, "now": NOW})
        return " | ".join(str(row[-1]).strip() for row in rows)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="stored subscriptions")
    parser.add_argument("--small", type=int, default=1_000, help="the small database's size")
    parser.add_argument("--ticks", type=int, default=300, help="idle ticks timed per size")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="all")
    args = parser.parse_args()
    if args.backend in ("sqlite", "all"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.db"
            await run("SQLite (WAL)", url, args.n, args.small, args.ticks)
    if args.backend in ("postgres", "all"):
        database = await postgres_database()
        if database:
            url, drop = database
            try:
                await run("PostgreSQL", url, args.n, args.small, args.ticks)
            finally:
                await drop()


if __name__ == "__main__":
    asyncio.run(main())
