"""Safety end to end: red flags answered first (even when the bot is busy or the user floods),
typed questions answered from our own content, nothing leaks into the logs."""

from __future__ import annotations

import io

from bot.handlers.fallback import NOT_FOUND
from tests.e2e.helpers import (
    EMERGENCY,
    TOKEN,
    USER,
    ask,
    assert_valid,
    fail_next_call_like_a_redirect_loop,
    production_log_text,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi


async def test_red_flag_gets_the_urgent_reply_first(bot, api: FakeBotApi):
    replies = await ask(api, EMERGENCY)
    first = visible_text(replies[0].text)
    assert first.startswith("🚨")
    action = first.find("emergency")
    assert 0 < action < first.lower().find("you told me") if "you told me" in first.lower() else action > 0
    assert_valid(replies)


async def test_red_flag_in_command_text_comes_before_the_answer(bot, api: FakeBotApi, content):
    replies = await ask(api, "/symptoms sciatica numb around my back passage since yesterday")
    assert visible_text(replies[0].text).startswith("🚨")


async def test_ordinary_messages_never_get_the_alarm(bot, api: FakeBotApi):
    for text in (
        "my back aches after gardening",
        "is walking good for stenosis?",
        "/symptoms sciatica",
        "no bladder problems, just a sore hip",
        "what are the warning signs?",
    ):
        replies = await ask(api, text)
        assert not any("🚨" in visible_text(c.text)[:3] for c in replies), text


async def test_red_flag_is_answered_even_when_the_user_is_flooding(start_bot, api: FakeBotApi):
    async with start_bot(flood_limit_per_minute=2):
        for _ in range(3):
            api.message(USER, "/help")
        await api.settle()
        replies = await ask(api, EMERGENCY)
    assert visible_text(replies[0].text).startswith("🚨")


async def test_a_photo_caption_with_a_red_flag_gets_the_alert_first(bot, api: FakeBotApi):
    before = len(api.sent(USER))
    photo = [{"file_id": "ph1", "file_unique_id": "u1", "width": 90, "height": 90}]
    api.message(USER, None, photo=photo, caption="this is my MRI. " + EMERGENCY)
    replies = await api.wait_sent(USER, after=before)
    await api.settle()
    assert visible_text(replies[0].text).startswith("🚨")


async def test_an_edit_that_adds_a_red_flag_gets_the_alert_and_nothing_else(bot, api: FakeBotApi):
    original = api.message(USER, "my sciatica is bad today")["message"]
    await api.wait_sent(USER)
    await api.settle()
    before = len(api.sent(USER))
    api.push(
        "edited_message",
        {**original, "text": "my sciatica is bad today and " + EMERGENCY, "edit_date": original["date"] + 30},
    )
    replies = await api.wait_sent(USER, after=before)
    await api.settle()
    assert visible_text(replies[0].text).startswith("🚨")
    assert len(api.sent(USER)) == before + 1  # the edit is not answered a second time
    # an edit without a red flag gets no reply at all
    api.push(
        "edited_message",
        {**original, "text": "my sciatica is bad today, what helps?", "edit_date": original["date"] + 60},
    )
    await api.settle()
    assert len(api.sent(USER)) == before + 1


async def test_typed_question_is_answered_with_our_own_section(bot, api: FakeBotApi, content):
    replies = await ask(api, "why does walking make my legs numb and heavy?")
    text = visible_text(replies[0].text)
    titles = {f"{t.short_title} · {s.title}" for t in content.topics.values() for s in t.sections}
    titles |= {e.name for e in content.exercises.values()}
    assert any(text.startswith(title) for title in titles), text[:120]  # our content, never made up
    assert_valid(replies)


async def test_topic_name_typed_opens_the_topic(bot, api: FakeBotApi, content):
    replies = await ask(api, "slipped disc")
    topic = content.find_topic("slipped disc")
    assert topic.section("summary").title in visible_text(replies[0].text)


async def test_unanswerable_question_says_so_and_offers_the_menu(bot, api: FakeBotApi):
    replies = await ask(api, "what's the weather in Leeds tomorrow")
    assert replies[0].text == NOT_FOUND
    assert replies[0].buttons()


async def test_logs_carry_no_message_text_no_names_and_no_token(
    production_logs: io.StringIO, bot, api: FakeBotApi, request, monkeypatch
):
    # production_logs: logging set up as main.py does (LOG_LEVEL=DEBUG; text and json), read back here.
    secret = "zanzibar-quokka"
    await ask(api, f"my name is Philippa and {secret} hurts", first_name="Philippa")
    await ask(api, f"/symptoms {secret}")
    await ask(api, EMERGENCY + " " + secret)
    api.fail("sendMessage", 400, "Bad Request: odd", chat_id=USER)
    await ask(api, f"/help {secret}")
    fail_next_call_like_a_redirect_loop(monkeypatch)  # a failure whose message carries the token
    await ask(api, f"/causes {secret}", first_name="Philippa")
    logged = production_log_text(production_logs, request.node.callspec.params["production_logs"])
    assert "red flag" in logged and "TooManyRedirects" in logged  # what happened did reach the log
    for leak in (secret, "Philippa", TOKEN, TOKEN.split(":")[1], "wipe"):
        assert leak not in logged, leak


async def test_flood_control_shared_through_redis_still_answers_red_flags(start_bot, api: FakeBotApi, redis_url):
    import redis.asyncio as redis

    from bot.handlers.guard import SLOW_DOWN

    client = redis.Redis.from_url(redis_url)
    async for key in client.scan_iter("rootwise:flood:*"):  # counts left by an earlier run
        await client.delete(key)
    await client.aclose()
    async with start_bot(flood_limit_per_minute=2, redis_url=redis_url):
        for _ in range(3):
            api.message(USER, "/help")
        await api.wait_for(lambda: any(SLOW_DOWN[:30] in c.text for c in api.sent(USER)), what="the slow-down")
        await api.settle()
        assert sum(c.text.startswith("<b>How to use") for c in api.sent(USER)) == 2  # the third was refused
        replies = await ask(api, EMERGENCY)
    assert visible_text(replies[0].text).startswith("🚨")
