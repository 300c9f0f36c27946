"""/start (with optional deep-link payload) and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers.common import send
from bot.handlers.info import show_section


def deep_link(topic_id: str, kind: str) -> str:
    """The /start payload that opens one section (letters, digits, - and _ only)."""
    return f"s_{topic_id}_{kind}"


async def start(update: Update, context: Ctx) -> None:
    """Welcome, disclaimer and menu; a deep-link payload opens its section straight away."""
    content = context.content
    if context.args:
        parts = context.args[0].split("_")
        if len(parts) == 3 and parts[0] == "s" and parts[1] in content.topics:
            await show_section(update, context, content.topics[parts[1]], parts[2])
            return
    welcome = render.page(content, content.pages["welcome"])
    disclaimer = render.page(content, content.pages["disclaimer"])
    await send(update, context, [*welcome, *disclaimer], keyboards.main_menu())


async def help_command(update: Update, context: Ctx) -> None:
    """Explain the commands."""
    await send(update, context, render.page(context.content, context.content.pages["help"]), keyboards.main_menu())


HANDLERS = [
    CommandHandler("start", start),
    CommandHandler("help", help_command),
]
