"""``store.chats``: what a chat chose to be remembered by (its topic, its time zone), and the
move of everything about a chat to its new id when a group becomes a supergroup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pathlib
import sqlite3
from dataclasses import dataclass
from typing import Any

import aiosqlite
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from scheduler.times import get_zone
from storage.community import move_posts
from storage.db import StorePart, make_sessionmaker
from storage.models import Chat, ChatSettings, Subscription
from storage.privacy import CONSENT

SUBS = Subscription.__table__
CHATS = Chat.__table__
SETTINGS = ChatSettings.__table__


_SNAPSHOT = (
    "SELECT (SELECT agreed_at FROM consents WHERE chat_id = {0}), "
    "(SELECT language FROM chat_settings WHERE chat_id = {0}), (SELECT topic_id FROM chats WHERE chat_id = {0})"
)


@dataclass(frozen=True, slots=True)
class ChatSnapshot:
    """What an update about a chat may ask of the database, read together: when the person agreed
    to the privacy notice (None: not), and the language and topic stored for the chat."""

    agreed_at: dt.datetime | None
    language: str | None
    topic: str | None


class ChatStore(StorePart):
    """``store.chats``: topic, time zone, and moving a chat (a :class:`scheduler.ports.ChatPort`)."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine)
        self.session = make_sessionmaker(engine)
        dialect = engine.dialect
        self._read_agreed = CONSENT.c.agreed_at.type.dialect_impl(dialect).result_processor(dialect, None)
        url = engine.url
        #: An SQLite file's path, read by the snapshot's own connection (None: through the pool).
        self._reader_path: str | None = (
            os.path.abspath(url.database)  # as SQLAlchemy opens the file
            if dialect.name == "sqlite" and url.database not in (None, "", ":memory:") and not url.query
            else None
        )
        self._reader: aiosqlite.Connection | None = None
        self._closed = False  # set by close(): a read still opening its connection then closes it

    async def snapshot(self, chat_id: int) -> ChatSnapshot:
        """This chat's consent, language and topic in one query (three primary-key look-ups).

        Every update asks this, so it goes straight to the driver (as the reminder engine's claims
        do); tests/unit/test_stores.py holds it to the tables. On an SQLite file it has a read-only
        connection of its own (:meth:`_read_sqlite`); on PostgreSQL it takes a pooled one."""
        try:
            if self._reader_path is not None:
                agreed_at, language, topic = await self._read_sqlite(chat_id)
            else:
                async with self.engine.connect() as conn:
                    raw: Any = (await conn.get_raw_connection()).driver_connection  # asyncpg's or aiosqlite's
                    if conn.dialect.name == "sqlite":  # in memory: the pool's one connection holds it
                        agreed_at, language, topic = (await raw.execute_fetchall(_SNAPSHOT.format("?1"), (chat_id,)))[0]
                    else:
                        agreed_at, language, topic = await raw.fetchrow(_SNAPSHOT.format("$1"), chat_id)
        except (TimeoutError, ConnectionError):
            raise
        except Exception as exc:  # the driver's own error: raised as SQLAlchemy raises it (a DBAPIError)
            raise OperationalError(_SNAPSHOT, (chat_id,), exc) from exc
        read = self._read_agreed
        return ChatSnapshot(read(agreed_at) if read is not None else agreed_at, language, topic)

    async def _read_sqlite(self, chat_id: int) -> tuple:
        """The snapshot's row, read through a connection kept for this one statement.

        A pooled connection costs far more than the statement: SQLAlchemy's check-out and return
        (the return rolls back, another trip to aiosqlite's thread) came to ~130 µs of CPU a read
        at 64 reads in flight, against ~12 µs for this one trip. The connection is in autocommit
        mode and query-only: it never writes and never holds a transaction open, so each read
        sees whatever was committed before it, by this process or any other. It is opened on
        first use, dropped after any error (opened afresh next time) and closed by :meth:`close`.
        """
        reader = self._reader
        if reader is None:
            assert self._reader_path is not None
            # mode=rw: the file the engine made, never a new empty one
            uri = f"{pathlib.Path(self._reader_path).as_uri()}?mode=rw"
            reader = await aiosqlite.connect(uri, uri=True, isolation_level=None)
            try:
                await reader.execute("PRAGMA busy_timeout=10000")  # as the engine's connections
                await reader.execute("PRAGMA query_only=ON")
            except BaseException:
                await reader.close()
                raise
            if self._closed:  # the store closed while this read was connecting: leave no thread behind
                await reader.close()
                raise ValueError("the store is closed")
            if self._reader is None:
                self._reader = reader
            else:  # another read opened one meanwhile
                await reader.close()
                reader = self._reader
        try:
            rows: Any = await reader.execute_fetchall(_SNAPSHOT.format("?1"), (chat_id,))
            return rows[0]
        except (sqlite3.Error, ValueError):  # ValueError: aiosqlite's connection was closed
            await self._drop()
            raise

    async def close(self) -> None:
        """Close the snapshot's own connection, if open, for good (:meth:`Store.close` calls this)."""
        self._closed = True
        await self._drop()

    async def _drop(self) -> None:
        """Close the snapshot's own connection, if open; the next read opens a new one."""
        reader, self._reader = self._reader, None
        if reader is not None:
            with contextlib.suppress(sqlite3.Error, ValueError):  # closed already, or broken: its thread ended
                await reader.close()

    async def get_topic(self, chat_id: int) -> str | None:
        """The topic this chat is reading, if it chose one."""
        async with self.session() as session:
            chat = await session.get(Chat, chat_id)
            return chat.topic_id if chat else None

    async def set_topic(self, chat_id: int, topic_id: str) -> None:
        """Remember the topic this chat is reading."""
        async with self.session.begin() as session:
            chat = await session.get(Chat, chat_id)
            if chat is None:
                session.add(Chat(chat_id=chat_id, topic_id=topic_id))
            else:
                chat.topic_id = topic_id

    async def get_zone(self, chat_id: int) -> str | None:
        """The time zone this chat told us, if any."""
        async with self.engine.connect() as conn:
            return await conn.scalar(select(SETTINGS.c.zone).where(SETTINGS.c.chat_id == chat_id))

    async def set_zone(self, chat_id: int, zone: str) -> None:
        """Remember this chat's time zone (ValueError for an unknown zone)."""
        get_zone(zone)
        stmt = self._insert(SETTINGS).values(chat_id=chat_id, zone=zone, updated_at=_utcnow())
        stmt = stmt.on_conflict_do_update(
            index_elements=[SETTINGS.c.chat_id], set_={"zone": zone, "updated_at": _utcnow()}
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def get_language(self, chat_id: int) -> str | None:
        """The language this person chose with /language (stored only after consent), if any."""
        async with self.engine.connect() as conn:
            return await conn.scalar(select(SETTINGS.c.language).where(SETTINGS.c.chat_id == chat_id))

    async def set_language(self, chat_id: int, language: str) -> None:
        """Remember the language this person chose (the caller checked consent)."""
        stmt = self._insert(SETTINGS).values(chat_id=chat_id, language=language, updated_at=_utcnow())
        stmt = stmt.on_conflict_do_update(
            index_elements=[SETTINGS.c.chat_id], set_={"language": language, "updated_at": _utcnow()}
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Carry everything about a chat over to its new id (a group became a supergroup)."""
        if old_chat_id == new_chat_id:
            return
        async with self.engine.begin() as conn:
            await move_posts(conn, old_chat_id, new_chat_id)  # one daily post, not two
            await conn.execute(update(SUBS).where(SUBS.c.chat_id == old_chat_id).values(chat_id=new_chat_id))
            for table in (CHATS, SETTINGS):
                taken = await conn.scalar(select(func.count()).select_from(table).where(table.c.chat_id == new_chat_id))
                if taken:  # the new id already has its own row: it wins
                    await conn.execute(delete(table).where(table.c.chat_id == old_chat_id))
                else:
                    await conn.execute(update(table).where(table.c.chat_id == old_chat_id).values(chat_id=new_chat_id))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
