"""One reminder's tries within a tick, for :class:`scheduler.engine.ReminderEngine` (see its
module docstring: outages, a chat's rate limit, a chat gone or moved, stopping)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from scheduler.errors import ChatMoved, RetryAfter, TemporaryFailure, Unreachable
from scheduler.outage import OutageWatch
from scheduler.ports import ClaimedReminder, EnginePort, Outcome
from scheduler.tick import Tick

log = logging.getLogger("scheduler.engine")


@dataclass(frozen=True, slots=True)
class DueReminder:
    """One reminder to deliver: which programme day, to which chat, for which due time."""

    subscription_id: int
    chat_id: int
    programme_id: str
    day: int
    due_utc: dt.datetime


@dataclass(slots=True)
class _Attempt:
    """One reminder's tries within a tick: to whom (a chat may move), how many, whether it moved."""

    reminder: DueReminder
    count: int = 0
    moved: bool = False


class Attempts:
    """What the engine does with one claimed reminder: send it, retry as its errors allow, and say
    what to record. Mixed into the engine, whose settings it reads (``send``, ``clock``, ``store``,
    ``outage``, ``max_attempts``, ``backoff``, ``retry_delay``, ``lease``, ``sleep``)."""

    store: EnginePort
    send: Callable[[DueReminder], Awaitable[None]]
    clock: Callable[[], dt.datetime]
    outage: OutageWatch
    max_attempts: int
    backoff: float
    retry_delay: dt.timedelta
    lease: dt.timedelta
    sleep: Callable[[float], Awaitable[object]]
    _open: asyncio.Event  # cleared while a bot-wide rate limit holds every worker
    _stopping: asyncio.Event

    async def _attempts(self, claim: ClaimedReminder, tick: Tick) -> Outcome:
        attempt = _Attempt(
            DueReminder(claim.subscription_id, claim.chat_id, claim.programme_id, claim.day, claim.due_utc)
        )
        while True:
            await self._open.wait()
            outcome, probe = await self._gate(claim, tick)
            if outcome is not None:
                return outcome
            try:
                outcome = await self._try_once(claim, tick, attempt)
            finally:
                if probe is not None and not probe.done():
                    probe.set_result(not self.outage.active)
            if outcome is not None:
                return outcome

    async def _gate(self, claim: ClaimedReminder, tick: Tick) -> tuple[Outcome | None, asyncio.Future | None]:
        """Before a try: an outcome without trying (a long rate limit, stopping, an outage that
        another reminder is probing), or the probe this try is to settle (an outage)."""
        if tick.resume_at:  # a long rate limit: hand the rest back untouched
            return self._retry(claim, tick.resume_at), None
        if self._stopping.is_set():  # not started (or between tries): hand it back
            tick.result.released += 1
            return self._hand_back(claim, self.clock()), None
        if self.outage.active:
            if tick.probe is None:  # this reminder finds out whether Telegram is back
                probe = tick.probe = asyncio.get_running_loop().create_future()
                return None, probe
            if not await asyncio.shield(tick.probe):  # still down: not even tried
                return self._held(claim, tick), None
        return None, None

    async def _try_once(self, claim: ClaimedReminder, tick: Tick, attempt: _Attempt) -> Outcome | None:
        """Send once; the outcome to record, or None to try again."""
        answered = True  # Telegram answered (whatever it said): it is not down
        try:
            await self.send(attempt.reminder)
        except RetryAfter as exc:
            return await self._rate_limited(claim, tick, attempt, exc)
        except TemporaryFailure as exc:
            answered = not exc.bot_wide
            return await self._failed(claim, tick, attempt, exc)
        except Unreachable as exc:
            return await self._unreachable(claim, tick, attempt.reminder, exc)
        except ChatMoved as exc:
            return await self._moved(claim, tick, attempt, exc)
        except Exception:
            answered = False
            log.exception("send failed unexpectedly for reminder %s", claim.subscription_id)
            tick.result.failed += 1
            return self._retry(claim, tick.now + self.retry_delay)
        finally:
            if answered:  # any answer, a 403 too, means Telegram is there
                self.outage.succeeded(self.clock())
        tick.result.sent += 1
        return Outcome("sent", claim.subscription_id, claim.due_utc, self.clock(), tick.next_due(claim))

    async def _rate_limited(
        self, claim: ClaimedReminder, tick: Tick, attempt: _Attempt, exc: RetryAfter
    ) -> Outcome | None:
        attempt.count += 1
        now, wait = tick.now, dt.timedelta(seconds=exc.seconds)
        if not exc.bot_wide:  # this chat's limit: only this reminder waits, not even a worker
            log.info(
                "chat %s rate-limited for %s s; its reminder %s waits",
                attempt.reminder.chat_id,
                exc.seconds,
                claim.subscription_id,
            )
            return self._held(claim, tick, now + max(wait, self.retry_delay))
        if wait > self.lease / 4:
            log.warning("rate-limited for %s s; the rest waits for later ticks", exc.seconds)
            tick.resume_at = max(tick.resume_at or now, now + wait)
            tick.result.failed += 1
            return self._retry(claim, tick.resume_at)
        if attempt.count >= self.max_attempts:
            tick.result.failed += 1
            return self._retry(claim, now + max(wait, self.retry_delay))
        tick.result.retried += 1
        await self._pause(exc.seconds)
        return None

    async def _failed(
        self, claim: ClaimedReminder, tick: Tick, attempt: _Attempt, exc: TemporaryFailure
    ) -> Outcome | None:
        attempt.count += 1
        if exc.bot_wide:  # Telegram's failure, not the chat's: never counted against it
            if self.outage.failed(attempt.reminder.chat_id, self.clock()) or attempt.count >= self.max_attempts:
                log.info("reminder %s held: %s", claim.subscription_id, exc)
                return self._held(claim, tick)
        elif attempt.count >= self.max_attempts:
            log.warning("reminder %s failed %d times: %s", claim.subscription_id, attempt.count, exc)
            tick.result.failed += 1
            return self._retry(claim, tick.now + self.retry_delay)
        tick.result.retried += 1
        await self._nap(self.backoff * 2 ** (attempt.count - 1))
        return None

    async def _unreachable(
        self, claim: ClaimedReminder, tick: Tick, reminder: DueReminder, exc: Unreachable
    ) -> Outcome:
        log.info("chat %s unreachable (%s): reminder %s paused", reminder.chat_id, exc.reason, claim.subscription_id)
        tick.result.deactivated += 1
        if exc.whole_chat:  # the person's other reminders would only meet the same wall
            await self.store.reminders.stop_all(reminder.chat_id, exc.reason[:200], posts=True)
        return Outcome(
            "unreachable",
            claim.subscription_id,
            claim.due_utc,
            self.clock(),
            tick.next_due(claim),
            reason=exc.reason[:200],
        )

    async def _moved(self, claim: ClaimedReminder, tick: Tick, attempt: _Attempt, exc: ChatMoved) -> Outcome | None:
        if attempt.moved:
            log.warning("chat %s moved twice in one send", claim.chat_id)
            tick.result.failed += 1
            return self._retry(claim, tick.now + self.retry_delay)
        await self.store.chats.move_chat(attempt.reminder.chat_id, exc.new_chat_id)
        attempt.reminder = replace(attempt.reminder, chat_id=exc.new_chat_id)
        attempt.moved = True
        return None

    async def _pause(self, seconds: float) -> None:
        """Hold every worker for ``seconds`` (one sleeper; the others wait on the event)."""
        if not self._open.is_set():
            await self._open.wait()
            return
        self._open.clear()
        try:
            await self._nap(seconds)
        finally:
            self._open.set()

    async def _nap(self, seconds: float) -> None:
        """``sleep(seconds)``, cut short by :meth:`stop`."""
        if self._stopping.is_set():
            return
        nap = asyncio.ensure_future(self.sleep(seconds))
        stopped = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({nap, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            nap.cancel()
            stopped.cancel()
        await asyncio.wait({nap, stopped})
        if not nap.cancelled() and (failure := nap.exception()) is not None:
            raise failure

    @staticmethod
    def _retry(claim: ClaimedReminder, at: dt.datetime) -> Outcome:
        return Outcome("retry", claim.subscription_id, claim.due_utc, at, at)

    def _held(self, claim: ClaimedReminder, tick: Tick, at: dt.datetime | None = None) -> Outcome:
        """Not sent, and not the chat's fault: due again at ``at`` (default: after ``retry_delay``),
        no failure counted, its due time (and so its grace window) kept."""
        at = at or tick.now + self.retry_delay
        tick.result.held += 1
        if self.outage.active:
            self.outage.held.add(claim.subscription_id)
        return Outcome("hold", claim.subscription_id, claim.due_utc, at, at)

    @staticmethod
    def _hand_back(claim: ClaimedReminder, at: dt.datetime) -> Outcome:
        # "defer" releases the claim without counting a failure; due at its own due time, the
        # next claim finds it at once and keeps that time as its due time.
        return Outcome("defer", claim.subscription_id, claim.due_utc, at, claim.due_utc)
