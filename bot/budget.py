"""Outgoing budgets as GCRA token buckets: in this process, or shared by every replica in Redis.

A budget is a set of named buckets. :meth:`reserve` takes one slot in several buckets at once
(a reminder to a group: the group's bucket and the hold; then the overall one) and says how long
to wait before sending; the caller sleeps that long and sends. Reserving, not polling: one call per
request, never a loop of "may I now?". A sleeper that wakes late (a busy event loop) would then
send closer to the next one than its slot said; :meth:`admit` is the guard for that: a count of
the sends actually going out in the last ``window`` seconds, checked as each one goes.

Each bucket is a :class:`Slot`: ``interval`` seconds between sends once its ``burst`` is used up
(GCRA: the bucket keeps only its "theoretical arrival time", one number). In any window of ``T``
seconds a bucket lets at most ``burst + T / interval`` sends through. A slot with ``interval`` 0 is
read only: a hold (a 429's ``retry_after``) that every request through it waits out.

:class:`RedisBudget` runs the same arithmetic in one Lua script, on Redis' clock, so replicas
share every bucket; if Redis does not answer it falls back to an in-process budget (never
silencing the bot because Redis is away) and logs one warning.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Slot:
    """One bucket: its key, seconds between sends, and how many may go at once."""

    key: str
    interval: float = 0.0  # 0: a hold, read only
    burst: int = 1

    @property
    def tolerance(self) -> float:
        return max(self.burst - 1, 0) * self.interval


@dataclass(frozen=True, slots=True)
class Reservation:
    """``wait``: seconds until the send may go. ``granted``: False when ``wait`` was over the
    caller's ``max_wait`` (nothing was reserved). ``binding``: the index of the slot that set
    ``wait`` (-1: none did, it may go now)."""

    wait: float
    granted: bool = True
    binding: int = -1


class LocalBudget:
    """Buckets in this process (a single replica loses nothing by it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._tat: dict[str, float] = {}
        self._windows: dict[str, deque[float]] = {}
        self._swept = clock()

    def reserve_now(self, slots: Sequence[Slot], max_wait: float | None = None) -> Reservation:
        now = self.clock()
        if now - self._swept > 60.0:
            self._sweep(now)
        tat = self._tat
        send_at, binding = now, -1
        for i, slot in enumerate(slots):
            allowed = tat.get(slot.key, now) - slot.tolerance
            if allowed > send_at:
                send_at, binding = allowed, i
        wait = send_at - now
        if max_wait is not None and wait > max_wait:
            return Reservation(wait, False, binding)
        for slot in slots:
            if slot.interval:
                tat[slot.key] = max(tat.get(slot.key, now), send_at) + slot.interval
        return Reservation(wait, True, binding)

    async def reserve(self, slots: Sequence[Slot], max_wait: float | None = None) -> Reservation:
        return self.reserve_now(slots, max_wait)

    def admit_now(self, key: str, limit: int, window: float) -> float:
        """A send going out now through ``key``, whose sends may number at most ``limit`` in any
        ``window`` seconds: 0 (counted; it goes) or the seconds to wait before asking again."""
        now = self.clock()
        sent = self._windows.setdefault(key, deque())
        while sent and now - sent[0] >= window:
            sent.popleft()
        if len(sent) < limit:
            sent.append(now)
            return 0.0
        return sent[0] + window - now

    async def admit(self, key: str, limit: int, window: float) -> float:
        return self.admit_now(key, limit, window)

    async def hold(self, slot: Slot, seconds: float) -> None:
        """No send through ``slot`` for ``seconds`` (a 429's ``retry_after``)."""
        now = self.clock()
        until = now + seconds + slot.tolerance
        self._tat[slot.key] = max(self._tat.get(slot.key, now), until)

    def _sweep(self, now: float) -> None:
        self._swept = now
        self._tat = {k: t for k, t in self._tat.items() if t > now}

    def __len__(self) -> int:
        return len(self._tat)

    async def close(self) -> None:
        return None


# KEYS: the slots' keys. ARGV[1]: max_wait (negative: none); then interval, tolerance per key.
# Returns {wait as text, granted 0/1, binding index (0-based, -1 none)}.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local max_wait = tonumber(ARGV[1])
local send_at, binding = now, -1
local tats = {}
for i, key in ipairs(KEYS) do
  local tat = tonumber(redis.call('GET', key) or now) or now
  tats[i] = tat
  local allowed = tat - tonumber(ARGV[2 * i + 1])
  if allowed > send_at then send_at, binding = allowed, i - 1 end
end
local wait = send_at - now
if max_wait >= 0 and wait > max_wait then
  return {string.format('%.6f', wait), 0, binding}
end
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i])
  if interval > 0 then
    local tat = math.max(tats[i], send_at) + interval
    redis.call('SET', key, string.format('%.6f', tat), 'PX', math.ceil((tat - now) * 1000) + 1000)
  end
