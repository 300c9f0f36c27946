"""A stored zone this process cannot resolve never makes a reminder go out again every lease."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.times import schedulable_zone
from tests.helpers import BACKENDS, DUE, FakeSend, add_many, make_engine


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_a_reminder_in_an_unknown_zone_is_sent_once_and_recorded(store):
    (sub_id,) = await add_many(store, 1, DUE, zone="Mars/Olympus_Mons")  # written by another tzdata
    send = FakeSend()
    for minutes in (0, 11, 30, 90):  # past the lease, more than once
        await make_engine(store, send, now=DUE + dt.timedelta(minutes=minutes)).tick()
    assert len(send.calls) == 1
    assert await store.history.deliveries(sub_id) == [(DUE, "sent")]
    (sub,) = await store.reminders.list_subscriptions(1000)
    assert sub.next_due_utc == DUE + dt.timedelta(days=1)  # 07:30 UTC tomorrow


def test_an_unknown_zone_is_scheduled_in_utc_and_logged(caplog):
    assert schedulable_zone("Mars/Tharsis") == "Etc/UTC"
    assert "Mars/Tharsis" in caplog.text
    assert schedulable_zone("Europe/London") == "Europe/London"
