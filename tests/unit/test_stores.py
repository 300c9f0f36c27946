"""The store is small stores over one engine; what other layers read through their ports."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.capacity import load_day, utc_minute
from storage.db import StorePart
from tests.helpers import BACKENDS, BEFORE, LONDON, subscribe


def parts(store) -> dict[str, StorePart]:
    return {name: value for name, value in vars(store).items() if isinstance(value, StorePart)}


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_every_store_shares_the_one_engine(store):
    found = parts(store)
    assert {
        "chats",
        "privacy",
        "reminders",
        "history",
        "claims",
        "care",
        "community",
        "prescriptions",
        "flows",
        "presses",
    } <= set(found)
    assert all(part.engine is store.engine for part in found.values())


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_active_times_counts_active_reminders_by_local_time_and_zone(store):
    seven = dt.time(7, 30)
    await subscribe(store, chat_id=1, local_time=seven)
    await subscribe(store, chat_id=2, local_time=seven)
    await subscribe(store, chat_id=3, local_time=seven, zone="Asia/Kolkata")
    paused = await subscribe(store, chat_id=4, local_time=dt.time(9, 0))
    assert await store.reminders.pause(paused.id)
    times = await store.reminders.active_times()
    assert sorted(times) == sorted([(seven, LONDON, 2), (seven, "Asia/Kolkata", 1)])
    # scheduler.capacity reads them through the port, each at its UTC minute of the day
    day = BEFORE.date()
    counts, _ = await load_day(store.reminders, day)
    assert counts == {utc_minute(seven, LONDON, day): 2, utc_minute(seven, "Asia/Kolkata", day): 1}


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_a_chats_snapshot_is_its_consent_language_and_topic(store):
    import datetime as dt

    from storage.chats import ChatSnapshot

    assert await store.chats.snapshot(42) == ChatSnapshot(None, None, None)
    agreed = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    await store.privacy.give_consent(42, agreed)
    await store.chats.set_language(42, "es")
    await store.chats.set_topic(42, "sciatica")
    snapshot = await store.chats.snapshot(42)
    assert snapshot == ChatSnapshot(agreed, "es", "sciatica")
    assert snapshot.agreed_at == await store.privacy.consent_given(42)  # read as SQLAlchemy reads it
    assert await store.chats.snapshot(43) == ChatSnapshot(None, None, None)  # only that chat's
