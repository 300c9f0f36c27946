"""The update processor: concurrent handling with a bound, timed and counted for the metrics."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import BaseUpdateProcessor

from bot.metrics import Metrics


class MeteredUpdateProcessor(BaseUpdateProcessor):
    """Handle up to ``max_concurrent_updates`` updates at once; time and count each one.

    The bound comes from :class:`BaseUpdateProcessor` (a semaphore); an update's time runs
    from when it may start to when every handler is done with it.

    Red flags never queue: when every slot is taken, an update whose words carry a red flag
    (see :func:`bot.handlers.guard.text_to_check`) starts at once, outside the bound, so the
    urgent-care reply is not stuck behind slow updates. The detector runs here only while no
    slot is free; an ordinary update pays for one ``locked()`` check and nothing else.
    """

    __slots__ = ("metrics", "urgent", "urgent_in_flight")

    def __init__(self, max_concurrent_updates: int, metrics: Metrics):
        super().__init__(max_concurrent_updates)
        self.metrics = metrics
        #: Whether an update carries a red flag (set by bot.app; None: nothing skips the queue).
        self.urgent: Callable[[object], bool] | None = None
        self.urgent_in_flight = 0  # red-flag updates let past the bound, still running
        metrics.in_flight.set_function(lambda: self.current_concurrent_updates + self.urgent_in_flight)

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:  # type: ignore[misc]
        """As :meth:`BaseUpdateProcessor.process_update`, but a red flag does not wait for a slot."""
        if self._semaphore.locked() and self.urgent is not None and self.urgent(update):
            self.urgent_in_flight += 1
            try:
                await self.do_process_update(update, coroutine)
            finally:
                self.urgent_in_flight -= 1
            return
        async with self._semaphore:
            await self.do_process_update(update, coroutine)

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
