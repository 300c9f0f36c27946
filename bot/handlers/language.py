"""/language: the language a person is answered in, chosen with buttons; a group's or channel's
language, chosen by its admins in /settings.

Until a person chooses (and agrees to the privacy notice, since the choice is stored about them),
the bot follows Telegram's ``language_code`` (es* -> Spanish, else English). A red flag is
answered in the language of the message whatever the choice (bot/handlers/triage.py).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot.context import Ctx
from bot.handlers.admins import admin_button
from bot.handlers.common import is_private, language_of, send, set_language
from bot.handlers.consent import ensure_consent
from bot.handlers.post_menu import show_menu
from bot.handlers.router import Feature
from bot.i18n import LANGUAGES, gettext_for
from bot.keyboards import Language, Settings, button
from safety.verdict import N_

#: Each language named in itself, so anyone can find their own.
NAMES = {"en": "English", "es": "Español"}
__all__ = ["FEATURE", "NAMES", "language_of"]

CHOOSE = N_("Choose the language I answer you in:")
CHOSEN = N_("From now on I answer you in English.")
PRIVATE_ONLY = N_("/language works in a private chat with me. In a group, its admins choose its language in /settings.")
GROUP_CHOSEN = N_("The daily posts and my replies here are now in English.")


async def language_command(update: Update, context: Ctx) -> None:
    _ = gettext_for(await language_of(update, context))
    if not is_private(update):
        await send(update, context, [_(PRIVATE_ONLY)])
        return
    keyboard = InlineKeyboardMarkup([[button(NAMES[code], Language.CHOOSE, code) for code in LANGUAGES]])
    await send(update, context, [_(CHOOSE)], keyboard)


async def _choose(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if not is_private(update):
        return False
    await update.callback_query.answer()
    if not await ensure_consent(update, context, "language", args[0]):
        return True
    await _store(update, context, args[0])
    return True


async def _store(update: Update, context: Ctx, language: str) -> None:
    await context.store.chats.set_language(update.effective_chat.id, language)
    set_language(context, language)
    await send(update, context, [gettext_for(language)(CHOSEN)])


async def _after_consent(update: Update, context: Ctx, language: str) -> None:
    if language in LANGUAGES:
        await _store(update, context, language)


@admin_button
async def _chat_language(update: Update, context: Ctx, target: int, args: tuple[str, ...]) -> str | None:
    """A group's or channel's language (its daily posts; in a group, the bot's replies there)."""
    if len(args) != 1 or args[0] not in LANGUAGES:
        return None
    await context.store.chats.set_language(target, args[0])
    if target == update.effective_chat.id:
        set_language(context, args[0])
    await show_menu(update, context, await context.store.community.get_post(target))
    return gettext_for(args[0])(GROUP_CHOSEN)


FEATURE = Feature(
    "language",
    handlers=[CommandHandler("language", language_command)],
    buttons={Language.CHOOSE: _choose, Settings.LANGUAGE: _chat_language},
    after_consent={"language": _after_consent},
)
