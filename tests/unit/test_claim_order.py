"""The claim takes the oldest due reminders first across claims, not only within one (by their real
due time, a handed-back reminder's included), and at one instant each zone in turn; on both
databases, through both claim paths (storage.claims), and as the engine sends them."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.engine import ReminderEngine
from storage.models import Subscription

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
pytestmark = pytest.mark.parametrize("store", BACKENDS, indirect=True)

UTC = dt.UTC
NOW = dt.datetime(2025, 1, 15, 8, 0, tzinfo=UTC)
LEASE = NOW + dt.timedelta(minutes=10)
S = Subscription.__table__
LONDON, BERLIN, NEW_YORK = "Europe/London", "Europe/Berlin", "America/New_York"


def row(sid: int, zone: str, due: dt.datetime, **extra) -> dict:
    return {
        "id": sid,
        "chat_id": 5000 + sid,
        "programme_id": "p",
        "local_time": dt.time(8, 0),
        "zone": zone,
        "next_due_utc": due,
        "day": 0,
        "active": True,
        "failures": 0,
        "skip_weekdays": 0,
        "claimed_due_utc": None,
        "created_at": NOW - dt.timedelta(days=1),
        **extra,
    }


async def backlog(store) -> list[set[int]]:
    """A backlog in three zones; the sets of ids each claim of three must take, in order."""
    rows = [
        *(row(sid, LONDON, NOW) for sid in (1, 2, 3, 4)),  # due now, London first by id
        *(row(sid, BERLIN, NOW) for sid in (5, 6)),
        *(row(sid, NEW_YORK, NOW - dt.timedelta(minutes=5)) for sid in (7, 8)),
        row(12, LONDON, NOW - dt.timedelta(minutes=2)),
        # Claimed at 07:50 and handed back: due again a minute ago, but the oldest due of all.
        row(9, BERLIN, NOW - dt.timedelta(minutes=1), claimed_due_utc=NOW - dt.timedelta(minutes=10)),
        row(10, LONDON, NOW + dt.timedelta(minutes=1)),  # not due yet
        row(11, LONDON, NOW - dt.timedelta(hours=1), active=False),  # paused
    ]
    async with store.engine.begin() as conn:
        await conn.execute(S.insert(), rows)
    # Oldest first (by next_due_utc alone: 7, 8, 12, 9); at 08:00 Berlin and London in turn.
    return [{9, 7, 8}, {12, 5, 1}, {6, 2, 3}, {4}]


@pytest.mark.parametrize("path", ["store", "session"])
async def test_each_claim_takes_the_oldest_due_and_zones_in_turn(store, path):
    expected = await backlog(store)
    async with store.claims.claim_session() as session:
        claimer = session if path == "session" else store.claims
        batches = [await claimer.claim_due(NOW, limit=3, owner="x", lease_until=LEASE) for _ in range(5)]
    assert [{c.subscription_id for c in batch} for batch in batches] == [*expected, set()]
    handed_back = next(c for c in batches[0] if c.subscription_id == 9)
    assert handed_back.due_utc == NOW - dt.timedelta(minutes=10)  # its real due time


async def test_the_engine_sends_a_backlog_oldest_first_each_once(store):
    expected = await backlog(store)
    sent: list[int] = []

    async def send(reminder) -> None:
        sent.append(reminder.subscription_id)

    engine = ReminderEngine(store, send, clock=lambda: NOW, batch_size=3, concurrency=1)
    result = await engine.tick(NOW)
    assert result.sent == 10 and sorted(sent) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 12]
    assert [set(sent[i : i + 3]) for i in range(0, 10, 3)] == expected
    assert sent[0] == 9  # due ten minutes ago: first
