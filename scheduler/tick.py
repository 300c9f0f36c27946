"""One tick of the reminder engine: its shared state and counts, the group commits of its workers'
outcomes (see ``scheduler.engine``'s docstring), the order reminders go out in, and the queue
that hands them to the workers."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections import deque
from dataclasses import dataclass

from scheduler.ports import ClaimedReminder, ClaimingPort, Outcome
from scheduler.times import next_due


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


def fair_order(claims: list[ClaimedReminder]) -> list[ClaimedReminder]:
    """Oldest due first; reminders due at the same instant taken in turn from each zone (08:00 in
    London and 09:00 in Berlin share an instant: neither zone waits behind the other whole)."""
    ordered: list[ClaimedReminder] = []
    by_due: dict[dt.datetime, dict[str, deque[ClaimedReminder]]] = {}
    for claim in claims:
        by_due.setdefault(claim.due_utc, {}).setdefault(claim.zone, deque()).append(claim)
    for due in sorted(by_due):
        queues = list(by_due[due].values())
        while queues:
            ordered.extend(q.popleft() for q in queues)
            queues = [q for q in queues if q]
    return ordered


async def close_queue(queue: asyncio.Queue, workers: list[asyncio.Task]) -> None:
    """Tell every worker to finish after the reminders queued; wait until they have."""
    for _ in workers:
        await queue.put(None)
    await asyncio.gather(*workers)


async def put(queue: asyncio.Queue, claim: ClaimedReminder, stopped: asyncio.Future) -> bool:
    """Queue ``claim`` for a worker; False (not queued) if the engine stops first."""
    if stopped.done():
        return False
    if not queue.full():
        queue.put_nowait(claim)
        return True
    putting = asyncio.ensure_future(queue.put(claim))
    try:
        await asyncio.wait({putting, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        putting.cancel()  # nothing if it is done
    await asyncio.wait({putting})
    return not putting.cancelled()


def drain(queue: asyncio.Queue) -> list[ClaimedReminder]:
    """Take the reminders still queued (not the workers' end marks, which go back)."""
    taken = []
    while not queue.empty():
        taken.append(queue.get_nowait())
    claims = [c for c in taken if c is not None]
    for _ in range(len(taken) - len(claims)):
        queue.put_nowait(None)
    return claims


class Tick:
    """One tick's shared state: its time, its counts, and its lanes' group commits."""

    def __init__(self, now: dt.datetime, claims: ClaimingPort, gather: float = 0.0, lanes: int = 1):
        if now.tzinfo is None:
            raise ValueError("tick needs an aware datetime")
        self.now = now
        self.db = claims  # claims and records go here: ``store.claims``, or its claim session
        self.result = TickResult()
        self.resume_at: dt.datetime | None = None
        self.probe: asyncio.Future[bool] | None = None  # during an outage: whether Telegram is back
        self.lanes = [Lane(self, gather) for _ in range(lanes)]
        self.queued = 0  # handed to the workers, not yet sent (or given up)
        self._next: dict[tuple, dt.datetime] = {}

    def next_due(self, claim: ClaimedReminder) -> dt.datetime:
        """When ``claim``'s subscription is due next after this tick.

        A pure function of (local time, zone, quiet days) for the tick's ``now``: reminders due in
        the same minute mostly share them, so each is worked out once per tick.
        """
        key = (claim.local_time, claim.zone, claim.skip_weekdays)
        due = self._next.get(key)
        if due is None:
            due = self._next[key] = next_due(claim.local_time, claim.zone, self.now, claim.skip_weekdays)
        return due

    def drain(self, queue: asyncio.Queue) -> list[ClaimedReminder]:
        """Take back the reminders still queued for the workers."""
        claims = drain(queue)
        self.queued -= len(claims)
        return claims

    async def close(self) -> None:
        """Stop the recorders; every worker has had its outcome recorded (or has been cancelled)."""
        for lane in self.lanes:
            await lane.close()


class Lane:
    """The group commit of some of a tick's workers (see the module docstring)."""

    def __init__(self, tick: Tick, gather: float):
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
