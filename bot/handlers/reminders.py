"""/remind, /reminders and /stop (bot/handlers/sessions.py: the buttons under each reminder, /progress).

Button presses carry everything they need in their callback data, so they work after a restart.
Typed answers (a time, a city) are expected only while a flow waits for them; where the flow stands
is kept in the database's flows table (with an expiry, so any replica can take the next message),
and the reminder itself is stored only when the flow is complete.
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers.check import WEEKLY_TOPICS, offer_weekly_check
from bot.handlers.common import (
    drop_pending,
    get_pending,
    is_private,
    language_of,
    read_time,
    read_zone,
    send,
    translator,
)
from bot.handlers.consent import ensure_consent
from bot.handlers.router import Answer, Feature, Flow
from bot.i18n import N_, gettext_for, ngettext_for
from bot.keyboards import Remind, button, confirm
from bot.logs import chat_ref
from scheduler.capacity import quieter_hint
from scheduler.times import get_zone
from scheduler.zones import is_known_zone, zone_label
from storage.reminders import SubscriptionInfo, SubscriptionLimitReached

log = logging.getLogger(__name__)

TIMES = ["0700", "0800", "0900", "1200", "1800", "2000"]


def _when(info: SubscriptionInfo, language: str | None = None) -> str:
    local = info.next_due_utc.astimezone(dt.UTC).astimezone(get_zone(info.zone))
    if not language or language == "en":
        return f"{local:%a %d %b, %H:%M}"
    from babel.dates import format_datetime

    return format_datetime(local, "EEE d MMM, HH:mm", tzinfo=local.tzinfo, locale=language)


def _describe(context: Ctx, info: SubscriptionInfo, language: str | None = None) -> str:
    _ = gettext_for(language)
    programme = context.content.in_language(language).programmes.get(info.programme_id)
    title = programme.title if programme else info.programme_id
    reason = escape(info.paused_reason or _("paused"), quote=False)
    state = _("active") if info.active else _("paused ({reason})").format(reason=reason)
    line = f"<b>{escape(title, quote=False)}</b>\n" + _("Every day at {time} ({zone}) · day {day} · {state}").format(
        time=f"{info.local_time:%H:%M}", zone=escape(zone_label(info.zone), quote=False), day=info.day + 1, state=state
    )
    if info.active:
        line += "\n" + _("Next: {when}").format(when=_when(info, language))
    return line


def time_keyboard(kind: keyboards.Kind, key: str) -> InlineKeyboardMarkup:
    buttons = [button(f"{t[:2]}:{t[2:]}", kind, key, t) for t in TIMES]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


# ---- /remind ---------------------------------------------------------------------------------


async def remind(update: Update, context: Ctx) -> None:
    """Start setting up a daily exercise reminder: pick a programme."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("Reminders are set up in a private chat with me.")], private)
        return
    if not await ensure_consent(update, context, "remind"):
        return
    subs = await context.store.reminders.list_subscriptions(update.effective_chat.id)
    if len(subs) >= 3:
        full = _("You already have 3 reminders, the most I keep. Use /reminders to change or delete one.")
        await send(update, context, [full])
        return
    await drop_pending(context, update.effective_chat.id)
    programmes = context.content.in_language(language).programmes.values()
    rows = [[button(p.title, Remind.PROGRAMME, p.id)] for p in programmes]
    intro = _("Each day I'll send you that day's exercises from a plan. Which plan would you like?")
    await send(update, context, ["<b>" + _("Daily exercise reminder") + "</b>\n\n" + intro], InlineKeyboardMarkup(rows))


