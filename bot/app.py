"""Build the python-telegram-bot Application, and start or stop it around our services."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot import handlers
from bot.commands import register_commands
from bot.context import Ctx, Services
from bot.delivery import make_engine
from bot.handlers.guard import carries_red_flag
from bot.logs import quiet_third_party
from bot.metrics import MeteredRateLimiter, Metrics
from bot.processor import MeteredUpdateProcessor
from bot.request import AiohttpRequest
from storage.db import pool_kwargs, timeouts
from storage.store import Store

log = logging.getLogger(__name__)

#: The token used when no real one is needed (console mode, tests with their own backend).
OFFLINE_TOKEN = "123456:offline-token"


def make_services(settings, content, *, detector=None, questions=None) -> Services:
    """What the bot needs besides its store: settings, content, the red-flag rules and the question
    index. (The store is opened by :func:`startup`.) ``detector`` and ``questions``, when given,
    are used instead of loading the rules and indexing ``content`` again (tests share them).

    Raises:
        ContentError: the red-flag rules are invalid.
    """
    from content.search import QuestionIndex
    from safety.redflags import RedFlagDetector

    return Services(
        settings=settings,
        content=content,
        detector=detector if detector is not None else RedFlagDetector.load(),
        questions=questions if questions is not None else QuestionIndex.build(content),
    )


def engine_for(store: Store, services: Services, application: Application):
    """The reminder engine on ``store``, as the settings ask, sending through ``application``'s bot."""
    settings = services.settings
    engine = make_engine(
        store,
        application.bot,
        services.content,
        grace_minutes=settings.reminder_grace_minutes,
        concurrency=settings.reminder_concurrency,
        detector=services.detector,
        paid_broadcast=settings.allow_paid_broadcast,
        webapp_url=settings.webapp_url,
        batch_size=settings.reminder_batch_size,
        lease=dt.timedelta(seconds=settings.reminder_lease_seconds),
    )
    if application.bot_data.get("metrics") is not None:
        application.bot_data["metrics"].watch_engine(engine)
    return engine


async def startup(application: Application) -> None:
    """Open the store (if not given) and register the command lists with Telegram."""
    services: Services = application.bot_data["services"]
    if services.store is None:
        services.store = await open_store(services.settings)
        application.bot_data["owns_store"] = True
    if services.engine is None:
        services.engine = engine_for(services.store, services, application)
    if application.job_queue is not None and not application.job_queue.get_jobs_by_name("reminders"):
        application.job_queue.run_repeating(
            reminder_tick,
            interval=services.settings.reminder_tick_seconds,
            first=services.settings.reminder_tick_seconds,
            name="reminders",
        )
    if application.job_queue is not None and not application.job_queue.get_jobs_by_name("outcomes-hourly"):
        from bot.handlers.offers import hourly_tick

        # Hourly: a prescriber whose patient said yes hears of three days in a row with nothing done,
        # and everyone with a reminder gets the two-weekly check-in offer unless they stopped it.
        application.job_queue.run_repeating(hourly_tick, interval=3600, first=600, name="outcomes-hourly")
    await register_commands(application.bot)
    log.info("Rootwise is up as @%s", application.bot.username)


async def open_store(settings) -> Store:
    """The store at ``DATABASE_URL``, with the connect, statement and pool timeouts set, and its
    connections kept open (:func:`pool_kwargs`)."""
    return await Store.open(
        settings.database_url,
        **timeouts(
            settings.database_url,
            connect=settings.database_connect_timeout,
            statement=settings.database_statement_timeout,
            pool=settings.database_pool_timeout,
        ),
        **pool_kwargs(settings.database_url),
    )


