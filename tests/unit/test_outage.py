"""scheduler.outage.OutageWatch: several chats failing bot-wide is an outage; one success ends it."""

from __future__ import annotations

import datetime as dt
import logging

from scheduler.outage import OutageWatch

T = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)


def test_three_chats_failing_in_a_row_are_an_outage_and_a_success_ends_it_with_one_error(caplog):
    caplog.set_level(logging.INFO)
    watch = OutageWatch()
    assert not watch.failed(1, T) and not watch.failed(1, T + S)  # one chat, again: not yet
    assert not watch.failed(2, T + 2 * S)
    assert watch.failed(3, T + 3 * S) and watch.active
    assert watch.failed(4, T + 4 * S)
    watch.held.update({10, 11})
    assert watch.succeeded(T + 10 * 60 * S) == dt.timedelta(minutes=10)
    assert not watch.active
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "10 min 0 s" in errors[0] and "the 2 reminders" in errors[0]
    assert watch.succeeded(T + 11 * 60 * S) is None  # nothing more to report


def test_a_success_between_failures_starts_the_count_again():
    watch = OutageWatch()
    watch.failed(1, T)
    watch.failed(2, T + S)
    assert watch.succeeded(T + 2 * S) is None
    assert not watch.failed(3, T + 3 * S) and not watch.active


def test_failures_going_on_for_a_minute_are_an_outage_even_in_one_chat():
    watch = OutageWatch()
    assert not watch.failed(1, T)
    assert not watch.failed(1, T + 30 * S)
    assert watch.failed(1, T + 60 * S)


def test_two_failures_hours_apart_are_not_one_outage():
    watch = OutageWatch()
    watch.failed(1, T)
    assert not watch.failed(2, T + dt.timedelta(hours=3)) and not watch.active
