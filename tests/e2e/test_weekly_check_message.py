"""The weekly cauda equina check-in arrives as one message: the opening, the first question and its
buttons (Yes, No, Stop) in one send; its buttons go on with the check-in as /check's do."""

from __future__ import annotations

import datetime as dt

from bot import keyboards
from tests.e2e.helpers import USER, Clock, press, services_of, visible_text
from tests.fake_bot_api import FakeBotApi

SENDS = ("sendMessage", "sendPhoto", "sendMediaGroup")


def sends(api: FakeBotApi) -> int:
    return sum(len(api.method_calls(method)) for method in SENDS)


async def test_the_weekly_check_in_is_one_message_and_its_buttons_work(bot, api: FakeBotApi):
    clock = Clock(dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC))  # a Thursday
    services = services_of(bot)
    services.engine.clock = clock
    await services.store.privacy.give_consent(USER, clock.now)
    await services.store.reminders.start_weekly_check(USER, dt.time(7, 30), "Europe/London", 3, clock.now)
    clock.now = dt.datetime(2026, 11, 26, 7, 31, tzinfo=dt.UTC)
    before = sends(api)
    await services.engine.tick()
    await api.settle()
    assert sends(api) - before == 1  # one send for the whole offer
    (offer,) = api.sent(USER)[-1:]
    text = visible_text(offer.text)
    assert "Your weekly check-in" in text and "?" in text  # the opening and the first question
    (yes_label, yes), (no_label, _), (_, stop) = offer.buttons()
    assert (yes_label, no_label) == ("Yes", "No") and stop == keyboards.data("ck", "x")
    replies = await press(api, yes)  # the next question, as after /check
    assert replies and replies[-1].buttons()
