"""The 🚨 reply names the emergency number of the person's country when their time zone tells it."""

from __future__ import annotations

import datetime as dt

from tests.e2e.helpers import EMERGENCY, USER, ask, services_of, visible_text
from tests.fake_bot_api import FakeBotApi

SPANISH_EMERGENCY = "desde ayer no puedo orinar y tengo la entrepierna dormida"


async def with_zone(application, zone: str) -> None:
    store = services_of(application).store
    await store.privacy.give_consent(USER, dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
    await store.chats.set_zone(USER, zone)


async def test_spain_gets_112(bot, api: FakeBotApi):
    await with_zone(bot, "Europe/Madrid")
    (reply,) = await ask(api, SPANISH_EMERGENCY, language_code="es")
    text = visible_text(reply.text)
    assert text.startswith("🚨 Emergencia ahora: llame al 112"), text
    assert "911" not in text and "orinar" in text and "diagnóstico" in text


async def test_mexico_gets_911(bot, api: FakeBotApi):
    await with_zone(bot, "America/Mexico_City")
    (reply,) = await ask(api, SPANISH_EMERGENCY, language_code="es-MX")
    text = visible_text(reply.text)
    assert text.startswith("🚨 Emergencia ahora: llame al 911") and "112" not in text, text


async def test_the_uk_gets_999(bot, api: FakeBotApi):
    await with_zone(bot, "Europe/London")
    (reply,) = await ask(api, EMERGENCY)
    text = visible_text(reply.text)
    assert text.startswith("🚨 Emergency now: call 999") and "112" not in text and "911" not in text, text


async def test_an_unlisted_or_unknown_country_keeps_every_number(bot, api: FakeBotApi):
    (reply,) = await ask(api, EMERGENCY)  # no zone known
    assert all(n in visible_text(reply.text) for n in ("999", "112", "911"))
    await with_zone(bot, "America/Bogota")  # Colombia's number is 123: not assumed to be 911
    (reply,) = await ask(api, SPANISH_EMERGENCY, language_code="es")
    text = visible_text(reply.text)
    assert "911" in text and "112" in text, text
