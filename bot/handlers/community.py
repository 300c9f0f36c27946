"""Groups and channels: /settings for a group's daily post, /connect and /channels for channels.

A group's admins set its daily post in the group; a channel's admin sets it in a private chat
with the bot. Every command and every button press is checked with getChatMember, cached for a
minute; an anonymous admin posting as the group counts as an admin. The posts are sent by the
reminder engine (bot/delivery.py) from the subscription that storage/community.py keeps in step.
In groups (privacy mode) the bot sees only commands and replies to itself, so a typed time or
place is asked for with a forced reply.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from html import escape

from telegram import (
    Chat,
    ChatMember,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOriginChannel,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.logs import chat_ref
from bot.handlers import reminders
from bot.handlers.common import is_private, quote, send, several_zones
from bot.handlers.consent import CONTINUATIONS, ensure_consent
from scheduler.times import ALL_WEEK, get_zone, parse_time, weekday_mask
from scheduler.zones import find_zone, is_known_zone, zone_choices, zone_label
from storage.community import DEFAULT_ZONE, POST_KINDS, PostSettings

log = logging.getLogger(__name__)

PROMPT_TTL = dt.timedelta(days=1)  # a settings question waits this long for its reply (the flows table)
ADMIN_STATUSES = {ChatMember.ADMINISTRATOR, ChatMember.OWNER}
TIMES = ("0700", "0800", "0900", "1200", "1800", "2000")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKEND = weekday_mask([5, 6])
KIND_LABELS = {"exercise": "🧘 Exercise of the day", "tip": "💡 Tip of the day", "off": "🚫 Off"}

NOT_ADMIN = "Sorry, only the group's admins can change my settings. Everyone can still use my commands."
NOT_ADMIN_PRESS = "Sorry, only admins can change these settings."
NOT_IN_CHANNEL = ("I can't find that channel, or I'm not in it. Add me to the channel as an administrator "
                  "with the right to post messages, then try again.")
NO_POST_RIGHTS = ("I'm in {title} but I can't post there. Make me an administrator with “Post messages” "
                  "turned on, then try again.")
NOT_CHANNEL_ADMIN = "Only the admins of {title} can connect it. Ask one of them to send me /connect."
NOT_A_CHANNEL = "{title} is a group, not a channel. Add me to the group and send /settings there."
CONNECT_USAGE = ("To connect a channel, send /connect @yourchannel, or forward me any post from it. "
                 "I must be an administrator of the channel with the right to post messages.")

b = keyboards.data



def _b(label: str, kind: str, target: int, *args: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=b(kind, str(target), *args))


# ---- who may change settings -----------------------------------------------------------------


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


# ---- the settings menu -----------------------------------------------------------------------


def _days(mask: int) -> str:
    return ", ".join(d for i, d in enumerate(WEEKDAYS) if mask >> i & 1) or "none"


def describe(context: Ctx, post: PostSettings, title: str | None = None) -> str:
    """The post's settings and state, for the menu and /channels."""
    topic = context.content.topics.get(post.focus) if post.focus else None
    name = escape(title or post.title or "this chat", quote=False)
    lines = [f"<b>⚙️ Daily post in {name}</b>",
             f"Post: {KIND_LABELS[post.kind]}, at {post.local_time:%H:%M} ({escape(zone_label(post.zone), quote=False)})",
             f"Topic: {escape(topic.short_title, quote=False) if topic else 'every topic'}",
             f"Quiet days: {_days(post.quiet_days)}"]
    if post.kind == "off":
        lines.append("Posts are off.")
    elif post.paused:
        lines.append(f"⏸ Paused ({escape(post.paused_reason or 'paused', quote=False)}).")
    elif post.next_due_utc is not None:
        local = post.next_due_utc.astimezone(get_zone(post.zone))
        lines.append(f"Next post: {local:%a %d %b, %H:%M}")
    return "\n".join(lines)


def menu_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    """The main settings menu of a group or channel."""
    t = post.chat_id
    kinds = [_b(("✅ " if post.kind == k else "") + KIND_LABELS[k], "gk", t, k) for k in POST_KINDS]
    rows = [kinds[:2], kinds[2:],
            [_b("🕒 Time", "gtm", t), _b("🌍 Zone", "gzm", t)],
            [_b("📚 Topic", "gfm", t), _b("📅 Quiet days", "gqm", t)]]
    if post.paused:
        rows.append([_b("▶️ Resume posts", "gre", t)])
    elif post.posting:
        rows.append([_b("⏸ Pause posts", "gpa", t)])
    rows.append([_b("✔️ Done", "gx", t)])
    return InlineKeyboardMarkup(rows)


