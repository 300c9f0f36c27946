"""The fan-out's fast paths: the tick's claim session and the group commit, on both backends.

The claim session (storage.claims.ClaimSession) claims and records through the database driver;
these tests hold it to the same rows as the general path (ClaimStore.claim_due / finish).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random

import pytest
from sqlalchemy import select

from scheduler.engine import DueReminder, ReminderEngine
from scheduler.ports import Outcome
from storage.models import Delivery, Subscription

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
pytestmark = pytest.mark.parametrize("store", BACKENDS, indirect=True)

UTC = dt.UTC
DUE = dt.datetime(2025, 1, 15, 7, 30, tzinfo=UTC)
LEASE = DUE + dt.timedelta(minutes=10)
S = Subscription.__table__
D = Delivery.__table__


async def add(store, count: int, *, first_id: int = 1) -> list[int]:
    """``count`` due subscriptions with varied due times, zones, times and quiet days."""
    zones = ["Europe/London", "America/New_York", "Asia/Kolkata"]
    rows = [
        {
            "id": first_id + i,
            "chat_id": 1000 + i,
            "programme_id": "p",
            "local_time": dt.time(7, 30, 15 * (i % 4)),
            "zone": zones[i % 3],
            "next_due_utc": DUE - dt.timedelta(seconds=i, microseconds=7 * i),
            "day": i % 5,
            "active": True,
            "failures": i % 2,
            "skip_weekdays": (0, 0b1000000, 0b11)[i % 3],
            "created_at": DUE,
        }
        for i in range(count)
    ]
    async with store.engine.begin() as conn:
        await conn.execute(S.insert(), rows)
    return [r["id"] for r in rows]


async def rows(store, ids: list[int]) -> list[dict]:
    """Each subscription's row and deliveries, without its id (to compare two halves)."""
    out = []
    async with store.engine.connect() as conn:
        for sid in ids:
            sub = (await conn.execute(select(S).where(S.c.id == sid))).mappings().one()
            logged = (
                await conn.execute(select(D.c.due_utc, D.c.sent_at, D.c.status).where(D.c.subscription_id == sid))
            ).all()
            out.append(
                {
                    **{k: v for k, v in sub.items() if k not in ("id", "chat_id")},
                    "deliveries": [tuple(r) for r in logged],
                }
            )
    return out


def sent(claim, at: dt.datetime) -> Outcome:
    return Outcome("sent", claim.subscription_id, claim.due_utc, at, claim.due_utc + dt.timedelta(days=1))


# -- the claim session against the general path ---------------------------------------------


async def test_session_claims_and_records_the_same_rows_as_the_general_path(store):
    ids = await add(store, 12)
    async with store.claims.claim_session() as session:
        # Claims alternate between the two paths; each takes the earliest due rows.
        fast, general = [], []
        for _ in range(3):
            fast += await session.claim_due(DUE, limit=2, owner="x", lease_until=LEASE)
            general += await store.claims.claim_due(DUE, limit=2, owner="x", lease_until=LEASE)
        assert fast and general
        for claim in fast + general:
            assert claim.due_utc.tzinfo is not None and claim.due_utc.utcoffset() == dt.timedelta(0)
            assert isinstance(claim.local_time, dt.time)
        # One record per path, same values: the rows must come out alike.
        at = DUE + dt.timedelta(seconds=3, microseconds=123456)
        await session.finish([sent(c, at) for c in fast])
        await store.claims.finish([sent(c, at) for c in general])
    assert len({c.subscription_id for c in fast + general}) == 12 == len(ids)
    fast_rows = await rows(store, [c.subscription_id for c in fast])
    general_rows = await rows(store, [c.subscription_id for c in general])
    for claim, row in zip(fast + general, fast_rows + general_rows, strict=True):
        assert row["claimed_due_utc"] is None and row["lease_owner"] is None
        assert row["next_due_utc"] == claim.due_utc + dt.timedelta(days=1)
        assert row["failures"] == 0
        assert row["deliveries"] == [(claim.due_utc, at, "sent")]
    assert [r["day"] - c.day for r, c in zip(fast_rows + general_rows, fast + general, strict=True)] == [1] * 12
    assert {k for r in fast_rows for k in r} == {k for r in general_rows for k in r}


async def test_session_claims_what_claim_due_would(store):
    await add(store, 9)
    async with store.claims.claim_session() as session:
        through_session = await session.claim_due(DUE, limit=9, owner="x", lease_until=LEASE)
    async with store.engine.begin() as conn:  # hand them back, as a lease that ended
        await conn.execute(S.update().values(next_due_utc=S.c.claimed_due_utc, lease_owner=None))
    through_store = await store.claims.claim_due(DUE, limit=9, owner="x", lease_until=LEASE)
    assert through_session == through_store
    assert [c.due_utc for c in through_session] == sorted(c.due_utc for c in through_session)


async def test_session_records_twice_without_effect_and_drops_deleted_subscriptions(store):
    ids = await add(store, 3)
    async with store.claims.claim_session() as session:
        claims = await session.claim_due(DUE, limit=3, owner="x", lease_until=LEASE)
        assert await store.reminders.delete(ids[1])
        outcomes = [sent(c, DUE) for c in claims]
        await session.finish(outcomes)  # meets the deleted one: recorded one by one
        await session.finish(outcomes)  # recorded already: nothing changes
    kept = [c for c in claims if c.subscription_id != ids[1]]
    after = await rows(store, [c.subscription_id for c in kept])
    assert [r["day"] for r in after] == [c.day + 1 for c in kept]
    assert all(len(r["deliveries"]) == 1 for r in after)
    assert await store.reminders.get_subscription(ids[1]) is None


