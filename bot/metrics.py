"""Prometheus metrics of one application, in a registry of its own (tests never collide).

What an operator watches: updates handled by type, command latency by command, Telegram API
errors by kind, rate-limiter waits, reminder outcomes, how late reminders go out and the
backlog. The reminder wiring reports through
``metrics.reminders.inc(outcome, n)``.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseRateLimiter, CommandHandler

__all__ = ["CONTENT_TYPE", "Metrics", "MeteredRateLimiter", "ReminderCounters"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
#: The update kinds checked first (the ones the bot asks for), then every other kind.
_KINDS = (
    "message",
    "callback_query",
    "my_chat_member",
    "channel_post",
    "edited_message",
    *(
        k
        for k in Update.ALL_TYPES
        if k not in ("message", "callback_query", "my_chat_member", "channel_post", "edited_message")
    ),
)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: Reminder lateness: on time (a tick's interval) up to the grace window (2 h by default).
LATENESS_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 7200.0)


def update_kind(update: object) -> str:
    """``message``, ``callback_query``...: the kind of an update, ``other`` for anything else."""
    if isinstance(update, Update):
        for kind in _KINDS:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"


class ReminderCounters:
    """Reminder outcomes: ``due``, ``sent``, ``failed``, ``skipped``."""

    OUTCOMES = ("due", "sent", "failed", "skipped")

    def __init__(self, counter: Counter):
        self._children = {outcome: counter.labels(outcome=outcome) for outcome in self.OUTCOMES}

    def inc(self, outcome: str, n: float = 1) -> None:
        """Count ``n`` reminders with ``outcome`` (one of :attr:`OUTCOMES`)."""
        child = self._children.get(outcome)
        if child is None:
            raise ValueError(f"unknown reminder outcome {outcome!r}; expected one of {self.OUTCOMES}")
        if n:
            child.inc(n)


class Metrics:
    """Every metric of one application.

    Args:
        commands: the command names to label latencies with; any other command is ``unknown``.
    """

    def __init__(self, commands: set[str] | frozenset[str] = frozenset()):
        self.registry = CollectorRegistry()
        r = self.registry
        self.commands = set(commands)
        self._updates = Counter("rootwise_updates", "Updates handled, by type.", ["type"], registry=r)
        self._latency = Histogram(
            "rootwise_command_seconds",
            "Time to handle an update, by command (button, text and other for updates that are not commands).",
            ["command"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._api_errors = Counter(
            "rootwise_telegram_api_errors",
            "Failed Bot API requests, by kind and method.",
            ["kind", "method"],
            registry=r,
        )
        self._limiter_waits = Counter(
            "rootwise_rate_limiter_waits",
            "Requests the rate limiter held back, by reason (limit, retry_after).",
            ["reason"],
            registry=r,
        )
        self._limiter_wait_seconds = Counter(
            "rootwise_rate_limiter_wait_seconds",
            "Seconds requests waited for the rate limiter before going out.",
            registry=r,
        )
        self.in_flight = Gauge("rootwise_updates_in_flight", "Updates being handled now.", registry=r)
        self._declare_reminders(r)
        self._update_children: dict[str, Any] = {}
        self._latency_children: dict[str, Any] = {}
        for reason in ("limit", "retry_after"):
            self._limiter_waits.labels(reason=reason)

    def _declare_reminders(self, r: CollectorRegistry) -> None:
        """The reminder engine's metrics: sends by outcome, lateness and backlog."""
        self.reminders = ReminderCounters(
            Counter("rootwise_reminders", "Reminders by outcome.", ["outcome"], registry=r)
        )
        self.reminder_lateness = Histogram(
            "rootwise_reminder_lateness_seconds",
            "Seconds from a reminder's due time to its send.",
            buckets=LATENESS_BUCKETS,
            registry=r,
        )
        self.reminder_backlog = Gauge(
            "rootwise_reminder_backlog", "Reminders this replica has claimed and queued, not sent yet.", registry=r
        )

    def learn_commands(self, application: Application) -> None:
        """Label latencies with every command a :class:`CommandHandler` of ``application`` knows."""
        self.commands = {
            command
            for group in application.handlers.values()
            for handler in group
            if isinstance(handler, CommandHandler)
            for command in handler.commands
        }

    # ---- updates ----------------------------------------------------------------------------

    def command_of(self, update: object) -> str:
        """The label of an update for the latency histogram."""
        if not isinstance(update, Update):
            return "other"
        if update.callback_query is not None:
            return "button"
        message = update.message or update.channel_post
        text = message.text if message is not None else None
        if not text:
            return "other"
        if not text.startswith("/"):
            return "text"
        words = text[1:].split(maxsplit=1)  # empty for "/" alone or "/" and spaces
        name = words[0].split("@", 1)[0].lower() if words else ""
        return name if name in self.commands else "unknown"

    def observe_update(self, update: object, seconds: float) -> None:
        """Count one handled update and how long it took."""
        kind = update_kind(update)
        child = self._update_children.get(kind)
        if child is None:
            child = self._update_children[kind] = self._updates.labels(type=kind)
        child.inc()
        command = self.command_of(update)
        child = self._latency_children.get(command)
        if child is None:
            child = self._latency_children[command] = self._latency.labels(command=command)
        child.observe(seconds)

    # ---- Telegram API -------------------------------------------------------------------------

    def api_error(self, method: str, exc: TelegramError) -> None:
        """Count a failed Bot API request (the request backend's ``on_error`` hook)."""
        self._api_errors.labels(kind=type(exc).__name__, method=method).inc()

    def limiter_wait(self, reason: str, seconds: float = 0.0) -> None:
        """Count a request the rate limiter held back (``limit``) or retried (``retry_after``)."""
        self._limiter_waits.labels(reason=reason).inc()
        if seconds > 0:
            self._limiter_wait_seconds.inc(seconds)

    # ---- reminders ----------------------------------------------------------------------------

    def watch_engine(self, engine) -> None:
        """Observe every reminder ``engine`` sends (its lateness) and read its backlog when scraped."""
        engine.on_sent = self.reminder_lateness.observe
        self.reminder_backlog.set_function(lambda: engine.backlog)

    # ---- exposition ---------------------------------------------------------------------------

    def render(self) -> bytes:
        """Everything in Prometheus' text format."""
        return generate_latest(self.registry)


class MeteredRateLimiter(BaseRateLimiter):
    """Wraps a rate limiter (python-telegram-bot's :class:`AIORateLimiter`) and counts its waits."""

    #: Shorter holds are not worth counting (the limiter's own bookkeeping takes about this long).
    MIN_WAIT = 0.001

    def __init__(self, inner: BaseRateLimiter, metrics: Metrics):
        self.inner = inner
        self._metrics = metrics

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """Let the inner limiter run the request; count how long it held it back, and retries."""
        entered = time.perf_counter()
        calls = 0

        async def timed(*a: Any, **kw: Any):
            nonlocal calls
            calls += 1
            if calls > 1:  # sent again after a RetryAfter
                self._metrics.limiter_wait("retry_after")
            else:
                waited = time.perf_counter() - entered
                if waited >= self.MIN_WAIT:
                    self._metrics.limiter_wait("limit", waited)
            return await callback(*a, **kw)

        return await self.inner.process_request(timed, args, kwargs, endpoint, data, rate_limit_args)
