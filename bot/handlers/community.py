"""A group's daily post: /settings, for the group's admins, and the settings menu's buttons.

A group's admins set its daily post in the group; a channel's admin sets it in a private chat with
the bot, with the same menu (bot/handlers/post_menu.py; bot/handlers/channels.py connects the channel).
Every command and
every button press is checked with getChatMember; an anonymous admin posting as the group counts
as an admin. The posts are sent by the reminder engine (bot/delivery.py) from the subscription
that storage/community.py keeps in step. In groups (privacy mode) the bot sees only commands and
replies to itself, so a typed time or place is asked for with a forced reply: the ``settings``
flow, kept per prompt message (bot/handlers/router.py).
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, filters

from bot.context import Ctx
from bot.handlers import usual
from bot.handlers.admins import NOT_ADMIN, admin_button, is_admin, sender_is_admin
from bot.handlers.common import drop_pending, language_of, read_time, read_zone, send, translator
from bot.handlers.post_menu import (
    channel_keyboard,
    chat_button,
    describe,
    menu_keyboard,
    quiet_keyboard,
    quiet_text,
    show_menu,
)
from bot.handlers.router import Answer, Feature, Flow, prompt_slot
from bot.i18n import N_, gettext_for
from bot.keyboards import Settings
from bot.logs import chat_ref
from scheduler.times import ALL_WEEK, weekday_mask
from scheduler.zones import is_known_zone
from storage.community import DEFAULT_ZONE, POST_KINDS, PostSettings

log = logging.getLogger(__name__)

PROMPT_TTL = dt.timedelta(days=1)  # a settings question waits this long for its reply (the flows table)
TIMES = ("0700", "0800", "0900", "1200", "1800", "2000")
WEEKEND = weekday_mask([5, 6])

SAVED = N_("Saved")
BACK = N_("↩️ Back")


# ---- /settings -------------------------------------------------------------------------------


async def settings(update: Update, context: Ctx) -> None:
    """/settings: a group's daily post, for its admins."""
    chat = update.effective_chat
    language = await language_of(update, context)
    _ = gettext_for(language)
    if chat.type == ChatType.PRIVATE:
        how = _(
            "Group admins: send /settings in your group to set up a daily exercise or "
            "tip there. Channel admins: /connect @yourchannel, then /channels."
        )
        await send(update, context, [how], InlineKeyboardMarkup([[usual.open_button(language)]]))
        return
    if not await sender_is_admin(update, context):
        await send(update, context, [_(NOT_ADMIN)])
        return
    post = await context.store.community.get_post(chat.id)
    await send(update, context, [describe(context, post, chat.title)], menu_keyboard(post))


# ---- button presses, every one checked -------------------------------------------------------


async def _change(update: Update, context: Ctx, target: int, **changes) -> PostSettings:
    chat = update.effective_chat
    if chat.id == target and chat.title:
        changes["title"] = chat.title
    post = await context.store.community.set_post(target, context.now(), **changes)
    log.info("daily post of chat %s changed: %s", chat_ref(target), sorted(changes))
    return post


@admin_button
async def _menu(update, context, target, args):
    """Show the main menu again."""
    await show_menu(update, context, await context.store.community.get_post(target))
    return ""


@admin_button
async def _kind(update, context, target, args):
    """Pick the kind of post, or turn posts off."""
    if len(args) != 1 or args[0] not in POST_KINDS:
        return None
    post = await _change(update, context, target, kind=args[0])
    await show_menu(update, context, post)
    return N_("Posts are off") if args[0] == "off" else SAVED


@admin_button
async def _time_menu(update, context, target, args):
    """Offer times of day, or a typed one."""
    post = await context.store.community.get_post(target)
    _ = gettext_for(post.language)
    times = [chat_button(f"{t[:2]}:{t[2:]}", Settings.TIME, target, t) for t in TIMES]
    typed, back = (
        chat_button(_("⌨️ Type a time"), Settings.TYPE_TIME, target),
        chat_button(_(BACK), Settings.MENU, target),
    )
    keyboard = InlineKeyboardMarkup([times[:3], times[3:], [typed], [back]])
    await show_menu(
        update, context, post, keyboard, describe(context, post) + "\n\n<b>" + _("What time each day?") + "</b>"
    )
    return ""


