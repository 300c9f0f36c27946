"""``store.flows``: the state of a flow waiting for a person's next typed answer, kept in the
database so that any replica can take the answer (one row per chat and slot, with an expiry).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import delete, select

from storage.db import StorePart
from storage.models import FLOW_TTL, Flow

FLOWS = Flow.__table__


class FlowStore(StorePart):
    """``store.flows``: get, set and drop a chat's waiting flow."""

    async def get_flow(self, chat_id: int, now: dt.datetime, slot: str = "") -> dict | None:
        """The state of the flow waiting in ``chat_id`` (and ``slot``), unless it has expired."""
        async with self.engine.connect() as conn:
            state = await conn.scalar(
                select(FLOWS.c.state).where(FLOWS.c.chat_id == chat_id, FLOWS.c.slot == slot, FLOWS.c.expires_at > now)
            )
        if state is None:
            return None
        try:
            value = json.loads(state)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    async def set_flow(
        self, chat_id: int, state: dict, now: dt.datetime, slot: str = "", ttl: dt.timedelta = FLOW_TTL
    ) -> None:
        """Start or move on a flow: its state replaces any other in the same chat and slot."""
        text = json.dumps(state, separators=(",", ":"))
        if len(text) > FLOWS.c.state.type.length:  # type: ignore[attr-defined]  # a String column
            raise ValueError("a flow's state is too large")
        expires = now + ttl
        async with self.engine.begin() as conn:
            await conn.execute(delete(FLOWS).where(FLOWS.c.expires_at <= now))  # forget abandoned flows
            await conn.execute(
                self._insert(FLOWS)
                .values(chat_id=chat_id, slot=slot, state=text, expires_at=expires)
                .on_conflict_do_update(
                    index_elements=[FLOWS.c.chat_id, FLOWS.c.slot], set_={"state": text, "expires_at": expires}
                )
            )

    async def drop_flow(self, chat_id: int, slot: str = "") -> None:
        """End the flow waiting in ``chat_id`` (and ``slot``), if any."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(FLOWS).where(FLOWS.c.chat_id == chat_id, FLOWS.c.slot == slot))
