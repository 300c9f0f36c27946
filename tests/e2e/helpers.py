"""Helpers for end-to-end tests: talk to the bot through the fake Bot API and check replies."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from bot.offline import Call
from tests.e2e.conftest import USER
from tests.fake_bot_api import FakeBotApi


async def ask(api: FakeBotApi, text: str, chat_id: int = USER, **kwargs) -> list[Call]:
    """Send ``text`` as the user; once the bot has finished with it, every message it sent in reply."""
    before = len(api.sent(chat_id))
    api.message(chat_id, text, **kwargs)
    await api.wait_for(lambda: len(api.sent(chat_id)) > before, what=f"a reply to {text!r}")
    await api.settle()
    return api.sent(chat_id)[before:]


async def press(api: FakeBotApi, data: str, chat_id: int = USER) -> list[Call]:
    """Press a button; once the bot has finished with it, every message it sent in reply."""
    answered = len(api.method_calls("answerCallbackQuery"))
    before = len(api.sent(chat_id))
    api.press(chat_id, data)
    await api.wait_for(lambda: len(api.method_calls("answerCallbackQuery")) > answered, what="an answer")
    await api.settle()
    return api.sent(chat_id)[before:]


class _Checker(HTMLParser):
    """Fails on tags Telegram does not allow or that are left unbalanced."""

    ALLOWED = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        assert tag in self.ALLOWED, f"tag <{tag}> is not allowed"
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        self.text += data


def visible_text(html: str) -> str:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.stack, f"unclosed tags {checker.stack}"
    return checker.text


def assert_valid(calls: list[Call]) -> None:
    """Every message has words, valid HTML, and fits Telegram's limit (a caption: 1,024)."""
    for call in calls:
        if call.method == "sendDocument" and not call.text:  # /mydata's file: its caption, if any, is checked
            continue
        assert call.text.strip()
        visible_text(call.text)
        limit = 1024 if call.method in ("sendPhoto", "sendDocument") else 4096
        assert len(call.text.encode("utf-16-le")) // 2 <= limit, (call.method, len(call.text))


class Clock:
    """A clock the test moves by hand; the engine, the handlers and the admin cache all read it."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def services_of(application):
    """The Services object of a running Application."""
    return application.bot_data["services"]



def agree_data(api: FakeBotApi, chat_id: int = USER) -> str:
    """The "I agree" button of the latest privacy notice sent to ``chat_id`` (it names what follows)."""
    for call in reversed(api.sent(chat_id)):
        for _, data in call.buttons():
            if data.startswith("v1|agree"):
                return data
    raise AssertionError("no privacy notice with an I agree button was sent")


async def agree(api: FakeBotApi, chat_id: int = USER) -> list[Call]:
    """Press "I agree" on the latest privacy notice; every message the bot sent in reply."""
    return await press(api, agree_data(api, chat_id), chat_id=chat_id)