@admin_button
async def _time(update, context, target, args):
    """Set the time from a button."""
    if len(args) != 1 or args[0] not in TIMES:
        return None
    at = dt.time(int(args[0][:2]), int(args[0][2:]))
    post = await _change(update, context, target, local_time=at)
    await show_menu(update, context, post)
    return gettext_for(post.language)(N_("Posts at {time}")).format(time=f"{at:%H:%M}")


@admin_button
async def _zone_menu(update, context, target, args):
    """Offer London, or a typed city or zone."""
    post = await context.store.community.get_post(target)
    _ = gettext_for(post.language)
    keyboard = InlineKeyboardMarkup(
        [
            [chat_button(f"🇬🇧 {DEFAULT_ZONE}", Settings.LONDON, target)],
            [chat_button(_("⌨️ Type a city or zone"), Settings.TYPE_ZONE, target)],
            [chat_button(_(BACK), Settings.MENU, target)],
        ]
    )
    await show_menu(
        update, context, post, keyboard, describe(context, post) + "\n\n<b>" + _("Which time zone?") + "</b>"
    )
    return ""


@admin_button
async def _london(update, context, target, args):
    """Use Europe/London."""
    await show_menu(update, context, await _change(update, context, target, zone=DEFAULT_ZONE))
    return SAVED


async def _prompt(update: Update, context: Ctx, target: int, step: str, question: str) -> str:
    """Ask for a typed answer as a forced reply: in groups the bot sees only replies to itself."""
    user = update.callback_query.from_user
    _ = gettext_for(await context.store.chats.get_language(target))
    text = _("{name}, {question} Reply to this message.").format(name=user.mention_html(), question=_(question))
    placeholder = _("e.g. 7:30") if step == "time" else _("e.g. London")
    message: Message = await context.bot.send_message(
        update.effective_chat.id, text, reply_markup=ForceReply(selective=True, input_field_placeholder=placeholder)
    )
    await SETTINGS.ask(
        context, update.effective_chat.id, step, slot=prompt_slot(message.message_id), ttl=PROMPT_TTL, target=target
    )
    return ""


@admin_button
async def _chosen_zone(update, context, target, args):
    """One of a country's zones, offered when the admin typed the country."""
    if len(args) != 1 or not is_known_zone(args[0]):
        return None
    post = await _change(update, context, target, zone=args[0])
    saved = gettext_for(post.language)(N_("✅ Saved."))
    await show_menu(update, context, post, menu_keyboard(post), saved + "\n\n" + describe(context, post))
    return SAVED


@admin_button
async def _type_time(update, context, target, args):
    """Ask for a typed time."""
    question = N_("what time should I post each day? For example 7:30, 19:00 or 7pm.")
    return await _prompt(update, context, target, "time", question)


@admin_button
async def _type_zone(update, context, target, args):
    """Ask for a typed city or zone."""
    question = N_("which city or time zone? For example London, Europe/Berlin or UTC+2.")
    return await _prompt(update, context, target, "zone", question)


@admin_button
async def _focus_menu(update, context, target, args):
    """Offer the topics, or every topic."""
    post = await context.store.community.get_post(target)
    _ = gettext_for(post.language)
    topics = [
        [chat_button(("✅ " if post.focus == t.id else "") + t.short_title, Settings.FOCUS, target, t.id)]
        for t in context.content.in_language(post.language).topics.values()
    ]
    every = chat_button(("✅ " if post.focus is None else "") + _("Every topic"), Settings.FOCUS, target, "all")
    keyboard = InlineKeyboardMarkup([*topics, [every], [chat_button(_(BACK), Settings.MENU, target)]])
    heading = _("Which topic should posts be about?")
    await show_menu(update, context, post, keyboard, describe(context, post) + f"\n\n<b>{heading}</b>")
    return ""


@admin_button
async def _focus(update, context, target, args):
    """Set the topic focus."""
    if len(args) != 1 or (args[0] != "all" and args[0] not in context.content.topics):
        return None
    post = await _change(update, context, target, focus=None if args[0] == "all" else args[0])
    await show_menu(update, context, post)
    return SAVED


@admin_button
async def _quiet_menu(update, context, target, args):
    """Show the quiet days, to toggle."""
    post = await context.store.community.get_post(target)
    await show_menu(update, context, post, quiet_keyboard(post), quiet_text(context, post))
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
        mask = (await context.store.community.get_post(target)).quiet_days ^ (1 << int(args[0]))
    if mask == ALL_WEEK:
        return N_("Leave at least one day. To stop posts, choose 🚫 Off.")
    post = await _change(update, context, target, quiet_days=mask)
    await show_menu(update, context, post, quiet_keyboard(post), quiet_text(context, post))
    return SAVED


