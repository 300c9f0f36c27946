"""Outgoing rate limits where one chat's 429 holds back that chat only.

python-telegram-bot's :class:`~telegram.ext.AIORateLimiter` waits out any 429 (``RetryAfter``)
for every request: one chat answered ``retry_after=15`` held another person's ``/help`` for
15 s. :class:`ChatRateLimiter` keeps AIORateLimiter's buckets (overall and per group) but waits
out a 429 for its chat alone, unless the limit is the bot's: a 429 for a request without a chat,
or 429s for ``bot_wide_chats`` different chats within ``bot_wide_window`` seconds (Telegram's
overall limit answers every chat alike). Only then does every request wait.

A 429 it gives up on (after ``max_retries``, or at once when ``retry_after`` is over
``max_wait``) is raised with ``chat_only`` set on the exception (True: that chat's limit), so the
reminder engine delays that chat's reminder only (``bot.delivery``). Requests made under
``bot.request.no_retries`` (the reminder engine's) never wait for their chat's limit: they get the
``RetryAfter`` at once, and the engine sends the reminder again when the limit is over, while
its workers go on with other chats.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import deque
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.request import retries_allowed

log = logging.getLogger(__name__)


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter's buckets; a 429 waits for its chat only, unless it is bot-wide.

    Args:
        bot_wide_chats / bot_wide_window: this many chats answered 429 within this many seconds
            is a limit of the bot, which every request then waits out.
        max_wait: a ``retry_after`` longer than this (seconds) is not waited out here: the
            caller gets the ``RetryAfter`` at once (a reminder is then due again after it).
        Others as for :class:`~telegram.ext.AIORateLimiter`.
    """

    def __init__(self, *, bot_wide_chats: int = 3, bot_wide_window: float = 1.0, max_wait: float = 30.0,
                 clock=time.monotonic, **kwargs: Any):
        super().__init__(**kwargs)
        self.bot_wide_chats = bot_wide_chats
        self.bot_wide_window = bot_wide_window
        self.max_wait = max_wait
        self._clock = clock
        self._chat_until: dict[int | str, float] = {}  # a chat's own 429: no request before then
        self._all_until = 0.0  # the bot's 429: no request at all before then
        self._recent: deque[tuple[float, int | str]] = deque()  # (when, chat) of recent 429s

    def chat_waits(self, chat: int | str) -> float:
        """Seconds left before a request to ``chat`` may go (0: now)."""
        return max(0.0, self._chat_until.get(chat, 0.0) - self._clock(), self._all_until - self._clock())

    def _bot_wide(self, chat: int | str | None, now: float) -> bool:
        if chat is None:
            return True
        recent = self._recent
        recent.append((now, chat))
        while recent and now - recent[0][0] > self.bot_wide_window:
            recent.popleft()
        return len({c for _, c in recent}) >= self.bot_wide_chats

    async def _wait_turn(self, chat: int | str | None) -> None:
        while True:
            now = self._clock()
            until = self._all_until
            if chat is not None:
                own = self._chat_until.get(chat)
                if own is not None:
                    if own <= now:
                        self._chat_until.pop(chat, None)
                    else:
                        until = max(until, own)
            if until <= now:
                return
            await asyncio.sleep(until - now)

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """As AIORateLimiter's, but a 429 holds back its own chat unless it is the bot's."""
        max_retries = rate_limit_args or self._max_retries
        chat_id = data.get("chat_id")
        chat = chat_id is not None
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        group: int | str | bool = chat_id if (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str) \
            else False
        key = chat_id if isinstance(chat_id, (int, str)) else None
        paid = data.get("allow_paid_broadcast", False)
        patient = retries_allowed()
        for attempt in range(max_retries + 1):
            if not patient and key is not None:
                own = self._chat_until.get(key, 0.0) - self._clock()
                if own > 0:  # this chat is limited: say so at once, no wait
                    limited = RetryAfter(max(1, math.ceil(own)))
                    limited.chat_only = True
                    raise limited
            await self._wait_turn(key)
            try:
                return await self._run_request(chat=chat, group=group, allow_paid_broadcast=paid,
                                               callback=callback, args=args, kwargs=kwargs)
            except RetryAfter as exc:
                now = self._clock()
                seconds = exc.retry_after if isinstance(exc.retry_after, (int, float)) \
                    else exc.retry_after.total_seconds()
                bot_wide = self._bot_wide(key, now)
                exc.chat_only = not bot_wide  # read by bot.delivery
                if bot_wide:
                    self._all_until = max(self._all_until, now + seconds + 0.1)
                    log.warning("bot-wide rate limit: every request waits %.1f s", seconds)
                else:
                    if len(self._chat_until) > 1024:  # forget the limits that are over
                        self._chat_until = {c: t for c, t in self._chat_until.items() if t > now}
                    self._chat_until[key] = max(self._chat_until.get(key, 0.0), now + seconds + 0.1)
                    log.info("chat %s rate-limited: its requests wait %.1f s", key, seconds)
                if attempt == max_retries or seconds > self.max_wait or (not patient and not bot_wide):
                    raise
        return None  # not reached
