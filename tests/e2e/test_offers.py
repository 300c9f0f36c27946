"""The two-weekly check-in offer for everyone with a reminder, without pressing anything: started by
the hourly job, sent by the reminder engine as one message with its buttons, stopped with one tap
and remembered as stopped; /stop and start bring it back with the reminders."""

from __future__ import annotations

import datetime as dt

from bot.context import Ctx
from bot.handlers.offers import hourly_tick
from tests.e2e.helpers import USER, Clock, ask, button_labelled, press, services_of, subscribe, visible_text
from tests.fake_bot_api import FakeBotApi


async def _days(bot, api: FakeBotApi, clock: Clock, days: range) -> list[int]:
    """Run the engine each day at 07:31 London; the days an offer came (each one message)."""
    offered = []
    for day in days:
        clock.now = dt.datetime(2026, 11, 26, 7, 31, tzinfo=dt.UTC) + dt.timedelta(days=day)
        before = len(api.sent(USER))
        await services_of(bot).engine.tick()
        await api.settle()
        offers = [c for c in api.sent(USER)[before:] if "two-weekly check-in" in visible_text(c.text)]
        if offers:
            (offer,) = offers  # one message, with both buttons
            assert offer.method == "sendMessage"
            assert [label for label, _ in offer.buttons()] == ["📝 Start the check-in", "Stop these offers"]
            offered.append(day)
    return offered


async def test_everyone_with_a_reminder_gets_the_offer_every_two_weeks(bot, api: FakeBotApi):
    clock = Clock()
    store = services_of(bot).store
    await store.privacy.give_consent(USER, clock.now)
    await subscribe(bot, clock)  # 07:30 Europe/London, daily; nothing pressed about offers
    await hourly_tick(Ctx(bot))
    assert await store.outcomes.offered(USER)
    await hourly_tick(Ctx(bot))  # started once, not twice
    data = await store.privacy.export_chat(USER)
    assert [s["programme_id"] for s in data["subscriptions"]].count("checkin-offer") == 1
    assert await _days(bot, api, clock, range(22)) == [7, 21]  # the first about a week on
    offer = visible_text([c for c in api.sent(USER) if "two-weekly check-in" in visible_text(c.text)][-1].text)
    assert "about five minutes" in offer  # 24 sentences and the ratings (clinical review B9)
    assert "see how your everyday activities change over time. It is not a diagnosis." in offer  # B8


async def test_stop_these_offers_is_remembered(bot, api: FakeBotApi):
    clock = Clock()
    store = services_of(bot).store
    await store.privacy.give_consent(USER, clock.now)
    await subscribe(bot, clock)
    await hourly_tick(Ctx(bot))
    assert await _days(bot, api, clock, range(8)) == [7]
    replies = await press(api, button_labelled(api.sent(USER), "Stop these offers"))
    assert "stopped" in visible_text(replies[-1].text)
    await hourly_tick(Ctx(bot))  # not started again: the person stopped it
    assert not await store.outcomes.offered(USER)
    assert await _days(bot, api, clock, range(8, 30)) == []


async def test_people_without_reminders_get_no_offer_and_stop_pauses_it(bot, api: FakeBotApi):
    clock = Clock()
    store = services_of(bot).store
    await store.privacy.give_consent(USER, clock.now)
    await hourly_tick(Ctx(bot))
    assert not await store.outcomes.offered(USER)  # no reminder, no offer
    await subscribe(bot, clock)
    await hourly_tick(Ctx(bot))
    await ask(api, "stop")  # pauses the reminders and the offer
    assert not await store.outcomes.offered(USER)
    await hourly_tick(Ctx(bot))
    assert not await store.outcomes.offered(USER)  # the reminders are paused: no offer either
    await ask(api, "start")
    await hourly_tick(Ctx(bot))
    assert await store.outcomes.offered(USER)  # back with the reminders


async def test_stop_these_offers_pressed_while_paused_is_remembered(bot, api: FakeBotApi):
    clock = Clock()
    store = services_of(bot).store
    await store.privacy.give_consent(USER, clock.now)
    await subscribe(bot, clock)
    await hourly_tick(Ctx(bot))
    assert await _days(bot, api, clock, range(8)) == [7]
    stop = button_labelled(api.sent(USER), "Stop these offers")
    await ask(api, "stop")  # pauses the reminders and the offer
    replies = await press(api, stop)  # then "Stop these offers" on the older offer
    assert "stopped" in visible_text(replies[-1].text)
    await ask(api, "start")  # the reminders come back, the offer does not
    await hourly_tick(Ctx(bot))
    assert not await store.outcomes.offered(USER)