async def _show(update: Update, context: Ctx, post: PostSettings, keyboard: InlineKeyboardMarkup | None = None,
                text: str | None = None) -> None:
    """Show a menu in place of the one pressed (or as a new message after a typed answer)."""
    text = text or describe(context, post)
    keyboard = keyboard if keyboard is not None else menu_keyboard(post)
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=keyboard)
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return
            log.info("menu not edited (%s); sending it again", exc.message)
    await send(update, context, [text], keyboard)


async def settings(update: Update, context: Ctx) -> None:
    """/settings: a group's daily post, for its admins."""
    chat = update.effective_chat
    if chat.type == ChatType.PRIVATE:
        await send(update, context, ["Group admins: send /settings in your group to set up a daily exercise or "
                                     "tip there. Channel admins: /connect @yourchannel, then /channels."])
        return
    if not await sender_is_admin(update, context):
        await send(update, context, [NOT_ADMIN])
        return
    post = await context.store.get_post(chat.id)
    await send(update, context, [describe(context, post, chat.title)], menu_keyboard(post))


# ---- button presses, every one checked -------------------------------------------------------

#: A settings button: (update, context, target chat, other args) -> answer text, None when stale.
Press = Callable[[Update, Ctx, int, tuple[str, ...]], Awaitable[str | None]]


