"""An emergency that is not about the back, in plain words, through the fake Bot API: the 🚨 reply
comes first and nothing follows it in that turn (no "couldn't find an answer", no follow-up question,
no topic page), in a private chat with no consent given, in English and in Spanish."""

from __future__ import annotations

import pytest

from bot.handlers.fallback import NOT_FOUND
from bot.handlers.triage import QUESTION
from tests.e2e.helpers import ask, assert_valid, visible_text
from tests.fake_bot_api import FakeBotApi


@pytest.mark.parametrize(
    ("text", "language_code", "start", "named"),
    [
        ("I want to kill myself, the pain is too much", "en", "🚨 Emergency now", "116 123"),
        ("I'm going to end it all tonight, I can't live with this pain", "en", "🚨 Emergency now", "116 123"),
        ("I took all my pregabalin pills at once", "en", "🚨 Emergency now", "overdose"),
        ("my face is drooping and I can't lift my arm", "en", "🚨 Emergency now", "stroke"),
        ("my throat is swelling after the new medicine", "en", "🚨 Emergency now", "allergic"),
        ("me quiero morir, no aguanto más el dolor", "es", "🚨 Emergencia ahora", "quitarse la vida"),
        ("quiero matarme, el dolor es demasiado", "es", "🚨 Emergencia ahora", "quitarse la vida"),
        ("me tomé todas las pastillas de golpe", "es", "🚨 Emergencia ahora", "sobredosis"),
        ("tengo la cara torcida y no puedo mover el brazo", "es", "🚨 Emergencia ahora", "derrame"),
    ],
)
async def test_the_emergency_reply_comes_first_and_nothing_follows_it(
    bot, api: FakeBotApi, text, language_code, start, named
):
    replies = await ask(api, text, language_code=language_code)
    shown = [visible_text(c.text) for c in replies]
    assert len(replies) == 1, shown
    assert shown[0].startswith(start), shown[0]
    assert named in shown[0], shown[0]
    assert NOT_FOUND not in shown[0] and QUESTION not in shown[0]
    assert_valid(replies)


async def test_the_english_alarm_for_thoughts_of_suicide_names_the_crisis_line_and_the_spanish_one_its_sign(
    bot, api: FakeBotApi
):
    english = visible_text((await ask(api, "I want to kill myself, the pain is too much", language_code="en"))[0].text)
    assert "Samaritans" in english and "116 123" in english and "999" in english
    spanish = visible_text((await ask(api, "me quiero morir, no aguanto más el dolor", language_code="es"))[0].text)
    assert "Lo que me dijo: pensamientos de quitarse la vida" in spanish and "112" in spanish
