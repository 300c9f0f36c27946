"""Spanish beyond the red flags, end to end: what the bot sends unasked (a person's reminder, a
group's daily post) comes in the chat's language, a group's language is chosen in /settings, and
reading (topics, sections, exercises) follows the person's language. English is unchanged."""

from __future__ import annotations

import pytest

from bot import keyboards
from tests.e2e.helpers import (
    ADMIN,
    GROUP,
    PROGRAMME,
    USER,
    Clock,
    agree_data,
    ask,
    assert_valid,
    last_menu,
    make_admin,
    press,
    press_as,
    services_of,
    subscribe,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi

b = keyboards.data


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def agree_in(api: FakeBotApi, language_code: str) -> None:
    await ask(api, "/privacy", language_code=language_code)
    await press(api, agree_data(api), language_code=language_code)


async def reminder_caption(api: FakeBotApi, application, clock: Clock, chat_id: int = USER) -> tuple[str, list[str]]:
    sub = await subscribe(application, clock, chat_id)
    clock.now = sub.next_due_utc
    assert (await services_of(application).engine.tick()).sent == 1
    (call,) = api.sent(chat_id, "sendPhoto")[-1:] or api.sent(chat_id)[-1:]
    assert_valid([call])
    return visible_text(call.text), [label for label, _ in call.buttons()]


async def test_a_spanish_persons_reminder_comes_in_spanish(bot, api: FakeBotApi, clock: Clock, content):
    await agree_in(api, "es-MX")  # agreeing keeps the language the person is answered in
    assert await services_of(bot).store.chats.get_language(USER) == "es"
    text, labels = await reminder_caption(api, bot, clock)
    assert "· día 1" in text, text
    assert any(label.endswith(": pasos") for label in labels), labels
    assert {"✅ Hecho", "⏰ Posponer 30 min", "⏭ Saltar hoy", "🛑 Parar recordatorios"} <= set(labels), labels
    spanish = content.in_language("es")
    if spanish is not content:  # the plan's own words, once the Spanish plans are loaded
        assert spanish.programmes[PROGRAMME].title in text
    assert "day 1" not in text and "✅ Done" not in labels


async def test_an_english_persons_reminder_is_unchanged(bot, api: FakeBotApi, clock: Clock, content):
    await agree_in(api, "en")
    assert await services_of(bot).store.chats.get_language(USER) == "en"
    text, labels = await reminder_caption(api, bot, clock)
    assert f"{content.programmes[PROGRAMME].title} · day 1" in text, text
    assert any(label.endswith(": steps") for label in labels), labels
    assert labels[-4:] == ["✅ Done", "⏰ Snooze 30 min", "⏭ Skip today", "🛑 Stop reminders"]


async def test_a_group_set_to_spanish_gets_its_daily_post_in_spanish(bot, api: FakeBotApi, clock: Clock):
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    make_admin(api, status="creator")
    await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN)
    text, data = last_menu(api, GROUP)
    assert "Language: English" in text and b("gl", str(GROUP), "es") in data
    answer = await press_as(api, GROUP, b("gl", str(GROUP), "es"), user_id=6002)  # not an admin: refused
    assert answer.params.get("show_alert") and await store.chats.get_language(GROUP) is None
    answer = await press_as(api, GROUP, b("gl", str(GROUP), "es"))
    assert "español" in answer.params["text"] and await store.chats.get_language(GROUP) == "es"
    text, _ = last_menu(api, GROUP)
    assert "Idioma: Español" in text and "Publicación diaria" in text, text
    await press_as(api, GROUP, b("gk", str(GROUP), "tip"))
    clock.now = (await store.community.get_post(GROUP)).next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    (post,) = api.sent(GROUP, "sendMessage")[-1:]
    shown = visible_text(post.text)
    assert "💡 Consejo del día" in shown and "Fuentes:" in shown and "no un diagnóstico" in shown, shown
    assert [label for label, _ in post.buttons()] == ["📖 Leer la respuesta completa"]
    # the group's commands are answered in its language too
    replies = await ask(api, "/topics", chat_id=GROUP, user_id=6002, language_code="en")
    assert visible_text(replies[0].text) == "¿Sobre qué problema quiere leer?"


async def test_an_english_groups_daily_post_is_unchanged(bot, api: FakeBotApi, clock: Clock):
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    await store.community.set_post(GROUP, clock.now, kind="tip")
    clock.now = (await store.community.get_post(GROUP)).next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    (post,) = api.sent(GROUP, "sendMessage")
    shown = visible_text(post.text)
    assert "💡 Tip of the day" in shown and "General information, not a diagnosis." in shown


async def test_reading_follows_the_persons_language(bot, api: FakeBotApi, content):
    replies = await ask(api, "/topics", language_code="es")
    assert visible_text(replies[0].text) == "¿Sobre qué problema quiere leer?"
    assert [label for label, _ in replies[0].buttons()][-1] == "🏠 Menú"
    topic = next(iter(content.topics.values()))
    replies = await press(api, b("sec", topic.id, "summary"), language_code="es")
    labels = [label for label, _ in replies[-1].buttons()]
    assert "👍 Me sirvió" in labels and "📚 Otros temas" in labels, labels
    more = [d for label, d in replies[-1].buttons() if label.startswith("➡️ Más")]
    if more:  # a long section comes a screen at a time: its sources close the last part
        replies = await press(api, more[0], language_code="es")
    assert "Fuentes:" in visible_text(replies[-1].text)
    spanish = content.in_language("es")
    if spanish is not content:
        assert spanish.topics[topic.id].sections[0].title in visible_text(replies[0].text)
    english = await ask(api, "/topics", language_code="en")
    assert visible_text(english[0].text) == "Which condition would you like to read about?"


async def test_a_question_in_spanish_is_answered_in_spanish_whatever_the_telegram(bot, api: FakeBotApi):
    replies = await ask(api, "¿qué causa la ciática?", language_code="en")
    labels = [label for call in replies for label, _ in call.buttons()]
    assert "👍 Me sirvió" in labels, [visible_text(c.text) for c in replies]
    english = await ask(api, "what causes sciatica?", language_code="en")
    labels = [label for call in english for label, _ in call.buttons()]
    assert "👍 Helpful" in labels, [visible_text(c.text) for c in english]


async def test_a_spanish_patient_opens_a_programme_link_in_spanish(bot, api: FakeBotApi, content):
    from tests.e2e.helpers import datas, make_link, texts

    payload = await make_link(api)
    patient = 7101
    replies = await ask(api, f"/start {payload}", chat_id=patient, language_code="es")
    shown = texts(replies)
    assert "Un programa para usted de" in shown and "la semana 2 (día 8)" in shown, shown
    spanish = content.in_language("es")
    assert spanish.programmes[PROGRAMME].title in shown
    (agree,) = [d for d in datas(replies) if d.startswith("v1|agree|rx|")]
    replies = await press(api, agree, chat_id=patient, language_code="es")
    labels = [label for call in replies for label, _ in call.buttons()]
    assert "▶️ Empezar este programa" in labels and "📊 Sí, compartir cifras" in labels, labels


async def test_the_check_in_asks_in_spanish(bot, api: FakeBotApi):
    await ask(api, "/checkin", language_code="es")
    replies = await press(api, agree_data(api), language_code="es")
    labels = [label for call in replies for label, _ in call.buttons()]
    assert labels[-2:] == ["Sí", "No"], [visible_text(c.text) for c in replies]
    assert visible_text(replies[-1].text).startswith("1/")
