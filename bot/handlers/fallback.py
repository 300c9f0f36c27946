"""What the bot says to anything no other handler took: never silence, always a way on."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import send


async def unknown_command(update: Update, context: Ctx) -> None:
    """Reply to a command the bot does not have."""
    command = (update.effective_message.text or "/").split()[0].split("@")[0][:40]
    text = f"Sorry, I don't know the command {escape(command, quote=False)}. Try /help, or pick from the menu:"
    await send(update, context, [text], keyboards.main_menu())


async def free_text(update: Update, context: Ctx) -> None:
    """Reply to text no other handler answered (private chats only)."""
    text = ("I can show you information about nerve-root problems and exercises. "
            "Pick from the menu, or try /help.")
    await send(update, context, [text], keyboards.main_menu())


async def other_message(update: Update, context: Ctx) -> None:
    """Reply to stickers, photos and the like in a private chat."""
    await send(update, context, ["I can only read text messages. Pick from the menu, or try /help."],
               keyboards.main_menu())


HANDLERS = [
    MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command),
    MessageHandler(filters.TEXT & filters.ChatType.PRIVATE, free_text),
    MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, other_message),
]