class StartupFailed(Exception):
    """Start-up gave up: ``what`` (Telegram, the database) stayed unreachable for the whole
    retry time. ``exit_code`` is main.py's (EXIT_TELEGRAM, EXIT_DATABASE); ``str()`` is one line."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


#: main.py's exit codes for a start-up that gave up (documented in the README).
EXIT_DATABASE = 4
EXIT_TELEGRAM = 5


async def start_up(application: Application, *, retry_seconds: float, sleep=asyncio.sleep) -> None:
    """``application.initialize()`` (Telegram's getMe) and :func:`startup` (the database, the
    command lists), retried with back-off (1, 2, 4... up to 15 s between tries) for up to
    ``retry_seconds`` while Telegram or the database cannot be reached. Between tries and on
    giving up, everything opened is closed again (no "Unclosed client session"); giving up raises
    :class:`StartupFailed` with one line saying what was unreachable. A token Telegram refuses
    (InvalidToken) is not retried."""
    settings = application.bot_data["services"].settings
    loop = asyncio.get_running_loop()
    deadline = loop.time() + retry_seconds
    delay, tries = 1.0, 0
    while True:
        tries += 1
        failed = await _start_once(application)
        if failed is None:
            return
        step, exc = failed
        what, code = _unreachable(step, settings)
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else 'no detail'}"
        left = deadline - loop.time()
        if left <= 0:
            await _close_after_failed_start(application)
            raise StartupFailed(
                f"start-up failed: {what} unreachable for {retry_seconds:g} s ({tries} tries); "
                f"last error {reason}; exiting with code {code}",
                code,
            ) from None
        wait = min(delay, left)
        log.warning("start-up: %s unreachable (%s); trying again in %.0f s", what, reason, wait)
        await sleep(wait)
        delay = min(delay * 2, 15.0)


async def _start_once(application: Application) -> tuple[str, Exception] | None:
    """One try of :func:`start_up`: None when started, else what failed ("telegram" or "database")
    and how, with what it opened closed again. Raised: a refused token, and a failure of
    Telegram's that is not the network's (neither is worth retrying)."""
    from telegram.error import InvalidToken, NetworkError

    services: Services = application.bot_data["services"]
    step = "telegram"
    try:
        await application.initialize()
        step = "database"
        if services.store is None:
            services.store = await open_store(services.settings)
            application.bot_data["owns_store"] = True
        step = "telegram"
        await startup(application)
        return None
    except InvalidToken:
        await _close_after_failed_start(application)
        raise
    except Exception as exc:  # noqa: BLE001 - whatever it is, it is retried, then one line
        with contextlib.suppress(Exception):
            await shutdown(application)  # the store, if it was opened: opened again next time
        if step == "telegram" and not isinstance(exc, (NetworkError, OSError, TimeoutError)):
            await _close_after_failed_start(application)
            raise
        return step, exc


def _unreachable(step: str, settings) -> tuple[str, int]:
    """What start-up could not reach at ``step`` (for the log, the database URL without its
    password), and main.py's exit code for it."""
    if step == "telegram":
        return f"Telegram's Bot API ({settings.telegram_api_base_url})", EXIT_TELEGRAM
    from sqlalchemy.engine import make_url

    return f"the database ({make_url(settings.database_url).render_as_string(hide_password=True)})", EXIT_DATABASE


async def _close_after_failed_start(application: Application) -> None:
    """Close what a failed start opened: the store, and the bot's HTTP sessions."""
    with contextlib.suppress(Exception):
        await shutdown(application)
    with contextlib.suppress(Exception):
        if application._initialized:  # noqa: SLF001 - PTB has no public accessor
            await application.shutdown()
    # Bot.initialize opens its request backends before getMe; a failed getMe leaves them open.
    for request in getattr(application.bot, "_request", ()):
        with contextlib.suppress(Exception):
            await request.shutdown()


async def reminder_tick(context: Ctx) -> None:
    """The JobQueue's periodic job: let the engine deliver whatever is due now."""
    from bot.handlers.errors import database_trouble

    try:
        result = await context.engine.tick()
    except Exception as exc:
        if not database_trouble(exc):
            raise
        # One line a tick while the database does not answer (its timeouts), not a traceback.
        log.warning("reminders: database unavailable (%s); trying again next tick", type(exc).__name__)
        return
    metrics = context.bot_data.get("metrics")
    if metrics is not None:
        for outcome, n in (
            ("due", result.claimed),
            ("sent", result.sent),
            ("skipped", result.skipped_stale),
            ("failed", result.failed + result.deactivated),
        ):
            metrics.reminders.inc(outcome, n)
    if result.claimed:
        log.info(
            "reminders: claimed %d, sent %d, skipped %d, failed %d, deactivated %d, held %d",
            result.claimed,
            result.sent,
            result.skipped_stale,
            result.failed,
            result.deactivated,
            result.held,
        )
    if result.released:
        log.info("reminders: %d claimed but unsent handed back for another replica or the next start", result.released)


def stop_reminders(application: Application) -> None:
    """Let the reminder tick in progress wind down (scheduler.engine: ReminderEngine.stop).

    Call it when the application starts stopping, before ``application.stop()``, which waits for
    the running jobs: the tick then returns once its sends in flight are recorded, instead of
    going on until nothing is due.
    """
    services: Services | None = application.bot_data.get("services")
    if services is not None and services.engine is not None:
        services.engine.stop()


