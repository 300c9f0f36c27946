"""Small helpers shared by handlers: resolving the topic and sending rendered messages."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from html import escape

from telegram import InlineKeyboardMarkup, Location, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot import keyboards
from bot.context import Ctx
from bot.i18n import LANGUAGES, N_, from_telegram, gettext_for
from bot.keyboards import Kind
from bot.logs import chat_ref
from bot.replies import send_text
from bot.snapshot import chat_snapshot, note_snapshot
from content.loader import Content
from content.schema import Topic
from scheduler.times import get_zone, parse_time
from scheduler.zones import find_zone, zone_choices, zone_from_location
from storage.reminders import SubscriptionInfo

log = logging.getLogger(__name__)


async def send(
    update: Update, context: Ctx, messages: Sequence[str], keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Send rendered HTML messages to the update's chat; the keyboard goes on the last one.
    (Telegram's answer is not parsed: bot.replies.)"""
    chat = update.effective_chat
    if chat is None:
        return
    for i, html in enumerate(messages):
        markup = keyboard if i == len(messages) - 1 else None
        await send_text(context.bot, chat.id, html, markup)


async def show_in_place(update: Update, context: Ctx, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Show ``text`` in place of the message whose button was pressed, else (a typed answer, or the
    message can no longer be edited) as a new message; unchanged text is left as it is."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=keyboard)
            return
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return
            log.info("message not edited (%s); sending it again", exc.message)
    await send(update, context, [text], keyboard)


async def language_of(update: Update, context: Ctx) -> str:
    """The language to answer in: a private chat's stored choice (/language, kept after consent), a
    group's (its /settings), else the sender's Telegram ``language_code`` (es* -> Spanish).

    Read once per update (the context lives as long as the update), from the database every time.
    """
    known = context.__dict__.get("language")
    if known is not None:
        return known
    user = update.effective_user
    language = from_telegram(user.language_code if user is not None else None)
    chat = update.effective_chat
    if chat is not None and context.services.store is not None and chat.type != ChatType.CHANNEL:
        try:
            chosen = (await chat_snapshot(context, chat.id)).language
        except Exception:  # noqa: BLE001 - the language is never worth failing a reply for
            log.warning("could not read the language of chat %s", chat_ref(chat.id), exc_info=True)
            chosen = None
        language = chosen if chosen in LANGUAGES else language
    context.__dict__["language"] = language
    return language


def set_language(context: Ctx, language: str) -> None:
    """This update goes on in ``language`` (it was just chosen)."""
    context.__dict__["language"] = language


async def translator(update: Update, context: Ctx) -> Callable[[str], str]:
    """The ``_`` (gettext) of the language this chat is answered in."""
    return gettext_for(await language_of(update, context))


async def content_for(update: Update, context: Ctx) -> Content:
    """The content in the language this chat is answered in (English where it is not translated)."""
    return context.content.in_language(await language_of(update, context))


def quote(text: str, limit: int = 40) -> str:
    """A short quote of what a person typed, to echo back: at most ``limit`` characters, with
    control and invisible characters dropped (never the whole input: it may be thousands long)."""
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)[:1000]).split())
    return f"“{cleaned[:limit]}…”" if len(cleaned) > limit else f"“{cleaned}”"


async def get_pending(context: Ctx, chat_id: int) -> dict | None:
    """The state of the typed flow waiting in this chat, if any (and not expired).

    Every private message asks this, so a database that fails makes it None (logged) rather than
    stopping the answers that need no database.
    """
    try:
        return await context.store.flows.get_flow(chat_id, context.now())
    except Exception:  # noqa: BLE001 - reading content goes on without the database
        log.warning("could not read the typed flow of chat %s", chat_ref(chat_id), exc_info=True)
        return None


async def drop_pending(context: Ctx, chat_id: int, slot: str = "") -> None:
    """End this chat's typed flow (or the one in ``slot``), if any."""
    await context.store.flows.drop_flow(chat_id, slot)