def admin_button(handler: Press):
    """Run ``handler`` only for an admin of the chat the button is about, and answer the press."""

    async def press(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
        if not args or not re.fullmatch(r"-?\d{1,20}", args[0]):
            return False
        target, chat = int(args[0]), update.effective_chat
        if target == chat.id:
            if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
                return False
        elif chat.type != ChatType.PRIVATE or (await context.store.get_post(target)).channel_admin is None:
            return False  # a channel's settings are made only in a private chat, once connected
        if not await is_admin(context, target, update.callback_query.from_user.id):
            await update.callback_query.answer(NOT_ADMIN_PRESS, show_alert=True)
            return True
        notice = await handler(update, context, target, args[1:])
        if notice is None:
            return False
        await update.callback_query.answer(notice or None)
        return True

    press.__name__ = handler.__name__
    press.__doc__ = handler.__doc__
    return press


async def _change(update: Update, context: Ctx, target: int, **changes) -> PostSettings:
    chat = update.effective_chat
    if chat.id == target and chat.title:
        changes["title"] = chat.title
    post = await context.store.set_post(target, context.now(), **changes)
    log.info("daily post of chat %s changed: %s", chat_ref(target), sorted(changes))
    return post


@admin_button
async def _menu(update, context, target, args):
    """Show the main menu again."""
    await _show(update, context, await context.store.get_post(target))
    return ""


@admin_button
async def _kind(update, context, target, args):
    """Pick the kind of post, or turn posts off."""
    if len(args) != 1 or args[0] not in POST_KINDS:
        return None
    post = await _change(update, context, target, kind=args[0])
    await _show(update, context, post)
    return "Posts are off" if args[0] == "off" else "Saved"


@admin_button
async def _time_menu(update, context, target, args):
    """Offer times of day, or a typed one."""
    post = await context.store.get_post(target)
    times = [_b(f"{t[:2]}:{t[2:]}", "gt", target, t) for t in TIMES]
    keyboard = InlineKeyboardMarkup([times[:3], times[3:], [_b("⌨️ Type a time", "gty", target)],
                                     [_b("↩️ Back", "gm", target)]])
    await _show(update, context, post, keyboard, describe(context, post) + "\n\n<b>What time each day?</b>")
    return ""


@admin_button
async def _time(update, context, target, args):
    """Set the time from a button."""
    if len(args) != 1 or args[0] not in TIMES:
        return None
    at = dt.time(int(args[0][:2]), int(args[0][2:]))
    await _show(update, context, await _change(update, context, target, local_time=at))
    return f"Posts at {at:%H:%M}"


@admin_button
async def _zone_menu(update, context, target, args):
    """Offer London, or a typed city or zone."""
    post = await context.store.get_post(target)
    keyboard = InlineKeyboardMarkup([[_b(f"🇬🇧 {DEFAULT_ZONE}", "gzl", target)],
                                     [_b("⌨️ Type a city or zone", "gzt", target)], [_b("↩️ Back", "gm", target)]])
    await _show(update, context, post, keyboard, describe(context, post) + "\n\n<b>Which time zone?</b>")
    return ""


@admin_button
async def _london(update, context, target, args):
    """Use Europe/London."""
    await _show(update, context, await _change(update, context, target, zone=DEFAULT_ZONE))
    return "Saved"


async def _prompt(update: Update, context: Ctx, target: int, step: str, question: str) -> str:
    """Ask for a typed answer as a forced reply: in groups the bot sees only replies to itself."""
    user = update.callback_query.from_user
    text = f"{user.mention_html()}, {question} Reply to this message."
    message: Message = await context.bot.send_message(
        update.effective_chat.id, text,
        reply_markup=ForceReply(selective=True, input_field_placeholder="e.g. 7:30" if step == "time" else "e.g. London"))
    await context.store.set_flow(update.effective_chat.id, {"target": target, "step": step}, context.now(),
                                 slot=_prompt_slot(message.message_id), ttl=PROMPT_TTL)
    return ""


def _prompt_slot(message_id: int) -> str:
    return f"prompt:{message_id}"


@admin_button
async def _chosen_zone(update, context, target, args):
    """One of a country's zones, offered when the admin typed the country."""
    if len(args) != 1 or not is_known_zone(args[0]):
        return None
    post = await _change(update, context, target, zone=args[0])
    await _show(update, context, post, menu_keyboard(post), "✅ Saved.\n\n" + describe(context, post))
    return "Saved"


@admin_button
async def _type_time(update, context, target, args):
    """Ask for a typed time."""
    return await _prompt(update, context, target, "time", "what time should I post each day? For example 7:30, "
                                                          "19:00 or 7pm.")


@admin_button
async def _type_zone(update, context, target, args):
    """Ask for a typed city or zone."""
    return await _prompt(update, context, target, "zone", "which city or time zone? For example London, "
                                                          "Europe/Berlin or UTC+2.")


@admin_button
async def _focus_menu(update, context, target, args):
    """Offer the topics, or every topic."""
    post = await context.store.get_post(target)
    topics = [[_b(("✅ " if post.focus == t.id else "") + t.short_title, "gf", target, t.id)]
              for t in context.content.topics.values()]
    every = _b(("✅ " if post.focus is None else "") + "Every topic", "gf", target, "all")
    keyboard = InlineKeyboardMarkup([*topics, [every], [_b("↩️ Back", "gm", target)]])
    await _show(update, context, post, keyboard, describe(context, post) + "\n\n<b>Which topic should posts be about?</b>")
    return ""


@admin_button
async def _focus(update, context, target, args):
    """Set the topic focus."""
    if len(args) != 1 or (args[0] != "all" and args[0] not in context.content.topics):
        return None
    post = await _change(update, context, target, focus=None if args[0] == "all" else args[0])
    await _show(update, context, post)
    return "Saved"


def _quiet_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    t = post.chat_id
    days = [_b(("🔕 " if post.quiet_days >> i & 1 else "") + d, "gq", t, str(i)) for i, d in enumerate(WEEKDAYS)]
    return InlineKeyboardMarkup([days[:4], days[4:], [_b("Weekends", "gq", t, "we"), _b("None", "gq", t, "none")],
                                 [_b("↩️ Back", "gm", t)]])


def _quiet_text(context: Ctx, post: PostSettings) -> str:
    return describe(context, post) + "\n\n<b>Quiet days</b>: no post on the days marked 🔕. Tap a day to change it."


@admin_button
async def _quiet_menu(update, context, target, args):
    """Show the quiet days, to toggle."""
    post = await context.store.get_post(target)
    await _show(update, context, post, _quiet_keyboard(post), _quiet_text(context, post))
    return ""


@admin_button
async def _quiet(update, context, target, args):
    """Toggle a quiet day, or pick weekends or none."""
    if len(args) != 1 or args[0] not in ("we", "none", *map(str, range(7))):
        return None
    if args[0] == "we":
        mask = WEEKEND
    elif args[0] == "none":
        mask = 0
    else:
        mask = (await context.store.get_post(target)).quiet_days ^ (1 << int(args[0]))
    if mask == ALL_WEEK:
        return "Leave at least one day. To stop posts, choose 🚫 Off."
    post = await _change(update, context, target, quiet_days=mask)
    await _show(update, context, post, _quiet_keyboard(post), _quiet_text(context, post))
    return "Saved"


@admin_button
async def _pause(update, context, target, args):
    """Pause the posts."""
    await context.store.pause_post(target)
    await _after_toggle(update, context, target)
    return "Paused"


@admin_button
async def _resume(update, context, target, args):
    """Resume the posts."""
    await context.store.resume_post(target, context.now())
    await _after_toggle(update, context, target)
    return "Resumed"


async def _after_toggle(update: Update, context: Ctx, target: int) -> None:
    post = await context.store.get_post(target)
    if _from_channel_list(update):
        await _show(update, context, post, channel_keyboard(post), describe(context, post))
    else:
        await _show(update, context, post)


def _from_channel_list(update: Update) -> bool:
    """Whether the press came from a /channels entry (whose first button opens the settings)."""
    markup = update.callback_query.message.reply_markup if update.callback_query.message else None
    first = markup.inline_keyboard[0][0] if markup and markup.inline_keyboard else None
    return first is not None and (first.callback_data or "").startswith("v1|gm|")


@admin_button
async def _done(update, context, target, args):
    """Close the menu, leaving the settings on show."""
    post = await context.store.get_post(target)
    await _show(update, context, post, InlineKeyboardMarkup([]), describe(context, post))
    return "Saved"


# ---- typed answers (forced replies) ----------------------------------------------------------


async def typed_answer(update: Update, context: Ctx) -> None:
    """Take a typed time or zone sent as a reply to one of the settings prompts."""
    message = update.effective_message
    reply = message.reply_to_message
    pending = None
    if reply is not None and reply.from_user is not None and reply.from_user.id == context.bot.id:
        pending = await context.store.get_flow(update.effective_chat.id, context.now(), _prompt_slot(reply.message_id))
    if pending is None:
        if is_private(update):
            await reminders.typed_answer(update, context)  # the reminder flow's own question
        return
    target = pending["target"]
    if update.effective_chat.id == target:
        allowed = await sender_is_admin(update, context)
    else:
        allowed = update.effective_user is not None and await is_admin(context, target, update.effective_user.id)
    if not allowed:
        await send(update, context, [NOT_ADMIN])
        raise ApplicationHandlerStop
    text = message.text.strip()
    try:
        if pending["step"] == "time":
            changes = {"local_time": parse_time(text)}
        elif choices := zone_choices(text):
            await send(update, context, [several_zones(text)], keyboards.zone_choices("gzc", choices, str(target)))
            raise ApplicationHandlerStop  # the prompt stays open
        else:
            zone = find_zone(text)
            if zone is None:
                raise ValueError(f"I don't know the place {quote(text)}. Please reply with a nearby big city, "
                                 "a zone such as Europe/Paris, or an offset such as UTC+1.")
            changes = {"zone": zone}
    except ValueError as exc:
        await send(update, context, [escape(str(exc), quote=False)])  # the prompt stays open
        raise ApplicationHandlerStop from None
    await context.store.drop_flow(update.effective_chat.id, _prompt_slot(reply.message_id))
    post = await _change(update, context, target, **changes)
    await send(update, context, ["✅ Saved.\n\n" + describe(context, post)], menu_keyboard(post))
    raise ApplicationHandlerStop


# ---- channels --------------------------------------------------------------------------------


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
        await send(update, context, ["Channels are connected in a private chat with me."],
                   keyboards.open_private(context.bot.username))
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


CONTINUATIONS["connect"] = _connect_after_consent


async def connect_channel(update: Update, context: Ctx, ref: str | int) -> bool:
    """Check the channel, the bot's rights in it and the person's, then connect it; False on failure."""
    user = update.effective_user
    try:
        channel: Chat = await context.bot.get_chat(ref)
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
    if me.status != ChatMember.ADMINISTRATOR or not me.can_post_messages:
        await send(update, context, [NO_POST_RIGHTS.format(title=title)])
        return False
    if not await is_admin(context, channel.id, user.id):
        await send(update, context, [NOT_CHANNEL_ADMIN.format(title=title)])
        return False
    post = await context.store.connect_channel(channel.id, user.id, channel.title, context.now())
    log.info("channel %s connected by %s", channel.id, user.id)
    await send(update, context, [f"✅ Connected <b>{title}</b>. Choose what I should post there each day:\n\n"
                                 + describe(context, post)], menu_keyboard(post))
    return True


async def forwarded(update: Update, context: Ctx) -> None:
    """A post forwarded from a channel: offer to connect that channel."""
    origin: MessageOriginChannel = update.effective_message.forward_origin
    title = escape(origin.chat.title or "this channel", quote=False)
    label = f"🔗 Connect {origin.chat.title or 'this channel'}"[:60]
    await send(update, context, [f"This post is from the channel <b>{title}</b>. If you run it, I can post a daily "
                                 "exercise or tip there."],
               InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=b("gcc", str(origin.chat.id)))]]))


