"""``python main.py capacity``: the busiest minutes read from the database, with their lateness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.e2e.helpers_process import run_main

DAY = dt.date(2026, 1, 15)  # winter: 08:00 London and 09:00 Berlin are both 08:00 UTC


async def add(store, rows: list[tuple[int, dt.time, str]]) -> None:
    from storage.models import Subscription

    due = dt.datetime(2026, 1, 14, tzinfo=dt.UTC)
    values = [
        {
            "chat_id": 1000 + i,
            "programme_id": "p",
            "local_time": at,
            "zone": zone,
            "next_due_utc": due,
            "day": 0,
            "active": True,
            "failures": 0,
            "created_at": due,
        }
        for i, (n, at, zone) in enumerate(r for r in rows for _ in range(r[0]))
    ]
    async with store.engine.begin() as conn:
        await conn.execute(Subscription.__table__.insert(), values)


async def test_capacity_prints_the_busiest_minutes_and_how_late_they_go_out(tmp_path: Path):
    from storage.store import Store

    url = f"sqlite+aiosqlite:///{tmp_path}/c.db"
    store = await Store.open(url)
    try:
        await add(
            store,
            [
                (2900, dt.time(8, 0), "Europe/London"),
                (100, dt.time(9, 0), "Europe/Berlin"),
                (50, dt.time(19, 30), "Europe/London"),
            ],
        )
    finally:
        await store.close()
    code, out, _ = await run_main(
        "capacity", "--date", DAY.isoformat(), "--top", "2", env={"DATABASE_URL": url, "BROADCAST_PER_SECOND": "10"}
    )
    assert code == 0, out
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| UTC")]
    assert rows[0].startswith("| 08:00 | 3,000 | 5 min |")  # 3,000 at 10 a second: the last after 300 s
    assert "08:00 Europe/London: 2,900" in rows[0] and "09:00 Europe/Berlin: 100" in rows[0]
    assert rows[1].startswith("| 19:30 | 50 | 5 s |")
    assert "1 minute(s) of the day" in out  # only 08:00 sends its last one more than a minute late
