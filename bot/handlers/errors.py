"""The global error handler: log with context (never message text), apologise to the user."""

from __future__ import annotations

import logging

from sqlalchemy import exc as sql
from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter

from bot.context import Ctx
from bot.i18n import N_, from_telegram, gettext_for

log = logging.getLogger("rootwise.errors")

APOLOGY = N_(
    "Sorry, something went wrong on my side. Please try again in a moment, or use /help. "
    "If you have worrying symptoms, don't wait for me: use /urgent."
)


#: When the database does not answer in time (its timeouts, storage.db.timeouts): short, and what still works.
DATABASE_APOLOGY = N_(
    "Sorry, I can't reach my records right now. Please try again in a few minutes. "
    "Reading about a condition still works, and if you have worrying symptoms, use /urgent."
)


def database_trouble(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) is the database failing or not answering in time."""
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, (sql.DBAPIError, sql.TimeoutError, sql.InterfaceError, TimeoutError, ConnectionError)):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def describe(update: object) -> str:
    """Where an error happened, without any text a person wrote."""
    if not isinstance(update, Update):
        return "no update"
    kind = next(
        (
            k
            for k in ("message", "callback_query", "my_chat_member", "channel_post", "edited_message")
            if getattr(update, k, None) is not None
        ),
        "other",
    )
    chat = update.effective_chat
    return f"update {update.update_id} ({kind}) in chat {chat.id if chat else '-'}"


async def on_error(update: object, context: Ctx) -> None:
    """Log the error, then apologise in the chat where it happened (best effort)."""
    error = context.error
    database = database_trouble(error)
    if database:  # no traceback per update while the database is down: one line each
        log.warning("database unavailable for %s: %s", describe(update), type(error).__name__)
    else:
        log.error("handler failed for %s: %s", describe(update), type(error).__name__, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(error, (Forbidden, RetryAfter)):
        return  # the chat cannot be reached now; replying would fail the same way
    # In Telegram's language (a stored choice would need the database, which may be what failed).
    user = update.effective_user
    _ = gettext_for(from_telegram(user.language_code if user is not None else None))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(_("Sorry, that didn't work. Please try again."))
        await context.bot.send_message(update.effective_chat.id, _(DATABASE_APOLOGY if database else APOLOGY))
    except (NetworkError, Forbidden):
        log.warning("could not apologise in %s", describe(update))
    except Exception:  # noqa: BLE001 - the error handler itself must never raise
        log.exception("apology failed in %s", describe(update))
