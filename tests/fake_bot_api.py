"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

It serves the Bot API over real HTTP (aiohttp) on a random loopback port, answers from a
:class:`bot.offline.BotApiState`, records every call, lets a test inject updates and scripted
failures (429 with retry_after, 403, 400, 5xx, chat migrated, slow answers), and can enforce
Telegram's flood limits so a test can prove the bot stays inside them.

Fault kinds for outages (:meth:`FakeBotApi.down` / :meth:`FakeBotApi.up`): a failure window in
which every matching call is answered 5xx, never answered (the client's read timeout fires), or
has its connection closed unanswered (a network error); a per-chat 429 is :meth:`FakeBotApi.fail`
with ``chat_id`` and ``retry_after``.

Updates reach the bot by long polling (``getUpdates``), or, once :meth:`FakeBotApi.attach` is
given the Application, straight on its update queue as a webhook would put them, without the
HTTP in between; :meth:`FakeBotApi.settle` then waits for the bot to have finished with them.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram import Update

from bot.offline import ApiError, BotApiState, Call

HOST = "127.0.0.1"  # never any other address

# Which client made the request being answered, for tests with several bot processes: a bot
# given ``api.base_url_for("b")`` is "b" here; one given ``api.base_url`` is None.
CALLER: contextvars.ContextVar[str | None] = contextvars.ContextVar("caller", default=None)


@dataclass
class Failure:
    """A scripted answer for the next matching call(s)."""

    method: str
    status: int
    description: str
    parameters: dict | None = None
    chat_id: int | None = None
    times: int = 1
    delay: float = 0.0


@dataclass
class Limits:
    """Telegram's documented flood limits, enforced when ``FakeBotApi.limits`` is set."""

    global_per_second: int = 30
    group_per_minute: int = 20
    private_per_second: int = 1
    minute: float = 60.0  # the group window, in seconds (a test may shorten it)
    _global: deque = field(default_factory=deque)
    _chats: dict[int, deque] = field(default_factory=lambda: defaultdict(deque))

    def check(self, chat_id: int | None, now: float) -> float | None:
        """Seconds to wait if this send breaks a limit, else None (and the send is counted)."""
        g = self._global
        while g and now - g[0] >= 1.0:
            g.popleft()
        if len(g) >= self.global_per_second:
            return 1.0
        if chat_id is not None:
            window, allowed = (
                (self.minute, self.group_per_minute) if chat_id < 0 else (1.0, self.private_per_second + 2)
            )
            c = self._chats[chat_id]
            while c and now - c[0] >= window:
                c.popleft()
            if len(c) >= allowed:
                return window
            c.append(now)
        g.append(now)
        return None


SEND_METHODS = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation"}


@dataclass
class Outage:
    """A failure window: every matching call fails the same way until it ends.

    ``kind``: ``"status"`` answers ``status`` (a 5xx) with Telegram's error body; ``"hang"`` never
    answers (until the window ends, then the call fails with ``status``); ``"reset"`` closes the
    connection without an answer.
    """

    kind: str = "status"
    status: int = 502
    methods: frozenset[str] | None = None  # None: every method except getUpdates
    until: float | None = None  # time.monotonic() at which it ends by itself; None: at up()
    failed: int = 0  # calls it failed

    def covers(self, method: str, now: float) -> bool:
        if self.until is not None and now >= self.until:
            return False
        return method in self.methods if self.methods is not None else method != "getUpdates"


class _State(BotApiState):
    """:class:`BotApiState` that hands each new update to ``deliver``, when set, instead of
    keeping it for ``getUpdates``."""

    deliver: Callable[[dict[str, Any]], None] | None = None

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = super().push(kind, payload)
        if self.deliver is not None:
            self.pending.remove(update)
            self.deliver(update)
        return update

    def end_long_polls(self) -> None:
        """Answer every ``getUpdates`` still waiting for an update now (with what is pending)."""
        if self._arrived is not None:
            self._arrived.set()


class FakeBotApi:
    """The fake server. Use as ``async with FakeBotApi() as api:``; ``api.base_url`` goes to the bot."""

    def __init__(self, *, limits: Limits | None = None, bot_username: str = "RootwiseBot"):
        self.state = _State(bot_username=bot_username)
        self.application = None  # the bot being waited for by settle(), see attach()
        self.polled = False  # whether that bot fetches its updates with getUpdates
        self.gates: dict[str, asyncio.Event] = {}
        self.failures: list[Failure] = []
        self.slow: dict[str, float] = {}
        self.limits = limits
        self.rate_limited: list[Call] = []  # sends answered 429 because of ``limits``
        self.requests = 0
        self.tokens_seen: set[str] = set()
        self.outage: Outage | None = None
        self.refused: list[Call] = []  # calls answered with a scripted error or failed by an outage
        self._ended = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- life cycle ------------------------------------------------------------------------

    async def __aenter__(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._file)
        app.router.add_route("*", "/as/{caller}/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/as/{caller}/file/bot{token}/{path:.*}", self._file)
        # At the end a request still held (by a test's stand-in that never answers, whose client
        # was killed) is cancelled after a second instead of aiohttp's 60.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - aiohttp has no public accessor
        return self

    async def __aexit__(self, *exc: object) -> None:
        for gate in self.gates.values():
            gate.set()
        self.up()  # calls held by an outage fail at once
        # a long poll of a bot that stopped is answered now, not after aiohttp's shutdown_timeout
        self.state.end_long_polls()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/bot"

    def base_url_for(self, caller: str) -> str:
        """A base URL whose requests carry ``caller`` (see :data:`CALLER`); same state, same answers."""
        return f"http://{HOST}:{self.port}/as/{caller}/bot"

    def attach(self, application, *, via: str = "queue") -> None:
        """Let :meth:`settle` wait for ``application`` (a ``bot.app.TrackedApplication``) to
        finish its work. ``via`` says how updates reach it: ``"queue"``, every update from now on
        goes straight onto its update queue (decoded as python-telegram-bot decodes
        ``getUpdates``); ``"polling"``, it fetches them with ``getUpdates``; ``"webhook"``, the
        test posts them to its webhook itself."""
        if via not in ("queue", "polling", "webhook"):
            raise ValueError(f"unknown way for updates {via!r}")
        self.application, self.polled = application, via == "polling"
        if via == "queue":
            bot = application.bot

            def deliver(update: dict[str, Any]) -> None:
                application.update_queue.put_nowait(Update.de_json(json.loads(json.dumps(update)), bot))

            self.state.deliver = deliver

    def detach(self) -> None:
        """Undo :meth:`attach`: updates wait for ``getUpdates`` again. Every call held by a
        :meth:`gate` is let through, so that the bot can stop."""
        self.application = None
        self.state.deliver = None
        for gate in self.gates.values():
            gate.set()

    # ---- scripting -------------------------------------------------------------------------

    def gate(self, method: str) -> asyncio.Event:
        """Hold every call of ``method`` unanswered until the returned event is set."""
        event = self.gates[method] = asyncio.Event()
        return event

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        parameters: dict | None = None,
        chat_id: int | None = None,
        times: int = 1,
        delay: float = 0.0,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id``, if given) with an error."""
        self.failures.append(Failure(method, status, description, parameters, chat_id, times, delay))

    def down(
        self, kind: str = "status", *, status: int = 502, methods: set[str] | None = None, seconds: float | None = None
    ) -> Outage:
        """Start a failure window (see :class:`Outage`); it lasts ``seconds``, or until :meth:`up`."""
        if kind not in ("status", "hang", "reset"):
            raise ValueError(f"unknown outage kind {kind!r}")
        until = time.monotonic() + seconds if seconds is not None else None
        self.outage = Outage(kind, status, frozenset(methods) if methods is not None else None, until)
        self._ended = asyncio.Event()
        return self.outage

    def up(self) -> None:
        """End the failure window: calls are answered again (hanging ones fail at once)."""
        self.outage = None
        self._ended.set()

    def message(self, chat_id: int, text: str, **kwargs: Any) -> dict[str, Any]:
        return self.state.message(chat_id, text, **kwargs)

    def press(self, chat_id: int, data: str, **kwargs: Any) -> dict[str, Any]:
        return self.state.press(chat_id, data, **kwargs)

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self.state.push(kind, payload)

    # ---- reading what happened -------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        return self.state.calls

    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[Call]:
        """Messages the bot sent (optionally to one chat / by one method)."""
        methods = {method} if method else SEND_METHODS
        return [c for c in self.calls if c.method in methods and (chat_id is None or c.chat_id == chat_id)]

    def delivered(self, chat_id: int | None = None, method: str | None = None) -> list[Call]:
        """As :meth:`sent`, without the calls refused by a scripted error or an outage."""
        refused = {id(c) for c in self.refused}
        return [c for c in self.sent(chat_id, method) if id(c) not in refused]

    def method_calls(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate, timeout: float = 10.0, what: str = "condition") -> Any:
        """Wait until ``predicate()`` is truthy and return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                summary = [(c.method, c.chat_id, c.text[:60]) for c in self.calls[-10:]]
                raise AssertionError(f"timed out waiting for {what}; last calls: {summary}")
            await asyncio.sleep(0.01)

    async def wait_sent(self, chat_id: int, count: int = 1, after: int = 0, timeout: float = 10.0) -> list[Call]:
        """Wait for ``count`` more messages to ``chat_id`` than ``after``, and return the new ones."""
        await self.wait_for(
            lambda: len(self.sent(chat_id)) >= after + count, timeout, f"{count} message(s) to chat {chat_id}"
        )
        return self.sent(chat_id)[after:]

    async def settle(self, quiet: float = 0.2, timeout: float = 60.0) -> None:
        """Wait until the bot has finished with every update sent so far.

        With an attached, running application (:meth:`attach`): until it has handled every
        update it took (when it polls: once no update waits for ``getUpdates``) and finished
        every task it started. Otherwise (a bot in another process): until no call has come in for
        ``quiet`` seconds and no update is waiting. ``timeout`` is generous: rendering a summary
        or a chart took over 10 s on the shared 2-core machine; a bot that never finishes still fails.
        """
        application = self.application
        if application is not None and application.running:
            if self.polled:
                await self.wait_for(lambda: self.state.idle, timeout, "the updates to be fetched")
            try:
                await asyncio.wait_for(application.finished(), timeout)
            except TimeoutError:
                summary = [(c.method, c.chat_id, c.text[:60]) for c in self.calls[-10:]]
                raise AssertionError(f"the bot was still busy after {timeout} s; last calls: {summary}") from None
            return
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            if self.requests == seen and self.state.idle:
                return
            seen = self.requests
            await asyncio.sleep(quiet)

    # ---- HTTP ------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw = await request.json() if request.can_read_body else {}
        elif request.content_type.startswith("multipart/"):
            raw = {}
            reader = await request.multipart()
            async for part in reader:
                if part.filename:
                    data = await part.read()
                    self.state.files[part.name] = data
                    raw[part.name] = f"<file {part.filename} {len(data)} bytes>"
                else:
                    raw[part.name] = await part.text()
        else:
            raw = dict(await request.post()) if request.can_read_body else {}
            raw.update(request.query)
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str) and value[:1] in "[{":
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            params[key] = value
        return params

    def _scripted(self, method: str, params: dict[str, Any]) -> Failure | None:
        chat = params.get("chat_id")
        for failure in self.failures:
            if failure.method == method and (failure.chat_id is None or str(failure.chat_id) == str(chat)):
                failure.times -= 1
                if failure.times <= 0:
                    self.failures.remove(failure)
                return failure
        return None

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        CALLER.set(request.match_info.get("caller"))
        method = request.match_info["method"]
        self.tokens_seen.add(request.match_info["token"])
        params = await self._params(request)
        outage = self.outage
        if outage is not None and outage.covers(method, time.monotonic()):
            return await self._fail_outage(request, outage, method, params)
        if delay := self.slow.get(method):
            await asyncio.sleep(delay)
        if (gate := self.gates.get(method)) is not None:
            await gate.wait()
        failure = self._scripted(method, params)
        if failure is not None:
            if failure.delay:
                await asyncio.sleep(failure.delay)
            self.refused.append(self.state.record(method, params))
            error = ApiError(failure.status, failure.description, failure.parameters)
            return web.json_response(error.payload(), status=failure.status)
        if self.limits is not None and method in SEND_METHODS:
            chat = params.get("chat_id")
            wait = self.limits.check(int(chat) if chat is not None else None, time.monotonic())
            if wait is not None:
                call = self.state.record(method, params)
                self.rate_limited.append(call)
                error = ApiError(429, f"Too Many Requests: retry after {int(wait)}", {"retry_after": int(wait)})
                return web.json_response(error.payload(), status=429)
        try:
            result = await self.state.answer(method, params)
        except ApiError as exc:
            self.state.record(method, params)
            return web.json_response(exc.payload(), status=exc.status)
        if method != "getUpdates" or result:
            self.state.record(method, params)
        return web.json_response({"ok": True, "result": result})

    async def _fail_outage(
        self, request: web.Request, outage: Outage, method: str, params: dict[str, Any]
    ) -> web.StreamResponse:
        outage.failed += 1
        self.refused.append(self.state.record(method, params))
        if outage.kind == "reset":
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=502)  # written nowhere: the connection is gone
        if outage.kind == "hang":
            ended = self._ended
            timeout = None if outage.until is None else max(0.0, outage.until - time.monotonic())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ended.wait(), timeout)
        error = ApiError(outage.status, "Bad Gateway" if outage.status == 502 else "Internal Server Error")
        return web.json_response(error.payload(), status=outage.status)

    async def _file(self, request: web.Request) -> web.Response:
        return web.Response(status=404, text="not found")
