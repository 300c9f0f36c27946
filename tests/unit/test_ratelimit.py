"""bot.ratelimit.ChatRateLimiter: one chat's 429 holds back that chat; a bot-wide one, everyone."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram.error import RetryAfter

from bot.ratelimit import ChatRateLimiter


def limiter(**kwargs) -> ChatRateLimiter:
    return ChatRateLimiter(overall_max_rate=0, overall_time_period=0, group_max_rate=0, group_time_period=0,
                           max_retries=2, **kwargs)


class Api:
    """A callback that answers 429 for the chats told, ``times`` times each."""

    def __init__(self, retry_after: float, **limited: int):
        self.retry_after = retry_after
        self.limited = {int(k.removeprefix("chat")): v for k, v in limited.items()}
        self.answered: dict[int, float] = {}

    def call(self, chat: int):
        async def callback():
            if self.limited.get(chat, 0) > 0:
                self.limited[chat] -= 1
                raise RetryAfter(self.retry_after)
            self.answered[chat] = time.monotonic()
            return True
        return callback


async def send(rl: ChatRateLimiter, api: Api, chat: int | None):
    data = {"chat_id": chat} if chat is not None else {}
    return await rl.process_request(api.call(chat or 0), (), {}, "sendMessage", data, None)


async def test_one_chats_429_delays_that_chat_only():
    rl, api = limiter(), Api(1, chat1=1)
    started = time.monotonic()
    await asyncio.gather(send(rl, api, 1), send(rl, api, 2), send(rl, api, 3))
    assert api.answered[1] - started >= 1.0
    assert api.answered[2] - started < 0.3 and api.answered[3] - started < 0.3


async def test_429s_for_several_chats_at_once_are_the_bots_limit_and_everyone_waits():
    rl, api = limiter(bot_wide_chats=3), Api(1, chat1=1, chat2=1, chat3=1)
    started = time.monotonic()
    await asyncio.gather(send(rl, api, 1), send(rl, api, 2), send(rl, api, 3))
    await send(rl, api, 4)
    assert api.answered[4] - started >= 1.0


async def test_a_429_without_a_chat_is_the_bots():
    rl, api = limiter(), Api(1, chat0=1)
    started = time.monotonic()
    await asyncio.gather(send(rl, api, None), send(rl, api, 5))
    assert api.answered[5] - started >= 1.0


async def test_a_retry_after_over_max_wait_is_raised_at_once_marked_as_the_chats():
    rl, api = limiter(max_wait=2), Api(30, chat1=1)
    started = time.monotonic()
    with pytest.raises(RetryAfter) as raised:
        await send(rl, api, 1)
    assert time.monotonic() - started < 0.5
    assert raised.value.chat_only is True
    assert rl.chat_waits(1) > 29 and rl.chat_waits(2) == 0


async def test_a_reminders_request_never_waits_for_its_chats_limit():
    from bot.request import no_retries

    rl, api = limiter(), Api(20, chat1=1)
    started = time.monotonic()
    with no_retries():
        with pytest.raises(RetryAfter) as first:
            await send(rl, api, 1)
        with pytest.raises(RetryAfter) as again:  # still limited: not even tried
            await send(rl, api, 1)
        await send(rl, api, 2)
    assert time.monotonic() - started < 0.5
    assert first.value.chat_only and again.value.chat_only and 1 not in api.answered