async def _connect_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 1 or not re.fullmatch(r"-\d{1,20}", args[0]) or not is_private(update):
        return False
    await update.callback_query.answer()
    if await ensure_consent(update, context, "connect", args[0]):
        await connect_channel(update, context, int(args[0]))
    return True


def channel_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    t = post.chat_id
    toggle = (_b("▶️ Resume", "gre", t) if post.paused else _b("⏸ Pause", "gpa", t) if post.posting else None)
    return InlineKeyboardMarkup([[_b("⚙️ Settings", "gm", t), *([toggle] if toggle else []),
                                  _b("🔌 Disconnect", "gcd", t)]])


async def channels(update: Update, context: Ctx) -> None:
    """/channels: the channels this person connected, each with its buttons."""
    if not is_private(update):
        await send(update, context, ["Send /channels in a private chat with me."],
                   keyboards.open_private(context.bot.username))
        return
    posts = await context.store.channels_of(update.effective_user.id)
    if not posts:
        await send(update, context, ["You have no connected channels. " + CONNECT_USAGE])
        return
    for post in posts:
        await send(update, context, [describe(context, post)], channel_keyboard(post))


@admin_button
async def _disconnect(update, context, target, args):
    """Ask to confirm disconnecting a channel."""
    post = await context.store.get_post(target)
    keyboard = InlineKeyboardMarkup([[_b("Yes, disconnect", "gcd2", target), _b("No, keep it", "gm", target)]])
    name = escape(post.title or "this channel", quote=False)
    await _show(update, context, post, keyboard, f"Disconnect <b>{name}</b>? I'll stop posting there and forget "
                                                 "its settings.")
    return ""


