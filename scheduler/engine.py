"""The reminder engine: claim due subscriptions, send each through a callable, record the outcome.

It knows nothing of Telegram: ``send(reminder)`` returns on success and raises one of
``scheduler.errors`` otherwise. Nothing about a subscription is kept in memory between ticks;
the database is the schedule (PTB's JobQueue, or any loop, only calls :meth:`tick`).

Outages: a failure that is Telegram's, not the chat's (``TemporaryFailure(bot_wide=True)``: a 5xx
answer, a timeout, a network error) never counts against a subscription: the reminder is held
(``hold``: due again after ``retry_delay``, its grace window still running from its own due time).
Bot-wide failures across several chats with no success between are an outage
(:class:`scheduler.outage.OutageWatch`): while it lasts, each tick sends one reminder as a probe
and holds the rest unsent; the first success ends it (one ERROR logged, with its length), and the
reminders held go out at their next claim. A chat's own failures (403, chat not found) still
pause its reminders, and a request refused for one chat counts as before.
A rate limit of one chat (``RetryAfter(bot_wide=False)``) delays that chat's reminder only.

Crash safety: a claim is a lease. Each worker records its outcome (group-committed with the
other workers') before it takes the next reminder, so a crash can only repeat the sends that
had completed but were not yet recorded: at most ``concurrency`` of them.

Group commit: the workers are split into ``lanes``, and one recorder per lane writes the
lane's outcomes that are waiting. While other workers of the lane are still sending it first
waits for them, up to ``gather`` seconds, so that reminders finishing together go into one
commit, not one commit for the first and another for the rest (which kept the first worker
waiting for both). Only outcomes wait: no worker sends again before its own outcome is
committed. With one lane every worker waits for the same commit, so all of them send, then none
does until the commit is back; with two, one lane's commit overlaps the other lane's sends. How
many lanes pay is the store's to say (``store.claims.record_lanes``): a commit must be cheap to
start while the event loop is busy sending.

Stopping (:meth:`ReminderEngine.stop`, e.g. on SIGTERM): a tick in progress claims nothing more
and starts no more sends. The sends in flight finish and their outcomes are recorded; the
reminders it claimed but had not started are handed back at once, due at their own due time
(a ``defer`` outcome: no failure counted, lateness still measured from that time), so another
engine, or the next start, sends them without waiting for the lease to end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable

from scheduler.attempts import Attempts, DueReminder
from scheduler.outage import OutageWatch
from scheduler.ports import ClaimedReminder, EnginePort, Outcome
from scheduler.tick import Lane, Tick, TickResult, close_queue, fair_order, put
from scheduler.times import get_zone, out_of_quiet_hours

__all__ = ["DueReminder", "ReminderEngine", "TickResult", "LATE"]

log = logging.getLogger(__name__)

#: A reminder this much past its due time is late: a catch-up or a retry, not an on-time send.
LATE = dt.timedelta(minutes=5)


Send = Callable[[DueReminder], Awaitable[None]]


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def _checked_lanes(
    store, batch_size: int, concurrency: int, max_attempts: int, gather: float, lanes: int | None
) -> int:
    """The engine's arguments checked; its number of lanes (default: what the store says its
    records can take, at most one lane per 4 workers)."""
    if batch_size < 1 or concurrency < 1 or max_attempts < 1:
        raise ValueError("batch_size, concurrency and max_attempts must be at least 1")
    if gather < 0:
        raise ValueError("gather must not be negative")
    if lanes is None:
        lanes = max(1, min(store.claims.record_lanes, concurrency // 4))
    if not 1 <= lanes <= concurrency:
        raise ValueError("lanes must be between 1 and concurrency")
    return lanes


class ReminderEngine(Attempts):
    """Sends every due reminder once per tick, across any number of engines on one database.

    Args:
        store: what the engine needs of storage (:class:`scheduler.ports.EnginePort`; the bot
            passes its :class:`storage.store.Store`).
        send: ``async send(reminder)``; raises ``scheduler.errors`` to report failures.
        clock: returns the current aware UTC time (tests pass a fixed one).
        batch_size: rows per claim; at most twice this many are claimed and unsent at once.
        concurrency: sends in flight at once.
        grace: a reminder later than this is skipped (logged), never sent in a flood.
        owner: name of this engine in ``lease_owner`` (default: host, pid and a random part).
        lease: how long a claim lasts; a crashed engine's rows come back after it.
        max_attempts: tries per reminder and tick for temporary failures and rate limits.
        backoff: seconds before the second try, doubled for each further one.
        retry_delay: a reminder that failed every try is due again this long after the tick.
        sleep: ``asyncio.sleep`` or a fake.
        gather: seconds a finished reminder's outcome may wait for the sends still in flight in
            its lane, to be committed with theirs (see the module docstring).
        lanes: group commits going at once, each for ``concurrency / lanes`` workers (default:
            ``store.claims.record_lanes``, at most one lane per 4 workers).
        outage: tells an outage from one chat's failures (default: 3 chats, or a minute).
    """

    def __init__(
        self,
        store: EnginePort,
        send: Send,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        batch_size: int = 256,
        concurrency: int = 8,
        grace: dt.timedelta = dt.timedelta(hours=2),
        owner: str | None = None,
        lease: dt.timedelta = dt.timedelta(minutes=10),
        max_attempts: int = 3,
        backoff: float = 0.5,
        retry_delay: dt.timedelta = dt.timedelta(minutes=1),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        gather: float = 0.002,
        lanes: int | None = None,
        outage: OutageWatch | None = None,
    ):
        lanes = _checked_lanes(store, batch_size, concurrency, max_attempts, gather, lanes)
        self.store = store
        self.send = send
        self.clock = clock
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.grace = grace
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease = lease
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.retry_delay = retry_delay
        self.sleep = sleep
        self.gather = gather
        self.lanes = lanes
        self.outage = outage or OutageWatch()
        # A rate limit is the bot's, not one chat's: while one worker waits, all wait.
        self._open = asyncio.Event()
        self._open.set()
        self._stopping = asyncio.Event()
        self._ticks: set[Tick] = set()
        #: Called with each sent reminder's lateness (seconds after its due time), e.g. for metrics.
        self.on_sent: Callable[[float], None] | None = None

    def stop(self) -> None:
        """Ask the engine to wind down: no new claims, no new sends (see the module docstring).

        Returns at once; the tick in progress, if any, returns soon after (once the sends in
        flight are recorded). Later ticks do nothing.
        """
        self._stopping.set()

    async def tick(self, now: dt.datetime | None = None) -> TickResult:
        """Deliver every reminder due at ``now`` (default: the clock) and report the counts."""
        tick = Tick(now or self.clock(), self.store.claims, self.gather, self.lanes)
        if self._stopping.is_set():
            return tick.result
        claimed = await self._claim(tick)
        if not claimed:
            return tick.result  # an idle tick: one statement, no connection held
        # Something is due: hold connections for the rest of the tick (storage.claims.ClaimSession).
        async with self.store.claims.claim_session() as db:
            tick.db = db
            self._ticks.add(tick)
            try:
                await self._fan_out(tick, claimed)
            finally:
                self._ticks.discard(tick)
                await tick.close()
        return tick.result

    @property
    def backlog(self) -> int:
        """Reminders this engine has claimed and queued for sending, not sent yet."""
        return sum(t.queued for t in self._ticks)

    async def _fan_out(self, tick: Tick, claimed: list[ClaimedReminder]) -> None:
        queue: asyncio.Queue[ClaimedReminder | None] = asyncio.Queue(maxsize=self.batch_size)
        workers = [
            asyncio.create_task(self._work(queue, tick.lanes[i % len(tick.lanes)])) for i in range(self.concurrency)
        ]
        stopped = asyncio.ensure_future(self._stopping.wait())
        closing: asyncio.Future | None = None
        try:
            while claimed:
                tick.result.claimed += len(claimed)
                if stopped.done():  # claimed while the stop came: not one of them is sent
                    await self._release(claimed, tick)
                    break
                ready = fair_order(await self._defer_quiet(await self._skip_stale(claimed, tick), tick))
                for i, claim in enumerate(ready):
                    if not await put(queue, claim, stopped):
                        await self._release(ready[i:], tick)
                        break
                    tick.queued += 1
                if stopped.done() or len(claimed) < self.batch_size or tick.resume_at:
                    break
                claimed = await self._claim(tick)
            if stopped.done():
                await self._release(tick.drain(queue), tick)
            closing = asyncio.ensure_future(close_queue(queue, workers))
            if not stopped.done():
                await asyncio.wait({closing, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not closing.done():  # stopped while the workers had reminders queued
                    await self._release(tick.drain(queue), tick)
            await closing
        finally:
            tasks = [t for t in (stopped, closing, *workers) if t is not None]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _release(self, claims: list[ClaimedReminder], tick: Tick) -> None:
        """Hand back claimed reminders unsent: due again at once, at their own due time."""
        if not claims:
            return
        log.info("stopping: %d claimed reminders handed back unsent", len(claims))
        at = self.clock()
        if tick.resume_at:  # a long rate limit came first: as the workers do, wait for its end
            outcomes = [self._retry(c, tick.resume_at) for c in claims]
        else:
            outcomes = [self._hand_back(c, at) for c in claims]
        try:
            await tick.db.finish(outcomes)
        except Exception:
            log.exception("%d reminders not handed back; they come back when their lease ends", len(claims))
            return
        if not tick.resume_at:
            tick.result.released += len(claims)

    async def snooze(
        self, sub_id: int, day: int, *, chat_id: int | None = None, minutes: int = 30
    ) -> dt.datetime | None:
        """Send programme ``day`` again in ``minutes``; the new due time (None: no such reminder)."""
        return await self.store.reminders.snooze(sub_id, day, self.clock(), minutes, chat_id=chat_id)

    async def skip_today(self, sub_id: int, *, chat_id: int | None = None) -> bool:
        """Skip today's reminder without moving on in the programme."""
        return await self.store.reminders.skip_today(sub_id, self.clock(), chat_id=chat_id)

    async def _claim(self, tick: Tick) -> list[ClaimedReminder]:
        # The lease runs from the real time: a tick may be given an old ``now``.
        lease_until = max(tick.now, self.clock()) + self.lease
        return await tick.db.claim_due(tick.now, limit=self.batch_size, owner=self.owner, lease_until=lease_until)

    async def _skip_stale(self, claimed: list[ClaimedReminder], tick: Tick):
        """Record reminders later than the grace window as skipped; return the rest."""
        stale = [c for c in claimed if tick.now - c.due_utc > self.grace]
        if stale:
            log.info("skipping %d reminders older than %s", len(stale), self.grace)
            at = self.clock()
            await tick.db.finish(
                [Outcome("skipped", c.subscription_id, c.due_utc, at, tick.next_due(c)) for c in stale]
            )
            tick.result.skipped_stale += len(stale)
        return [c for c in claimed if tick.now - c.due_utc <= self.grace]

    async def _defer_quiet(self, claimed: list[ClaimedReminder], tick: Tick):
        """Late reminders (catch-up after downtime, a retry) wait for the end of a person's quiet
        hours instead of arriving in them; return the ones to send now.

        A reminder on time is sent at the time the person chose, even inside their quiet hours.
        """
        late = [c for c in claimed if tick.now - c.due_utc > LATE and c.chat_id > 0]
        deferred: list[Outcome] = []
        for claim in late:
            start, end = await self.store.care.quiet_hours(claim.chat_id)
            wake = out_of_quiet_hours(tick.now, get_zone(claim.zone), start, end)
            if wake != tick.now:
                deferred.append(Outcome("defer", claim.subscription_id, claim.due_utc, tick.now, wake))
        if deferred:
            log.info("%d late reminders wait for the end of quiet hours", len(deferred))
            await tick.db.finish(deferred)
            tick.result.deferred += len(deferred)
        waiting = {o.subscription_id for o in deferred}
        return [c for c in claimed if c.subscription_id not in waiting]

    async def _work(self, queue: asyncio.Queue, lane: Lane) -> None:
        while (claim := await queue.get()) is not None:
            try:
                outcome = await self._deliver(claim, lane)
                lane.tick.queued -= 1
                if outcome.kind == "sent" and self.on_sent is not None:
                    self.on_sent((outcome.at - outcome.due_utc).total_seconds())
                await lane.record(outcome)
            except Exception:
                log.exception(
                    "reminder %s not recorded; it comes back when its lease ends",
                    claim.subscription_id,
                )

    async def _deliver(self, claim: ClaimedReminder, lane: Lane) -> Outcome:
        """Send one reminder, retrying as its errors allow; what to record."""
        lane.started()
        try:
            return await self._attempts(claim, lane.tick)
        finally:
            lane.done()
