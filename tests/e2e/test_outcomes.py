"""The function check-in end to end: /checkin through the fake Bot API, resumed after an
interruption, the change that matters, goals, walking for stenosis, the two-weekly offer sent by
the reminder engine, and /forget."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import keyboards
from tests.e2e import helpers
from tests.e2e.helpers import (
    USER,
    Clock,
    answer_sentences,
    ask,
    assert_valid,
    button_labelled,
    press,
    press_scale,
    services_of,
    subscribe,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi

FIRST = "y" * 12 + "n" * 12  # 12 of 24


@pytest.fixture
def clock(bot) -> Clock:
    clock = Clock()
    services_of(bot).engine.clock = clock
    return clock


async def test_a_full_check_in_then_a_change_that_matters(bot, api: FakeBotApi, clock: Clock):
    replies = await ask(api, "/checkin")
    assert "Your privacy" in visible_text(replies[-1].text)  # nothing is stored before consent
    replies = await helpers.agree(api)
    assert "Think of yourself today" in visible_text(replies[0].text)
    assert visible_text(replies[-1].text) == "1/26. I stay at home most of the time because of my back."
    replies = await answer_sentences(api, replies, FIRST)
    assert "pain in your leg or legs" in visible_text(replies[-1].text) and replies[-1].text.startswith("25/26")
    replies = await press_scale(api, replies, 7)  # leg
    replies = await press_scale(api, replies, 4)  # back
    assert "Personal goals" in visible_text(replies[-1].text)
    replies = await ask(api, "walk to the shops")
    assert "Noted: “walk to the shops”" in visible_text(replies[-1].text)
    replies = await ask(api, "sit through a film")
    replies = await press(api, button_labelled(replies, "Done"))
    assert "“walk to the shops”" in visible_text(replies[-1].text) and "27/28" in replies[-1].text
    replies = await press_scale(api, replies, 2)
    replies = await press_scale(api, replies, 5)
    assert_valid(replies)
    done = visible_text(replies[0].text)
    assert "Check-in done" in done and "12 of 24" in done and "first check-in" in done
    assert "not a diagnosis" in " ".join(visible_text(c.text) for c in replies)
    (result,) = await services_of(bot).store.outcomes.history(USER)
    assert (result.rmdq, result.leg_pain, result.back_pain) == (12, 7, 4) and sorted(result.goals.values()) == [2, 5]

    clock.now += dt.timedelta(days=14)  # two weeks on: 6 fewer sentences (a change that matters)
    replies = await ask(api, "/checkin")
    replies = await answer_sentences(api, replies, "y" * 6 + "n" * 18)
    replies = await press_scale(api, replies, 6)  # leg pain 7 -> 6: less than 2 points
    replies = await press_scale(api, replies, 7)  # back pain 4 -> 7: worse by a change that matters
    assert "walk to the shops" in visible_text(replies[-1].text)  # goals are named once, then rated
    replies = await press_scale(api, replies, 6)
    replies = await press_scale(api, replies, 5)
    text = visible_text(replies[0].text)
    assert "12 → 6. That is a change that matters" in text
    assert "Leg pain: 7 → 6. A little better" in text
    assert "Back pain: 4 → 7. That is worse by a change that matters" in text
    assert "“walk to the shops”: 2 → 6 out of 10" in text


async def test_an_interrupted_check_in_is_resumed_and_old_buttons_do_nothing(bot, api: FakeBotApi, clock: Clock):
    await ask(api, "/checkin")
    replies = await helpers.agree(api)
    replies = await answer_sentences(api, replies, "yynny")
    old = button_labelled(api.sent(USER)[-4:-3], "Yes")  # sentence 3's button, answered already
    await ask(api, "where do I get help?")  # something else in between
    replies = await ask(api, "/checkin")
    assert "carrying on with your check-in from question 6" in visible_text(replies[0].text)
    assert replies[-1].text.startswith("6/26")
    before = len(api.sent(USER))
    await press(api, old)
    assert len(api.sent(USER)) == before  # a stale press answers "Already noted" and sends nothing
    assert api.method_calls("answerCallbackQuery")[-1].params.get("text") == "Already noted"
    replies = await answer_sentences(api, replies, "n" * 19, start=5)
    state = await services_of(bot).store.outcomes.get_checkin(USER, int(old.split("|")[2]))
    assert state.answers == "yynny" + "n" * 19 and state.step == "leg"


async def test_stenosis_asks_walking_and_goals_can_be_skipped(bot, api: FakeBotApi, clock: Clock):
    store = services_of(bot).store
    await ask(api, "/privacy")
    await helpers.agree(api)
    await store.reminders.add_subscription(USER, "stenosis-flexion", dt.time(18, 0), "Europe/London", clock.now)
    replies = await ask(api, "/checkin")
    assert replies[-1].text.startswith("1/27")  # 24 sentences, two pains, walking
    replies = await answer_sentences(api, replies, "n" * 24)
    replies = await press_scale(api, replies, 3)
    replies = await press_scale(api, replies, 3)
    replies = await press(api, button_labelled(replies, "Skip"))
    assert "minutes can you walk" in visible_text(replies[-1].text)
    replies = await press(api, button_labelled(replies, "15"))
    assert "Check-in done" in visible_text(replies[0].text)
    (result,) = await store.outcomes.history(USER)
    assert result.walking_minutes == 15 and result.rmdq == 0 and await store.outcomes.goals(USER) == []


async def test_the_two_weekly_offer_arrives_by_the_engine(bot, api: FakeBotApi, clock: Clock):
    await ask(api, "/privacy")
    await helpers.agree(api)
    await subscribe(bot, clock)  # 07:30 Europe/London, daily
    replies = await press(api, keyboards.data("oc", "w"))
    assert "every second Thursday at 07:30" in visible_text(replies[-1].text)
    services = services_of(bot)
    assert len(await services.store.reminders.list_subscriptions(USER)) == 1  # the offer is not a reminder
    offered = []
    for day in range(22):
        clock.now = dt.datetime(2026, 11, 26, 7, 31, tzinfo=dt.UTC) + dt.timedelta(days=day)
        before = len(api.sent(USER))
        await services.engine.tick()
        await api.settle()
        if any("two-weekly check-in" in visible_text(c.text) for c in api.sent(USER)[before:]):
            offered.append(day)
    assert offered == [0, 14], offered
    replies = await press(api, button_labelled(api.sent(USER), "Start the check-in"))
    assert replies[-1].text.startswith("1/")
    replies = await press(api, button_labelled(api.sent(USER), "Stop these offers"))
    assert "stopped" in visible_text(replies[-1].text) and not await services.store.outcomes.offered(USER)


async def test_forget_deletes_check_ins_and_goals(bot, api: FakeBotApi, clock: Clock):
    await ask(api, "/checkin")
    replies = await helpers.agree(api)
    replies = await answer_sentences(api, replies, "y" * 24)
    replies = await press_scale(api, replies, 5)
    replies = await press_scale(api, replies, 5)
    await ask(api, "put my socks on")
    store = services_of(bot).store
    assert (await store.privacy.export_chat(USER))["goals"]
    await ask(api, "/forget")
    await press(api, keyboards.data("forget"))
    data = await store.privacy.export_chat(USER)
    assert not data["checkins"] and not data["goals"] and not data["goal_ratings"]
