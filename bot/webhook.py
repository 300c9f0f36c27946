"""The bot's HTTP server: Telegram's webhook, and /healthz, /readyz and /metrics for operators.

In webhook mode (``main.py run --webhook`` or ``WEBHOOK_URL`` set) Telegram POSTs each update to
the path of ``WEBHOOK_URL``; the server checks the secret header and starts handling the update
at once (up to ``CONCURRENT_UPDATES`` at a time). It answers 200 when the update has been
handled, or after ``WEBHOOK_ANSWER_SECONDS`` if that comes first (the handling goes on). Until
it answers, the update is still Telegram's: if the process dies first, Telegram delivers it again,
to this or another replica. An update in hand whose reply had already gone out is then answered
twice; only updates in hand can be.
``WEBHOOK_ANSWER_SECONDS=0`` answers on arrival, as python-telegram-bot's own webhook server does:
sooner for Telegram, but a process killed outright loses the updates it had in hand.
Several processes can serve one webhook URL: each registers the same URL and secret.
In polling mode the same server (without the webhook path) runs when ``HEALTH_PORT`` is set.
With ``WEBAPP_URL`` set it also serves the Mini App under ``/app/`` (bot/webapp); in polling mode
then on ``WEB_PORT`` too (or only, without ``HEALTH_PORT``; 8080 when neither is set).

Slow or idle clients cannot take the server down: a connection must send a whole request head
within ``HTTP_HEADER_TIMEOUT`` seconds of opening (or of its last answer), and a webhook body must
arrive within ``HTTP_BODY_TIMEOUT`` (else 408); at most ``HTTP_MAX_CONNECTIONS`` connections are
open (by default from the open-file limit), and past that the oldest connection that has no
request in progress is closed for the new one, so /healthz still answers.
A body that is not an update (not JSON, too deep, an out-of-range date...) is answered 400; an
update the bot cannot act on (a message without a chat, a text that is not a string...) is
answered 200 and skipped quietly, so Telegram does not send it again.

On SIGTERM (or SIGINT) the bot stops taking updates (the webhook answers 503, so Telegram
delivers them again later, to this or another process), finishes every update it accepted and
every send in progress, and exits with code 0. A reminder fan-out in progress stops too: its
sends in flight finish and are recorded, the reminders it claimed but had not started are handed
back at once (another replica, or the next start, sends them), and it claims no more.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
import resource
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy import text
from telegram import Update
from telegram.ext import Application

from bot.app import start_up, stop_reminders
from bot.metrics import CONTENT_TYPE, Metrics
from bot.polling import ConfirmingPoller
from bot.update_shape import is_int64, odd_update
from settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Telegram's rule for secret tokens.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
#: Past this many updates in hand, the webhook answers 503 and Telegram delivers them again later.
MAX_PENDING = 10_000
READY_TIMEOUT = 3.0


def webhook_secret(settings: Settings) -> str:
    """``WEBHOOK_SECRET``, or one derived from the token (the same in every process of one bot)."""
    if settings.webhook_secret is not None and settings.webhook_secret.get_secret_value():
        secret = settings.webhook_secret.get_secret_value()
        if not SECRET_PATTERN.fullmatch(secret):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return secret
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    return hashlib.sha256(f"rootwise-webhook:{token}".encode()).hexdigest()


def busy() -> web.Response:
    """Not taking updates now: Telegram delivers the update again later (to any replica)."""
    return web.Response(status=503, text="not taking updates now", headers={"Retry-After": "1"})


def connection_cap(setting: int) -> int:
    """``HTTP_MAX_CONNECTIONS``, or (0) what the open-file limit leaves after the bot's other files
    (Telegram's connection pool, the database's, logs): the soft limit less 512, 32 to 1,000."""
    if setting:
        return setting
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 1000
    return max(32, min(1000, soft - 512))


class CappedServer(web.Server):
    """aiohttp's low-level server with a cap on open connections: past it, the oldest connection
    with no request in progress is closed (a slow or idle client), else the new one."""

    def __init__(self, handler, *, cap: int, **kwargs):
        super().__init__(handler, **kwargs)
        self.cap = cap
        self.busy: set[object] = set()  # request handlers (connections) with a request in progress
        self.evicted = 0

    def connection_made(self, handler, transport) -> None:
        super().connection_made(handler, transport)
        if len(self._connections) <= self.cap:
            return
        victim = next((h for h in self._connections if h is not handler and h not in self.busy), handler)
        self.evicted += 1
        victim.force_close()


def webhook_path(url: str) -> str:
    """The path Telegram POSTs to: the path of ``WEBHOOK_URL``."""
    return urlsplit(url).path or "/"


class BotServer:
    """The HTTP server: webhook (optional), health, readiness and metrics."""

    def __init__(self, application: Application, settings: Settings, *, webhook: bool):
        self.application = application
        self.settings = settings
        self.webhook = webhook
        self.secret = webhook_secret(settings).encode() if webhook else b""
        self.draining = False
        self.port = self.web_port = 0
        self.answer_seconds = settings.webhook_answer_seconds
        self.body_timeout = settings.http_body_timeout
        self.skipped = 0  # odd updates answered 200 and not handled
        self.server: CappedServer | None = None
        self.in_hand = 0  # updates taken by the webhook and not yet handled
        self._runner: web.ServerRunner | None = None
        # aiohttp's low-level server and a dict of routes: aiohttp's Application (router,
        # middlewares, signals) cost about 0.15 ms an update in the webhook benchmark.
        self.routes: dict[str, tuple[str, Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]]] = {
            "/healthz": ("GET", self.healthz),
            "/readyz": ("GET", self.readyz),
            "/metrics": ("GET", self.metrics),
        }
        if webhook:
            self.routes[webhook_path(settings.webhook_url or "")] = ("POST", self.receive)
        self.webapp = None  # the Mini App under /app/ (bot/webapp), when WEBAPP_URL is set
        if settings.webapp_url:
            from bot.webapp.api import WebApp

            self.webapp = WebApp(application, settings)

    async def start(self, host: str, port: int, *, extra_port: int | None = None) -> None:
        """Listen on ``host``:``port`` (0: any free port, see :attr:`port`), and on ``extra_port``
        too when given (polling with both HEALTH_PORT and WEB_PORT: see :attr:`web_port`)."""
        # keepalive_timeout bounds the wait for a whole request head (aiohttp closes a connection
        # still waiting for one when it runs out, from its opening or its last answer).
        self.server = CappedServer(
            self.dispatch,
            cap=connection_cap(self.settings.http_max_connections),
            access_log=None,
            keepalive_timeout=self.settings.http_header_timeout,
        )
        self._runner = web.ServerRunner(self.server, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, backlog=1024)
        await site.start()
        self.port = self.web_port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        if extra_port is not None:
            other = web.TCPSite(self._runner, host, extra_port, backlog=1024)
            await other.start()
            self.web_port = other._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("listening on %s:%s", host, self.port)

    async def dispatch(self, request: web.BaseRequest) -> web.StreamResponse:
        """Route by path: 404 for an unknown path, 405 for the wrong method."""
        route = self.routes.get(request.path)
        if route is None and self.webapp is not None and (request.path + "/").startswith("/app/"):
            route = request.method, self.webapp.handle
        if route is None:
            return web.Response(status=404, text="not found")
        method, handler = route
        if request.method != method:
            return web.Response(status=405, text="method not allowed", headers={"Allow": method})
        busy = self.server.busy if self.server is not None else set()
        protocol = request.protocol
        busy.add(protocol)
        try:
            return await handler(request)
        finally:
            busy.discard(protocol)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- the webhook --------------------------------------------------------------------------

    async def receive(self, request: web.BaseRequest) -> web.Response:
        """Take one update from Telegram: handle it, and answer when it is handled (or in time)."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return web.Response(status=403, text="wrong secret token")
        if self.draining or self.in_hand >= MAX_PENDING:
            return busy()
        try:
            async with asyncio.timeout(self.body_timeout):
                body = await request.read()
        except TimeoutError:
            return web.Response(status=408, text="body too slow")
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not is_int64(data.get("update_id")):
                raise ValueError("no update_id")
            problem = odd_update(data)
            update = None if problem else Update.de_json(data, self.application.bot)
        except Exception:  # noqa: BLE001 - deep nesting, dates out of range...: whatever it is, not an update
            return web.Response(status=400, text="not an update")
        if problem:
            self.skipped += 1
            log.info("update %s skipped: %s", data["update_id"], problem)
            return web.Response()
        if self.draining or not self.application.running:  # starting, or SIGTERM came during the read
            return busy()
        application = self.application
        # Application.create_task: an error reaches the error handlers, and stop() waits for it.
        task = application.create_task(
            application.update_processor.process_update(update, application.process_update(update)),
            update=update,
            name="webhook update",
        )
        self.in_hand += 1
        task.add_done_callback(self._handled)
        if self.answer_seconds > 0:
            # Not wait_for: past the time the answer goes, and the handling must go on.
            await asyncio.wait((task,), timeout=self.answer_seconds)
        return web.Response()

    def _handled(self, _task: asyncio.Task) -> None:
        self.in_hand -= 1

    # ---- operators ----------------------------------------------------------------------------

    async def healthz(self, _request: web.BaseRequest) -> web.Response:
        """The process is up and its event loop answers."""
        return web.Response(text="ok")

    async def readyz(self, _request: web.BaseRequest) -> web.Response:
        """Ready to handle updates: database reachable, content loaded, not stopping."""
        checks = await self.checks()
        ready = all(v == "ok" for v in checks.values())
        return web.json_response({"ready": ready, **checks}, status=200 if ready else 503)

    async def checks(self) -> dict[str, str]:
        services = self.application.bot_data.get("services")
        checks = {"database": "ok", "content": "ok", "updates": "ok"}
        store = services.store if services is not None else None
        try:
            if store is None:
                raise RuntimeError("the store is not open")
            async with asyncio.timeout(READY_TIMEOUT):
                async with store.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            checks["database"] = f"error: {type(exc).__name__}"
        content = services.content if services is not None else None
        if content is None or not content.topics:
            checks["content"] = "not loaded"
        if self.draining or not self.application.running:
            checks["updates"] = "stopping" if self.draining else "starting"
        return checks

    async def metrics(self, _request: web.BaseRequest) -> web.Response:
        """Prometheus' text format."""
        metrics: Metrics | None = self.application.bot_data.get("metrics")
        body = metrics.render() if metrics is not None else b""
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


