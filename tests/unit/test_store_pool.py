"""The bot's database connections stay open between updates (bot.app.open_store)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event

from bot.app import open_store
from settings import Settings
from storage.db import POOL_SIZE, pool_kwargs
from tests.helpers import BACKENDS


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_connections_are_kept_between_busy_moments(database_url):
    store = await open_store(Settings(database_url=database_url, _env_file=None))
    opened: list[object] = []
    try:
        await asyncio.gather(*(store.chats.get_language(1000 + i) for i in range(4 * POOL_SIZE)))  # more than it holds
        assert store.engine.pool.checkedin() == POOL_SIZE  # never more than before (5 + 10), and all kept
        event.listen(store.engine.sync_engine, "connect", lambda *args: opened.append(args))
        for _ in range(2):
            await asyncio.gather(*(store.chats.get_language(1000 + i) for i in range(4 * POOL_SIZE)))
        assert opened == []  # before: ten opened and closed again in each burst
        assert store.engine.pool.checkedin() == POOL_SIZE
    finally:
        await store.close()


def test_an_in_memory_sqlite_database_keeps_its_one_connection():
    assert pool_kwargs("sqlite+aiosqlite://") == {}
    assert pool_kwargs("sqlite+aiosqlite:///:memory:") == {}
    assert pool_kwargs("sqlite+aiosqlite:////tmp/x.db") == {"pool_size": POOL_SIZE, "max_overflow": 0}
