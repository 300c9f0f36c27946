"""A sign recorded as usual softens only itself: it never quiets another sign's alarm, and only the
signs the /usual screen shows can be recorded."""

from __future__ import annotations

import datetime as dt

from bot.handlers.triage import QUESTION
from tests.e2e.helpers import USER, ask, button_labelled, press, services_of, visible_text

TWO_SIGNS = "Lol my legs are both numb and i peed myself, guess i'm falling apart 😂"


async def test_a_usual_sign_the_message_does_not_name_leaves_its_alarm_alone(bot, api, detector):
    store = services_of(bot).store
    first = await ask(api, TWO_SIGNS)
    assert visible_text(first[0].text).startswith("🚨 Emergency now")
    await store.privacy.give_consent(USER, dt.datetime.now(dt.UTC))
    screen = await ask(api, "/usual")
    tick = [data for label, data in screen[0].buttons() if "sex" in label.lower() and "▫" in label]
    await press(api, tick[0])
    assert await store.care.usual_signs(USER) == {"sexual-function"}
    again = await ask(api, TWO_SIGNS)  # neither the bladder nor both legs is ticked
    assert visible_text(again[0].text).startswith("🚨 Emergency now")


async def test_remember_records_only_signs_the_usual_screen_shows(bot, api, detector):
    store = services_of(bot).store
    await store.privacy.give_consent(USER, dt.datetime.now(dt.UTC))
    message = "weak bladder and bad back"  # asked by the safety net (its sign is not on /usual)
    assert "ces-possible" in {s.id for s in detector.triage(message).unclear}
    replies = await ask(api, message)
    assert QUESTION in visible_text(replies[0].text)
    answer = await press(api, button_labelled(replies, "No"))
    remember = [data for label, data in answer[-1].buttons() if "Remember" in label]
    if remember:  # offered only for signs that may be usual
        await press(api, remember[0])
    recorded = await store.care.usual_signs(USER)
    assert recorded <= set(services_of(bot).detector.may_be_usual), recorded
    assert "ces-possible" not in recorded
