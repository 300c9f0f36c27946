"""The bot as a member of groups and channels: introduce itself once, clean up when removed, follow
a group that becomes a supergroup."""

from __future__ import annotations

import logging
from html import escape

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.constants import ChatType
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers import care
from bot.handlers.common import language_of, send
from bot.handlers.router import Feature
from bot.i18n import gettext_for, pages
from bot.logs import chat_ref

log = logging.getLogger(__name__)

_PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED}


def extract_status_change(change: ChatMemberUpdated) -> tuple[bool, bool] | None:
    """(was a member, is a member) when membership changed, else None (PTB chatmemberbot)."""
    old, new = change.old_chat_member, change.new_chat_member
    # a restricted member (ChatMemberRestricted) says whether it is still in the chat
    was = old.status in _PRESENT and (old.status != ChatMember.RESTRICTED or getattr(old, "is_member", None) is True)
    is_now = new.status in _PRESENT and (new.status != ChatMember.RESTRICTED or getattr(new, "is_member", None) is True)
    return None if was == is_now else (was, is_now)


def group_intro(context: Ctx, language: str | None = None) -> list[str]:
    """What the bot says once when it is added to a group (in the language of whoever added it)."""
    _ = gettext_for(language)
    disclaimer = pages(context.content.in_language(language), language)["disclaimer"]
    about = _(
        "I share checked, plain-language information about lower-back nerve-root problems "
        "(sciatica, slipped disc, spinal stenosis, arachnoiditis, nerve root clumping) and "
        "gentle exercises. Try /symptoms sciatica or /topics."
    )
    admins = _("Group admins can set up a daily exercise or tip post with /settings, and choose my language there.")
    lines = [
        "<b>" + _("Hello, I'm Rootwise.") + "</b>",
        escape(about, quote=False),
        *render.blocks(disclaimer.body),
        escape(admins, quote=False),
    ]
    return render.pack(lines)


async def track_membership(update: Update, context: Ctx) -> None:
    """React to the bot being added to or removed from a chat."""
    change = update.my_chat_member
    result = extract_status_change(change)  # type: ignore[arg-type]  # a ChatMemberHandler's update has one
    if result is None:
        return
    was_member, is_member = result
    chat = change.chat
    if is_member and not was_member:
        log.info("added to %s %s", chat.type, chat_ref(chat.id))
        if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
            language = await language_of(update, context)
            await send(
                update, context, group_intro(context, language), keyboards.open_private(context.bot.username, language)
            )
        elif chat.type == ChatType.PRIVATE:
            await care.offer_resume(context, chat.id)  # unblocked: offer, never resume by itself
        return
    if was_member and not is_member:
        log.info("removed from %s %s", chat.type, chat_ref(chat.id))
        if chat.type == ChatType.PRIVATE:
            await context.store.reminders.stop_all(chat.id, reason="blocked by the user")  # data is kept
        else:
            # Removed from a group or channel: stop everything there and keep nothing about it.
            await context.store.privacy.forget_chat(chat.id)


# ---- a group becomes a supergroup ------------------------------------------------------------


async def migrated(update: Update, context: Ctx) -> None:
    """Carry a group's settings and post over to its new (supergroup) id."""
    message = update.effective_message
    old = message.migrate_from_chat_id or message.chat.id
    new = message.migrate_to_chat_id or message.chat.id
    await context.store.chats.move_chat(old, new)  # both service messages come; the second finds nothing
    log.info("chat %s moved to %s", chat_ref(old), chat_ref(new))


FEATURE = Feature(
    "membership",
    handlers=[
        ChatMemberHandler(track_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, migrated),
    ],
)
