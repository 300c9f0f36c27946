"""End-to-end fixtures: the real Application against the fake Bot API on 127.0.0.1.

The bot sends every request over HTTP to the fake. Updates go straight onto the Application's
update queue (as the webhook puts them), and ``api.settle()`` waits until the bot has finished
with them; ``start_bot(polling=True)`` fetches them with real long polling instead, for the tests
of that transport.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import AsyncIterator, Callable, Iterator

import aiohttp
import pytest

from bot.app import build_application, make_services, running
from content.loader import Content, load_content
from settings import Settings
from tests.e2e.helpers import TOKEN
from tests.e2e.helpers_process import HOOK, SECRET
from tests.fake_bot_api import HOST, FakeBotApi


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def detector():
    """The red-flag detector, loaded once (it only caches what it computed)."""
    from safety.redflags import RedFlagDetector

    return RedFlagDetector.load()


@pytest.fixture(scope="session")
def questions(content: Content):
    """The question index of the shipped content, built once."""
    from content.search import QuestionIndex

    return QuestionIndex.build(content)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
def db_url(migrated_sqlite_url: str) -> str:
    """The bot's SQLite file, migrated already."""
    return migrated_sqlite_url


@pytest.fixture
def settings_for(api: FakeBotApi, db_url: str) -> Callable[..., Settings]:
    def make(**overrides) -> Settings:
        values = dict(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=api.base_url,
            database_url=db_url,
            rate_limit=False,
            polling_timeout=1,
            flood_limit_per_minute=1000,
            reminder_tick_seconds=3600,
        )
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
def start_bot(settings_for, api: FakeBotApi, content: Content, detector, questions):
    """Start the real bot; returns an async context manager yielding the running Application."""

    @contextlib.asynccontextmanager
    async def start(content_override: Content | None = None, *, polling: bool = False, **overrides):
        shared = {} if content_override is not None else {"questions": questions}
        services = make_services(settings_for(**overrides), content_override or content, detector=detector, **shared)
        application = build_application(services)
        async with running(application, polling=polling):  # opens the store, and closes it after
            api.attach(application, via="polling" if polling else "queue")
            try:
                yield application
            finally:
                api.detach()

    return start


@pytest.fixture
async def bot(start_bot):
    async with start_bot() as application:
        yield application


@pytest.fixture
def serve_bot(settings_for, api: FakeBotApi, content, detector, questions):
    """Start the real bot with its HTTP server (webhook or polling); yields (application, base URL)."""
    import main
    from bot.webhook import serving
    from storage.store import Store

    @contextlib.asynccontextmanager
    async def start(*, webhook: bool = True, **overrides):
        values = dict(
            webhook_url=HOOK if webhook else None,
            webhook_secret=SECRET,
            webhook_port=0,
            health_port=0,
            webhook_listen=HOST,
        )
        values.update(overrides)
        settings = settings_for(**values)
        services = make_services(settings, content, detector=detector, questions=questions)
        services.store = store = await Store.open(settings.database_url)
        application = build_application(services)
        try:
            async with serving(application, settings, webhook=webhook, allowed_updates=main.ALLOWED_UPDATES) as server:
                api.attach(application, via="webhook" if webhook else "polling")
                try:
                    yield application, f"http://{HOST}:{server.port}"
                finally:
                    api.detach()
        finally:
            await store.close()

    return start


@pytest.fixture
async def http():
    """An HTTP client session, to play Telegram's webhook or read the health endpoints."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture(params=["text", "json"])
def production_logs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Logging set up exactly as ``main.py run`` does it (LOG_LEVEL=DEBUG, LOG_FORMAT=text or json),
    with the production handler writing into a StringIO the test reads. Request it before ``bot``,
    as main.py sets logging up before it builds the application. Logging is restored afterwards."""
    from bot.logs import setup_logging

    root = logging.getLogger()
    handlers_before = list(root.handlers)
    levels_before = {
        name: logger.level
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    root_level_before = root.level
    for name, value in (("TELEGRAM_BOT_TOKEN", TOKEN), ("LOG_LEVEL", "DEBUG"), ("LOG_FORMAT", request.param)):
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)
    # The very call main.py's run() makes:
    setup_logging(settings.log_level, settings.log_format, [settings.telegram_bot_token.get_secret_value()])
    assert len(root.handlers) == 1, "production logging should own the root logger's output"
    (handler,) = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    written = io.StringIO()
    handler.setStream(written)
    root.handlers[:] = [*handlers_before, handler]  # leave pytest's own capture handlers in place
    try:
        yield written
    finally:
        root.removeHandler(handler)
        root.setLevel(root_level_before)
        for name, logger in list(logging.root.manager.loggerDict.items()):
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels_before.get(name, logging.NOTSET))
