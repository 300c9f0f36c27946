"""Shared fixtures.

``store`` runs a test on each storage backend (aiogram tests/test_fsm/storage style): use
``@pytest.mark.parametrize("store", BACKENDS, indirect=True)`` with
``BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]``.
Each PostgreSQL test gets a database of its own, dropped afterwards. Where the server is
expected (CI=true) a missing server fails the test; elsewhere it is skipped, with the reason.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.engine import make_url

from storage.store import Store

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def _postgres_unavailable(url: str, exc: BaseException) -> None:
    reason = f"PostgreSQL not reachable at {url}: {exc!r}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: the PostgreSQL leg must run)", pytrace=False)
    pytest.skip(reason + " (set TEST_POSTGRES_URL, or CI=true to make this fail)")


DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def redis_url():
    """The Redis server for tests of what replicas share (TEST_REDIS_URL); its keys are the
    test's own (each test uses a prefix of its own)."""
    import redis.asyncio as redis

    url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:  # noqa: BLE001
        await client.aclose()
        reason = f"Redis not reachable at {url}: {exc!r}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: the Redis leg must run)", pytrace=False)
        pytest.skip(reason + " (set TEST_REDIS_URL, or CI=true to make this fail)")
    await client.aclose()
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A fresh SQLite file."""
    return f"sqlite+aiosqlite:///{tmp_path / 'rootwise.db'}"


@pytest.fixture
async def postgres_url():
    """A fresh, empty PostgreSQL database, dropped after the test."""
    import asyncpg

    base = make_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    maintenance = base.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = await asyncpg.connect(maintenance, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        _postgres_unavailable(base.render_as_string(), exc)
    name = f"rootwise_test_{uuid.uuid4().hex[:12]}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


@pytest.fixture
def database_url(request) -> str:
    """The URL of a fresh database of the backend named by the parameter."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def store(request) -> Store:
    """An opened Store on a fresh database of the backend named by the parameter."""
    return request.getfixturevalue(f"{request.param}_store")


async def _opened(url: str):
    opened = await Store.open(url)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sqlite_store(sqlite_url):
    """A Store on a fresh SQLite file."""
    async for opened in _opened(sqlite_url):
        yield opened


@pytest.fixture
async def postgres_store(postgres_url):
    """A Store on a fresh PostgreSQL database."""
    async for opened in _opened(postgres_url):
        yield opened
