"""Per-user flood control.

With ``REDIS_URL`` set, :class:`SharedFloodGate` counts every replica's updates together in Redis
(a counter per person and minute, with an expiry), so a person cannot get the limit once per
replica. Without it, :class:`FloodGate` counts in this process (a single process loses nothing).
Both answer through the same two coroutines, :meth:`check` and :meth:`warn`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)


class FloodGate:
    """Counts actions per user; :meth:`hit` says whether this one is over the limit.

    Args:
        limit: actions allowed per ``window`` seconds.
        window: the window length in seconds.
        clock: monotonic clock (injectable for tests).
    """

    def __init__(self, limit: int = 20, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}
        self._last_sweep = clock()

    def hit(self, user_id: int) -> bool:
        """Record an action; True when the user is over the limit (the action should be refused)."""
        now = self.clock()
        if now - self._last_sweep > self.window:
            self._sweep(now)
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return True
        hits.append(now)
        return False

    def should_warn(self, user_id: int) -> bool:
        """True once per window for a user who is over the limit, so the warning is not spam too."""
        now = self.clock()
        if now - self._warned.get(user_id, -self.window) >= self.window:
            self._warned[user_id] = now
            return True
        return False

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        for user_id in [u for u, h in self._hits.items() if not h or now - h[-1] >= self.window]:
            del self._hits[user_id]
        for user_id in [u for u, t in self._warned.items() if now - t >= self.window]:
            del self._warned[user_id]

    def __len__(self) -> int:
        return len(self._hits)

    async def check(self, user_id: int) -> bool:
        return self.hit(user_id)

    async def warn(self, user_id: int) -> bool:
        return self.should_warn(user_id)


class SharedFloodGate:
    """Flood control shared by every replica through Redis: a fixed one-minute window per person.

    Keys name a person by a keyed hash (never the user id) and expire after two windows. If Redis
    does not answer, the update goes through (flood control must never silence a person) and one
    warning is logged.

    Args:
        client: a ``redis.asyncio.Redis``.
        limit: actions allowed per ``window`` seconds.
        salt: mixed into the hash (the bot token), so keys differ between bots sharing a Redis.
    """

    def __init__(
        self,
        client,
        limit: int = 20,
        window: int = 60,
        salt: str = "",
        clock: Callable[[], float] = time.time,
        prefix: str = "rootwise:flood",
    ):
        self.client, self.limit, self.window, self.clock = client, limit, int(window), clock
        self._salt, self._prefix = salt.encode(), prefix
        self._failing = False

    def _key(self, user_id: int, kind: str) -> str:
        who = hashlib.blake2b(str(user_id).encode(), key=self._salt[:64], digest_size=12).hexdigest()
        return f"{self._prefix}:{kind}:{who}:{int(self.clock() // self.window)}"

    async def check(self, user_id: int) -> bool:
        """Record an action; True when the person is over the limit across all replicas."""
        key = self._key(user_id, "n")
        try:
            async with self.client.pipeline(transaction=True) as pipe:
                count, _ = await pipe.incr(key).expire(key, 2 * self.window).execute()
        except Exception:  # noqa: BLE001 - never silence a person because Redis is away
            if not self._failing:
                log.warning("flood control: Redis did not answer; not limiting until it does", exc_info=True)
            self._failing = True
            return False
        self._failing = False
        return int(count) > self.limit

    async def warn(self, user_id: int) -> bool:
        """True once per window and person, across replicas: the slow-down message is sent once."""
        try:
            return bool(await self.client.set(self._key(user_id, "w"), 1, nx=True, ex=2 * self.window))
        except Exception:  # noqa: BLE001
            return False
