"""Helpers for end-to-end tests: talk to the bot through the fake Bot API and check replies.

Everything two test modules share lives here (or, for fixtures, in conftest.py); a test module
never imports another.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import aiohttp
import pytest
from sqlalchemy import select

from bot import keyboards
from bot.offline import BOT_ID, Call
from storage.db import Base
from tests.fake_bot_api import FakeBotApi
from tests.helpers import ROOT, count  # noqa: F401 - count is shared from here too

TOKEN = "123456:TEST-secret-token-DO-NOT-LOG"
USER = 5001
UTC = dt.UTC
START = dt.datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # a Thursday, 06:00 in London (GMT in winter)
PROGRAMME = "general-nerve-root"
#: A message with emergency red flags (cauda equina: saddle numbness, incontinence).
EMERGENCY = "since this morning I can't feel anything when I wipe and I wet myself without noticing"


async def ask(api: FakeBotApi, text: str, chat_id: int = USER, **kwargs) -> list[Call]:
    """Send ``text`` as the user; once the bot has finished with it, every message it sent in reply."""
    before = len(api.sent(chat_id))
    api.message(chat_id, text, **kwargs)
    await api.wait_for(lambda: len(api.sent(chat_id)) > before, what=f"a reply to {text!r}")
    await api.settle()
    return api.sent(chat_id)[before:]


async def press(api: FakeBotApi, data: str, chat_id: int = USER, language_code: str | None = None) -> list[Call]:
    """Press a button (as a user whose Telegram is in ``language_code``, when given); once the bot
    has finished with it, every message it sent in reply."""
    answered = len(api.method_calls("answerCallbackQuery"))
    before = len(api.sent(chat_id))
    api.press(chat_id, data, **({"language_code": language_code} if language_code else {}))
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
    """A clock the test moves by hand; the engine, the handlers and the admin cache all read it.
    Starts at :data:`START` unless told otherwise."""

    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def services_of(application):
    """The Services object of a running Application."""
    return application.bot_data["services"]


def button_kinds() -> list[str]:
    """Every code a button press may carry (renamed ones too), from bot.keyboards' registry."""
    return sorted(keyboards.FIELDS)


async def subscribe(
    application, clock: Clock, chat_id: int = USER, at: dt.time = dt.time(7, 30), zone: str = "Europe/London"
):
    """A daily reminder of :data:`PROGRAMME` stored directly; the engine reads ``clock`` from now on."""
    services = services_of(application)
    services.engine.clock = clock
    return await services.store.reminders.add_subscription(chat_id, PROGRAMME, at, zone, clock.now)


async def all_text(store) -> str:
    """Every row of every table, as text."""
    out = []
    async with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out += [repr(tuple(row)) for row in await conn.execute(select(table))]
    return "\n".join(out)


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


def button_labelled(calls, label_part: str) -> str:
    """The data of the latest button among ``calls`` whose label contains ``label_part``."""
    for call in reversed(calls):
        for label, data in call.buttons():
            if label_part in label:
                return data
    raise AssertionError(f"no button {label_part!r} in {[c.buttons() for c in calls]}")


async def answer_sentences(api: FakeBotApi, replies, answers: str, start: int = 0):
    """Answer RMDQ sentences ``start``... with ``answers`` ("y"/"n"), pressing the buttons sent."""
    for i, letter in enumerate(answers, start):
        question = replies[-1]
        assert question.text.startswith(f"{i + 1}/"), question.text
        replies = await press(api, button_labelled([question], "Yes" if letter == "y" else "No"))
    return replies


async def press_scale(api: FakeBotApi, replies, value: int):
    """Press the button labelled ``value`` on the latest of ``replies`` (a 0-10 scale)."""
    (data,) = [d for label, d in replies[-1].buttons() if label == str(value)]
    return await press(api, data)


# -- groups and channels --------------------------------------------------------------------

GROUP = -100555
ADMIN, MEMBER = USER, 6002
CHANNEL, CHANNEL_NAME = -1001234567, "backcaredaily"


async def press_as(api: FakeBotApi, chat_id: int, data: str, user_id: int = ADMIN) -> Call:
    """Press a button in ``chat_id`` as ``user_id``; the answerCallbackQuery call."""
    answered = len(api.method_calls("answerCallbackQuery"))
    api.press(chat_id, data, user_id=user_id)
    await api.settle()
    await api.wait_for(lambda: len(api.method_calls("answerCallbackQuery")) > answered, what="an answer")
    return api.method_calls("answerCallbackQuery")[answered]


def last_menu(api: FakeBotApi, chat_id: int) -> tuple[str, list[str]]:
    """Visible text and button data of the bot's latest message in a chat (after any edits)."""
    mid = max(m for c, m in api.state.messages if c == chat_id)
    msg = api.state.messages[(chat_id, mid)]
    data = [
        btn.get("callback_data", "")
        for row in (msg.get("reply_markup") or {}).get("inline_keyboard", [])
        for btn in row
    ]
    return visible_text(msg.get("text", "")), data


async def reply_to_prompt(api: FakeBotApi, chat_id: int, text: str, user_id: int = ADMIN) -> list[Call]:
    """Answer the bot's latest forced-reply question as ``user_id``."""
    (prompt,) = [c for c in api.sent(chat_id) if "force_reply" in (c.reply_markup or {})][-1:]
    mid = max(m for (c, m), msg in api.state.messages.items() if c == chat_id and msg.get("text") == prompt.text)
    return await ask(api, text, chat_id=chat_id, user_id=user_id, reply_to_message=api.state.messages[(chat_id, mid)])


def make_admin(api: FakeBotApi, chat_id: int = GROUP, user_id: int = ADMIN, status: str = "administrator"):
    api.state.set_member(chat_id, user_id, status)


