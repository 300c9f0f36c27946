"""The settings menu of a group's or channel's daily post: what it shows and its buttons."""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import Ctx
from bot.handlers.common import send
from bot.keyboards import Channel, Kind, Settings
from scheduler.times import get_zone
from scheduler.zones import zone_label
from storage.community import POST_KINDS, PostSettings

log = logging.getLogger(__name__)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
KIND_LABELS = {"exercise": "🧘 Exercise of the day", "tip": "💡 Tip of the day", "off": "🚫 Off"}


def chat_button(label: str, kind: Kind, target: int, *args: str) -> InlineKeyboardButton:
    """A settings button about the chat ``target``."""
    return InlineKeyboardButton(label, callback_data=kind(str(target), *args))


def _days(mask: int) -> str:
    return ", ".join(d for i, d in enumerate(WEEKDAYS) if mask >> i & 1) or "none"


def describe(context: Ctx, post: PostSettings, title: str | None = None) -> str:
    """The post's settings and state, for the menu and /channels."""
    topic = context.content.topics.get(post.focus) if post.focus else None
    name = escape(title or post.title or "this chat", quote=False)
    lines = [
        f"<b>⚙️ Daily post in {name}</b>",
        f"Post: {KIND_LABELS[post.kind]}, at {post.local_time:%H:%M} ({escape(zone_label(post.zone), quote=False)})",
        f"Topic: {escape(topic.short_title, quote=False) if topic else 'every topic'}",
        f"Quiet days: {_days(post.quiet_days)}",
    ]
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
    kinds = [
        chat_button(("✅ " if post.kind == k else "") + KIND_LABELS[k], Settings.POST_KIND, t, k) for k in POST_KINDS
    ]
    rows = [
        kinds[:2],
        kinds[2:],
        [chat_button("🕒 Time", Settings.TIME_MENU, t), chat_button("🌍 Zone", Settings.ZONE_MENU, t)],
        [chat_button("📚 Topic", Settings.FOCUS_MENU, t), chat_button("📅 Quiet days", Settings.QUIET_MENU, t)],
    ]
    if post.paused:
        rows.append([chat_button("▶️ Resume posts", Settings.RESUME, t)])
    elif post.posting:
        rows.append([chat_button("⏸ Pause posts", Settings.PAUSE, t)])
    rows.append([chat_button("✔️ Done", Settings.DONE, t)])
    return InlineKeyboardMarkup(rows)


async def show_menu(
    update: Update,
    context: Ctx,
    post: PostSettings,
    keyboard: InlineKeyboardMarkup | None = None,
    text: str | None = None,
) -> None:
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


def channel_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    t = post.chat_id
    toggle = (
        chat_button("▶️ Resume", Settings.RESUME, t)
        if post.paused
        else chat_button("⏸ Pause", Settings.PAUSE, t)
        if post.posting
        else None
    )
    return InlineKeyboardMarkup(
        [
            [
                chat_button("⚙️ Settings", Settings.MENU, t),
                *([toggle] if toggle else []),
                chat_button("🔌 Disconnect", Channel.DISCONNECT, t),
            ]
        ]
    )
