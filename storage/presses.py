"""``store.presses``: which button presses were handled already, so that a repeated update
(a second replica, a retried webhook) is acted on once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from storage.db import StorePart
from storage.models import PRESS_MEMORY, Press

PRESSES = Press.__table__


class PressStore(StorePart):
    """``store.presses``: the first press of a key wins."""

    async def first_press(self, key: str, now: dt.datetime) -> bool:
        """True the first time ``key`` (see :class:`storage.models.Press`) is pressed, False for a
        repeat: the unique key decides, so two replicas handling the same update agree."""
        async with self.engine.begin() as conn:
            stmt = (
                self._insert(PRESSES)
                .values(key=key, pressed_at=now)
                .on_conflict_do_nothing(index_elements=[PRESSES.c.key])
            )
            first = (await conn.execute(stmt)).rowcount == 1
            if first:  # forget presses too old to come again (an indexed range: cheap)
                await conn.execute(delete(PRESSES).where(PRESSES.c.pressed_at < now - PRESS_MEMORY))
        return first