@contextlib.asynccontextmanager
async def serving(
    application: Application, settings: Settings, *, webhook: bool, allowed_updates: Sequence[str] | None = None
) -> AsyncIterator[BotServer]:
    """Run ``application`` (webhook, or long polling plus the health server) inside this loop.

    Leaving the block stops gracefully: no new updates, every accepted one handled, then shut down.
    """
    port = settings.webhook_port if webhook else settings.health_port
    if not webhook and settings.webapp_url and port is None:
        port = settings.web_port if settings.web_port is not None else 8080  # the Mini App needs the server
    extra = settings.web_port if not webhook and settings.webapp_url and settings.web_port not in (None, port) else None
    server = BotServer(application, settings, webhook=webhook)
    # Telegram and the database, retried for STARTUP_RETRY_SECONDS (bot.app.start_up).
    await start_up(application, retry_seconds=settings.startup_retry_seconds)
    try:
        if port is not None:
            await server.start(settings.webhook_listen, port, extra_port=extra)
        poller = await _take_updates(application, settings, webhook=webhook, allowed_updates=allowed_updates)
        await application.start()
        log.info("taking updates by %s", "webhook" if webhook else "long polling")
        try:
            yield server
        finally:
            await _finish(application, server, poller)
    finally:
        await server.stop()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        await application.shutdown()