def several_zones(text: str, language: str | None = None) -> str:
    """The question asked when a typed place (a country, a region) has several time zones."""
    question = gettext_for(language)(N_("{place} has several time zones. Which one is yours? Or type your city."))
    return question.format(place=escape(quote(text), quote=False))


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def remember_topic(context: Ctx, chat_id: int, topic: Topic) -> None:
    """Remember the chat's current topic, in the database (for any replica to read), once a person
    agreed to storage (a group's always); before that, nothing is kept, not even in this process.

    Reading goes on even if the database is unavailable.
    """
    try:
        if chat_id > 0 and not await has_agreed(context, chat_id):
            return  # reading needs no consent, so nothing about this person is stored
        if (await chat_snapshot(context, chat_id)).topic != topic.id:
            await context.store.chats.set_topic(chat_id, topic.id)
            note_snapshot(context, chat_id, topic=topic.id)
    except Exception:  # noqa: BLE001 - remembering is a convenience, never a reason to fail a reply
        log.warning("could not remember the topic of chat %s", chat_ref(chat_id), exc_info=True)


async def has_agreed(context: Ctx, chat_id: int) -> bool:
    """Whether this person agreed to the privacy notice, asked of the database once per update.

    Never cached in the process across updates: with several replicas, /forget handled by one must
    hold at once on every other (bot.snapshot: read with the language and topic, in one query).
    """
    return (await chat_snapshot(context, chat_id)).agreed_at is not None


async def current_topic(context: Ctx, chat_id: int, content: Content | None = None) -> Topic | None:
    """The topic this chat chose before, if it is stored and still exists (a person who has not
    agreed to storage has none). From ``content`` (a language's), else the English content."""
    try:
        topic_id = (await chat_snapshot(context, chat_id)).topic
    except Exception:  # noqa: BLE001
        log.warning("could not read the topic of chat %s", chat_ref(chat_id), exc_info=True)
        topic_id = None
    return (content or context.content).topics.get(topic_id) if topic_id else None


async def read_time(update: Update, context: Ctx, text: str) -> dt.time | None:
    """The time in a typed answer; None (and why, said to the person) when it is not one."""
    try:
        return parse_time(text)
    except ValueError as exc:
        language = await language_of(update, context)
        if language == "en":
            await send(update, context, [escape(str(exc), quote=False)])
        else:  # the parser says what is wrong in English; here, what a time looks like
            wrong = gettext_for(language)(NOT_A_TIME).format(text=escape(quote(text), quote=False))
            await send(update, context, [wrong])
        return None


NOT_A_TIME = N_("{text} isn't a time I understand. Please type one such as 7:30, 19:30 or 7pm.")


async def read_zone(
    update: Update,
    context: Ctx,
    text: str,
    location: Location | None,
    choices_kind: Kind,
    *args: str,
    verb: str = "type",
) -> str | None:
    """The time zone of a typed place or a shared location; None when the person was asked again:
    a place with several zones gets one button per zone (``choices_kind|*args|zone``), an unknown
    one a hint."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if location is not None:
        zone = zone_from_location(location.latitude, location.longitude)
        if zone is None:
            await send(
                update, context, [_("I couldn't find a time zone for that place. Please type your city instead.")]
            )
        return zone
    if choices := zone_choices(text):
        markup = keyboards.zone_choices(choices_kind, choices, *args)
        await send(update, context, [several_zones(text, language)], markup)
        return None
    zone = find_zone(text)
    if zone is None:
        unknown = UNKNOWN_PLACE[verb] if verb in UNKNOWN_PLACE else UNKNOWN_PLACE["type"]
        await send(update, context, [_(unknown).format(place=escape(quote(text), quote=False))])
    return zone


NO_ZONE_THERE = N_("I couldn't find a time zone for that place. Please type your city instead.")
#: An unknown place, by what the person does to answer (type, or reply with, in a group).
UNKNOWN_PLACE = {
    "type": N_(
        "I don't know the place {place}. Please type a nearby big city, a zone such as Europe/Paris, "
        "or an offset such as UTC+1."
    ),
    "reply with": N_(
        "I don't know the place {place}. Please reply with a nearby big city, a zone such as Europe/Paris, "
        "or an offset such as UTC+1."
    ),
}


WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


async def weekly_slot(context: Ctx, chat_id: int) -> tuple[SubscriptionInfo, dt.datetime, int] | None:
    """For a weekly offer at the person's reminder time: their first reminder, now, and today's
    weekday in its zone (0 Monday); None for someone without reminders."""
    reminders = await context.store.reminders.list_subscriptions(chat_id)
    if not reminders:
        return None
    first, now = reminders[0], context.now()
    return first, now, now.astimezone(get_zone(first.zone)).weekday()