end
return {string.format('%.6f', wait), 1, binding}
"""

# KEYS[1]: the slot; ARGV[1]: seconds plus the slot's tolerance.
_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0) or 0
if until_ > tat then
  redis.call('SET', KEYS[1], string.format('%.6f', until_), 'PX', math.ceil((until_ - now) * 1000) + 1000)
end
return 1
"""


# KEYS[1]: the window's sorted set; ARGV: limit, window (s), a unique member. Returns the wait (s) as
# text: "0" when the send was counted.
_ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.6f', now - window))
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], string.format('%.6f', now), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000) + 1000)
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return string.format('%.6f', tonumber(oldest[2]) + window - now)
"""


class RedisBudget:
    """The same buckets shared by every replica through Redis (one script call per reservation).

    Args:
        client: a ``redis.asyncio.Redis``.
        prefix: put before every key; its ``{...}`` hash tag keeps a reservation's keys in one
            slot of a Redis Cluster.
    """

    def __init__(self, client, prefix: str = "{rootwise}:budget"):
        self.client = client
        self.prefix = prefix
        self.fallback = LocalBudget()
        self._reserve = client.register_script(_RESERVE)
        self._hold = client.register_script(_HOLD)
        self._admit = client.register_script(_ADMIT)
        self._failing = False

    def _keys(self, slots: Sequence[Slot]) -> list[str]:
        return [f"{self.prefix}:{s.key}" for s in slots]

    async def reserve(self, slots: Sequence[Slot], max_wait: float | None = None) -> Reservation:
        args: list[float] = [-1.0 if max_wait is None else max_wait]
        for slot in slots:
            args += [slot.interval, slot.tolerance]
        try:
            wait, granted, binding = await self._reserve(keys=self._keys(slots), args=args)
        except Exception:  # noqa: BLE001 - Redis away: this replica keeps its own budget
            self._failed()
            return self.fallback.reserve_now(slots, max_wait)
        self._failing = False
        return Reservation(max(float(wait), 0.0), bool(int(granted)), int(binding))

    async def admit(self, key: str, limit: int, window: float) -> float:
        try:
            wait = await self._admit(keys=[f"{self.prefix}:w:{key}"], args=[limit, window, uuid.uuid4().hex])
        except Exception:  # noqa: BLE001
            self._failed()
            return self.fallback.admit_now(key, limit, window)
        return max(float(wait), 0.0)

    async def hold(self, slot: Slot, seconds: float) -> None:
        await self.fallback.hold(slot, seconds)
        try:
            await self._hold(keys=self._keys([slot]), args=[seconds + slot.tolerance])
        except Exception:  # noqa: BLE001
            self._failed()

    def _failed(self) -> None:
        if not self._failing:
            log.warning(
                "rate limits: Redis did not answer; this replica keeps its own budget until it does", exc_info=True
            )
        self._failing = True

    async def close(self) -> None:
        await self.client.aclose()
