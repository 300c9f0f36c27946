"""Presses that count (votes, Done, pain and how-it-felt answers) count once per button of a message."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot import keyboards
from storage.care import RATING
from storage.models import Press
from tests.e2e.helpers import PROGRAMME, USER, Clock, ask, services_of
from tests.fake_bot_api import FakeBotApi

b = keyboards.data


async def press_on(api: FakeBotApi, message_id: int, data: str) -> str:
    """Press ``data`` under the bot's message ``message_id``; the answer's text."""
    answered = len(api.method_calls("answerCallbackQuery"))
    api.press(USER, data, message_id=message_id)
    await api.wait_for(lambda: len(api.method_calls("answerCallbackQuery")) > answered, what="an answer")
    await api.settle()
    return api.method_calls("answerCallbackQuery")[answered].params.get("text", "")


async def test_done_and_votes_count_once_per_button_of_a_message(bot, api: FakeBotApi):
    store = services_of(bot).store
    services_of(bot).engine.clock = Clock()
    await store.privacy.give_consent(USER, Clock().now)
    sub = await store.reminders.add_subscription(USER, PROGRAMME, dt.time(7, 30), "Europe/London", Clock().now)
    await ask(api, "/help")
    message_id = max(m for c, m in api.state.messages if c == USER)

    for _ in range(3):  # a double tap, then the same update delivered again
        await press_on(api, message_id, b("rd", str(sub.id), "0"))
    assert len([c for c in api.sent(USER) if "Marked as done" in c.text]) == 1
    async with store.engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(RATING)) == 1
        rating_id = await conn.scalar(select(RATING.c.id))

    for _ in range(2):
        await press_on(api, message_id, b("fb", "sciatica", "summary", "1"))
    assert await store.care.feedback_report() == [("sciatica/summary", 1, 0)]
    assert await press_on(api, message_id, b("fb", "sciatica", "summary", "0")) != "Already noted"  # another button
    assert await store.care.feedback_report() == [("sciatica/summary", 1, 1)]

    answered = [await press_on(api, message_id, b("pn", str(rating_id), "7")) for _ in range(2)]
    assert answered[1] == "Already noted"
    # another message's Done button is another press
    await ask(api, "/help")
    other = max(m for c, m in api.state.messages if c == USER)
    await press_on(api, other, b("rd", str(sub.id), "0"))
    assert len([c for c in api.sent(USER) if "Marked as done" in c.text]) == 2
    # what is kept names no chat
    async with store.engine.connect() as conn:
        keys = list(await conn.scalars(select(Press.key)))
    assert len(keys) == 5 and not any(str(USER) in key for key in keys)
