"""Outgoing rate limits as Telegram sets them: replies are not broadcasts.

Telegram's limits (Bots FAQ): about 30 messages a second for notifications to many chats, about one
message a second in one chat, 20 a minute in one group, and up to 1,000 a second for messages sent
with ``allow_paid_broadcast``. :class:`TelegramRateLimiter` (python-telegram-bot's
:class:`~telegram.ext.BaseRateLimiter`) applies:

* the **overall budget** (``broadcast`` per second; ``paid`` with ``allow_paid_broadcast``) to
  bulk sends only: those made inside :func:`bulk` (the reminder engine's reminders, group and
  channel daily posts, check-in offers). A reply to someone who just wrote never waits for it;
* the **per-chat** (``chat`` a second, a burst of ``chat_burst``) and **per-group** (``group`` a
  minute) budgets to every send, edit, copy or forward to that chat;
* every **429**: ``retry_after`` holds back that chat alone, unless the limit is the bot's (a 429
  for a request without a chat, or 429s for ``bot_wide_chats`` chats within ``bot_wide_window``
  seconds); then every request waits. It is sent again up to ``max_retries`` times.

The budgets are :mod:`bot.budget` buckets: in this process, or with ``REDIS_URL`` shared by every
replica (one overall budget for all of them, and a chat's 429 held back on every replica).

A 429 it gives up on (after ``max_retries``, or at once when ``retry_after`` is over ``max_wait``)
is raised with ``chat_only`` set on the exception (True: that chat's limit), so the reminder engine
delays that chat's reminder only (``bot.delivery``). Requests made under
``bot.request.no_retries`` (the reminder engine's) never wait long for their chat: when its
budget or its 429 holds it back more than ``impatient_wait`` seconds they get a ``RetryAfter``
(``chat_only``) at once, and the engine sends the reminder again later while its workers go on
with other chats.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import logging
import math
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.budget import LocalBudget, RedisBudget, Slot
from bot.request import retries_allowed

log = logging.getLogger(__name__)

_BULK = contextvars.ContextVar("rootwise_bulk_send", default=False)
#: Methods that put something in a chat: the per-chat and per-group budgets count them.
_SENDS = ("send", "copy", "forward", "edit")


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Requests made inside this block (in this task) are bulk sends: they take the overall budget."""
    token = _BULK.set(True)
    try:
        yield
    finally:
        _BULK.reset(token)


@dataclass(frozen=True, slots=True)
class Rates:
    """The budgets. ``minute`` is the group window in seconds (a test shortens it, same arithmetic).

    A GCRA bucket lets ``burst + T / interval`` through in any ``T`` seconds: the overall one 1 + 28
    in a second (under Telegram's 30, room for network jitter); a private chat's 2 + 1; a group's
    3 + 16 in a minute (under 20). Bulk sends are also counted as they go out (at most ``window`` in
    any ``window_seconds``), so a sender that woke late cannot bunch up with the next ones."""

    broadcast: float = 28.0
    paid: float = 1000.0
    chat: float = 1.0
    chat_burst: int = 2
    group: float = 16.0
    group_burst: int = 3
    minute: float = 60.0
    window: int = 29  # bulk sends actually going out in any window_seconds, at most (Telegram: 30 a second)
    paid_window: int = 1000
    window_seconds: float = 1.1  # a second, and 100 ms for sends delayed on their way to Telegram

    def overall(self, paid: bool) -> Slot:
        return Slot("paid", 1 / self.paid) if paid else Slot("all", 1 / self.broadcast)


