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
from bot.handlers.admins import admin_button, is_admin
from bot.handlers.common import is_private, language_of, send, translator
from bot.handlers.consent import ensure_consent
from bot.handlers.post_menu import channel_keyboard, chat_button, describe, menu_keyboard, show_menu
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for
from bot.keyboards import Channel, Settings

log = logging.getLogger(__name__)

NOT_IN_CHANNEL = N_(
    "I can't find that channel, or I'm not in it. Add me to the channel as an administrator "
    "with the right to post messages, then try again."
)
NO_POST_RIGHTS = N_(
    "I'm in {title} but I can't post there. Make me an administrator with “Post messages” turned on, then try again."
)
NOT_CHANNEL_ADMIN = N_("Only the admins of {title} can connect it. Ask one of them to send me /connect.")
NOT_A_CHANNEL = N_("{title} is a group, not a channel. Add me to the group and send /settings there.")
CONNECT_USAGE = N_(
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
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("Channels are connected in a private chat with me.")], private)
        return
    ref = _channel_ref(context.args[0]) if context.args else None
    if ref is None:
        await send(update, context, [_(CONNECT_USAGE)])
        return
    # Connecting stores this person's user id as the channel's admin: only with their consent.
    if not await ensure_consent(update, context, "connect", str(ref)):
        return
    await connect_channel(update, context, ref)


async def _connect_after_consent(update: Update, context: Ctx, argument: str) -> None:
    await connect_channel(update, context, int(argument) if argument.lstrip("-").isdigit() else argument)


async def connect_channel(update: Update, context: Ctx, ref: str | int) -> bool:
    """Check the channel, the bot's rights in it and the person's, then connect it; False on failure."""
    user, _ = update.effective_user, await translator(update, context)
    try:
        channel = await context.bot.get_chat(ref)
    except (BadRequest, Forbidden):
        await send(update, context, [_(NOT_IN_CHANNEL)])
        return False
    title = escape(channel.title or str(ref), quote=False)
    if channel.type != ChatType.CHANNEL:
        await send(update, context, [_(NOT_A_CHANNEL).format(title=title)])
        return False
    try:
        me = await context.bot.get_chat_member(channel.id, context.bot.id)
    except (BadRequest, Forbidden):
        await send(update, context, [_(NOT_IN_CHANNEL)])
        return False
    if me.status in (ChatMember.LEFT, ChatMember.BANNED):
        await send(update, context, [_(NOT_IN_CHANNEL)])
        return False
    if me.status != ChatMember.ADMINISTRATOR or not me.can_post_messages:  # type: ignore[attr-defined]
        await send(update, context, [_(NO_POST_RIGHTS).format(title=title)])
        return False
    if not await is_admin(context, channel.id, user.id):
        await send(update, context, [_(NOT_CHANNEL_ADMIN).format(title=title)])
        return False
    post = await context.store.community.connect_channel(channel.id, user.id, channel.title, context.now())
    log.info("channel %s connected by %s", channel.id, user.id)
    # The channel's posts start in the language of the admin who connected it (/settings changes it).
    await context.store.chats.set_language(channel.id, await language_of(update, context))
    post = await context.store.community.get_post(channel.id)
    connected = _("✅ Connected <b>{title}</b>. Choose what I should post there each day:").format(title=title)
    await send(update, context, [connected + "\n\n" + describe(context, post)], menu_keyboard(post))
    return True


async def forwarded(update: Update, context: Ctx) -> None:
    """A post forwarded from a channel: offer to connect that channel."""
    origin: MessageOriginChannel = update.effective_message.forward_origin  # type: ignore[assignment]
    _ = await translator(update, context)
    name = origin.chat.title or _("this channel")
    label = _("🔗 Connect {channel}").format(channel=name)[:60]
    text = _("This post is from the channel <b>{title}</b>. If you run it, I can post a daily exercise or tip there.")
    await send(
        update,
        context,
        [text.format(title=escape(name, quote=False))],
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
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("Send /channels in a private chat with me.")], private)
        return
    posts = await context.store.community.channels_of(update.effective_user.id)
    if not posts:
        await send(update, context, [_("You have no connected channels.") + " " + _(CONNECT_USAGE)])
        return
    for post in posts:
        await send(update, context, [describe(context, post)], channel_keyboard(post))


@admin_button
async def _disconnect(update, context, target, args):
    """Ask to confirm disconnecting a channel."""
    post = await context.store.community.get_post(target)
    _ = gettext_for(post.language)
    yes = chat_button(_("Yes, disconnect"), Channel.DISCONNECT_CONFIRMED, target)
    keyboard = InlineKeyboardMarkup([[yes, chat_button(_("No, keep it"), Settings.MENU, target)]])
    name = escape(post.title or _("this channel"), quote=False)
    question = _("Disconnect <b>{name}</b>? I'll stop posting there and forget its settings.").format(name=name)
    await show_menu(update, context, post, keyboard, question)
    return ""


@admin_button
async def _disconnect_confirmed(update, context, target, args):
    """Disconnect a channel: its posts stop and its settings are deleted."""
    post = await context.store.community.get_post(target)
    await context.store.privacy.forget_chat(target)
    log.info("channel %s disconnected", target)
    _ = gettext_for(post.language)
    name = escape(post.title or _("the channel"), quote=False)
    done = _("🔌 Disconnected <b>{name}</b>. I won't post there any more; you can also remove me from it.")
    await show_menu(update, context, post, InlineKeyboardMarkup([]), done.format(name=name))
    return N_("Disconnected")


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
