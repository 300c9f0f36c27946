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
many lanes pay is the store's to say (``record_lanes``): a commit must be cheap to start while
the event loop is busy sending.

Stopping (:meth:`ReminderEngine.stop`, e.g. on SIGTERM): a tick in progress claims nothing more
and starts no more sends. The sends in flight finish and their outcomes are recorded; the
reminders it claimed but had not started are handed back at once, due at their own due time
(a ``defer`` outcome: no failure counted, lateness still measured from that time), so another
engine, or the next start, sends them without waiting for the lease to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from scheduler.errors import ChatMoved, RetryAfter, TemporaryFailure, Unreachable
from scheduler.outage import OutageWatch
from scheduler.times import get_zone, next_due, out_of_quiet_hours
from storage.claims import ClaimedReminder, Outcome

log = logging.getLogger(__name__)

#: A reminder this much past its due time is late: a catch-up or a retry, not an on-time send.
LATE = dt.timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class DueReminder:
    """One reminder to deliver: which programme day, to which chat, for which due time."""

    subscription_id: int
    chat_id: int
    programme_id: str
    day: int
    due_utc: dt.datetime


@dataclass(slots=True)
class TickResult:
    """What one tick did. ``retried`` counts extra attempts, not reminders."""

    claimed: int = 0
    sent: int = 0
    skipped_stale: int = 0
    failed: int = 0
    deactivated: int = 0
    retried: int = 0
    deferred: int = 0
    released: int = 0  # claimed, then handed back unsent because the engine was stopping
    held: int = 0  # not sent because Telegram failed (an outage) or the chat was rate-limited: due again soon


