"""Red flags in Spanish end to end: the 🚨 reply in the language of the message, whatever the
person's Telegram language, with the emergency numbers of Spanish-speaking countries."""

from __future__ import annotations

import json

from bot import keyboards
from tests.e2e.helpers import USER, agree, ask, assert_valid, press, services_of, visible_text
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


async def test_a_spanish_telegram_gets_the_spanish_welcome_and_menu(bot, api: FakeBotApi):
    replies = await ask(api, "/start", language_code="es-MX")
    text = " ".join(visible_text(c.text) for c in replies)
    assert "Bienvenido a Rootwise" in text and "Lea esto primero" in text and "Fuentes:" in text
    assert "Welcome to Rootwise" not in text
    assert [label for label, _ in replies[-1].buttons()][:2] == ["📚 Temas", "🧘 Ejercicios"]
    english = await ask(api, "/start", language_code="en")
    assert "Welcome to Rootwise" in visible_text(english[0].text)


async def test_the_command_menu_is_set_in_spanish_too(bot, api: FakeBotApi):
    calls = [c for c in api.method_calls("setMyCommands") if c.params.get("language_code") == "es"]
    assert len(calls) == 2, calls
    commands = calls[0].params["commands"]
    commands = json.loads(commands) if isinstance(commands, str) else commands
    descriptions = {c["command"]: c["description"] for c in commands}
    assert descriptions["urgent"] == "Cuándo buscar ayuda ya" and "language" in descriptions


async def test_language_switches_and_is_stored_after_consent(bot, api: FakeBotApi):
    store = services_of(bot).store
    replies = await ask(api, "/language", language_code="en")
    assert [label for label, _ in replies[0].buttons()] == ["English", "Español"]
    data = dict((label, d) for label, d in replies[0].buttons())["Español"]
    notice = await press(api, data)
    assert await store.chats.get_language(USER) is None, [c.text for c in notice]  # nothing stored before consent
    assert any(d.startswith("v1|agree") for c in notice for _, d in c.buttons()), [c.text for c in notice]
    done = await agree(api)
    assert "De ahora en adelante le respondo en español." in " ".join(visible_text(c.text) for c in done)
    assert await store.chats.get_language(USER) == "es"
    welcome = await ask(api, "/start", language_code="en")  # the choice wins over Telegram's language
    assert "Bienvenido a Rootwise" in visible_text(welcome[0].text)
    await ask(api, "/mydata")
    exported = json.loads(next(v for k, v in api.state.files.items() if k == "document"))
    assert exported["stored"]["chat_settings"][0]["language"] == "es"
    back = await press(api, data.replace("es", "en"))
    assert "From now on I answer you in English." in " ".join(visible_text(c.text) for c in back)
    assert await store.chats.get_language(USER) == "en"
    await ask(api, "/forget")
    await press(api, keyboards.data("forget"))
    assert await store.chats.get_language(USER) is None


async def test_the_questions_answers_are_in_spanish_for_a_spanish_telegram(bot, api: FakeBotApi):
    asked = await ask(api, "tengo la vejiga floja", language_code="es")
    buttons = dict(asked[0].buttons())
    yes = await press(api, buttons["Sí, es nuevo o está peor"], language_code="es")
    first = visible_text(yes[0].text)
    assert first.startswith("🚨 Emergencia ahora") and "911" in first, first
    asked = await ask(api, "tengo la vejiga floja", language_code="es")
    no = await press(api, dict(asked[0].buttons())["No, es lo habitual para mí"], language_code="es")
    text = visible_text(no[0].text)
    assert text.startswith("Gracias. Entonces no lo trataré como una emergencia hoy."), text
    assert [label for label, _ in no[0].buttons()] == ["📝 Recordar: esto es habitual para mí"]