async def test_session_mixed_outcomes_take_the_general_path(store):
    await add(store, 2)
    async with store.claims.claim_session() as session:
        first, second = await session.claim_due(DUE, limit=2, owner="x", lease_until=LEASE)
        (before,) = await rows(store, [second.subscription_id])
        await session.finish(
            [
                sent(first, DUE),
                Outcome("retry", second.subscription_id, second.due_utc, DUE, DUE + dt.timedelta(minutes=1)),
            ]
        )
    one, two = await rows(store, [first.subscription_id, second.subscription_id])
    assert one["day"] == first.day + 1 and one["deliveries"] == [(first.due_utc, DUE, "sent")]
    assert two["day"] == second.day and two["deliveries"] == []
    assert two["claimed_due_utc"] == second.due_utc and two["failures"] == before["failures"] + 1
    assert two["next_due_utc"] == DUE + dt.timedelta(minutes=1)


async def test_session_goes_through_the_store_after_a_database_error(store):
    await add(store, 2)
    async with store.claims.claim_session() as session:
        first, second = await session.claim_due(DUE, limit=2, owner="x", lease_until=LEASE)

        async def broken(outcomes):
            raise ConnectionError("connection lost")

        session._sent = broken
        with pytest.raises(ConnectionError):
            await session.finish([sent(first, DUE)])
        await session.finish([sent(first, DUE), sent(second, DUE)])  # through the store now
        assert await session.claim_due(DUE, limit=5, owner="x", lease_until=LEASE) == []
    after = await rows(store, [first.subscription_id, second.subscription_id])
    assert [r["day"] for r in after] == [first.day + 1, second.day + 1]


# -- the group commit -----------------------------------------------------------------------


def spy_on_commits(store, monkeypatch) -> list[list[int]]:
    """The subscription ids of each group the engine commits during a tick."""
    commits: list[list[int]] = []
    opener = store.claims.claim_session

    def claim_session():
        manager = opener()

        class Spy:
            async def __aenter__(self):
                session = await manager.__aenter__()
                finish = session.finish

                async def spied(outcomes):
                    await finish(outcomes)
                    commits.append([o.subscription_id for o in outcomes])

                session.finish = spied
                return session

            async def __aexit__(self, *exc):
                return await manager.__aexit__(*exc)

        return Spy()

    monkeypatch.setattr(store.claims, "claim_session", claim_session)
    return commits


@pytest.mark.parametrize("lanes", [1, 2, 4])
async def test_reminders_finishing_together_are_recorded_in_one_commit_per_lane(store, monkeypatch, lanes):
    ids = await add(store, 8)
    commits = spy_on_commits(store, monkeypatch)

    async def send(reminder: DueReminder) -> None:
        await asyncio.sleep(0.01 + reminder.subscription_id % 3 * 0.005)

    engine = ReminderEngine(store, send, clock=lambda: DUE, concurrency=8, gather=5.0, lanes=lanes)
    result = await engine.tick(DUE)
    assert result.sent == 8
    # Worker i is in lane i % lanes and takes the i-th reminder: one commit per lane, not one for
    # the first to finish and one for the rest.
    assert sorted(sorted(c) for c in commits) == sorted(ids[lane::lanes] for lane in range(lanes))


async def test_lanes_are_the_stores_choice_within_the_concurrency(store):
    async def send(reminder: DueReminder) -> None:
        return None

    assert store.claims.record_lanes == (1 if store.engine.dialect.name == "sqlite" else 2)
    assert ReminderEngine(store, send, concurrency=8).lanes == store.claims.record_lanes
    assert ReminderEngine(store, send, concurrency=3).lanes == 1  # a lane has at least 4 workers
    with pytest.raises(ValueError):
        ReminderEngine(store, send, concurrency=2, lanes=3)


async def test_a_slow_send_does_not_hold_up_the_others_records(store, monkeypatch):
    ids = await add(store, 3)
    commits = spy_on_commits(store, monkeypatch)
    recorded = asyncio.Event()

    async def send(reminder: DueReminder) -> None:
        if reminder.subscription_id == ids[0]:
            # Still sending while the other two finish: they are committed without it.
            await asyncio.wait_for(recorded.wait(), 5)

    async def watch():
        while sum(map(len, commits)) < 2:
            await asyncio.sleep(0.005)
        recorded.set()

    engine = ReminderEngine(store, send, clock=lambda: DUE, concurrency=3, gather=0.02)
    watcher = asyncio.create_task(watch())
    result = await engine.tick(DUE)
    await watcher
    assert result.sent == 3
    assert sorted(commits[0] + (commits[1] if len(commits) == 3 else [])) == sorted(ids[1:])
    assert commits[-1] == [ids[0]]


@pytest.mark.parametrize(("gather", "lanes"), [(0.0, 1), (0.002, 1), (1.0, 1), (0.002, 2), (1.0, 2), (0.0, 4)])
async def test_no_send_starts_while_concurrency_sends_are_unrecorded(store, monkeypatch, gather, lanes):
    """The crash bound: sends started and not yet recorded never exceed the concurrency."""
    await add(store, 60)
    commits = spy_on_commits(store, monkeypatch)
    started: list[int] = []
    rng = random.Random(4)
    concurrency = 4

    async def send(reminder: DueReminder) -> None:
        unrecorded = len(started) - sum(map(len, commits))
        assert unrecorded < concurrency, (len(started), commits)
        started.append(reminder.subscription_id)
        await asyncio.sleep(rng.choice([0, 0, 0.001, 0.003]))

    engine = ReminderEngine(
        store, send, clock=lambda: DUE, concurrency=concurrency, batch_size=7, gather=gather, lanes=lanes
    )
    result = await engine.tick(DUE)
    assert result.sent == 60 and sorted(started) == sorted(set(started))
