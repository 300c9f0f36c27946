"""Telling a Telegram outage from one chat's failure.

A send that fails with a bot-wide kind of error (a 5xx answer, a timeout, a network error:
``TemporaryFailure(bot_wide=True)``) says little on its own. Several chats failing that way with
no success in between, or such failures going on for a while, are an outage: Telegram (or the
way to it) is down, not those chats. :class:`OutageWatch` keeps that state for an engine: a
WARNING when an outage starts, and one ERROR with its length when the first send succeeds again.
"""

from __future__ import annotations

import datetime as dt
import logging

log = logging.getLogger(__name__)


class OutageWatch:
    """Bot-wide failures since the last success, and whether they make an outage.

    Args:
        chats: this many different chats failing in a row (no success between) is an outage.
        after: or bot-wide failures going on for this long with no success between.
    """

    def __init__(self, *, chats: int = 3, after: dt.timedelta = dt.timedelta(minutes=1)):
        if chats < 1:
            raise ValueError("chats must be at least 1")
        self.chats = chats
        self.after = after
        self.since: dt.datetime | None = None  # the first bot-wide failure since the last success
        self.started: dt.datetime | None = None  # when it was found to be an outage
        self.held: set[int] = set()  # subscriptions whose reminders waited for the outage to end
        self.last: dt.datetime | None = None  # the latest bot-wide failure
        self._failing: set[int] = set()

    @property
    def active(self) -> bool:
        """Whether Telegram is down now, as far as this engine can tell."""
        return self.started is not None

    def failed(self, chat_id: int, at: dt.datetime) -> bool:
        """A send to ``chat_id`` failed bot-wide at ``at``; whether that is an outage (now)."""
        if self.started is None and self.last is not None and at - self.last > self.after:
            self.since = None  # failures long apart, with nothing sent between: not one outage
            self._failing.clear()
        self.last = at
        if self.since is None:
            self.since = at
        self._failing.add(chat_id)
        if self.started is None and (len(self._failing) >= self.chats or at - self.since >= self.after):
            self.started = at
            log.warning(
                "Telegram looks unreachable: sends to %d chats failed since %s with no success; "
                "reminders wait for it (no subscription counts these failures)",
                len(self._failing),
                self.since.isoformat(timespec="seconds"),
            )
        return self.started is not None

    def succeeded(self, at: dt.datetime) -> dt.timedelta | None:
        """A send succeeded at ``at``: the end of the outage, if there was one (its length)."""
        if self.since is None:
            return None
        since, started, held = self.since, self.started, len(self.held)
        self.since = self.started = None
        self.held = set()
        self._failing.clear()
        if started is None:
            return None
        length = at - since
        log.error(
            "Telegram outage over: sends failed for %s (from the first failure at %s to the first "
            "success at %s); the %d reminders held meanwhile go out now, within their grace window",
            _span(length),
            since.isoformat(timespec="seconds"),
            at.isoformat(timespec="seconds"),
            held,
        )
        return length


def _span(length: dt.timedelta) -> str:
    seconds = int(length.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min {seconds} s"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
