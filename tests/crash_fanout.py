"""Run one engine tick with a slow fake send that appends each delivered id to a file.

Used by tests/unit/test_engine.py, which SIGKILLs this process in the middle of the fan-out:
    python tests/crash_fanout.py URL NOW_ISO OUT_FILE CONCURRENCY DELAY_SECONDS
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scheduler.engine import DueReminder, ReminderEngine
from storage.store import Store


async def main(url: str, now_iso: str, out: str, concurrency: int, delay: float) -> None:
    now = dt.datetime.fromisoformat(now_iso)
    fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    async def send(reminder: DueReminder) -> None:
        await asyncio.sleep(delay)
        # One write per line with O_APPEND: a kill cannot leave half a line.
        os.write(fd, f"{reminder.subscription_id}\n".encode())

    store = await Store.open(url)
    try:
        engine = ReminderEngine(
            store, send, clock=lambda: now, concurrency=concurrency, batch_size=16, owner="crashing"
        )
        await engine.tick(now)
    finally:
        await store.close()
        os.close(fd)


if __name__ == "__main__":
    url, now_iso, out, concurrency, delay = sys.argv[1:6]
    asyncio.run(main(url, now_iso, out, int(concurrency), float(delay)))
