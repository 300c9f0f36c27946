"""``store.privacy``: consent to the privacy notice, and what /mydata and /forget do: export or
delete everything stored about a person.

Export and deletion walk every table of ``Base.metadata`` that has a ``chat_id`` or a
``subscription_id`` column, so a new table that names its person that way is covered without a
change here (a store whose rows name a person otherwise adds its own step below, as the channels a
person connected do).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, SmallInteger, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.community import export_channels, forget_admin
from storage.db import Base, StorePart
from storage.models import Subscription, UTCDateTime

SUBS = Subscription.__table__


class Consent(Base):
    """That a person agreed to the privacy notice, and when."""

    __tablename__ = "consents"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    agreed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    notice_version: Mapped[int] = mapped_column(SmallInteger, default=1)


CONSENT = Consent.__table__


class PrivacyStore(StorePart):
    """``store.privacy``: consent, export and deletion of a person's data."""

    async def consent_given(self, chat_id: int) -> dt.datetime | None:
        """When this person agreed to the privacy notice, or None."""
        async with self.engine.connect() as conn:
            return await conn.scalar(select(CONSENT.c.agreed_at).where(CONSENT.c.chat_id == chat_id))

    async def give_consent(self, chat_id: int, when: dt.datetime, version: int = 1) -> None:
        """Record agreement (the first date is kept)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                self._insert(CONSENT)
                .values(chat_id=chat_id, agreed_at=when, notice_version=version)
                .on_conflict_do_nothing(index_elements=[CONSENT.c.chat_id])
            )

    async def export_chat(self, chat_id: int) -> dict[str, list[dict]]:
        """Everything stored about a chat, table by table (for /mydata)."""
        subs = select(SUBS.c.id).where(SUBS.c.chat_id == chat_id)
        out: dict[str, list[dict]] = {}
        async with self.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                if "chat_id" in table.c:
                    where = table.c.chat_id == chat_id
                elif "subscription_id" in table.c:
                    where = table.c.subscription_id.in_(subs)
                else:
                    continue
                rows = (await conn.execute(select(table).where(where))).mappings().all()
                out[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
            out["connected_channels"] = await export_channels(conn, chat_id)
        return out

    async def forget_chat(self, chat_id: int) -> None:
        """Delete everything stored about a chat, in every table that refers to it."""
        subs = select(SUBS.c.id).where(SUBS.c.chat_id == chat_id)
        async with self.engine.begin() as conn:
            # children first, so foreign keys never stand in the way
            for table in reversed(Base.metadata.sorted_tables):
                if "subscription_id" in table.c:
                    await conn.execute(delete(table).where(table.c.subscription_id.in_(subs)))
                if "chat_id" in table.c:
                    await conn.execute(delete(table).where(table.c.chat_id == chat_id))
            await forget_admin(conn, chat_id)


def _plain(value):
    """A JSON-friendly form of a column value."""
    return value.isoformat() if isinstance(value, (dt.date, dt.time)) else value
