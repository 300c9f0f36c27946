"""Deleting one reminder "and its history" leaves nothing of that history, its ratings included."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from storage.care import RATING
from tests.helpers import BACKENDS, BEFORE, DUE, subscribe


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_deleting_a_reminder_deletes_its_ratings_and_keeps_the_others(store):
    sub = await subscribe(store)
    other = await subscribe(store, local_time=dt.time(19, 0))
    await store.history.record_adherence(sub.id, DUE.date(), "done")
    mine = await store.care.add_rating(1, sub.id, DUE.date(), 0, BEFORE)
    await store.care.rate(mine, 1, pain=6)
    kept = await store.care.add_rating(1, other.id, DUE.date(), 0, BEFORE)
    assert await store.reminders.delete(sub.id, chat_id=1)
    async with store.engine.connect() as conn:
        ids = set(await conn.scalars(select(RATING.c.id)))
        orphans = await conn.scalar(select(func.count()).select_from(RATING).where(RATING.c.subscription_id.is_(None)))
    assert ids == {kept} and orphans == 0
    assert await store.care.pain_series(1) == []
