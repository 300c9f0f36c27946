"""Two taps on Start make one reminder: the database decides, not a lock in one process."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from storage.reminders import AlreadyStarted
from tests.helpers import BACKENDS, BEFORE

PATIENT = 42


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_concurrent_starts_of_one_prescription_make_one_reminder(store):
    _, info = await store.prescriptions.create_prescription(7, "sciatica", 0, dt.time(8, 0), "Sam", BEFORE, 30)
    assert await store.prescriptions.open_prescription(info.id, PATIENT, BEFORE)

    async def start():
        return await store.reminders.add_subscription(
            PATIENT, "sciatica", dt.time(8, 0), "Europe/London", BEFORE, prescription=(info.id, None)
        )

    results = await asyncio.gather(*(start() for _ in range(4)), return_exceptions=True)
    started = [r for r in results if not isinstance(r, BaseException)]
    assert len(started) == 1, results
    assert all(isinstance(r, AlreadyStarted) for r in results if r not in started)
    assert [s.id for s in await store.reminders.list_subscriptions(PATIENT)] == [started[0].id]
    assert (await store.prescriptions.patient_link(info.id, PATIENT)).subscription_id == started[0].id

    # once that reminder is deleted, the prescription can be started again
    await store.reminders.delete(started[0].id)
    again = await store.reminders.add_subscription(
        PATIENT, "sciatica", dt.time(8, 0), "Europe/London", BEFORE, prescription=(info.id, None)
    )
    assert (await store.prescriptions.patient_link(info.id, PATIENT)).subscription_id == again.id
