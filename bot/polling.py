"""Long polling that loses nothing when the process is killed.

python-telegram-bot's Updater confirms a batch of updates to Telegram (the next ``getUpdates``
offset) as soon as it has fetched it, before any handler ran: a process killed with updates in
hand loses them. Here the offset moves past a batch only when its updates were handled, or after
``answer_seconds`` (the same bound as the webhook's answer, ``WEBHOOK_ANSWER_SECONDS``): until
then the updates are still Telegram's, and a restart (or another replica) gets them again. An
update whose reply had already gone out when the process died is answered twice; at most one
batch (``limit``) is in hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Sequence

from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)


class ConfirmingPoller:
    """``getUpdates`` in a loop; each batch is handled (concurrently, through the application's
    update processor) before the next call confirms it."""

    def __init__(
        self,
        application: Application,
        *,
        timeout: int,
        answer_seconds: float,
        allowed_updates: Sequence[str] | None = None,
        limit: int = 100,
    ):
        self.application = application
        self.timeout, self.answer_seconds, self.limit = timeout, answer_seconds, limit
        self.allowed_updates = list(allowed_updates) if allowed_updates is not None else None
        self._task: asyncio.Task | None = None
        self.running = False

    async def start(self) -> None:
        self.running = True
        self._task = asyncio.create_task(self._loop(), name="confirming poller")

    async def stop(self) -> None:
        """Take no more updates. A batch being handled is not confirmed: its updates stay
        Telegram's, so they are handled again after a restart only if their handling was cut."""
        self.running = False
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        offset: int | None = None
        delay = 1.0
        while self.running:
            try:
                updates = await self.application.bot.get_updates(
                    offset=offset,
                    limit=self.limit,
                    timeout=self.timeout,
                    allowed_updates=self.allowed_updates,
                    read_timeout=self.timeout + 10,
                )
                delay = 1.0
            except RetryAfter as exc:
                wait = exc.retry_after
                await asyncio.sleep(wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait))
                continue
            except (TimedOut, NetworkError, Conflict, InvalidToken) as exc:
                log.warning("getUpdates failed (%s); trying again in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if not updates:
                continue
            await self._handle(updates)
            offset = updates[-1].update_id + 1  # confirmed with the next call

    async def _handle(self, updates) -> None:
        application = self.application
        tasks = [
            application.create_task(
                application.update_processor.process_update(update, application.process_update(update)),
                update=update,
                name="polled update",
            )
            for update in updates
        ]
        if self.answer_seconds > 0:
            await asyncio.wait(tasks, timeout=self.answer_seconds)
