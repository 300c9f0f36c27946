"""/mydata and /forget: a person can see everything stored about them, and delete it all."""

from __future__ import annotations

import json
import logging

from telegram import InputFile, Update
from telegram.ext import CommandHandler

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import is_private, language_of, send, translator
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for
from bot.keyboards import Privacy
from bot.logs import chat_ref
from bot.snapshot import drop_snapshot

log = logging.getLogger(__name__)


PRIVATE_ONLY = N_("For your privacy, /mydata and /forget work only in a private chat with me.")


async def mydata(update: Update, context: Ctx) -> None:
    """Send everything stored about this chat as a JSON file."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        await send(update, context, [_(PRIVATE_ONLY)], keyboards.open_private(context.bot.username, language))
        return
    chat_id = update.effective_chat.id
    data = await context.store.privacy.export_chat(chat_id)
    payload = json.dumps({"chat_id": chat_id, "stored": data}, indent=2, ensure_ascii=False, default=str)
    await context.bot.send_document(
        chat_id,
        InputFile(payload.encode(), filename="rootwise-my-data.json"),
        caption=_(
            "Everything Rootwise stores about you. Rootwise never stores the text of your messages. "
            "/forget deletes all of it."
        ),
    )


async def forget(update: Update, context: Ctx) -> None:
    """Ask to confirm deleting everything stored about this chat."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        await send(update, context, [_(PRIVATE_ONLY)], keyboards.open_private(context.bot.username, language))
        return
    confirm = keyboards.confirm(_("🗑 Yes, delete everything"), Privacy.FORGET, no=_("No, keep it"))
    sure = _(
        "This deletes everything Rootwise stores about you, your reminders and "
        "their history included. It cannot be undone. Are you sure?"
    )
    await send(update, context, [sure], confirm)


async def _forget_confirmed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if args or not is_private(update):
        return False
    chat_id = update.effective_chat.id
    _ = await translator(update, context)  # read before the stored language is deleted
    await context.store.privacy.forget_chat(chat_id)
    drop_snapshot(context)
    log.info("chat %s asked to be forgotten; done", chat_ref(chat_id))
    await update.callback_query.answer(_("Deleted"))
    done = _(
        "🗑 Done. Everything Rootwise stored about you is deleted. You can still read all the information at any time."
    )
    await send(update, context, [done])
    return True


FEATURE = Feature(
    "privacy",
    handlers=[CommandHandler("mydata", mydata), CommandHandler("forget", forget)],
    buttons={Privacy.FORGET: _forget_confirmed},
)
