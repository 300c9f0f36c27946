"""End-to-end fixtures: the real Application against the fake Bot API on 127.0.0.1.

The bot sends every request over HTTP to the fake. Updates go straight onto the Application's
update queue (as the webhook puts them), and ``api.settle()`` waits until the bot has finished
with them; ``start_bot(polling=True)`` fetches them with real long polling instead, for the tests
of that transport.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

import pytest

from bot.app import build_application, make_services, running
from content.loader import Content, load_content
from settings import Settings
from tests.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST-secret-token-DO-NOT-LOG"
USER = 5001


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
        values = dict(telegram_bot_token=TOKEN, telegram_api_base_url=api.base_url, database_url=db_url,
                      rate_limit=False, polling_timeout=1, flood_limit_per_minute=1000,
                      reminder_tick_seconds=3600)
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
            api.attach(application, polling=polling)
            try:
                yield application
            finally:
                api.detach()

    return start


@pytest.fixture
async def bot(start_bot):
    async with start_bot() as application:
        yield application
