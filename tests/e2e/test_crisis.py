"""An emergency that is not about the back, in plain words, through the fake Bot API: the 🚨 reply
comes first and nothing follows it in that turn (no "couldn't find an answer", no follow-up question,
no topic page), in a private chat with no consent given, in English and in Spanish."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.handlers.fallback import NOT_FOUND
from bot.handlers.triage import QUESTION
from tests.e2e.helpers import USER, ask, assert_valid, press, services_of, visible_text
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
    # no country known: every line, each with its country, never only the UK's
    assert "Samaritans on 116 123 in the UK and Ireland" in english and "988 in the US" in english, english
    assert "999" in english
    spanish = visible_text((await ask(api, "me quiero morir, no aguanto más el dolor", language_code="es"))[0].text)
    assert "Lo que me dijo: pensamientos de quitarse la vida" in spanish and "112" in spanish


async def with_zone(application, zone: str) -> None:
    store = services_of(application).store
    await store.privacy.give_consent(USER, dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    await store.chats.set_zone(USER, zone)


@pytest.mark.parametrize(
    ("zone", "text", "language_code", "line", "not_named"),
    [
        ("America/New_York", "I don't want to be here anymore", "en", "988", ["116 123", "024"]),
        ("Europe/Madrid", "ya no puedo más, quiero que todo se acabe", "es", "024", ["116 123", "988"]),
        ("Europe/London", "I've had enough, I want it all to stop", "en", "116 123", ["988", "024"]),
    ],
)
async def test_the_self_harm_reply_names_the_crisis_line_of_the_persons_country(
    bot, api: FakeBotApi, zone, text, language_code, line, not_named
):
    await with_zone(bot, zone)
    replies = await ask(api, text, language_code=language_code)
    assert len(replies) == 1, [visible_text(r.text) for r in replies]
    shown = visible_text(replies[0].text)
    assert shown.startswith("🚨"), shown
    assert line in shown and not any(n in shown for n in not_named), shown
    assert QUESTION not in shown and "genitals" not in shown and "genitales" not in shown, shown
    assert_valid(replies)


async def test_a_stroke_gets_the_ambulance_and_an_overdose_the_packets(bot, api: FakeBotApi):
    await with_zone(bot, "Europe/London")
    stroke = visible_text((await ask(api, "I suddenly can't find my words"))[0].text)
    assert stroke.startswith("🚨 Emergency now: call 999") and "call an ambulance" in stroke, stroke
    overdose = visible_text((await ask(api, "I took 16 co-codamol today because the pain was so bad"))[0].text)
    assert "overdose" in overdose and "Take the packets" in overdose, overdose


@pytest.mark.parametrize(
    ("zone", "language_code", "line", "not_named"),
    [
        ("Europe/London", "en", "Samaritans on 116 123", ["988", "024"]),
        ("Europe/Madrid", "es", "024", ["116 123", "988"]),
        (None, "en", "988 in the US", []),  # no country known: every line, each with its country
    ],
)
async def test_the_urgent_pages_crisis_section_names_the_persons_crisis_line(
    bot, api: FakeBotApi, zone, language_code, line, not_named
):
    from bot.keyboards import Read, data

    if zone is not None:
        await with_zone(bot, zone)
    await ask(api, "/urgent", language_code=language_code)
    replies = await press(api, data(Read.URGENT, "1"), language_code=language_code)
    shown = visible_text(" ".join(r.text for r in replies))
    assert line in shown and not any(n in shown for n in not_named), shown
    assert_valid(replies)
