"""Database engine set-up: SQLite (aiosqlite) by default, PostgreSQL (asyncpg) by URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData, Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: every process that migrates one PostgreSQL database takes the same lock.
_MIGRATION_LOCK = 0x526F6F74


class Base(DeclarativeBase):
    """Declarative base of every table."""

    # Every model here maps one Table (SQLAlchemy types it as any FromClause).
    __table__: ClassVar[Table]

    # Named constraints let later migrations (batch mode on SQLite) find them again.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - driver callback
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while the reminder engine writes; NORMAL is durable in WAL mode
    # across application crashes (only an OS crash can lose the last transactions).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs) -> AsyncEngine:
    """Create the async engine for ``url``; SQLite files get their folder and WAL mode."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def timeouts(url: str, *, connect: float, statement: float, pool: float) -> dict:
    """Engine arguments so that a database which accepts connections but never answers costs
    seconds, not minutes: ``connect`` to open a connection (PostgreSQL: the whole handshake),
    ``statement`` for each statement (PostgreSQL; SQLite waits for its lock up to its busy
    timeout), ``pool`` to wait for a free pooled connection. A statement past its time raises
    (``TimeoutError``, or SQLAlchemy's wrapper of it) and its connection is not reused."""
    kwargs: dict = {"pool_timeout": pool}
    if make_url(url).get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"timeout": connect, "command_timeout": statement}
    return kwargs


def migration_kwargs(kwargs: dict) -> dict:
    """``kwargs`` without the statement timeout: a migration, or the wait for another process's
    migration (an advisory lock), may rightly take longer than any one statement of the bot."""
    connect_args = {k: v for k, v in kwargs.get("connect_args", {}).items() if k != "command_timeout"}
    return {**kwargs, "connect_args": connect_args} if "connect_args" in kwargs else kwargs


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    """A session factory whose objects stay usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


# An INSERT that can take ON CONFLICT clauses (both dialects spell them alike; SQLAlchemy types them apart).
_INSERTS: dict[str, Callable[[Table], Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def dialect_insert(engine: AsyncEngine) -> Callable[[Table], Any]:
    """``insert`` of ``engine``'s dialect: an INSERT that can take ON CONFLICT clauses."""
    return _INSERTS[engine.dialect.name]


def upsert(conn: AsyncConnection, table: Table):
    """An INSERT on ``conn``'s database that can take ON CONFLICT clauses."""
    return _INSERTS[conn.dialect.name](table)


class StorePart:
    """Base of each small store: the one engine they all share (see ``storage/__init__.py``)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def _insert(self, table: Table):
        """An INSERT that can take ON CONFLICT clauses (spelled alike by SQLite and PostgreSQL)."""
        return dialect_insert(self.engine)(table)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code so no alembic.ini and no working directory count."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        # Several bot processes may start at once; one migrates, the others wait and find
        # nothing left to do. The lock ends with this transaction.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), revision)


async def upgrade_schema(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply every Alembic migration up to ``revision`` in one transaction."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


#: Database connections kept open: as many as SQLAlchemy's default pool may ever hold (5, plus 10
#: more under load), all of them kept. With the default, every connection past the fifth was closed
#: as soon as it was returned and opened again for the next update (on SQLite a new aiosqlite
#: thread and the pragmas each time): about a third of an update's CPU under load.
POOL_SIZE = 15


def pool_kwargs(url: str) -> dict:
    """Engine arguments for a pool of :data:`POOL_SIZE` connections that stay open (none for an
    in-memory SQLite database, which has one connection)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return {}
    return {"pool_size": POOL_SIZE, "max_overflow": 0}