class TelegramRateLimiter(BaseRateLimiter):
    """Per-chat and per-group budgets for everything, the overall budget for bulk sends, every 429
    honoured (see the module docstring).

    Args:
        rates: the budgets.
        budget: a :class:`bot.budget.LocalBudget` (default) or :class:`bot.budget.RedisBudget`.
        salt: mixed into the hash that names a chat in shared keys (the bot token).
        max_retries: a request answered 429 is sent again up to this many times.
        bot_wide_chats / bot_wide_window: this many chats answered 429 within this many seconds
            is a limit of the bot, which every request then waits out.
        max_wait: a ``retry_after`` longer than this (seconds) is not waited out here: the
            caller gets the ``RetryAfter`` at once.
        impatient_wait: see the module docstring.
    """

    def __init__(
        self,
        rates: Rates = Rates(),
        *,
        budget: LocalBudget | RedisBudget | None = None,
        salt: str = "",
        max_retries: int = 3,
        bot_wide_chats: int = 3,
        bot_wide_window: float = 1.0,
        max_wait: float = 30.0,
        impatient_wait: float = 5.0,
        clock=time.monotonic,
    ):
        self.rates = rates
        self.budget = budget if budget is not None else LocalBudget()
        self.max_retries = max_retries
        self.bot_wide_chats = bot_wide_chats
        self.bot_wide_window = bot_wide_window
        self.max_wait = max_wait
        self.impatient_wait = impatient_wait
        self._clock = clock
        self._salt = salt.encode()[:64]
        self._shared = isinstance(self.budget, RedisBudget)
        self._recent: deque[tuple[float, int | str]] = deque()  # (when, chat) of recent 429s
        self._chat_slots: dict[int | str, Slot] = {}

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        await self.budget.close()

    # ---- buckets ----------------------------------------------------------------------------

    HOLD = Slot("hold")

    def chat_slot(self, chat: int | str) -> Slot:
        """The bucket of one chat: a group's (negative id or @name) or a private chat's."""
        slot = self._chat_slots.get(chat)
        if slot is None:
            if len(self._chat_slots) > 4096:
                self._chat_slots.clear()
            name = str(chat)
            if self._shared:  # never a chat id in a shared key: a keyed hash of it
                name = hashlib.blake2b(name.encode(), key=self._salt, digest_size=10).hexdigest()
            r = self.rates
            group = isinstance(chat, str) or chat < 0
            slot = self._chat_slots[chat] = (
                Slot(f"g:{name}", r.minute / r.group, r.group_burst)
                if group
                else Slot(f"c:{name}", 1 / r.chat, r.chat_burst)
            )
        return slot

    # ---- requests ---------------------------------------------------------------------------

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """Wait for the request's budgets, send it, and honour a 429 (see the module docstring)."""
        max_retries = rate_limit_args if isinstance(rate_limit_args, int) else self.max_retries
        chat = _chat_key(data.get("chat_id"))
        counted = chat is not None and endpoint.startswith(_SENDS)
        overall = self.rates.overall(bool(data.get("allow_paid_broadcast"))) if _BULK.get() else None
        patient = retries_allowed()
        for attempt in range(max_retries + 1):
            await self._wait_turn(chat if counted else None, overall, patient)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = (
                    exc.retry_after if isinstance(exc.retry_after, (int, float)) else exc.retry_after.total_seconds()
                )
                bot_wide = self._bot_wide(chat, self._clock())
                exc.chat_only = not bot_wide  # type: ignore[attr-defined]  # read by bot.delivery
                if bot_wide:
                    await self.budget.hold(self.HOLD, seconds + 0.1)
                    log.warning("bot-wide rate limit: every request waits %.1f s", seconds)
                else:
                    assert chat is not None  # a request without a chat is always bot-wide
                    await self.budget.hold(self.chat_slot(chat), seconds + 0.1)
                    log.info("a chat is rate-limited: its requests wait %.1f s", seconds)
                if attempt == max_retries or seconds > self.max_wait or (not patient and not bot_wide):
                    raise
        return None  # not reached

    async def _wait_turn(self, chat: int | str | None, overall: Slot | None, patient: bool) -> None:
        """Sleep until the chat's bucket (and the hold), then the overall bucket, let the send go.

        The chat first: a reminder waiting for its group's next slot must not hold a slot of the
        overall budget (and so every other reminder) while it waits."""
        slots = [self.HOLD] if chat is None else [self.HOLD, self.chat_slot(chat)]
        turn = await self.budget.reserve(slots, None if patient or chat is None else self.impatient_wait)
        if not turn.granted:  # a reminder whose chat is held back: the engine sends it later
            limited = RetryAfter(max(1, math.ceil(turn.wait)))
            limited.chat_only = turn.binding == 1  # type: ignore[attr-defined]
            raise limited
        if turn.wait > 0:
            await asyncio.sleep(turn.wait)
        if overall is not None:
            turn = await self.budget.reserve([overall])
            if turn.wait > 0:
                await asyncio.sleep(turn.wait)
            # However late this sleeper woke: never more than Telegram allows in any second.
            limit = self.rates.paid_window if overall.key == "paid" else self.rates.window
            while (wait := await self.budget.admit(overall.key, limit, self.rates.window_seconds)) > 0:
                await asyncio.sleep(wait)

    def _bot_wide(self, chat: int | str | None, now: float) -> bool:
        if chat is None:
            return True
        recent = self._recent
        recent.append((now, chat))
        while recent and now - recent[0][0] > self.bot_wide_window:
            recent.popleft()
        return len({c for _, c in recent}) >= self.bot_wide_chats


def _chat_key(chat_id: Any) -> int | str | None:
    if chat_id is None:
        return None
    with contextlib.suppress(ValueError, TypeError):
        return int(chat_id)
    return str(chat_id)


def make_rate_limiter(settings, *, minute: float = 60.0) -> TelegramRateLimiter:
    """The limiter the settings ask for: shared in Redis when ``REDIS_URL`` is set."""
    rates = Rates(broadcast=settings.broadcast_per_second, paid=settings.paid_broadcast_per_second, minute=minute)
    budget = None
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if settings.redis_url:
        import redis.asyncio as redis

        # The bot's budgets: another bot on the same Redis has its own (a hash of the token names them).
        bot = hashlib.blake2b(token.encode(), digest_size=6).hexdigest()
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2)
        budget = RedisBudget(client, prefix=f"{{rootwise:{bot}}}:budget")
    return TelegramRateLimiter(rates, budget=budget, salt=token)