def a_channel(api: FakeBotApi, *, bot_status: str = "administrator", user_status: str = "creator", **bot_rights):
    """The channel @backcaredaily, which USER created and the bot may (or may not) post in."""
    api.state.add_chat(CHANNEL, "channel", "Back Care Daily", CHANNEL_NAME)
    api.state.set_member(CHANNEL, BOT_ID, bot_status, **bot_rights)
    api.state.set_member(CHANNEL, USER, user_status)


# -- prescriptions --------------------------------------------------------------------------

PRESCRIBER = 7001
PATIENT = 7002
NAME = "Sam <physio> & co, Riverside"
LINK = re.compile(r"https://t\.me/RootwiseBot\?start=(rx_[A-Za-z0-9_-]+)")


def texts(calls) -> str:
    return "\n".join(visible_text(c.text) for c in calls)


def datas(calls) -> set[str]:
    return {d for c in calls for _, d in c.buttons()}


async def make_link(
    api: FakeBotApi,
    *,
    day: int = 7,
    time: str | None = "0800",
    typed_time: str | None = None,
    name: str = NAME,
    first: bool = True,
) -> str:
    """Go through /prescribe as PRESCRIBER; returns the /start payload of the link."""
    replies = await ask(api, "/prescribe", chat_id=PRESCRIBER)
    if first:  # the prescriber is a person too: the privacy notice comes first
        assert keyboards.data("agree", "prescribe") in datas(replies)
        replies = await press(api, keyboards.data("agree", "prescribe"), chat_id=PRESCRIBER)
    assert keyboards.data("pxp", PROGRAMME) in datas(replies)
    replies = await press(api, keyboards.data("pxp", PROGRAMME), chat_id=PRESCRIBER)
    assert {keyboards.data("pxd", PROGRAMME, d) for d in ("0", "7", "14", "21")} <= datas(replies)
    replies = await press(api, keyboards.data("pxd", PROGRAMME, str(day)), chat_id=PRESCRIBER)
    if typed_time:
        replies = await ask(api, typed_time, chat_id=PRESCRIBER)
    else:
        replies = await press(api, keyboards.data("pxt", PROGRAMME, str(day), time), chat_id=PRESCRIBER)
    assert "display name" in texts(replies)
    replies = await ask(api, name, chat_id=PRESCRIBER)
    assert_valid(replies)
    (payload,) = LINK.findall(texts(replies))
    return payload


async def open_and_agree(api: FakeBotApi, payload: str, chat_id: int, first_name: str = "Pat"):
    replies = await ask(api, f"/start {payload}", chat_id=chat_id, first_name=first_name)
    (agree,) = [d for d in datas(replies) if d.startswith("v1|agree|rx|")]  # it names the prescription
    return await press(api, agree, chat_id=chat_id)


def prescription_id(replies) -> str:
    (start,) = [d for d in datas(replies) if d.startswith("v1|pxa|")]
    return start.split("|")[2]


# -- logs -----------------------------------------------------------------------------------


def production_log_text(written: io.StringIO, fmt: str) -> str:
    """What production logging wrote; json lines are checked to be json and decoded, so escapes hide nothing."""
    text = written.getvalue()
    assert text, "expected some log output from the production handler"
    if fmt == "json":
        entries = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert all({"time", "level", "logger", "message"} <= set(entry) for entry in entries)
        text += "\n" + "\n".join(str(value) for entry in entries for value in entry.values())
    return text


def fail_next_call_like_a_redirect_loop(monkeypatch: pytest.MonkeyPatch, method: str = "sendMessage") -> None:
    """Make the bot's next ``method`` call fail the way aiohttp fails on a redirect loop (a misbehaving
    proxy, say): with the request URL, and so the token, in the exception's message. bot/request.py turns
    it into a NetworkError and the error handler logs it with its traceback, so only the production
    redaction stands between the token and the log."""
    from multidict import CIMultiDict, CIMultiDictProxy

    real_request = aiohttp.ClientSession.request
    armed = [True]

    def request(self, verb, url, *args, **kwargs):
        if armed[0] and str(url).endswith("/" + method):
            armed[0] = False
            info = aiohttp.RequestInfo(url, verb, CIMultiDictProxy(CIMultiDict()), url)
            raise aiohttp.TooManyRedirects(info, (), status=302, message="Found")
        return real_request(self, verb, url, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "request", request)


# -- the Mini App ------------------------------------------------------------------------------


def clock_now() -> dt.datetime:
    """The reminder engine's clock at the start of these tests (initData is dated by the real clock)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


WEBAPP_URL = "https://bot.example.org/app/"


def webapp_on(serve_bot):
    """serve_bot in polling mode with the Mini App on its own port (WEB_PORT, any free one)."""

    def start(**overrides):
        return serve_bot(webhook=False, **{"webapp_url": WEBAPP_URL, "health_port": None, "web_port": 0, **overrides})

    return start


async def with_reminder(application, clock: Clock, chat_id: int = USER):
    """A reminder set up and its first day sent (as the engine does), for ``chat_id``."""
    services = services_of(application)
    services.engine.clock = clock
    sub = await services.store.reminders.add_subscription(
        chat_id, PROGRAMME, dt.time(7, 30), "Europe/London", clock.now
    )
    clock.now = sub.next_due_utc
    assert (await services.engine.tick()).sent >= 1
    return sub


def start_button(call) -> tuple[list[str], str | None]:
    """The labels of the row holding Done, and the web_app URL of its Start session button."""
    rows = (call.reply_markup or {}).get("inline_keyboard", [])
    row = next(r for r in rows if any(b.get("text") == "✅ Done" for b in r))
    url = next((b["web_app"]["url"] for b in row if "web_app" in b), None)
    return [b["text"] for b in row], url
