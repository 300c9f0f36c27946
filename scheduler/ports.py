"""What the reminder engine needs from storage, as types: the values it claims and records, and
the Protocols a store must satisfy. ``scheduler`` imports nothing from ``storage``; the storage
layer implements these (``storage.store.Store`` satisfies :class:`EnginePort`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Literal, Protocol


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A due subscription this engine now holds a lease on."""

    subscription_id: int
    chat_id: int
    programme_id: str
    day: int
    due_utc: dt.datetime
    local_time: dt.time
    zone: str
    skip_weekdays: int = 0


OutcomeKind = Literal["sent", "skipped", "unreachable", "retry", "hold", "defer"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one claimed reminder.

    ``sent`` advances the programme day; ``skipped`` (too late) does not; ``unreachable``
    deactivates the subscription with ``reason``; ``retry`` logs nothing, counts a failure and
    makes the reminder due again at ``next_due_utc`` with its original due time; ``hold`` does
    the same without counting a failure (Telegram, not the chat, failed: an outage); ``defer``
    makes it due later (e.g. after quiet hours) without counting a failure.
    """

    kind: OutcomeKind
    subscription_id: int
    due_utc: dt.datetime
    at: dt.datetime
    next_due_utc: dt.datetime
    reason: str | None = None


class ClaimingPort(Protocol):
    """Claim due reminders and record what became of them."""

    async def claim_due(
        self, now: dt.datetime, *, limit: int, owner: str, lease_until: dt.datetime
    ) -> list[ClaimedReminder]:
        """Claim up to ``limit`` reminders due at ``now`` until ``lease_until``, earliest first."""
        ...

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Record ``outcomes``; an outcome whose claim is no longer current changes nothing."""
        ...


class ClaimPort(ClaimingPort, Protocol):
    """:class:`ClaimingPort` on the pool, and the tick-long session a busy tick uses instead."""

    @property
    def record_lanes(self) -> int:
        """How many group commits a fan-out keeps going at once."""
        ...

    def claim_session(self) -> AbstractAsyncContextManager[ClaimingPort]:
        """Connections held for one tick's claims and records."""
        ...


class ReminderPort(Protocol):
    """What the engine does to one subscription, or every one of a chat."""

    async def snooze(
        self, sub_id: int, day: int, now: dt.datetime, minutes: int = 30, *, chat_id: int | None = None
    ) -> dt.datetime | None: ...

    async def skip_today(self, sub_id: int, now: dt.datetime, *, chat_id: int | None = None) -> bool: ...

    async def stop_all(self, chat_id: int, reason: str = "stopped", *, posts: bool = False) -> int: ...


class ReminderTimesPort(Protocol):
    """How many active reminders there are at each local time and zone (``scheduler.capacity``)."""

    async def active_times(self) -> list[tuple[dt.time, str, int]]:
        """(local time, zone, how many) over every active subscription: counts, not people."""
        ...


class ChatPort(Protocol):
    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Carry everything about a chat over to its new id (a group became a supergroup)."""
        ...


class QuietHoursPort(Protocol):
    async def quiet_hours(self, chat_id: int) -> tuple[dt.time, dt.time]:
        """A person's quiet window in their local time (it may cross midnight)."""
        ...


class EnginePort(Protocol):
    """The store as :class:`scheduler.engine.ReminderEngine` uses it."""

    @property
    def claims(self) -> ClaimPort: ...

    @property
    def reminders(self) -> ReminderPort: ...

    @property
    def chats(self) -> ChatPort: ...

    @property
    def care(self) -> QuietHoursPort: ...
