"""Checks that run before every other handler: red flags first, then flood control."""

from __future__ import annotations

import logging
import re

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, MessageHandler, TypeHandler, filters

from bot.context import Ctx
from bot.flood import FloodGate, SharedFloodGate
from bot.handlers import triage
from bot.i18n import N_, from_telegram, gettext_for

log = logging.getLogger(__name__)

#: What a t.me link's /start payload is (Telegram: A-Z, a-z, 0-9, _ and -, at most 64); the bot's
#: own always hold "_" ("rx_<code>", "s_<topic>_<kind>", "p_urgent"), which typed words do not.
DEEP_LINK = re.compile(r"/start(?:@\w+)? (?=[A-Za-z0-9-]*_)[A-Za-z0-9_-]{1,64}")

SLOW_DOWN = N_(
    "You're sending messages very fast, so I'll pause for a minute. "
    "If you have worrying symptoms, use /urgent — that always works."
)


def text_to_check(update: Update) -> str | None:
    """The words a person wrote that may describe symptoms: free text, or the text after a command."""
    message = update.effective_message
    if message is None:
        return None
    text = message.text or message.caption  # a photo's caption is words someone wrote too
    if not text:
        return None
    if message.text and text.startswith("/"):
        if DEEP_LINK.fullmatch(text):
            return None  # a code from a link the bot made, not words: "rx_7uti..." is no infection
        parts = text.split(maxsplit=1)
        return parts[1] if len(parts) > 1 else None
    # In groups (privacy mode) the bot sees commands, replies to its messages and mentions of it
    # (and everything when it is an admin): check only the words sent to it.
    if update.effective_chat.type != ChatType.PRIVATE and not addressed_to_bot(message):
        return None
    return text


def addressed_to_bot(message: Message) -> bool:
    """Whether a group message is a reply to one of the bot's messages or mentions the bot."""
    try:
        bot = message.get_bot()
    except RuntimeError:  # a message made without a bot (tests of this function alone)
        return False
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    username = f"@{bot.username}".lower() if bot.username else None
    for entity, words in {**message.parse_entities(), **message.parse_caption_entities()}.items():
        if entity.type == MessageEntity.MENTION and username is not None and words.lower() == username:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id:
            return True
    return False


def assess(update: object, detector):
    """The red flags in ``update``'s words (a falsy assessment or None when there are none)."""
    if detector is None or not isinstance(update, Update):
        return None
    text = text_to_check(update)
    return detector.check(text) if text else None


def carries_red_flag(update: object, detector) -> bool:
    """Whether ``update``'s words carry a red flag (the update processor lets these skip its
    queue; the detector remembers short texts, so :func:`red_flags` checks again for free)."""
    return bool(assess(update, detector))


async def red_flags(update: Update, context: Ctx) -> None:
    """Answer a red flag with urgent-care guidance before any other reply.

    An edited message is checked too (someone may add "and I can't feel when I wipe" to what they
    sent), and then goes no further: nothing else answers an edit.
    """
    if update.edited_message is None:
        await _red_flags(update, context)
        return
    try:
        await _red_flags(update, context)
    except ApplicationHandlerStop:
        pass
    except Exception:  # the error handler answers new messages; an edit must not reach the others
        log.exception("the red-flag check of an edited message failed")
    raise ApplicationHandlerStop


async def _red_flags(update: Update, context: Ctx) -> None:
    detector = context.services.detector
    text = text_to_check(update) if detector is not None else None
    if not text:
        return
    result = detector.triage(text)
    if not result:
        return
    await triage.on_message(update, context, result, text)


def make_flood_gate(settings) -> FloodGate | SharedFloodGate:
    """Flood control shared through Redis when ``REDIS_URL`` is set, else counted in this process."""
    limit = settings.flood_limit_per_minute
    if not settings.redis_url:
        return FloodGate(limit)
    import redis.asyncio as redis

    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=1, socket_connect_timeout=1)
    return SharedFloodGate(client, limit, salt=token)


async def flood_control(update: Update, context: Ctx) -> None:
    """Stop handling a user's updates for a while when they send too many."""
    user = update.effective_user
    if user is None or update.effective_chat is None:
        return
    gate = context.bot_data.get("flood")
    if gate is None:
        gate = context.bot_data["flood"] = make_flood_gate(context.services.settings)
    if not await gate.check(user.id):
        return
    _ = gettext_for(from_telegram(user.language_code))  # no database read for a flood
    if update.callback_query is not None:
        await update.callback_query.answer(_("Slow down a little, please."))
    elif await gate.warn(user.id) and update.effective_chat.type == ChatType.PRIVATE:
        await context.bot.send_message(update.effective_chat.id, _(SLOW_DOWN))
    raise ApplicationHandlerStop


HANDLERS_RED_FLAGS = [MessageHandler(filters.TEXT | filters.CAPTION | filters.UpdateType.EDITED_MESSAGE, red_flags)]
HANDLERS_FLOOD = [TypeHandler(Update, flood_control)]
