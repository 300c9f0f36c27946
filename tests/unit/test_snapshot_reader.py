"""An SQLite store reads each update's chat snapshot through a connection of its own
(storage.chats.ChatStore._read_sqlite): it sees every commit, never writes, and is closed."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from storage.chats import ChatSnapshot
from storage.store import Store


async def test_each_read_sees_what_another_process_committed_before_it(sqlite_store, sqlite_store_url):
    assert await sqlite_store.chats.snapshot(7) == ChatSnapshot(None, None, None)
    other = await Store.open(sqlite_store_url)  # another replica on the same file
    try:
        await other.chats.set_topic(7, "sciatica")
        assert (await sqlite_store.chats.snapshot(7)).topic == "sciatica"
        await other.chats.set_topic(7, "stenosis")
        assert (await sqlite_store.chats.snapshot(7)).topic == "stenosis"
    finally:
        await other.close()


async def test_its_connection_never_writes(sqlite_store):
    await sqlite_store.chats.snapshot(7)
    reader = sqlite_store.chats._reader
    assert reader is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await reader.execute("INSERT INTO chats (chat_id, topic_id) VALUES (7, 'sciatica')")
    assert not reader.in_transaction


async def test_a_broken_connection_fails_one_read_and_is_opened_afresh(sqlite_store):
    await sqlite_store.chats.set_topic(7, "sciatica")
    await sqlite_store.chats.snapshot(7)
    await sqlite_store.chats._reader.close()  # as if its thread had gone
    with pytest.raises(OperationalError):
        await sqlite_store.chats.snapshot(7)
    assert (await sqlite_store.chats.snapshot(7)).topic == "sciatica"


async def test_closing_the_store_closes_it(sqlite_store_url):
    store = await Store.open(sqlite_store_url)
    await store.chats.snapshot(7)
    reader = store.chats._reader
    assert reader is not None
    await store.close()
    assert store.chats._reader is None
    reader._thread.join(5)
    assert not reader._thread.is_alive()  # no aiosqlite thread left behind (it would hold up the exit)


async def test_a_read_still_connecting_when_the_store_closes_leaves_no_thread_behind(sqlite_store_url, monkeypatch):
    """Store.close while a first read is opening the snapshot's connection: the read closes the
    connection it opened instead of keeping it (an aiosqlite thread left behind outlives the event
    loop, and its last answer then fails with 'Event loop is closed')."""
    import aiosqlite

    store = await Store.open(sqlite_store_url)
    opened: list = []
    connecting, go_on = asyncio.Event(), asyncio.Event()
    real_connect = aiosqlite.connect

    async def slow_connect(*args, **kwargs):
        connecting.set()
        await go_on.wait()
        connection = await real_connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(aiosqlite, "connect", slow_connect)
    read = asyncio.create_task(store.chats.snapshot(7))
    await connecting.wait()
    await store.close()
    go_on.set()
    try:
        with pytest.raises(OperationalError):
            await read
        assert store.chats._reader is None
        (connection,) = opened
        connection._thread.join(5)
        assert not connection._thread.is_alive()
    finally:
        for connection in opened:  # so that a failure here leaves no thread to hold up the exit
            with contextlib.suppress(Exception):
                await connection.close()


async def test_an_in_memory_database_is_read_through_the_pool():
    store = await Store.open("sqlite+aiosqlite://")
    try:
        await store.chats.set_topic(7, "sciatica")
        assert (await store.chats.snapshot(7)).topic == "sciatica"  # a connection of its own would see nothing
        assert store.chats._reader is None
    finally:
        await store.close()


async def test_a_relative_path_stays_the_file_the_store_opened(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = await Store.open("sqlite+aiosqlite:///rootwise.db")
    try:
        await store.chats.set_topic(7, "sciatica")
        monkeypatch.chdir(tmp_path.parent)  # the first read comes after the working folder changed
        assert (await store.chats.snapshot(7)).topic == "sciatica"
    finally:
        await store.close()


async def test_a_missing_file_is_an_error_not_a_new_empty_database(sqlite_store_url, tmp_path):
    store = await Store.open(sqlite_store_url)
    try:
        missing = tmp_path / "odd name?#%.db"
        store.chats._reader_path = str(missing)
        with pytest.raises(OperationalError):
            await store.chats.snapshot(7)
        assert not missing.exists()
    finally:
        await store.close()
