"""The settings menu of a group's or channel's daily post: what it shows and its buttons, in the
chat's language (``post.language``, chosen in the menu)."""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.handlers.common import show_in_place
from bot.i18n import LANGUAGES, N_, gettext_for
from bot.keyboards import Channel, Kind, Settings
from scheduler.times import get_zone
from scheduler.zones import zone_label
from storage.community import POST_KINDS, PostSettings

log = logging.getLogger(__name__)

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
KIND_LABELS = {"exercise": N_("🧘 Exercise of the day"), "tip": N_("💡 Tip of the day"), "off": N_("🚫 Off")}
#: Each language named in itself, so anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def chat_button(label: str, kind: Kind, target: int, *args: str) -> InlineKeyboardButton:
    """A settings button about the chat ``target``."""
    return InlineKeyboardButton(label, callback_data=kind(str(target), *args))


def _days(mask: int, language: str | None = None) -> str:
    _ = gettext_for(language)
    return ", ".join(_(d) for i, d in enumerate(WEEKDAYS) if mask >> i & 1) or _("none")


def _when(moment, language: str | None) -> str:
    """A day and time, short: "Mon 07 Dec, 09:00" (in Spanish, "lun 7 dic, 09:00")."""
    if not language or language == "en":
        return f"{moment:%a %d %b, %H:%M}"
    from babel.dates import format_datetime

    return format_datetime(moment, "EEE d MMM, HH:mm", tzinfo=moment.tzinfo, locale=language)


def describe(context: Ctx, post: PostSettings, title: str | None = None) -> str:
    """The post's settings and state, for the menu and /channels, in the chat's language."""
    language = post.language
    _ = gettext_for(language)
    topic = context.content.in_language(language).topics.get(post.focus) if post.focus else None
    name = escape(title or post.title or _("this chat"), quote=False)
    zone = escape(zone_label(post.zone), quote=False)
    lines = [
        "<b>" + _("⚙️ Daily post in {name}").format(name=name) + "</b>",
        _("Post: {kind}, at {time} ({zone})").format(
            kind=_(KIND_LABELS[post.kind]), time=f"{post.local_time:%H:%M}", zone=zone
        ),
        _("Topic: {topic}").format(topic=escape(topic.short_title, quote=False) if topic else _("every topic")),
        _("Quiet days: {days}").format(days=_days(post.quiet_days, language)),
        _("Language: {language}").format(language=LANGUAGE_NAMES.get(language or "en", "English")),
    ]
    if post.kind == "off":
        lines.append(_("Posts are off."))
    elif post.paused:
        lines.append(_("⏸ Paused ({reason}).").format(reason=escape(post.paused_reason or _("paused"), quote=False)))
    elif post.next_due_utc is not None:
        local = post.next_due_utc.astimezone(get_zone(post.zone))
        when = _when(local, language)
        lines.append(_("Next post: {when}").format(when=when))
    return "\n".join(lines)


def menu_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    """The main settings menu of a group or channel."""
    t, _ = post.chat_id, gettext_for(post.language)
    kinds = [
        chat_button(("✅ " if post.kind == k else "") + _(KIND_LABELS[k]), Settings.POST_KIND, t, k) for k in POST_KINDS
    ]
    chosen = post.language or "en"
    languages = [
        chat_button(("✅ " if chosen == code else "🌐 ") + LANGUAGE_NAMES[code], Settings.LANGUAGE, t, code)
        for code in LANGUAGES
    ]
    rows = [
        kinds[:2],
        kinds[2:],
        [chat_button(_("🕒 Time"), Settings.TIME_MENU, t), chat_button(_("🌍 Zone"), Settings.ZONE_MENU, t)],
        [chat_button(_("📚 Topic"), Settings.FOCUS_MENU, t), chat_button(_("📅 Quiet days"), Settings.QUIET_MENU, t)],
        languages,
    ]
    if post.paused:
        rows.append([chat_button(_("▶️ Resume posts"), Settings.RESUME, t)])
    elif post.posting:
        rows.append([chat_button(_("⏸ Pause posts"), Settings.PAUSE, t)])
    rows.append([chat_button(_("✔️ Done"), Settings.DONE, t)])
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
    await show_in_place(update, context, text, keyboard)


def quiet_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    """The quiet days, each a toggle, then weekends or none."""
    t, _ = post.chat_id, gettext_for(post.language)
    days = [
        chat_button(("🔕 " if post.quiet_days >> i & 1 else "") + _(d), Settings.QUIET, t, str(i))
        for i, d in enumerate(WEEKDAYS)
    ]
    weekends, none = (
        chat_button(_("Weekends"), Settings.QUIET, t, "we"),
        chat_button(_("None"), Settings.QUIET, t, "none"),
    )
    return InlineKeyboardMarkup([days[:4], days[4:], [weekends, none], [chat_button(_("↩️ Back"), Settings.MENU, t)]])


def quiet_text(context: Ctx, post: PostSettings) -> str:
    _ = gettext_for(post.language)
    return (
        describe(context, post)
        + "\n\n"
        + _("<b>Quiet days</b>: no post on the days marked 🔕. Tap a day to change it.")
    )


def channel_keyboard(post: PostSettings) -> InlineKeyboardMarkup:
    t, _ = post.chat_id, gettext_for(post.language)
    toggle = (
        chat_button(_("▶️ Resume"), Settings.RESUME, t)
        if post.paused
        else chat_button(_("⏸ Pause"), Settings.PAUSE, t)
        if post.posting
        else None
    )
    return InlineKeyboardMarkup(
        [
            [
                chat_button(_("⚙️ Settings"), Settings.MENU, t),
                *([toggle] if toggle else []),
                chat_button(_("🔌 Disconnect"), Channel.DISCONNECT, t),
            ]
        ]
    )
