"""Database round trips per update: a command reads no flow state, and a chat's consent, language
and topic are read in one query once per update (bot.snapshot), never kept across updates."""

from __future__ import annotations

import contextlib

from sqlalchemy import event

from tests.e2e.helpers import USER, agree, ask, services_of, visible_text
from tests.fake_bot_api import FakeBotApi


@contextlib.contextmanager
def statements(application, monkeypatch):
    """The queries the bot makes inside the block (the reminder engine's left out): each statement
    through SQLAlchemy, and "snapshot" for each read of store.chats.snapshot (straight to the driver)."""
    seen: list[str] = []
    store = services_of(application).store
    engine = store.engine.sync_engine
    snapshot = store.chats.snapshot

    def record(conn, cursor, statement, *args):
        if "subscriptions" not in statement:
            seen.append(" ".join(statement.split()))

    async def counted(chat_id):
        seen.append("snapshot")
        return await snapshot(chat_id)

    event.listen(engine, "before_cursor_execute", record)
    monkeypatch.setattr(store.chats, "snapshot", counted)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
        monkeypatch.undo()


async def test_a_command_costs_one_query_and_reads_no_flow(bot, api: FakeBotApi, monkeypatch):
    with statements(bot, monkeypatch) as seen:
        replies = await ask(api, "/symptoms sciatica")
    assert replies and "sciatica" in visible_text(replies[0].text).lower()
    assert seen == ["snapshot"]  # consent, language and topic together; no flow read


async def test_after_consent_the_topic_is_stored_once_and_read_from_the_same_query(bot, api: FakeBotApi, monkeypatch):
    await ask(api, "/remind")
    await agree(api)
    await ask(api, "/symptoms sciatica")
    assert await services_of(bot).store.chats.get_topic(USER) == "sciatica"
    with statements(bot, monkeypatch) as seen:
        await ask(api, "/symptoms sciatica")  # the same topic: nothing to write
        replies = await ask(api, "/causes")  # no topic named: the stored one
    assert seen == ["snapshot", "snapshot"]
    assert replies and "Which condition" not in visible_text(replies[0].text)  # not asked for a topic
