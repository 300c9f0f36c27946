"""/mydata and /forget: a person can see everything stored about them, and delete it all."""

from __future__ import annotations

import json
import logging

from telegram import InputFile, Update
from telegram.ext import CommandHandler

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import is_private, send
from bot.handlers.router import Feature
from bot.keyboards import Privacy
from bot.logs import chat_ref
from bot.snapshot import drop_snapshot

log = logging.getLogger(__name__)


PRIVATE_ONLY = "For your privacy, /mydata and /forget work only in a private chat with me."


async def mydata(update: Update, context: Ctx) -> None:
    """Send everything stored about this chat as a JSON file."""
    if not is_private(update):
        await send(update, context, [PRIVATE_ONLY], keyboards.open_private(context.bot.username))
        return
    chat_id = update.effective_chat.id
    data = await context.store.privacy.export_chat(chat_id)
    payload = json.dumps({"chat_id": chat_id, "stored": data}, indent=2, ensure_ascii=False, default=str)
    await context.bot.send_document(
        chat_id,
        InputFile(payload.encode(), filename="rootwise-my-data.json"),
        caption="Everything Rootwise stores about you. Rootwise never stores the text of your messages. "
        "/forget deletes all of it.",
    )


async def forget(update: Update, context: Ctx) -> None:
    """Ask to confirm deleting everything stored about this chat."""
    if not is_private(update):
        await send(update, context, [PRIVATE_ONLY], keyboards.open_private(context.bot.username))
        return
    confirm = keyboards.confirm("🗑 Yes, delete everything", Privacy.FORGET)
    await send(
        update,
        context,
        [
            "This deletes everything Rootwise stores about you, your reminders and "
            "their history included. It cannot be undone. Are you sure?"
        ],
        confirm,
    )


async def _forget_confirmed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if args or not is_private(update):
        return False
    chat_id = update.effective_chat.id
    await context.store.privacy.forget_chat(chat_id)
    context.chat_data.clear()
    drop_snapshot(context)
    log.info("chat %s asked to be forgotten; done", chat_ref(chat_id))
    await update.callback_query.answer("Deleted")
    await send(
        update,
        context,
        [
            "🗑 Done. Everything Rootwise stored about you is deleted. "
            "You can still read all the information at any time."
        ],
    )
    return True


FEATURE = Feature(
    "privacy",
    handlers=[CommandHandler("mydata", mydata), CommandHandler("forget", forget)],
    buttons={Privacy.FORGET: _forget_confirmed},
)