async def _take_updates(
    application: Application, settings: Settings, *, webhook: bool, allowed_updates: Sequence[str] | None
) -> ConfirmingPoller | None:
    """Register the webhook with Telegram, or start long polling (then the poller)."""
    if webhook:
        await application.bot.set_webhook(
            settings.webhook_url,
            secret_token=webhook_secret(settings),
            allowed_updates=allowed_updates,
            max_connections=settings.webhook_max_connections,
        )
        return None
    # Not the Updater: it confirms updates before they are handled (bot/polling.py).
    await application.bot.delete_webhook(drop_pending_updates=False)
    poller = ConfirmingPoller(
        application,
        timeout=settings.polling_timeout,
        answer_seconds=settings.webhook_answer_seconds,
        allowed_updates=allowed_updates,
    )
    await poller.start()
    return poller


async def _finish(application: Application, server: BotServer, poller: ConfirmingPoller | None) -> None:
    """Take no new updates, and handle every one accepted."""
    log.info("stopping: no new updates; finishing the ones in hand")
    server.draining = True
    stop_reminders(application)  # before application.stop(), which waits for the tick
    if poller is not None:
        await poller.stop()
    if application.running:
        await application.stop()  # handles queued updates, waits for handlers and jobs
    log.info("every accepted update was handled")


async def serve(
    application: Application, settings: Settings, *, webhook: bool, allowed_updates: Sequence[str] | None = None
) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serving(application, settings, webhook=webhook, allowed_updates=allowed_updates):
        await stop.wait()


def run(
    application: Application, settings: Settings, *, webhook: bool, allowed_updates: Sequence[str] | None = None
) -> None:
    """:func:`serve` on a new event loop: uvloop where it is installed (measured faster, see
    docs/benchmarks.md), else asyncio's own."""
    try:
        import uvloop
    except ImportError:
        loop_factory = None
    else:
        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(serve(application, settings, webhook=webhook, allowed_updates=allowed_updates))