@admin_button
async def _disconnect_confirmed(update, context, target, args):
    """Disconnect a channel: its posts stop and its settings are deleted."""
    post = await context.store.get_post(target)
    await context.store.forget_chat(target)
    log.info("channel %s disconnected", target)
    name = escape(post.title or "the channel", quote=False)
    await _show(update, context, post, InlineKeyboardMarkup([]),
                f"🔌 Disconnected <b>{name}</b>. I won't post there any more; you can also remove me from it.")
    return "Disconnected"


# ---- a group becomes a supergroup ------------------------------------------------------------


async def migrated(update: Update, context: Ctx) -> None:
    """Carry a group's settings and post over to its new (supergroup) id."""
    message = update.effective_message
    old = message.migrate_from_chat_id or message.chat.id
    new = message.migrate_to_chat_id or message.chat.id
    await context.store.move_chat(old, new)  # both service messages come; the second finds nothing
    log.info("chat %s moved to %s", chat_ref(old), chat_ref(new))


class _FromChannel(filters.MessageFilter):
    """A message forwarded from a channel."""

    def filter(self, message: Message) -> bool:
        return isinstance(message.forward_origin, MessageOriginChannel)


#: Callback kinds handled here: kind -> handler(update, context, args) -> False when stale.
BUTTONS = {
    "gm": _menu, "gk": _kind, "gtm": _time_menu, "gt": _time, "gty": _type_time, "gzm": _zone_menu,
    "gzl": _london, "gzc": _chosen_zone, "gzt": _type_zone, "gfm": _focus_menu, "gf": _focus, "gqm": _quiet_menu, "gq": _quiet,
    "gpa": _pause, "gre": _resume, "gx": _done, "gcc": _connect_pressed, "gcd": _disconnect,
    "gcd2": _disconnect_confirmed,
}

HANDLERS_TYPED = [MessageHandler(filters.UpdateType.MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND,
                                 typed_answer)]

HANDLERS = [
    CommandHandler("settings", settings, filters.ChatType.PRIVATE | filters.ChatType.GROUPS),
    CommandHandler("connect", connect),
    CommandHandler("channels", channels),
    MessageHandler(filters.StatusUpdate.MIGRATE, migrated),
    MessageHandler(filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & _FromChannel(), forwarded),
]