async def shutdown(application: Application) -> None:
    """Close what :func:`startup` opened."""
    services: Services = application.bot_data["services"]
    if application.bot_data.pop("owns_store", False) and services.store is not None:
        await services.store.close()
        services.store = None
    gate = application.bot_data.pop("flood", None)
    if gate is not None and hasattr(gate, "client"):
        await gate.client.aclose()  # the shared flood gate's Redis connections


def telegram_rate_limiter(settings, *, minute: float = 60.0):
    """Outgoing limits (bot/ratelimit.py): per chat and per group for everything, the overall
    budget for bulk sends only, every 429 honoured; shared by the replicas when REDIS_URL is set.
    ``minute`` is the length of the group window in seconds (a test shortens it)."""
    from bot.ratelimit import make_rate_limiter

    return make_rate_limiter(settings, minute=minute)


class TrackedApplication(Application):
    """python-telegram-bot's Application, keeping the tasks it starts (each update handled
    concurrently, each non-blocking handler) so that :meth:`finished` can wait for the work in hand."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tasks_in_hand: set[asyncio.Task] = set()

    def create_task(self, coroutine, update=None, *, name=None):
        task = super().create_task(coroutine, update, name=name)
        self.tasks_in_hand.add(task)
        task.add_done_callback(self.tasks_in_hand.discard)
        return task

    async def finished(self) -> None:
        """Return once every update put on ``update_queue`` is handled and every task started
        with :meth:`create_task` is done, tasks those tasks started included."""
        while True:
            await self.update_queue.join()
            tasks = [task for task in self.tasks_in_hand if not task.done()]
            if not tasks:
                return
            await asyncio.wait(tasks)


def build_application(
    services: Services, *, request: BaseRequest | None = None, token: str | None = None
) -> Application:
    """The Application with every handler, talking to ``TELEGRAM_API_BASE_URL``.

    Args:
        services: content, settings and (optionally) an open store.
        request: a request backend to use instead of HTTPX (the console's offline one).
        token: the bot token; defaults to the one in the settings.
    """
    settings = services.settings
    quiet_third_party()
    if token is None:
        secret = settings.telegram_bot_token
        token = secret.get_secret_value() if secret else OFFLINE_TOKEN
    metrics = Metrics()
    processor = MeteredUpdateProcessor(settings.concurrent_updates, metrics)
    # A red flag never waits for a free slot (the detector is read when an update has to wait).
    processor.urgent = lambda update: carries_red_flag(update, services.detector)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .context_types(ContextTypes(context=Ctx))
        .concurrent_updates(processor)
        .post_init(startup)
        .post_shutdown(shutdown)
        .application_class(TrackedApplication)
    )
    application = _with_requests(builder, request, settings, metrics).build()
    application.bot_data["services"] = services
    application.bot_data["metrics"] = metrics
    handlers.register(application)
    metrics.learn_commands(application)
    return application


def _with_requests(builder, request: BaseRequest | None, settings, metrics: Metrics):
    """``builder`` with its request backends (``request``, else aiohttp's) and, if the settings
    ask, the rate limiter."""
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # aiohttp, not HTTPX: HTTPX's pool slows down as requests in flight grow (bot/request.py).
        # getUpdates has a connection of its own; PTB adds the polling timeout to its read timeout.
        builder = builder.request(
            AiohttpRequest(on_error=metrics.api_error, retry_seconds=settings.telegram_retry_seconds)
        ).get_updates_request(AiohttpRequest(connection_pool_size=1, on_error=metrics.api_error))
    if settings.rate_limit:
        builder = builder.rate_limiter(MeteredRateLimiter(telegram_rate_limiter(settings), metrics))
    return builder


@contextlib.asynccontextmanager
async def running(
    application: Application, *, poll_interval: float = 0.0, timeout: int = 1, polling: bool = True
) -> AsyncIterator[Application]:
    """Run ``application`` with long polling inside the current event loop (as run_polling does).

    Used by the console and the end-to-end tests, which need the loop for themselves. With
    ``polling=False`` nothing fetches updates: the caller puts them on ``application.update_queue``
    (as the webhook does).
    """
    await application.initialize()
    try:
        await startup(application)
        if polling and application.updater is not None:
            await application.updater.start_polling(
                poll_interval=poll_interval, timeout=timeout, drop_pending_updates=False
            )
        await application.start()
        try:
            yield application
        finally:
            stop_reminders(application)
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
    finally:
        await shutdown(application)
        await application.shutdown()
