"""The update processor: concurrent handling with a bound, timed and counted for the metrics."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from telegram.ext import BaseUpdateProcessor

from bot.metrics import Metrics


class MeteredUpdateProcessor(BaseUpdateProcessor):
    """Handle up to ``max_concurrent_updates`` updates at once; time and count each one.

    The bound comes from :class:`BaseUpdateProcessor` (a semaphore); an update's time runs
    from when it may start to when every handler is done with it.
    """

    __slots__ = ("metrics",)

    def __init__(self, max_concurrent_updates: int, metrics: Metrics):
        super().__init__(max_concurrent_updates)
        self.metrics = metrics
        metrics.in_flight.set_function(lambda: self.current_concurrent_updates)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await the handlers of ``update``, then record it."""
        start = time.perf_counter()
        try:
            await coroutine
        finally:
            self.metrics.observe_update(update, time.perf_counter() - start)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
