"""The store the bot talks to: small stores over one engine, each with short methods of one
transaction each (see ``storage/__init__.py`` for which store holds what)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.care import CareStore
from storage.chats import ChatStore
from storage.claims import ClaimStore
from storage.community import CommunityStore
from storage.db import dialect_insert, make_engine, migration_kwargs, upgrade_schema
from storage.flows import FlowStore
from storage.history import HistoryStore
from storage.outcomes import OutcomeStore
from storage.plan import PlanStore
from storage.prescriptions import PrescriptionStore
from storage.presses import PressStore
from storage.privacy import PrivacyStore
from storage.reminders import ReminderStore


class Store:
    """Persistent state of chats and reminders on SQLAlchemy (SQLite or PostgreSQL).

    Satisfies :class:`scheduler.ports.EnginePort`, what the reminder engine needs.
    """

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.chats = ChatStore(engine)
        self.privacy = PrivacyStore(engine)
        self.reminders = ReminderStore(engine)
        self.history = HistoryStore(engine)
        self.claims = ClaimStore(engine)
        self.care = CareStore(engine)
        self.community = CommunityStore(engine)
        self.prescriptions = PrescriptionStore(engine)
        self.flows = FlowStore(engine)
        self.presses = PressStore(engine)
        self.outcomes = OutcomeStore(engine, dialect_insert(engine))
        self.plan = PlanStore(engine)

    @classmethod
    async def open(cls, url: str, **engine_kwargs) -> Store:
        """Connect to ``url`` and apply every pending migration."""
        engine = make_engine(url, **engine_kwargs)
        migrating = migration_kwargs(engine_kwargs)
        migrator = engine if migrating is engine_kwargs else make_engine(url, **migrating)
        try:
            await upgrade_schema(migrator)
        except BaseException:
            await engine.dispose()
            raise
        finally:
            if migrator is not engine:
                await migrator.dispose()
        return cls(engine)

    async def close(self) -> None:
        """Release every connection."""
        await self.chats.close()  # the snapshot's own SQLite connection
        await self.engine.dispose()

    @property
    def url(self) -> str:
        """The database URL, for opening a second store on the same database."""
        return self.engine.url.render_as_string(hide_password=False)
