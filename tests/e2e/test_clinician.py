"""Alerts to the prescribing clinician end to end: nothing without the patient's consent; with it,
a message naming the patient as they chose and a Summary button that works only while the consent
stands; the patient stops it in /privacy."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.e2e.helpers import (
    USER,
    Clock,
    answer_sentences,
    ask,
    button_labelled,
    press,
    press_scale,
    services_of,
    visible_text,
)
from tests.e2e.helpers_outcomes import CLINICIAN as PRESCRIBER
from tests.e2e.helpers_outcomes import prescribed


@pytest.fixture
def clock(bot) -> Clock:
    clock = Clock()
    services_of(bot).engine.clock = clock
    return clock


async def _checkin(api, yes: int, leg: int, back: int):
    replies = await ask(api, "/checkin")
    replies = await answer_sentences(api, replies, "y" * yes + "n" * (24 - yes))
    replies = await press_scale(api, replies, leg)
    return await press_scale(api, replies, back)


async def test_no_alert_without_consent_then_alerts_with_it_until_stopped(bot, api, clock: Clock):
    pypdf = pytest.importorskip("pypdf")
    await prescribed(bot, api, clock)
    clock.now += dt.timedelta(days=14)
    replies = await _checkin(api, yes=4, leg=6, back=5)  # 12 -> 4: a change that matters
    assert "12 → 4. That is a change that matters" in visible_text(replies[0].text)
    assert api.sent(PRESCRIBER) == []  # no consent: nothing reaches the clinician

    replies = await ask(api, "/privacy")
    choice = replies[-1]
    assert "Sam, physio" in visible_text(choice.text) and "separate from sharing counts" in visible_text(choice.text)
    replies = await press(api, button_labelled([choice], "Yes, let them know"))
    assert "What name should Sam, physio see?" in visible_text(replies[-1].text)
    replies = await ask(api, "Alex B")
    assert "“Alex B”" in visible_text(replies[-1].text)

    clock.now += dt.timedelta(days=14)
    await _checkin(api, yes=3, leg=2, back=5)
    (alert,) = api.sent(PRESCRIBER)
    text = visible_text(alert.text)
    assert text.startswith("🔔 Alex B (your patient, ")
    assert "RMDQ 12 → 3, better" in text and "leg pain 6 → 2, better" in text
    summary = button_labelled([alert], "Summary")
    await press(api, summary, chat_id=USER)  # the patient cannot open it: it is the prescriber's
    assert not [c for c in api.sent(USER) if c.method == "sendDocument"]
    replies = await press(api, summary, chat_id=PRESCRIBER)
    (doc,) = [c for c in replies if c.method == "sendDocument"]
    assert "Summary for Alex B" in doc.text
    page = pypdf.PdfReader(io.BytesIO(api.state.files["document"])).pages[0].extract_text()
    assert "RMDQ 3/24" in " ".join(page.split())

    replies = await ask(api, "/privacy")
    replies = await press(api, button_labelled(replies[-1:], "Stop alerts"))
    assert "no more messages" in visible_text(replies[-1].text)
    replies = await press(api, summary, chat_id=PRESCRIBER)
    assert "no longer shares" in visible_text(replies[-1].text)
    before = len(api.sent(PRESCRIBER))
    clock.now += dt.timedelta(days=14)
    replies = await _checkin(api, yes=12, leg=2, back=9)  # back pain 5 -> 9: worse, a change that matters
    assert "worse by a change that matters" in visible_text(replies[0].text)
    assert len(api.sent(PRESCRIBER)) == before  # stopped: no new alert


async def test_forget_removes_the_consent(bot, api, clock: Clock):
    prescription = await prescribed(bot, api, clock)
    store = services_of(bot).store
    assert await store.outcomes.allow_alerts(USER, prescription, "Alex", clock.now)
    assert (await store.privacy.export_chat(USER))["clinician_alerts"]
    await ask(api, "/forget")
    await press(api, "v1|forget")
    assert not (await store.privacy.export_chat(USER))["clinician_alerts"]
    assert await store.outcomes.prescribers(USER) == []


async def test_the_worsening_alert_reaches_the_prescriber_who_was_allowed(bot, api, clock: Clock):
    from bot import keyboards

    prescription = await prescribed(bot, api, clock)
    store = services_of(bot).store
    (sub,) = await store.reminders.list_subscriptions(USER)
    rating = await store.care.add_rating(USER, sub.id, clock.now.date(), 0, clock.now)
    await press(api, keyboards.data("pf", str(rating), "further"))
    assert api.sent(PRESCRIBER) == []  # not allowed yet
    assert [a.level for a in await store.outcomes.alerts(USER)] == ["worsening"]  # on the patient's /report

    await store.outcomes.allow_alerts(USER, prescription, "Alex", clock.now)
    rating = await store.care.add_rating(USER, sub.id, clock.now.date(), 0, clock.now)
    replies = await press(api, keyboards.data("pf", str(rating), "further"))
    assert "⚠️" in replies[0].text  # the patient's own warning first
    (alert,) = api.sent(PRESCRIBER)
    assert "Alex (your patient" in visible_text(alert.text) and "worsening alert fired" in visible_text(alert.text)


async def test_prescriptions_lists_only_the_patients_who_said_yes(bot, api, clock: Clock):
    prescription = await prescribed(bot, api, clock)
    store = services_of(bot).store
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    assert not any("chose to let you hear" in visible_text(c.text) for c in replies)  # no one said yes
    await store.outcomes.allow_alerts(USER, prescription, "Alex B", clock.now)
    replies = await ask(api, "/prescriptions", chat_id=PRESCRIBER)
    listing = replies[-1]
    assert "chose to let you hear" in visible_text(listing.text) and "• Alex B" in visible_text(listing.text)
    replies = await press(api, button_labelled([listing], "Alex B"), chat_id=PRESCRIBER)
    assert [c for c in replies if c.method == "sendDocument"]


async def test_three_missed_days_are_told_once_per_streak(bot, api, clock: Clock):
    from bot.context import Ctx
    from bot.handlers.clinician import missed_days_tick

    prescription = await prescribed(bot, api, clock)
    services = services_of(bot)
    store = services.store
    (sub,) = await store.reminders.list_subscriptions(USER)

    async def day(n: int, hour: int = 7, minute: int = 31) -> list:
        clock.now = dt.datetime(2026, 11, 26, hour, minute, tzinfo=dt.UTC) + dt.timedelta(days=n)
        await services.engine.tick()
        before = len(api.sent(PRESCRIBER))
        await missed_days_tick(Ctx(bot))
        await api.settle()
        return api.sent(PRESCRIBER)[before:]

    assert await day(0) == [] and await day(1) == [] and await day(2) == []
    assert await day(3) == []  # three days missed, but the patient has not said yes
    await store.outcomes.allow_alerts(USER, prescription, "Alex", clock.now)
    (told,) = await day(3, 9)
    assert "Alex (your patient" in visible_text(told.text) and "three days in a row" in visible_text(told.text)
    assert await day(4) == []  # the same streak is told once
    await store.history.record_adherence(sub.id, clock.now.date(), "done")  # a day done ends the streak
    assert await day(5) == [] and await day(6) == [] and await day(7) == []
    (again,) = await day(8)  # three more days with nothing done: told again
    assert "three days in a row" in visible_text(again.text)
