"""The one async store the bot talks to; short methods, one transaction each."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_schema, make_engine, make_sessionmaker
from storage.models import Chat


class Store:
    """Persistent state of chats (and, later, reminders) on SQLAlchemy."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.session = make_sessionmaker(engine)

    @classmethod
    async def open(cls, url: str) -> "Store":
        """Connect to ``url`` and bring the schema up to date."""
        engine = make_engine(url)
        await create_schema(engine)
        return cls(engine)

    async def close(self) -> None:
        """Release every connection."""
        await self.engine.dispose()

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
