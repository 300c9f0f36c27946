"""Per-user flood control: a sliding one-minute window, kept in memory and pruned as it goes."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


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