@admin_button
async def _pause(update, context, target, args):
    """Pause the posts."""
    await context.store.community.pause_post(target)
    await _after_toggle(update, context, target)
    return N_("Paused")


@admin_button
async def _resume(update, context, target, args):
    """Resume the posts."""
    await context.store.community.resume_post(target, context.now())
    await _after_toggle(update, context, target)
    return N_("Resumed")


async def _after_toggle(update: Update, context: Ctx, target: int) -> None:
    post = await context.store.community.get_post(target)
    if _from_channel_list(update):
        await show_menu(update, context, post, channel_keyboard(post), describe(context, post))
    else:
        await show_menu(update, context, post)


def _from_channel_list(update: Update) -> bool:
    """Whether the press came from a /channels entry (whose first button opens the settings)."""
    markup = update.callback_query.message.reply_markup if update.callback_query.message else None
    first = markup.inline_keyboard[0][0] if markup and markup.inline_keyboard else None
    return first is not None and (first.callback_data or "").startswith(Settings.MENU() + "|")


@admin_button
async def _done(update, context, target, args):
    """Close the menu, leaving the settings on show."""
    post = await context.store.community.get_post(target)
    await show_menu(update, context, post, InlineKeyboardMarkup([]), describe(context, post))
    return SAVED


# ---- typed answers (forced replies) ----------------------------------------------------------


async def _may_answer(update: Update, context: Ctx, target: int) -> bool:
    """Whether the reply comes from an admin of the chat the prompt is about (else they are told)."""
    if update.effective_chat.id == target:
        allowed = await sender_is_admin(update, context)
    else:
        allowed = update.effective_user is not None and await is_admin(context, target, update.effective_user.id)
    if not allowed:
        await send(update, context, [(await translator(update, context))(NOT_ADMIN)])
    return allowed


async def _save_typed(update: Update, context: Ctx, answer: Answer, **changes) -> None:
    """Close the prompt and save what it asked for."""
    await drop_pending(context, update.effective_chat.id, answer.slot)
    post = await _change(update, context, answer.state["target"], **changes)
    saved = gettext_for(post.language)(N_("✅ Saved."))
    await send(update, context, [saved + "\n\n" + describe(context, post)], menu_keyboard(post))


async def typed_time(update: Update, context: Ctx, answer: Answer) -> None:
    """A reply with the time of the daily post (a wrong one leaves the prompt open)."""
    if await _may_answer(update, context, answer.state["target"]):
        at = await read_time(update, context, answer.text)
        if at is not None:
            await _save_typed(update, context, answer, local_time=at)


async def typed_zone(update: Update, context: Ctx, answer: Answer) -> None:
    """A reply with the city or zone of the daily post (an unknown one leaves the prompt open)."""
    target = answer.state["target"]
    if await _may_answer(update, context, target):
        zone = await read_zone(update, context, answer.text, None, Settings.CHOSEN_ZONE, str(target), verb="reply with")
        if zone is not None:
            await _save_typed(update, context, answer, zone=zone)


SETTINGS = Flow("settings", {"time": typed_time, "zone": typed_zone})

FEATURE = Feature(
    "group settings",
    handlers=[CommandHandler("settings", settings, filters.ChatType.PRIVATE | filters.ChatType.GROUPS)],
    buttons={
        Settings.MENU: _menu,
        Settings.POST_KIND: _kind,
        Settings.TIME_MENU: _time_menu,
        Settings.TIME: _time,
        Settings.TYPE_TIME: _type_time,
        Settings.ZONE_MENU: _zone_menu,
        Settings.LONDON: _london,
        Settings.CHOSEN_ZONE: _chosen_zone,
        Settings.TYPE_ZONE: _type_zone,
        Settings.FOCUS_MENU: _focus_menu,
        Settings.FOCUS: _focus,
        Settings.QUIET_MENU: _quiet_menu,
        Settings.QUIET: _quiet,
        Settings.PAUSE: _pause,
        Settings.RESUME: _resume,
        Settings.DONE: _done,
    },
    flows=[SETTINGS],
)
