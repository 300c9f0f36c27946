"""/language: the language a person is answered in, chosen with buttons.

Until a person chooses (and agrees to the privacy notice, since the choice is stored about them),
the bot follows Telegram's ``language_code`` (es* -> Spanish, else English). A red flag is
answered in the language of the message whatever the choice (bot/handlers/triage.py).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot.context import Ctx
from bot.handlers.common import is_private, send
from bot.handlers.consent import ensure_consent
from bot.handlers.router import Feature
from bot.i18n import LANGUAGES, from_telegram, gettext_for
from bot.keyboards import Language, button
from safety.verdict import N_

log = logging.getLogger(__name__)

#: Each language named in itself, so anyone can find their own.
NAMES = {"en": "English", "es": "Español"}
CHOOSE = N_("Choose the language I answer you in:")
CHOSEN = N_("From now on I answer you in English.")
PRIVATE_ONLY = N_("/language works in a private chat with me.")


async def language_of(update: Update, context: Ctx) -> str:
    """The language to answer this person in: their stored choice, else Telegram's language_code."""
    user = update.effective_user
    fallback = from_telegram(user.language_code if user is not None else None)
    if not is_private(update) or context.store is None:
        return fallback
    try:
        chosen = await context.store.chats.get_language(update.effective_chat.id)
    except Exception:  # noqa: BLE001 - the language is never worth failing a reply for
        log.warning("could not read the language", exc_info=True)
        return fallback
    return chosen if chosen in LANGUAGES else fallback


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
    await send(update, context, [gettext_for(language)(CHOSEN)])


async def _after_consent(update: Update, context: Ctx, language: str) -> None:
    if language in LANGUAGES:
        await _store(update, context, language)


FEATURE = Feature(
    "language",
    handlers=[CommandHandler("language", language_command)],
    buttons={Language.CHOOSE: _choose},
    after_consent={"language": _after_consent},
)
