"""Channels: /connect a channel someone runs (or forward a post from it), /channels, disconnecting.

A channel's daily post is set in a private chat with the same settings menu as a group's
(bot/handlers/community.py); connecting checks the bot's and the person's rights in the channel.
"""

from __future__ import annotations

import logging
import re
from html import escape

from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageOriginChannel, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import CommandHandler, MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import is_private, send
from bot.handlers.community import admin_button, is_admin
from bot.handlers.consent import ensure_consent
from bot.handlers.post_menu import channel_keyboard, chat_button, describe, menu_keyboard, show_menu
from bot.handlers.router import Feature
from bot.keyboards import Channel, Settings

log = logging.getLogger(__name__)

NOT_IN_CHANNEL = (
    "I can't find that channel, or I'm not in it. Add me to the channel as an administrator "
    "with the right to post messages, then try again."
)
NO_POST_RIGHTS = (
    "I'm in {title} but I can't post there. Make me an administrator with “Post messages” turned on, then try again."
)
NOT_CHANNEL_ADMIN = "Only the admins of {title} can connect it. Ask one of them to send me /connect."
NOT_A_CHANNEL = "{title} is a group, not a channel. Add me to the group and send /settings there."
CONNECT_USAGE = (
    "To connect a channel, send /connect @yourchannel, or forward me any post from it. "
    "I must be an administrator of the channel with the right to post messages."
)


def _channel_ref(text: str) -> str | int | None:
    """@name, a t.me link or a numeric id, as getChat takes it."""
    text = text.strip()
    if re.fullmatch(r"-100\d{5,17}", text):
        return int(text)
    match = re.fullmatch(r"(?:https?://)?(?:t\.me/|telegram\.me/|@)?([A-Za-z][A-Za-z0-9_]{3,31})/?", text)
    return f"@{match.group(1)}" if match else None


async def connect(update: Update, context: Ctx) -> None:
    """/connect @channel: link a channel this person administers, then set up its daily post."""
    if not is_private(update):
        await send(
            update,
            context,
            ["Channels are connected in a private chat with me."],
            keyboards.open_private(context.bot.username),
        )
        return
    ref = _channel_ref(context.args[0]) if context.args else None
    if ref is None:
        await send(update, context, [CONNECT_USAGE])
        return
    # Connecting stores this person's user id as the channel's admin: only with their consent.
    if not await ensure_consent(update, context, "connect", str(ref)):
        return
    await connect_channel(update, context, ref)


async def _connect_after_consent(update: Update, context: Ctx, argument: str) -> None:
    await connect_channel(update, context, int(argument) if argument.lstrip("-").isdigit() else argument)


async def connect_channel(update: Update, context: Ctx, ref: str | int) -> bool:
    """Check the channel, the bot's rights in it and the person's, then connect it; False on failure."""
    user = update.effective_user
    try:
        channel = await context.bot.get_chat(ref)
    except (BadRequest, Forbidden):
        await send(update, context, [NOT_IN_CHANNEL])
        return False
    title = escape(channel.title or str(ref), quote=False)
    if channel.type != ChatType.CHANNEL:
        await send(update, context, [NOT_A_CHANNEL.format(title=title)])
        return False
    try:
        me = await context.bot.get_chat_member(channel.id, context.bot.id)
    except (BadRequest, Forbidden):
        await send(update, context, [NOT_IN_CHANNEL])
        return False
    if me.status in (ChatMember.LEFT, ChatMember.BANNED):
        await send(update, context, [NOT_IN_CHANNEL])
        return False
    if me.status != ChatMember.ADMINISTRATOR or not me.can_post_messages:  # type: ignore[attr-defined]
        await send(update, context, [NO_POST_RIGHTS.format(title=title)])
        return False
    if not await is_admin(context, channel.id, user.id):
        await send(update, context, [NOT_CHANNEL_ADMIN.format(title=title)])
        return False
    post = await context.store.community.connect_channel(channel.id, user.id, channel.title, context.now())
    log.info("channel %s connected by %s", channel.id, user.id)
    await send(
        update,
        context,
        [f"✅ Connected <b>{title}</b>. Choose what I should post there each day:\n\n" + describe(context, post)],
        menu_keyboard(post),
    )
    return True


async def forwarded(update: Update, context: Ctx) -> None:
    """A post forwarded from a channel: offer to connect that channel."""
    origin: MessageOriginChannel = update.effective_message.forward_origin  # type: ignore[assignment]
    title = escape(origin.chat.title or "this channel", quote=False)
    label = f"🔗 Connect {origin.chat.title or 'this channel'}"[:60]
    await send(
        update,
        context,
        [f"This post is from the channel <b>{title}</b>. If you run it, I can post a daily exercise or tip there."],
        InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=Channel.CONNECT(str(origin.chat.id)))]]),
    )


async def _connect_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 1 or not re.fullmatch(r"-\d{1,20}", args[0]) or not is_private(update):
        return False
    await update.callback_query.answer()
    if await ensure_consent(update, context, "connect", args[0]):
        await connect_channel(update, context, int(args[0]))
    return True


async def channels(update: Update, context: Ctx) -> None:
    """/channels: the channels this person connected, each with its buttons."""
    if not is_private(update):
        await send(
            update, context, ["Send /channels in a private chat with me."], keyboards.open_private(context.bot.username)
        )
        return
    posts = await context.store.community.channels_of(update.effective_user.id)
    if not posts:
        await send(update, context, ["You have no connected channels. " + CONNECT_USAGE])
        return
    for post in posts:
        await send(update, context, [describe(context, post)], channel_keyboard(post))


@admin_button
async def _disconnect(update, context, target, args):
    """Ask to confirm disconnecting a channel."""
    post = await context.store.community.get_post(target)
    keyboard = InlineKeyboardMarkup(
        [
            [
                chat_button("Yes, disconnect", Channel.DISCONNECT_CONFIRMED, target),
                chat_button("No, keep it", Settings.MENU, target),
            ]
        ]
    )
    name = escape(post.title or "this channel", quote=False)
    await show_menu(
        update, context, post, keyboard, f"Disconnect <b>{name}</b>? I'll stop posting there and forget its settings."
    )
    return ""


@admin_button
async def _disconnect_confirmed(update, context, target, args):
    """Disconnect a channel: its posts stop and its settings are deleted."""
    post = await context.store.community.get_post(target)
    await context.store.privacy.forget_chat(target)
    log.info("channel %s disconnected", target)
    name = escape(post.title or "the channel", quote=False)
    await show_menu(
        update,
        context,
        post,
        InlineKeyboardMarkup([]),
        f"🔌 Disconnected <b>{name}</b>. I won't post there any more; you can also remove me from it.",
    )
    return "Disconnected"


class _FromChannel(filters.MessageFilter):
    """A message forwarded from a channel."""

    def filter(self, message: Message) -> bool:
        return isinstance(message.forward_origin, MessageOriginChannel)


FEATURE = Feature(
    "channels",
    handlers=[
        CommandHandler("connect", connect),
        CommandHandler("channels", channels),
        MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & _FromChannel(), forwarded),
    ],
    buttons={
        Channel.CONNECT: _connect_pressed,
        Channel.DISCONNECT: _disconnect,
        Channel.DISCONNECT_CONFIRMED: _disconnect_confirmed,
    },
    after_consent={"connect": _connect_after_consent},
)
