"""Property-based tests: odd input through the real bot and the fake Bot API never breaks it.

Every message in a private chat gets a reply (never silence), no handler fails (the error
handler is never reached), and every reply is valid Telegram HTML under the length limits.
"""

from __future__ import annotations

import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.helpers import USER, assert_valid, button_kinds
from tests.fake_bot_api import FakeBotApi

COMMANDS = [
    "/start",
    "/help",
    "/topics",
    "/symptoms",
    "/causes",
    "/treatment",
    "/exercises",
    "/urgent",
    "/about",
    "/remind",
    "/reminders",
    "/progress",
    "/stop",
    "/privacy",
    "/mydata",
    "/forget",
    "/quiet",
    "/prescribe",
    "/prescriptions",
    "/connect",
    "/channels",
    "/settings",
    "/nonsense",
]
#: Every kind of button the bot knows (bot.keyboards' registry), and one it does not.
CALLBACK_KINDS = [*button_kinds(), "zz"]

text_strategy = st.one_of(
    st.text(min_size=1, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(lambda s: s * 200),  # huge
    st.sampled_from(["<b>", "</i>", "&amp;", "<a href='x'>", "🚨" * 3000, "\u202e\u200b", "a" * 5000]),
)
command_strategy = st.tuples(st.sampled_from(COMMANDS), st.text(max_size=120)).map(lambda t: f"{t[0]} {t[1]}")
# Arguments: any text, or digits (ids, chats, days, scores) that pass the registry's checks more often.
argument_strategy = st.one_of(st.text(max_size=12), st.from_regex(r"-?[0-9]{1,12}", fullmatch=True))
callback_strategy = st.one_of(
    st.tuples(st.sampled_from(CALLBACK_KINDS), st.lists(argument_strategy, max_size=4)).map(
        lambda t: "|".join(["v1", t[0], *t[1]])
    ),
    st.text(max_size=80),
)

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "rootwise.errors"]


async def _roundtrip(api: FakeBotApi, send) -> list:
    before = len(api.sent(USER))
    answered = len(api.method_calls("answerCallbackQuery"))
    send()
    await api.wait_for(
        lambda: len(api.sent(USER)) > before or len(api.method_calls("answerCallbackQuery")) > answered,
        what="any answer",
    )
    await api.settle()
    return api.sent(USER)[before:]


@FUZZ
@given(text=st.one_of(text_strategy, command_strategy))
async def test_any_text_gets_a_valid_reply(bot, api: FakeBotApi, caplog, text: str):
    caplog.set_level(logging.ERROR)
    replies = await _roundtrip(api, lambda: api.message(USER, text))
    assert replies, "silence"
    assert_valid(replies)
    assert not _errors(caplog), [r.getMessage() for r in _errors(caplog)]


@FUZZ
@given(data=callback_strategy)
async def test_forged_callback_data_is_answered_safely(bot, api: FakeBotApi, caplog, data: str):
    caplog.set_level(logging.ERROR)
    answered = len(api.method_calls("answerCallbackQuery"))
    replies = await _roundtrip(api, lambda: api.press(USER, data))
    assert len(api.method_calls("answerCallbackQuery")) > answered, "the button was left spinning"
    assert_valid(replies)
    assert not _errors(caplog), [r.getMessage() for r in _errors(caplog)]


GROUP = -100987


@FUZZ
@given(
    text=st.one_of(text_strategy, command_strategy, command_strategy.map(lambda c: c.replace(" ", "@RootwiseBot ", 1)))
)
async def test_any_text_in_a_group_is_handled_safely(bot, api: FakeBotApi, caplog, text: str):
    """In a group plain chat gets no reply (privacy mode), and neither do unknown commands. Nothing
    fails, nothing goes to the member privately, and every reply is valid."""
    caplog.set_level(logging.ERROR)
    before, private = len(api.sent(GROUP)), len(api.sent(USER))
    api.message(GROUP, text, user_id=USER)
    await api.settle()
    assert_valid(api.sent(GROUP)[before:])
    assert len(api.sent(USER)) == private
    assert not _errors(caplog), [r.getMessage() for r in _errors(caplog)]
