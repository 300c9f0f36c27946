"""End-to-end fixtures: the real Application, long polling against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

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


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'rootwise.db'}"


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
def start_bot(settings_for, content: Content):
    """Start the real bot; returns an async context manager yielding the running Application."""

    @contextlib.asynccontextmanager
    async def start(content_override: Content | None = None, **overrides):
        application = build_application(make_services(settings_for(**overrides), content_override or content))
        async with running(application):  # opens the store, and closes it after
            yield application

    return start


@pytest.fixture
async def bot(start_bot):
    async with start_bot() as application:
        yield application
