"""A chat's consent, language and topic, read from the database once per update.

Most updates ask one or more of these (may the topic be stored? which language? which topic?).
:func:`chat_snapshot` reads all three in one query (``store.chats.snapshot``) the first time an
update asks, and keeps the answer on the update's context: python-telegram-bot makes one context
per update and drops it after, so nothing about a person outlives the update in the process, and
each update sees what any replica stored before it began. What an update itself changes goes into
its snapshot (:func:`note_snapshot`, :func:`drop_snapshot`).
"""

from __future__ import annotations

import dataclasses

from bot.context import Ctx
from storage.chats import ChatSnapshot

_KEY = "chat_snapshot"


async def chat_snapshot(context: Ctx, chat_id: int) -> ChatSnapshot:
    """``chat_id``'s consent, language and topic as this update began (one query per update)."""
    known = context.__dict__.get(_KEY)
    if known is not None and known[0] == chat_id:
        return known[1]
    snapshot = await context.store.chats.snapshot(chat_id)
    context.__dict__[_KEY] = (chat_id, snapshot)
    return snapshot


def note_snapshot(context: Ctx, chat_id: int, **changes) -> None:
    """This update changed ``chat_id``'s stored consent, language or topic (the fields given)."""
    known = context.__dict__.get(_KEY)
    if known is not None and known[0] == chat_id:
        context.__dict__[_KEY] = (chat_id, dataclasses.replace(known[1], **changes))


def drop_snapshot(context: Ctx) -> None:
    """Read again next time (this update deleted what was stored about the chat)."""
    context.__dict__.pop(_KEY, None)
