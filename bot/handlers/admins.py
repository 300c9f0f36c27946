"""Who may change a group's or a channel's settings: its admins, asked of Telegram on every
command and every button press (an anonymous admin posting as the group counts as one)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden

from bot.context import Ctx
from bot.i18n import N_, gettext_for

ADMIN_STATUSES = {ChatMember.ADMINISTRATOR, ChatMember.OWNER}

NOT_ADMIN = N_("Sorry, only the group's admins can change my settings. Everyone can still use my commands.")
NOT_ADMIN_PRESS = N_("Sorry, only admins can change these settings.")


async def is_admin(context: Ctx, chat_id: int, user_id: int) -> bool:
    """Whether ``user_id`` administers ``chat_id``, asked of Telegram (getChatMember) every time:
    settings change rarely, and a demoted admin must lose the right at once, on every replica."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except (BadRequest, Forbidden):
        return False
    return member.status in ADMIN_STATUSES


async def sender_is_admin(update: Update, context: Ctx) -> bool:
    """Whether a message in a group comes from one of its admins (anonymous admins included)."""
    message, chat = update.effective_message, update.effective_chat
    if message.sender_chat is not None:
        # An anonymous admin posts as the group itself; a channel posting in the group is no admin.
        return message.sender_chat.id == chat.id
    user = update.effective_user
    return user is not None and await is_admin(context, chat.id, user.id)


#: A settings button: (update, context, target chat, other args) -> answer text, None when stale.
Press = Callable[[Update, Ctx, int, tuple[str, ...]], Awaitable[str | None]]


def admin_button(handler: Press):
    """Run ``handler`` only for an admin of the chat the button is about, and answer the press."""

    async def press(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
        if not args or not re.fullmatch(r"-?\d{1,20}", args[0]):
            return False
        target, chat = int(args[0]), update.effective_chat
        if target == chat.id:
            if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):  # type: ignore[operator]
                return False
        elif chat.type != ChatType.PRIVATE or (await context.store.community.get_post(target)).channel_admin is None:
            return False  # a channel's settings are made only in a private chat, once connected
        _ = gettext_for(await context.store.chats.get_language(target))  # the chat's own language
        if not await is_admin(context, target, update.callback_query.from_user.id):
            await update.callback_query.answer(_(NOT_ADMIN_PRESS), show_alert=True)
            return True
        notice = await handler(update, context, target, args[1:])
        if notice is None:
            return False
        await update.callback_query.answer(_(notice) if notice else None)
        return True

    press.__name__ = handler.__name__
    press.__doc__ = handler.__doc__
    return press