async def _pick_programme(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 1 or args[0] not in context.content.programmes:
        return False
    language = await language_of(update, context)
    programme = context.content.in_language(language).programmes.get(args[0]) or context.content.programmes[args[0]]
    await update.callback_query.answer()
    await SET_UP.ask(context, update.effective_chat.id, "time", programme=programme.id)
    text = [f"<b>{escape(programme.title, quote=False)}</b>", *render.paragraph(programme.description)]
    if programme.caution:
        text.append(f"<i>{escape(programme.caution, quote=False)}</i>")
    text.append(gettext_for(language)(N_("What time each day? Pick one, or type a time such as 7:30, 19:30 or 7pm.")))
    await send(update, context, render.pack(text), time_keyboard(Remind.TIME, programme.id))
    return True


async def _ask_zone(update: Update, context: Ctx, programme_id: str, at: dt.time) -> None:
    hhmm = at.strftime("%H%M")
    await SET_UP.ask(context, update.effective_chat.id, "zone", programme=programme_id, time=hhmm)
    known = await context.store.chats.get_zone(update.effective_chat.id)
    _ = await translator(update, context)
    text = _(
        "Reminder at {time}. Which time zone are you in? Type your city or time zone "
        "(for example London, Europe/Berlin or UTC+2), or share your location with 📎 → Location."
    ).format(time=f"{at:%H:%M}")
    rows = []
    if known:
        text = _("Reminder at {time}. Shall I use your time zone, {zone}?").format(
            time=f"{at:%H:%M}", zone=escape(zone_label(known), quote=False)
        )
        rows.append([button(_("✅ Use {zone}").format(zone=zone_label(known)), Remind.KNOWN_ZONE, programme_id, hhmm)])
        text += " " + _("Or type another city or zone, or share your location.")
    rows.append([button(_("UK (Europe/London)"), Remind.LONDON, programme_id, hhmm)])
    await send(update, context, [text], InlineKeyboardMarkup(rows))


async def _pick_time(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    at = keyboards.parse_hhmm(args[1]) if len(args) == 2 else None
    if at is None or args[0] not in context.content.programmes:
        return False
    await update.callback_query.answer()
    await _ask_zone(update, context, args[0], at)
    return True


async def _finish(update: Update, context: Ctx, programme_id: str, at: dt.time, zone: str) -> None:
    """Create the subscription: the only place the /remind flow writes to the database."""
    chat_id = update.effective_chat.id
    await drop_pending(context, update.effective_chat.id)
    language = await language_of(update, context)
    _ = gettext_for(language)
    try:
        info = await context.store.reminders.add_subscription(chat_id, programme_id, at, zone, context.now())
    except SubscriptionLimitReached as exc:
        limit = _("A chat can have at most {limit} reminders. Delete one before adding another.")
        await send(update, context, [escape(limit.format(limit=exc.limit), quote=False)])
        return
    await context.store.chats.set_zone(chat_id, zone)
    log.info("reminder %s created in chat %s", info.id, chat_ref(chat_id))
    done = _(
        "✅ Done. {reminder}\n\nEach reminder has buttons to mark it done, snooze it or skip a day. "
        "/reminders shows and changes your reminders."
    )
    await send(update, context, [done.format(reminder=_describe(context, info, language))])
    hint = await quieter_hint(
        context.store.reminders, at, zone, context.services.settings.broadcast_per_second, context.now()
    )
    if hint is not None:  # a crowded minute: nearby quieter times, one tap each
        text = hint[0] if language == "en" else _quieter(language, at, hint[1])
        times = [button(f"{t:%H:%M}", Remind.NEW_TIME, str(info.id), f"{t:%H%M}") for t in hint[1]]
        await send(update, context, [text], InlineKeyboardMarkup([times]))
    programme = context.content.programmes.get(programme_id)
    if programme is not None and programme.topic in WEEKLY_TOPICS:
        await offer_weekly_check(update, context)


def _quieter(language: str, at: dt.time, times: list[dt.time]) -> str:
    """The crowded-minute hint in ``language`` (scheduler.capacity words it in English)."""
    names = " / ".join(f"{t:%H:%M}" for t in times)
    plural = ngettext_for(language)
    hint = plural(
        "Many reminders go out at {time}, so yours may arrive late. {names} is quieter; tap it to move it.",
        "Many reminders go out at {time}, so yours may arrive late. {names} are quieter; tap one to move it.",
        len(times),
    )
    return hint.format(time=f"{at:%H:%M}", names=names)


async def _use_zone(update: Update, context: Ctx, args: tuple[str, ...], fixed: str | None) -> bool:
    at = keyboards.parse_hhmm(args[1]) if len(args) == 2 else None
    if at is None or args[0] not in context.content.programmes:
        return False
    zone = fixed or await context.store.chats.get_zone(update.effective_chat.id)
    if zone is None:
        return False
    await update.callback_query.answer()
    await _finish(update, context, args[0], at, zone)
    return True


async def _use_known_zone(update, context, args):
    return await _use_zone(update, context, args, None)


async def _use_london(update, context, args):
    return await _use_zone(update, context, args, "Europe/London")


async def _use_chosen_zone(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """One of a country's zones, offered when the person typed the country."""
    pending = await get_pending(context, update.effective_chat.id)
    if len(args) != 1 or not is_known_zone(args[0]) or not SET_UP.waits_at(pending, "zone"):
        return False
    await update.callback_query.answer()
    at = keyboards.parse_hhmm(pending["time"])  # type: ignore[index]  # waits_at: the flow is at its zone step
    await _finish(update, context, pending["programme"], at, args[0])  # type: ignore[arg-type,index]
    return True


# ---- typed answers while /remind or "Change time" waits -------------------------------------


async def typed_time(update: Update, context: Ctx, answer: Answer) -> None:
    """A typed time for a new reminder: then its time zone."""
    at = await read_time(update, context, answer.text)
    if at is not None:
        await _ask_zone(update, context, answer.state["programme"], at)


async def typed_zone(update: Update, context: Ctx, answer: Answer) -> None:
    """A typed place or a shared location for a new reminder: then it is made."""
    zone = await read_zone(update, context, answer.text, answer.location, Remind.CHOSEN_ZONE)
    if zone is not None:
        at = keyboards.parse_hhmm(answer.state["time"])  # stored by this flow as a valid time
        await _finish(update, context, answer.state["programme"], at, zone)  # type: ignore[arg-type]


async def typed_new_time(update: Update, context: Ctx, answer: Answer) -> None:
    """A typed time for an existing reminder."""
    at = await read_time(update, context, answer.text)
    if at is not None:
        await _retime(update, context, answer.state["sub"], at)


SET_UP = Flow("remind", {"time": typed_time, "zone": typed_zone, "retime": typed_new_time}, located=frozenset({"zone"}))


# ---- /reminders ------------------------------------------------------------------------------


def _sub_keyboard(info: SubscriptionInfo, language: str | None = None) -> InlineKeyboardMarkup:
    _, sub = gettext_for(language), str(info.id)
    toggle = button(_("⏸ Pause"), Remind.PAUSE, sub) if info.active else button(_("▶️ Resume"), Remind.RESUME, sub)
    change, delete = button(_("🕒 Change time"), Remind.CHANGE_TIME, sub), button(_("🗑 Delete"), Remind.DELETE, sub)
    return InlineKeyboardMarkup([[toggle, change, delete]])


async def _show(update: Update, context: Ctx, info: SubscriptionInfo, head: str = "") -> None:
    """One reminder, described in the chat's language, with its buttons (``head`` before it)."""
    language = await language_of(update, context)
    await send(update, context, [head + _describe(context, info, language)], _sub_keyboard(info, language))


async def reminders(update: Update, context: Ctx) -> None:
    """List this chat's reminders, each with its buttons."""
    subs = await context.store.reminders.list_subscriptions(update.effective_chat.id)
    if not subs:
        await send(
            update, context, [(await translator(update, context))(N_("You have no reminders. /remind sets one up."))]
        )
        return
    for info in subs:
        await _show(update, context, info)


async def own_reminder(update: Update, context: Ctx, args: tuple[str, ...]) -> SubscriptionInfo | None:
    if len(args) < 1 or not args[0].isdigit():
        return None
    return await context.store.reminders.get_subscription(int(args[0]), chat_id=update.effective_chat.id)


async def _toggle(update, context, args, *, active: bool) -> bool:
    """Pause or resume one reminder, then show it again with its buttons."""
    info = await own_reminder(update, context, args)
    if info is None:
        return False
    if active:
        await context.store.reminders.resume(info.id, context.now(), chat_id=info.chat_id)
    else:
        await context.store.reminders.pause(info.id, chat_id=info.chat_id)
    _ = await translator(update, context)
    await update.callback_query.answer(_("Resumed") if active else _("Paused"))
    info = await own_reminder(update, context, args)
    await _show(update, context, info)  # type: ignore[arg-type]
    return True


async def _pause(update, context, args):
    return await _toggle(update, context, args, active=False)


async def _resume(update, context, args):
    return await _toggle(update, context, args, active=True)


async def _change_time(update, context, args):
    info = await own_reminder(update, context, args)
    if info is None:
        return False
    await update.callback_query.answer()
    await SET_UP.ask(context, update.effective_chat.id, "retime", sub=info.id)
    question = (await translator(update, context))(N_("New time? Pick one, or type a time such as 7:30 or 7pm."))
    await send(update, context, [question], time_keyboard(Remind.NEW_TIME, str(info.id)))
    return True


async def _retime(update: Update, context: Ctx, sub_id: int, at: dt.time) -> None:
    await drop_pending(context, update.effective_chat.id)
    info = await context.store.reminders.get_subscription(sub_id, chat_id=update.effective_chat.id)
    _ = await translator(update, context)
    if info is None:
        await send(update, context, [_("That reminder no longer exists. /reminders shows the ones you have.")])
        return
    info = await context.store.reminders.set_time(sub_id, at, info.zone, context.now(), chat_id=info.chat_id)
    await _show(update, context, info, _("🕒 Changed.") + " ")  # type: ignore[arg-type]


async def _pick_new_time(update, context, args):
    at = keyboards.parse_hhmm(args[1]) if len(args) == 2 else None
    info = await own_reminder(update, context, args[:1]) if at else None
    if info is None or at is None:
        return False
    await update.callback_query.answer()
    await _retime(update, context, info.id, at)
    return True


async def _delete(update, context, args):
    info = await own_reminder(update, context, args)
    if info is None:
        return False
    await update.callback_query.answer()
    _ = await translator(update, context)
    sure = confirm(_("Yes, delete it"), Remind.DELETE_CONFIRMED, str(info.id), no=_("No, keep it"))
    await send(update, context, [_("Delete this reminder and its history?")], sure)
    return True


async def _delete_confirmed(update, context, args):
    info = await own_reminder(update, context, args)
    if info is None:
        return False
    await context.store.reminders.delete(info.id, chat_id=info.chat_id)
    _ = await translator(update, context)
    await update.callback_query.answer(_("Deleted"))
    await send(update, context, [_("🗑 Deleted. /remind sets up a new one.")])
    return True


FEATURE = Feature(
    "reminders",
    handlers=[
        CommandHandler("remind", remind),
        CommandHandler("reminders", reminders),
    ],
    buttons={
        Remind.PROGRAMME: _pick_programme,
        Remind.TIME: _pick_time,
        Remind.KNOWN_ZONE: _use_known_zone,
        Remind.LONDON: _use_london,
        Remind.CHOSEN_ZONE: _use_chosen_zone,
        Remind.PAUSE: _pause,
        Remind.RESUME: _resume,
        Remind.CHANGE_TIME: _change_time,
        Remind.NEW_TIME: _pick_new_time,
        Remind.DELETE: _delete,
        Remind.DELETE_CONFIRMED: _delete_confirmed,
    },
    flows=[SET_UP],
    after_consent={"remind": lambda update, context, _argument: remind(update, context)},
)
