"""Red flags in Spanish end to end: the 🚨 reply in the language of the message, whatever the
person's Telegram language, with the emergency numbers of Spanish-speaking countries."""

from __future__ import annotations

from tests.e2e.helpers import ask, assert_valid, visible_text
from tests.fake_bot_api import FakeBotApi


async def test_spanish_red_flag_from_an_english_telegram_gets_the_spanish_alarm(bot, api: FakeBotApi):
    replies = await ask(api, "desde ayer no puedo orinar y tengo la entrepierna dormida", language_code="en")
    first = visible_text(replies[0].text)
    assert first.startswith("🚨 Emergencia ahora"), first
    assert "911" in first and "112" in first
    assert "Lo que me dijo:" in first and "orinar" in first and "diagnóstico" in first
    assert len(replies) == 1  # nothing else answers the message
    labels = [label for label, _ in replies[0].buttons()]
    assert labels == ["🚨 Cuándo buscar ayuda ya", "🏠 Menú"]
    assert_valid(replies)


async def test_an_unclear_spanish_sign_gets_the_question_in_spanish(bot, api: FakeBotApi):
    replies = await ask(api, "tengo la vejiga floja", language_code="es")
    text = visible_text(replies[0].text)
    assert "¿Esto es nuevo, o está peor de lo habitual" in text, text
    labels = [label for label, _ in replies[0].buttons()]
    assert labels[:2] == ["Sí, es nuevo o está peor", "No, es lo habitual para mí"]


async def test_english_red_flag_from_a_spanish_telegram_stays_english(bot, api: FakeBotApi):
    replies = await ask(api, "since this morning I can't pee and my groin is numb", language_code="es")
    first = visible_text(replies[0].text)
    assert first.startswith("🚨 Emergency now"), first
