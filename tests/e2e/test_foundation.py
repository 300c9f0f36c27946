"""The foundation, end to end: real Application, real HTTP, fake Bot API on 127.0.0.1."""

from __future__ import annotations

import io
import logging
import re
import shutil
from pathlib import Path

import yaml

from bot import keyboards
from bot.handlers.router import EXPIRED
from content.loader import load_content
from tests.e2e import helpers
from tests.e2e.helpers import (
    TOKEN,
    USER,
    ask,
    assert_valid,
    fail_next_call_like_a_redirect_loop,
    press,
    production_log_text,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi

TOPIC = "nerve-root-clumping"


async def test_start_welcomes_with_disclaimer_and_menu(bot, api: FakeBotApi, content):
    replies = await ask(api, "/start")
    text = " ".join(visible_text(c.text) for c in replies)
    assert content.pages["welcome"].title in text
    assert "not a diagnosis" in text.lower()
    labels = [label for label, _ in replies[-1].buttons()]
    assert "📚 Topics" in labels and "🚨 When to get help now" in labels
    assert_valid(replies)


async def test_long_polling_takes_updates_from_get_updates_and_confirms_them(start_bot, api: FakeBotApi):
    """The other tests hand updates straight to the Application; the console and ``running()``
    fetch them by long polling, as here: the reply comes, and the update is confirmed (no longer
    pending) once handled."""
    async with start_bot(polling=True):
        replies = await ask(api, "/help")
        assert "How to use Rootwise" in visible_text(replies[0].text)
        replies = await press(api, keyboards.Read.MENU())
        assert replies and api.method_calls("answerCallbackQuery")
        assert api.method_calls("getUpdates") and api.state.idle


async def test_command_lists_registered_for_private_and_groups(bot, api: FakeBotApi):
    assert {"all_private_chats", "all_group_chats"} <= set(api.state.commands)
    private = {c["command"] for c in api.state.commands["all_private_chats"]}
    assert {"start", "help", "topics", "symptoms", "causes", "treatment", "exercises", "urgent", "about"} <= private
    assert "start" not in {c["command"] for c in api.state.commands["all_group_chats"]}


async def test_each_section_command_with_a_topic(bot, api: FakeBotApi, content):
    topic = content.topics[TOPIC]
    for command in ("symptoms", "causes", "treatment"):
        replies = await ask(api, f"/{command} nerve root clumping")
        section = topic.section(command)
        assert section.title in visible_text(replies[0].text)
        assert_valid(replies)
        data = {d for _, d in replies[-1].buttons()}
        assert keyboards.data("topics") in data
        assert keyboards.data("sec", TOPIC, "summary") in data
        assert keyboards.data("sec", TOPIC, command) not in data  # no button for the page you are on


async def test_command_without_topic_asks_and_remembers_the_topic_only_once_agreed(bot, api: FakeBotApi, content):
    replies = await ask(api, "/treatment")
    assert "which condition" in visible_text(replies[0].text).lower()
    assert (content.topics[TOPIC].short_title, keyboards.data("sec", TOPIC, "treatment")) in replies[0].buttons()
    replies = await press(api, keyboards.data("sec", TOPIC, "treatment"))
    assert content.topics[TOPIC].section("treatment").title in visible_text(replies[0].text)
    # Without consent nothing about the person is kept, not even in the process: it asks again.
    replies = await ask(api, "/causes")
    assert "which condition" in visible_text(replies[0].text).lower()
    await ask(api, "/privacy")
    await helpers.agree(api)
    await press(api, keyboards.data("sec", TOPIC, "treatment"))
    # Once agreed, the chat's topic is stored: /causes needs no argument.
    replies = await ask(api, "/causes")
    assert content.topics[TOPIC].section("causes").title in visible_text(replies[0].text)


async def test_topic_is_remembered_across_a_restart_once_agreed(start_bot, api: FakeBotApi, content):
    async with start_bot():
        await ask(api, "/symptoms clumping")
    async with start_bot():
        replies = await ask(api, "/causes")
        # without consent, the topic was not kept: the bot asks again
        assert "which condition" in visible_text(replies[0].text).lower()
        await ask(api, "/privacy")
        await helpers.agree(api)
        await ask(api, "/symptoms clumping")
    async with start_bot():
        replies = await ask(api, "/causes")
    assert content.topics[TOPIC].section("causes").title in visible_text(replies[0].text)


async def test_unknown_topic_gets_a_friendly_choice(bot, api: FakeBotApi):
    replies = await ask(api, "/symptoms <b>atlantis</b> & co")
    text = replies[0].text
    assert "&lt;b&gt;atlantis&lt;/b&gt; &amp; co" in text  # the user's words come back escaped
    assert_valid(replies)
    assert any(d.startswith("v1|sec|") for _, d in replies[0].buttons())


async def test_topics_urgent_about_help(bot, api: FakeBotApi, content):
    replies = await ask(api, "/topics")
    assert {d for _, d in replies[0].buttons()} >= {keyboards.data("sec", t, "summary") for t in content.topics}
    replies = await ask(api, "/urgent")
    assert content.pages["urgent"].title in visible_text(replies[0].text)
    replies = await ask(api, "/help")
    assert "/symptoms" in visible_text(" ".join(c.text for c in replies))
    await ask(api, "/summary")  # unknown command: must not break anything
    await ask(api, "/symptoms clumping")
    replies = await ask(api, "/about")
    about_text = " ".join(c.text for c in replies)
    # /about lists the few strongest sources of the topic being read (not every one), best first.
    cited = {s for sec in content.topics[TOPIC].sections for s in sec.sources}
    by_url = {s.url.replace("&", "&amp;"): s for s in content.sources.values()}
    block = about_text[about_text.index("Main sources") : about_text.index("Each answer lists")]
    listed = [by_url[url] for url in re.findall(r'<a href="([^"]+)"', block)]
    assert 1 <= len(listed) <= 6 and {s.id for s in listed} <= cited
    grades = [s.grade for s in listed]
    assert grades == sorted(grades) and grades[0] == "A"
    assert "reviewed" in visible_text(about_text).lower()
    assert_valid(replies)


async def test_every_button_of_a_topic_leads_somewhere(bot, api: FakeBotApi, content):
    replies = await ask(api, "/symptoms clumping")
    seen: set[str] = set()
    queue = [d for _, d in replies[-1].buttons()]
    while queue:
        data = queue.pop()
        if data in seen:
            continue
        seen.add(data)
        answered = len(api.method_calls("answerCallbackQuery"))
        replies = await press(api, data)
        assert len(api.method_calls("answerCallbackQuery")) == answered + 1
        if data.startswith("v1|fb|"):  # feedback is acknowledged in the answer itself
            assert api.method_calls("answerCallbackQuery")[-1].params.get("text")
            continue
        assert replies, f"no reply to {data}"
        assert_valid(replies)
        assert EXPIRED not in replies[0].text
        if data.startswith(f"v1|sec|{TOPIC}|") or data.startswith("v1|ex"):
            queue.extend(d for _, d in replies[-1].buttons())
    assert {keyboards.data("sec", TOPIC, k) for k in ("summary", "causes", "treatment", "urgent")} <= seen


async def test_stale_or_forged_buttons_say_the_menu_expired(bot, api: FakeBotApi):
    for data in ("v0|sec|x|y", "v1|sec|no-such-topic|summary", "v1|ex|gone|x", "garbage", "v1|" + "x" * 70):
        calls_before = len(api.method_calls("answerCallbackQuery"))
        replies = await press(api, data)
        answers = api.method_calls("answerCallbackQuery")[calls_before:]
        assert answers and answers[0].params.get("text") == EXPIRED
        assert EXPIRED in replies[0].text
        assert keyboards.data("topics") in {d for _, d in replies[0].buttons()}


async def test_unknown_command_and_free_text_point_to_the_menu(bot, api: FakeBotApi):
    replies = await ask(api, "/frobnicate")
    assert "/frobnicate" in replies[0].text and "/help" in replies[0].text
    assert replies[0].buttons()
    replies = await ask(api, "hello there")
    assert replies and replies[-1].buttons()


def _long_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(Path(load_content().root), root)
    path = root / "topics" / f"{TOPIC}.yaml"
    data = yaml.safe_load(path.read_text())
    symptoms = next(s for s in data["sections"] if s["kind"] == "symptoms")
    filler = "Plain words <b>not markup</b> & more. " * 60
    symptoms["body"] = [filler] * 6 + [{"bullets": [filler[:200]] * 30}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return root


async def test_long_answers_are_split_and_escaped(start_bot, api: FakeBotApi, tmp_path: Path):
    content = load_content(_long_content(tmp_path))
    async with start_bot(content_override=content):
        replies = await ask(api, "/symptoms clumping")
    assert len(replies) >= 3
    assert_valid(replies)
    assert all("<b>not markup</b>" not in c.text for c in replies)
    assert "&lt;b&gt;not markup&lt;/b&gt; &amp; more." in replies[1].text
    assert replies[-1].buttons() and not any(c.buttons() for c in replies[:-1])


async def test_group_commands_with_and_without_the_bot_name(bot, api: FakeBotApi, content):
    group = -100123
    replies = await ask(api, "/symptoms@RootwiseBot clumping", chat_id=group, user_id=USER)
    assert content.topics[TOPIC].section("symptoms").title in visible_text(replies[0].text)
    replies = await ask(api, "/causes clumping", chat_id=group, user_id=USER)
    assert content.topics[TOPIC].section("causes").title in visible_text(replies[0].text)
    before = len(api.sent(group))
    api.message(group, "/symptoms@SomeOtherBot clumping", user_id=USER)
    api.message(group, "just chatting in the group", user_id=USER)
    await api.settle()
    assert len(api.sent(group)) == before


async def test_rate_limited_send_is_retried_after_retry_after(start_bot, api: FakeBotApi):
    async with start_bot(rate_limit=True):
        api.fail("sendMessage", 429, "Too Many Requests: retry after 1", parameters={"retry_after": 1})
        api.message(USER, "/help")
        attempts = await api.wait_for(lambda: len(api.sent(USER)) >= 2 and api.sent(USER), what="a retry")
    # the first attempt got 429, the limiter waited retry_after and sent the same message again
    assert attempts[0].text == attempts[1].text
    assert attempts[1].at - attempts[0].at >= 0.9


async def test_handler_failure_gets_an_apology_not_silence(bot, api: FakeBotApi, caplog):
    api.fail("sendMessage", 400, "Bad Request: something odd", chat_id=USER)
    caplog.set_level(logging.INFO)
    replies = await ask(api, "/help")
    assert any("something went wrong" in c.text for c in replies)
    assert any(r.name == "rootwise.errors" for r in caplog.records)


async def test_token_never_reaches_the_logs(production_logs: io.StringIO, bot, api: FakeBotApi, request, monkeypatch):
    api.fail("sendMessage", 500, "Internal Server Error", chat_id=USER)
    await ask(api, "/start")
    fail_next_call_like_a_redirect_loop(monkeypatch)
    replies = await ask(api, "/symptoms clumping")
    assert any("something went wrong" in c.text for c in replies)  # the failure happened and was handled
    assert TOKEN in api.tokens_seen  # the token really was in use
    logged = production_log_text(production_logs, request.node.callspec.params["production_logs"])
    assert "Rootwise is up as @" in logged  # start-up went through the production handler
    assert "TooManyRedirects" in logged  # and so did the failure whose message carried the token
    assert TOKEN not in logged and TOKEN.split(":")[1] not in logged


async def test_flooding_user_is_asked_to_slow_down_once(start_bot, api: FakeBotApi):
    async with start_bot(flood_limit_per_minute=5):
        for _ in range(5):
            await ask(api, "/help")
        before = len(api.sent(USER))
        for _ in range(4):
            api.message(USER, "/help")
        await api.wait_for(lambda: len(api.sent(USER)) > before, what="the slow-down message")
        await api.settle()
        extra = api.sent(USER)[before:]
        other = await ask(api, "/help", chat_id=USER + 1)  # someone else is served as usual
    assert len(extra) == 1 and "very fast" in extra[0].text
    assert other and "How to use" in other[0].text