Send = Callable[[DueReminder], Awaitable[None]]


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class ReminderEngine:
    """Sends every due reminder once per tick, across any number of engines on one database.

    Args:
        store: a :class:`storage.store.Store` (``claim_due``, ``finish``, ``move_chat``, ``stop_all``, and
            ``claim_session`` and ``record_lanes`` when it has them).
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
            the store's ``record_lanes``, at most one lane per 4 workers).
        outage: tells an outage from one chat's failures (default: 3 chats, or a minute).
    """

    def __init__(
        self,
        store,
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
        if batch_size < 1 or concurrency < 1 or max_attempts < 1:
            raise ValueError("batch_size, concurrency and max_attempts must be at least 1")
        if gather < 0:
            raise ValueError("gather must not be negative")
        if lanes is None:  # what the store says its records can take, at most one lane per 4 workers
            lanes = max(1, min(getattr(store, "record_lanes", 1), concurrency // 4))
        if not 1 <= lanes <= concurrency:
            raise ValueError("lanes must be between 1 and concurrency")
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

    def stop(self) -> None:
        """Ask the engine to wind down: no new claims, no new sends (see the module docstring).

        Returns at once; the tick in progress, if any, returns soon after (once the sends in
        flight are recorded). Later ticks do nothing.
        """
        self._stopping.set()

    async def tick(self, now: dt.datetime | None = None) -> TickResult:
        """Deliver every reminder due at ``now`` (default: the clock) and report the counts."""
        tick = _Tick(now or self.clock(), self.store, self.gather, self.lanes)
        if self._stopping.is_set():
            return tick.result
        claimed = await self._claim(tick)
        if not claimed:
            return tick.result  # an idle tick: one statement, no connection held
        # Something is due: hold connections for the rest of the tick (storage.claims.ClaimSession).
        session = getattr(self.store, "claim_session", None)
        async with session() if session else contextlib.nullcontext(self.store) as db:
            tick.db = db
            try:
                await self._fan_out(tick, claimed)
            finally:
                await tick.close()
        return tick.result

    async def _fan_out(self, tick: _Tick, claimed: list[ClaimedReminder]) -> None:
        queue: asyncio.Queue[ClaimedReminder | None] = asyncio.Queue(maxsize=self.batch_size)
        workers = [asyncio.create_task(self._work(queue, tick.lanes[i % len(tick.lanes)]))
                   for i in range(self.concurrency)]
        stopped = asyncio.ensure_future(self._stopping.wait())
        closing: asyncio.Future | None = None
        try:
            while claimed:
                tick.result.claimed += len(claimed)
                if stopped.done():  # claimed while the stop came: not one of them is sent
                    await self._release(claimed, tick)
                    break
                ready = await self._defer_quiet(await self._skip_stale(claimed, tick), tick)
                for i, claim in enumerate(ready):
                    if not await self._put(queue, claim, stopped):
                        await self._release(ready[i:], tick)
                        break
                if stopped.done() or len(claimed) < self.batch_size or tick.resume_at:
                    break
                claimed = await self._claim(tick)
            if stopped.done():
                await self._release(self._drain(queue), tick)
            closing = asyncio.ensure_future(self._close(queue, workers))
            if not stopped.done():
                await asyncio.wait({closing, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not closing.done():  # stopped while the workers had reminders queued
                    await self._release(self._drain(queue), tick)
            await closing
        finally:
            tasks = [t for t in (stopped, closing, *workers) if t is not None]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    @staticmethod
    async def _close(queue: asyncio.Queue, workers: list[asyncio.Task]) -> None:
        """Tell every worker to finish after the reminders queued; wait until they have."""
        for _ in workers:
            await queue.put(None)
        await asyncio.gather(*workers)

    @staticmethod
    async def _put(queue: asyncio.Queue, claim: ClaimedReminder, stopped: asyncio.Future) -> bool:
        """Queue ``claim`` for a worker; False (not queued) if the engine stops first."""
        if stopped.done():
            return False
        if not queue.full():
            queue.put_nowait(claim)
            return True
        put = asyncio.ensure_future(queue.put(claim))
        try:
            await asyncio.wait({put, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            put.cancel()  # nothing if it is done
        await asyncio.wait({put})
        return not put.cancelled()

    @staticmethod
    def _drain(queue: asyncio.Queue) -> list[ClaimedReminder]:
        """Take the reminders still queued (not the workers' end marks, which go back)."""
        taken = []
        while not queue.empty():
            taken.append(queue.get_nowait())
        claims = [c for c in taken if c is not None]
        for _ in range(len(taken) - len(claims)):
            queue.put_nowait(None)
        return claims

    async def _release(self, claims: list[ClaimedReminder], tick: _Tick) -> None:
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
            log.exception("%d reminders not handed back; they come back when their lease ends",
                          len(claims))
            return
        if not tick.resume_at:
            tick.result.released += len(claims)

    @staticmethod
    def _hand_back(claim: ClaimedReminder, at: dt.datetime) -> Outcome:
        # "defer" releases the claim without counting a failure; due at its own due time, the
        # next claim finds it at once and keeps that time as its due time.
        return Outcome("defer", claim.subscription_id, claim.due_utc, at, claim.due_utc)

    async def snooze(self, sub_id: int, day: int, *, chat_id: int | None = None,
                     minutes: int = 30) -> dt.datetime | None:
        """Send programme ``day`` again in ``minutes``; the new due time (None: no such reminder)."""
        return await self.store.snooze(sub_id, day, self.clock(), minutes, chat_id=chat_id)

    async def skip_today(self, sub_id: int, *, chat_id: int | None = None) -> bool:
        """Skip today's reminder without moving on in the programme."""
        return await self.store.skip_today(sub_id, self.clock(), chat_id=chat_id)

    async def _claim(self, tick: _Tick) -> list[ClaimedReminder]:
        # The lease runs from the real time: a tick may be given an old ``now``.
        lease_until = max(tick.now, self.clock()) + self.lease
        return await tick.db.claim_due(
            tick.now, limit=self.batch_size, owner=self.owner, lease_until=lease_until
        )

    async def _skip_stale(self, claimed: list[ClaimedReminder], tick: _Tick):
        """Record reminders later than the grace window as skipped; return the rest."""
        stale = [c for c in claimed if tick.now - c.due_utc > self.grace]
        if stale:
            log.info("skipping %d reminders older than %s", len(stale), self.grace)
            at = self.clock()
            await tick.db.finish([
                Outcome("skipped", c.subscription_id, c.due_utc, at, tick.next_due(c))
                for c in stale
            ])
            tick.result.skipped_stale += len(stale)
        return [c for c in claimed if tick.now - c.due_utc <= self.grace]

    async def _defer_quiet(self, claimed: list[ClaimedReminder], tick: _Tick):
        """Late reminders (catch-up after downtime, a retry) wait for the end of a person's quiet
        hours instead of arriving in them; return the ones to send now.

        A reminder on time is sent at the time the person chose, even inside their quiet hours.
        """
        late = [c for c in claimed if tick.now - c.due_utc > LATE and c.chat_id > 0]
        deferred: list[Outcome] = []
        for claim in late:
            start, end = await self.store.quiet_hours(claim.chat_id)
            wake = out_of_quiet_hours(tick.now, get_zone(claim.zone), start, end)
            if wake != tick.now:
                deferred.append(Outcome("defer", claim.subscription_id, claim.due_utc, tick.now, wake))
        if deferred:
            log.info("%d late reminders wait for the end of quiet hours", len(deferred))
            await tick.db.finish(deferred)
            tick.result.deferred += len(deferred)
        waiting = {o.subscription_id for o in deferred}
        return [c for c in claimed if c.subscription_id not in waiting]

    async def _work(self, queue: asyncio.Queue, lane: _Lane) -> None:
        while (claim := await queue.get()) is not None:
            try:
                outcome = await self._deliver(claim, lane)
                await lane.record(outcome)
            except Exception:
                log.exception(
                    "reminder %s not recorded; it comes back when its lease ends",
                    claim.subscription_id,
                )

    async def _deliver(self, claim: ClaimedReminder, lane: _Lane) -> Outcome:
        """Send one reminder, retrying as its errors allow; what to record."""
        lane.started()
        try:
            return await self._attempts(claim, lane.tick)
        finally:
            lane.done()

    async def _attempts(self, claim: ClaimedReminder, tick: _Tick) -> Outcome:
        result, now = tick.result, tick.now
        reminder = DueReminder(
            claim.subscription_id, claim.chat_id, claim.programme_id, claim.day, claim.due_utc
        )
        attempts, moved = 0, False
        while True:
            await self._open.wait()
            if tick.resume_at:  # a long rate limit: hand the rest back untouched
                return self._retry(claim, tick.resume_at)
            if self._stopping.is_set():  # not started (or between tries): hand it back
                result.released += 1
                return self._hand_back(claim, self.clock())
            probe = None
            if self.outage.active:
                if tick.probe is None:  # this reminder finds out whether Telegram is back
                    probe = tick.probe = asyncio.get_running_loop().create_future()
                elif not await asyncio.shield(tick.probe):  # still down: not even tried
                    return self._held(claim, tick)
            answered = False  # Telegram answered (whatever it said): it is not down
            try:
                await self.send(reminder)
                answered = True
            except RetryAfter as exc:
                answered = True
                attempts += 1
                wait = dt.timedelta(seconds=exc.seconds)
                if not exc.bot_wide:  # this chat's limit: only this reminder waits, not even a worker
                    log.info("chat %s rate-limited for %s s; its reminder %s waits", reminder.chat_id,
                             exc.seconds, claim.subscription_id)
                    return self._held(claim, tick, now + max(wait, self.retry_delay))
                if wait > self.lease / 4:
                    log.warning("rate-limited for %s s; the rest waits for later ticks", exc.seconds)
                    tick.resume_at = max(tick.resume_at or now, now + wait)
                    result.failed += 1
                    return self._retry(claim, tick.resume_at)
                if attempts >= self.max_attempts:
                    result.failed += 1
                    return self._retry(claim, now + max(wait, self.retry_delay))
                result.retried += 1
                await self._pause(exc.seconds)
            except TemporaryFailure as exc:
                attempts += 1
                if exc.bot_wide:  # Telegram's failure, not the chat's: never counted against it
                    if self.outage.failed(reminder.chat_id, self.clock()) or attempts >= self.max_attempts:
                        log.info("reminder %s held: %s", claim.subscription_id, exc)
                        return self._held(claim, tick)
                    result.retried += 1
                    await self._nap(self.backoff * 2 ** (attempts - 1))
                    continue
                answered = True
                if attempts >= self.max_attempts:
                    log.warning("reminder %s failed %d times: %s", claim.subscription_id,
                                attempts, exc)
                    result.failed += 1
                    return self._retry(claim, now + self.retry_delay)
                result.retried += 1
                await self._nap(self.backoff * 2 ** (attempts - 1))
            except Unreachable as exc:
                answered = True
                log.info("chat %s unreachable (%s): reminder %s paused", reminder.chat_id,
                         exc.reason, claim.subscription_id)
                result.deactivated += 1
                if exc.whole_chat:  # the person's other reminders would only meet the same wall
                    await self.store.stop_all(reminder.chat_id, exc.reason[:200], posts=True)
                return Outcome("unreachable", claim.subscription_id, claim.due_utc,
                               self.clock(), tick.next_due(claim), reason=exc.reason[:200])
            except ChatMoved as exc:
                answered = True
                if moved:
                    log.warning("chat %s moved twice in one send", claim.chat_id)
                    result.failed += 1
                    return self._retry(claim, now + self.retry_delay)
                await self.store.move_chat(reminder.chat_id, exc.new_chat_id)
                reminder = replace(reminder, chat_id=exc.new_chat_id)
                moved = True
            except Exception:
                log.exception("send failed unexpectedly for reminder %s", claim.subscription_id)
                result.failed += 1
                return self._retry(claim, now + self.retry_delay)
            else:
                result.sent += 1
                return Outcome("sent", claim.subscription_id, claim.due_utc, self.clock(),
                               tick.next_due(claim))
            finally:
                if answered:  # any answer, a 403 too, means Telegram is there
                    self.outage.succeeded(self.clock())
                if probe is not None and not probe.done():
                    probe.set_result(not self.outage.active)

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

    def _held(self, claim: ClaimedReminder, tick: _Tick, at: dt.datetime | None = None) -> Outcome:
        """Not sent, and not the chat's fault: due again at ``at`` (default: after ``retry_delay``),
        no failure counted, its due time (and so its grace window) kept."""
        at = at or tick.now + self.retry_delay
        tick.result.held += 1
        if self.outage.active:
            self.outage.held.add(claim.subscription_id)
        return Outcome("hold", claim.subscription_id, claim.due_utc, at, at)


class _Tick:
    """One tick's shared state: its time, its counts, and its lanes' group commits."""

    def __init__(self, now: dt.datetime, store, gather: float = 0.0, lanes: int = 1):
        if now.tzinfo is None:
            raise ValueError("tick needs an aware datetime")
        self.now = now
        self.db = store  # claims and records go here: the store, or its claim session
        self.result = TickResult()
        self.resume_at: dt.datetime | None = None
        self.probe: asyncio.Future[bool] | None = None  # during an outage: whether Telegram is back
        self.lanes = [_Lane(self, gather) for _ in range(lanes)]
        self._next: dict[tuple, dt.datetime] = {}

    def next_due(self, claim: ClaimedReminder) -> dt.datetime:
        """When ``claim``'s subscription is due next after this tick.

        A pure function of (local time, zone, quiet days) for the tick's ``now``: reminders due in
        the same minute mostly share them, so each is worked out once per tick.
        """
        key = (claim.local_time, claim.zone, claim.skip_weekdays)
        due = self._next.get(key)
        if due is None:
            due = self._next[key] = next_due(claim.local_time, claim.zone, self.now,
                                             claim.skip_weekdays)
        return due

    async def close(self) -> None:
        """Stop the recorders; every worker has had its outcome recorded (or has been cancelled)."""
        for lane in self.lanes:
            await lane.close()


class _Lane:
    """The group commit of some of a tick's workers (see the module docstring)."""

    def __init__(self, tick: _Tick, gather: float):
        self.tick = tick
        self.gather = gather
        self.sending = 0  # this lane's workers between taking a reminder and having its outcome
        self.quiet = asyncio.Event()  # set whenever none of them is sending
        self._pending: list[tuple[Outcome, asyncio.Future]] = []
        self._arrived = asyncio.Event()
        self._recorder: asyncio.Task | None = None

    def started(self) -> None:
        self.sending += 1

    def done(self) -> None:
        self.sending -= 1
        if not self.sending:
            self.quiet.set()

    async def record(self, outcome: Outcome) -> None:
        """Return once ``outcome`` is committed, together with whatever else is waiting."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((outcome, future))
        self._arrived.set()
        if self._recorder is None:
            self._recorder = asyncio.create_task(self._record())
        await future

    async def close(self) -> None:
        if self._recorder is not None:
            self._recorder.cancel()
            await asyncio.gather(self._recorder, return_exceptions=True)
        for _, waiter in self._pending:
            waiter.cancel()

    async def _record(self) -> None:
        """Write whatever is waiting, as one transaction, until cancelled."""
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            if self.sending and self.gather:
                # The lane's sends in flight will want their outcomes written too: one commit.
                self.quiet.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.gather):
                        await self.quiet.wait()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                await self.tick.db.finish([o for o, _ in batch])
            except Exception as exc:  # noqa: BLE001 - handed to every waiter
                for _, waiter in batch:
                    if not waiter.done():
                        waiter.set_exception(exc)
            else:
                for _, waiter in batch:
                    if not waiter.done():
                        waiter.set_result(None)
