"""/start (with optional deep-link payload) and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers.common import send
from bot.handlers.info import show_exercise, show_page, show_section
from bot.handlers.language import language_of
from bot.handlers.patient import open_link
from bot.handlers.prescriber import PAYLOAD_PREFIX
from bot.handlers.router import Feature
from bot.i18n import pages


async def start(update: Update, context: Ctx) -> None:
    """Welcome, disclaimer and menu; a deep-link payload opens its section straight away."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    if context.args and context.args[0].startswith(PAYLOAD_PREFIX):
        await open_link(update, context, context.args[0][len(PAYLOAD_PREFIX) :])
        return
    target = keyboards.parse_payload(context.args[0]) if context.args else None
    if target and target[0] in content.topics:
        await show_section(update, context, content.topics[target[0]], target[1])
        return
    other = keyboards.parse_target(context.args[0]) if context.args else None
    if other and other[0] == "page" and other[1] in content.pages:
        await show_page(update, context, other[1])
        return
    if other and other[0] == "exercise" and other[1] in content.exercises:
        await show_exercise(update, context, other[1], None)
        return
    own = pages(content, language)
    welcome = render.page(content, own["welcome"], language=language)
    disclaimer = render.page(content, own["disclaimer"], language=language)
    await send(update, context, [*welcome, *disclaimer], keyboards.main_menu(language))


async def help_command(update: Update, context: Ctx) -> None:
    """Explain the commands."""
    await show_page(update, context, "help")


FEATURE = Feature("start", handlers=[CommandHandler("start", start), CommandHandler("help", help_command)])
