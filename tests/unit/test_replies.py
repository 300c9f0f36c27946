"""bot.replies.send_text sends exactly the request Bot.send_message sends, with the application's
defaults, through the rate limiter, and raises Telegram's errors the same way."""

from __future__ import annotations

import json

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import AIORateLimiter, Defaults, ExtBot
from telegram.request import BaseRequest

from bot.keyboards import SharedKeyboard
from bot.replies import send_text

MESSAGE = {"message_id": 7, "date": 0, "chat": {"id": 42, "type": "private"}, "text": "hi"}


class Recorder(BaseRequest):
    """Answers every call with a sent message (or an error) and records what was asked."""

    def __init__(self, answer: tuple[int, dict] = (200, {"ok": True, "result": MESSAGE})):
        self.answer = answer
        self.calls: list[tuple[str, dict]] = []
        self.bodies: list[bytes] = []  # what went to Telegram

    @property
    def read_timeout(self):
        return None

    async def initialize(self):
        pass

    async def shutdown(self):
        pass

    async def do_request(self, url, method, request_data=None, **timeouts):
        self.calls.append((url.rsplit("/", 1)[1], request_data.json_parameters if request_data else {}))
        self.bodies.append(request_data.json_payload if request_data else b"")
        status, body = self.answer
        return status, json.dumps(body).encode()


class CountingLimiter(AIORateLimiter):
    def __init__(self):
        super().__init__()
        self.endpoints: list[str] = []

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        self.endpoints.append(endpoint)
        return await callback(*args, **kwargs)


def make_bot(request: BaseRequest, limiter=None, preview: type[LinkPreviewOptions] = LinkPreviewOptions) -> ExtBot:
    defaults = Defaults(parse_mode=ParseMode.HTML, link_preview_options=preview(is_disabled=True))
    return ExtBot("123456:test", request=request, defaults=defaults, rate_limiter=limiter)


ROWS = [[InlineKeyboardButton("More", callback_data="m"), InlineKeyboardButton("Read", url="https://example.org/ä")]]


@pytest.mark.parametrize("keyboard", [None, InlineKeyboardMarkup(ROWS), SharedKeyboard(ROWS)])
async def test_telegram_gets_what_send_message_sends_with_plain_objects(keyboard):
    """A shared keyboard goes as its JSON text, made once:
    each parameter is, character for character, what send_message makes of plain ones (sent twice:
    made, then kept)."""
    plain = Recorder()
    await make_bot(plain).send_message(42, "<b>hi</b>", reply_markup=InlineKeyboardMarkup(ROWS) if keyboard else None)
    request = Recorder()
    bot = make_bot(request)
    await send_text(bot, 42, "<b>hi</b>", keyboard)
    await send_text(bot, 42, "<b>hi</b>", keyboard)
    assert [json.loads(body) for body in request.bodies] == [json.loads(body) for body in plain.bodies] * 2
    assert request.calls == plain.calls * 2


@pytest.mark.parametrize("keyboard", [None, InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="m")]])])
async def test_the_same_request_as_send_message(keyboard):
    request = Recorder()
    bot = make_bot(request)
    sent = await bot.send_message(42, "<b>hi</b>", reply_markup=keyboard)
    assert sent.message_id == 7
    assert await send_text(bot, 42, "<b>hi</b>", keyboard) is None
    (method_a, params_a), (method_b, params_b) = request.calls
    assert method_a == method_b == "sendMessage"
    assert params_a == params_b
    assert params_b["parse_mode"] == "HTML" and "is_disabled" in params_b["link_preview_options"]


async def test_through_the_rate_limiter():
    limiter = CountingLimiter()
    bot = make_bot(Recorder(), limiter)
    await send_text(bot, 42, "hi")
    assert limiter.endpoints == ["sendMessage"]


async def test_telegrams_errors_are_raised():
    bot = make_bot(Recorder((400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})))
    with pytest.raises(BadRequest, match="Chat not found"):
        await send_text(bot, 42, "hi")
