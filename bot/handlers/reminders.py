"""/remind, /reminders, /stop, /progress and the buttons under each reminder.

Button presses carry everything they need in their callback data, so they work after a restart.
Typed answers (a time, a city) are expected only while a flow waits for them; where the flow stands
is kept in the database's flows table (with an expiry, so any replica can take the next message),
and the reminder itself is stored only when the flow is complete.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import keyboards, render
from bot.context import Ctx
from bot.logs import chat_ref
from bot.handlers import care
from bot.handlers.triage import WEEKLY_TOPICS, offer_weekly_check
from bot.handlers.common import drop_pending, get_pending, set_pending, is_private, quote, send, several_zones
from bot.handlers.consent import CONTINUATIONS, ensure_consent
from scheduler.times import local_date, parse_time
from scheduler.zones import find_zone, is_known_zone, zone_choices, zone_from_location, zone_label
from storage.store import SubscriptionInfo, SubscriptionLimitReached

log = logging.getLogger(__name__)

TIMES = ["0700", "0800", "0900", "1200", "1800", "2000"]

b = keyboards.data




def _when(info: SubscriptionInfo) -> str:
    local = info.next_due_utc.astimezone(dt.timezone.utc).astimezone(_zone(info.zone))
    return f"{local:%a %d %b, %H:%M}"


def _zone(name: str):
    from scheduler.times import get_zone

    return get_zone(name)


def _describe(context: Ctx, info: SubscriptionInfo) -> str:
    programme = context.content.programmes.get(info.programme_id)
    title = programme.title if programme else info.programme_id
    state = "active" if info.active else f"paused ({info.paused_reason or 'paused'})"
    line = (f"<b>{escape(title, quote=False)}</b>\nEvery day at {info.local_time:%H:%M} "
            f"({escape(zone_label(info.zone), quote=False)}) · day {info.day + 1} · {state}")
    if info.active:
        line += f"\nNext: {_when(info)}"
    return line


def time_keyboard(kind: str, key: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(f"{t[:2]}:{t[2:]}", callback_data=b(kind, key, t)) for t in TIMES]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


# ---- /remind ---------------------------------------------------------------------------------


async def remind(update: Update, context: Ctx) -> None:
    """Start setting up a daily exercise reminder: pick a programme."""
    if not is_private(update):
        await send(update, context, ["Reminders are set up in a private chat with me."],
                   keyboards.open_private(context.bot.username))
        return
    if not await ensure_consent(update, context, "remind"):
        return
    subs = await context.store.list_subscriptions(update.effective_chat.id)
    if len(subs) >= 3:
        await send(update, context, ["You already have 3 reminders, the most I keep. "
                                     "Use /reminders to change or delete one."])
        return
    await drop_pending(context, update.effective_chat.id)
    rows = [[InlineKeyboardButton(p.title, callback_data=b("rp", p.id))] for p in context.content.programmes.values()]
    await send(update, context, ["<b>Daily exercise reminder</b>\n\nEach day I'll send you that day's exercises "
                                 "from a plan. Which plan would you like?"], InlineKeyboardMarkup(rows))


async def _pick_programme(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 1 or args[0] not in context.content.programmes:
        return False
    programme = context.content.programmes[args[0]]
    await update.callback_query.answer()
    await set_pending(context, update.effective_chat.id, {"step": "time", "programme": programme.id})
    text = [f"<b>{escape(programme.title, quote=False)}</b>", *render.paragraph(programme.description)]
    if programme.caution:
        text.append(f"<i>{escape(programme.caution, quote=False)}</i>")
    text.append("What time each day? Pick one, or type a time such as 7:30, 19:30 or 7pm.")
    await send(update, context, render.pack(text), time_keyboard("rt", programme.id))
    return True


async def _ask_zone(update: Update, context: Ctx, programme_id: str, at: dt.time) -> None:
    await set_pending(context, update.effective_chat.id, {"step": "zone", "programme": programme_id, "time": at.strftime("%H%M")})
    known = await context.store.get_zone(update.effective_chat.id)
    text = (f"Reminder at {at:%H:%M}. Which time zone are you in? Type your city or time zone "
            "(for example London, Europe/Berlin or UTC+2), or share your location with 📎 → Location.")
    rows = []
    if known:
        text = f"Reminder at {at:%H:%M}. Shall I use your time zone, {escape(zone_label(known), quote=False)}?"
        rows.append([InlineKeyboardButton(f"✅ Use {zone_label(known)}", callback_data=b("rok", programme_id, at.strftime("%H%M")))])
        text += " Or type another city or zone, or share your location."
    rows.append([InlineKeyboardButton("UK (Europe/London)", callback_data=b("rzl", programme_id, at.strftime("%H%M")))])
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
    try:
        info = await context.store.add_subscription(chat_id, programme_id, at, zone, context.now())
    except SubscriptionLimitReached as exc:
        await send(update, context, [escape(str(exc), quote=False)])
        return
    await context.store.set_zone(chat_id, zone)
    log.info("reminder %s created in chat %s", info.id, chat_ref(chat_id))
    await send(update, context, [f"✅ Done. {_describe(context, info)}\n\nEach reminder has buttons to mark it "
                                 "done, snooze it or skip a day. /reminders shows and changes your reminders."])
    programme = context.content.programmes.get(programme_id)
    if programme is not None and programme.topic in WEEKLY_TOPICS:
        await offer_weekly_check(update, context)


async def _use_zone(update: Update, context: Ctx, args: tuple[str, ...], fixed: str | None) -> bool:
    at = keyboards.parse_hhmm(args[1]) if len(args) == 2 else None
    if at is None or args[0] not in context.content.programmes:
        return False
    zone = fixed or await context.store.get_zone(update.effective_chat.id)
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
    if len(args) != 1 or not is_known_zone(args[0]) or not pending or pending.get("step") != "zone":
        return False
    await update.callback_query.answer()
    await _finish(update, context, pending["programme"], keyboards.parse_hhmm(pending["time"]), args[0])
    return True


# ---- typed answers while a flow waits -----------------------------------------------------


async def typed_answer(update: Update, context: Ctx) -> None:
    """Take a typed time or zone (or a shared location) when a flow is waiting for one."""
    pending = await get_pending(context, update.effective_chat.id)
    message = update.effective_message
    if not pending or message is None:
        return
    step = pending["step"]
    if message.location is not None:
        if step != "zone":
            return
        zone = zone_from_location(message.location.latitude, message.location.longitude)
        if zone is None:
            await send(update, context, ["I couldn't find a time zone for that place. Please type your city instead."])
            raise ApplicationHandlerStop
        await _finish(update, context, pending["programme"], keyboards.parse_hhmm(pending["time"]), zone)
        raise ApplicationHandlerStop
    text = (message.text or "").strip()
    if not text or text.startswith("/"):
        return  # commands go on as usual (and a new command abandons nothing stored)
    if step in ("time", "retime"):
        try:
            at = parse_time(text)
        except ValueError as exc:
            await send(update, context, [escape(str(exc), quote=False)])
            raise ApplicationHandlerStop from None
        if step == "time":
            await _ask_zone(update, context, pending["programme"], at)
        else:
            await _retime(update, context, pending["sub"], at)
        raise ApplicationHandlerStop
    if step == "zone":
        if choices := zone_choices(text):
            await send(update, context, [several_zones(text)], keyboards.zone_choices("rzc", choices))
            raise ApplicationHandlerStop
        zone = find_zone(text)
        if zone is None:
            await send(update, context, [f"I don't know the place {escape(quote(text), quote=False)}. Please type a "
                                         "nearby big city, a zone such as Europe/Paris, or an offset such as UTC+1."])
            raise ApplicationHandlerStop
        await _finish(update, context, pending["programme"], keyboards.parse_hhmm(pending["time"]), zone)
        raise ApplicationHandlerStop


# ---- /reminders ------------------------------------------------------------------------------


def _sub_keyboard(info: SubscriptionInfo) -> InlineKeyboardMarkup:
    toggle = (InlineKeyboardButton("⏸ Pause", callback_data=b("rpa", str(info.id))) if info.active
              else InlineKeyboardButton("▶️ Resume", callback_data=b("rre", str(info.id))))
    return InlineKeyboardMarkup([[toggle, InlineKeyboardButton("🕒 Change time", callback_data=b("rc", str(info.id))),
                                  InlineKeyboardButton("🗑 Delete", callback_data=b("rdel", str(info.id)))]])


async def reminders(update: Update, context: Ctx) -> None:
    """List this chat's reminders, each with its buttons."""
    subs = await context.store.list_subscriptions(update.effective_chat.id)
    if not subs:
        await send(update, context, ["You have no reminders. /remind sets one up."])
        return
    for info in subs:
        await send(update, context, [_describe(context, info)], _sub_keyboard(info))


async def _sub(update: Update, context: Ctx, args: tuple[str, ...]) -> SubscriptionInfo | None:
    if len(args) < 1 or not args[0].isdigit():
        return None
    return await context.store.get_subscription(int(args[0]), chat_id=update.effective_chat.id)


async def _toggle(update, context, args, *, active: bool) -> bool:
    """Pause or resume one reminder, then show it again with its buttons."""
    info = await _sub(update, context, args)
    if info is None:
        return False
    if active:
        await context.store.resume(info.id, context.now(), chat_id=info.chat_id)
    else:
        await context.store.pause(info.id, chat_id=info.chat_id)
    await update.callback_query.answer("Resumed" if active else "Paused")
    info = await _sub(update, context, args)
    await send(update, context, [_describe(context, info)], _sub_keyboard(info))
    return True


async def _pause(update, context, args):
    return await _toggle(update, context, args, active=False)


async def _resume(update, context, args):
    return await _toggle(update, context, args, active=True)


async def _change_time(update, context, args):
    info = await _sub(update, context, args)
    if info is None:
        return False
    await update.callback_query.answer()
    await set_pending(context, update.effective_chat.id, {"step": "retime", "sub": info.id})
    await send(update, context, ["New time? Pick one, or type a time such as 7:30 or 7pm."],
               time_keyboard("rct", str(info.id)))
    return True


async def _retime(update: Update, context: Ctx, sub_id: int, at: dt.time) -> None:
    await drop_pending(context, update.effective_chat.id)
    info = await context.store.get_subscription(sub_id, chat_id=update.effective_chat.id)
    if info is None:
        await send(update, context, ["That reminder no longer exists. /reminders shows the ones you have."])
        return
    info = await context.store.set_time(sub_id, at, info.zone, context.now(), chat_id=info.chat_id)
    await send(update, context, [f"🕒 Changed. {_describe(context, info)}"], _sub_keyboard(info))


async def _pick_new_time(update, context, args):
    at = keyboards.parse_hhmm(args[1]) if len(args) == 2 else None
    info = await _sub(update, context, args[:1]) if at else None
    if info is None:
        return False
    await update.callback_query.answer()
    await _retime(update, context, info.id, at)
    return True


async def _delete(update, context, args):
    info = await _sub(update, context, args)
    if info is None:
        return False
    await update.callback_query.answer()
    confirm = InlineKeyboardMarkup([[InlineKeyboardButton("Yes, delete it", callback_data=b("rdel2", str(info.id))),
                                     InlineKeyboardButton("No, keep it", callback_data=b("rkeep"))]])
    await send(update, context, ["Delete this reminder and its history?"], confirm)
    return True


async def _delete_confirmed(update, context, args):
    info = await _sub(update, context, args)
    if info is None:
        return False
    await context.store.delete(info.id, chat_id=info.chat_id)
    await update.callback_query.answer("Deleted")
    await send(update, context, ["🗑 Deleted. /remind sets up a new one."])
    return True


async def _keep(update, context, args):
    await update.callback_query.answer("Kept")
    return True


# ---- /stop -----------------------------------------------------------------------------------


async def stop(update: Update, context: Ctx) -> None:
    """Offer to stop every reminder of this chat at once."""
    subs = [s for s in await context.store.list_subscriptions(update.effective_chat.id) if s.active]
    if not subs:
        await send(update, context, ["You have no active reminders."])
        return
    confirm = InlineKeyboardMarkup([[InlineKeyboardButton("🛑 Yes, stop them all", callback_data=b("rstop")),
                                     InlineKeyboardButton("No, keep them", callback_data=b("rkeep"))]])
    await send(update, context, [f"Stop all {len(subs)} of your reminders? You can resume them later in /reminders."],
               confirm)


async def _stop_confirmed(update, context, args):
    count = await context.store.stop_all(update.effective_chat.id)
    await update.callback_query.answer("Stopped")
    await send(update, context, [f"🛑 Stopped {count} reminder(s). Nothing is deleted: /reminders can resume them."])
    return True


# ---- /progress -------------------------------------------------------------------------------


async def progress(update: Update, context: Ctx) -> None:
    """Streak, days done per week, and a chart of the last four weeks."""
    from bot.charts import progress_chart, weekly_done

    chat_id = update.effective_chat.id
    subs = await context.store.list_subscriptions(chat_id)
    zone = subs[0].zone if subs else (await context.store.get_zone(chat_id) or "Etc/UTC")
    today = local_date(context.now(), zone)
    history = await context.store.adherence_history(chat_id, today - dt.timedelta(days=27))
    if not history:
        await send(update, context, ["No exercise days recorded yet. When a reminder comes, press ✅ Done "
                                     "after your exercises and your progress will show here. /remind sets one up."])
        return
    stats = await context.store.progress(chat_id, today)
    weeks = weekly_done(history, today)
    text = (f"<b>Your progress</b>\n\nStreak: {stats.streak} day(s) in a row\n"
            f"Days done, last 4 weeks (oldest first): {' · '.join(map(str, weeks))}\n"
            f"This week: {stats.done} done, {stats.skipped} skipped, {stats.snoozed} snoozed")
    pain = [(p.date, p.pain) for p in await context.store.pain_series(chat_id, today - dt.timedelta(days=27))]
    if pain:
        text += f"\nPain: {pain[0][1]}/10 at the start of these weeks, {pain[-1][1]}/10 most recently"
    chart = await asyncio.to_thread(progress_chart, history, today, 28, pain)
    await context.bot.send_photo(chat_id, chart, caption="Green: done · yellow: snoozed · grey: skipped · red line: pain")
    await send(update, context, [text])


# ---- buttons under a reminder ----------------------------------------------------------------


async def _reminder_sub(update, context, args, size: int):
    if len(args) != size or not all(a.isdigit() for a in args):
        return None
    return await _sub(update, context, args[:1])


async def _done(update, context, args):
    info = await _reminder_sub(update, context, args, 2)
    if info is None:
        return False
    now = context.now()
    today = local_date(now, info.zone)
    await context.store.record_adherence(info.id, today, "done", chat_id=info.chat_id)
    await update.callback_query.answer("Well done! ✅")
    progress = await context.store.progress(info.chat_id, today)
    rating = await context.store.add_rating(info.chat_id, info.id, today, int(args[1]), now)
    await send(update, context, [f"✅ Marked as done. Your streak: {progress.streak} day(s).\n\n"
                                 "If you like, tell me how it went (one tap each, both optional):\n"
                                 "<b>Pain right now</b>, from 0 (none) to 10 (worst), and <b>how the exercises felt</b>."],
               care.rating_keyboard(rating))
    return True


async def _snooze(update, context, args):
    info = await _reminder_sub(update, context, args, 2)
    if info is None:
        return False
    due = await context.services.engine.snooze(info.id, int(args[1]), chat_id=info.chat_id)
    await update.callback_query.answer("Snoozed for 30 minutes")
    local = due.astimezone(_zone(info.zone))
    await send(update, context, [f"⏰ I'll remind you again at {local:%H:%M}."])
    return True


async def _skip(update, context, args):
    info = await _reminder_sub(update, context, args, 2)
    if info is None:
        return False
    await context.services.engine.skip_today(info.id, chat_id=info.chat_id)
    await update.callback_query.answer("Skipped today")
    await send(update, context, ["⏭ Skipped for today. See you tomorrow."])
    return True


async def _stop_one(update, context, args):
    info = await _reminder_sub(update, context, args, 1)
    if info is None:
        return False
    await context.store.pause(info.id, chat_id=info.chat_id, reason="stopped")
    await update.callback_query.answer("Stopped")
    await send(update, context, ["🛑 This reminder is stopped. /reminders can resume it."])
    return True


#: Callback kinds handled here: kind -> handler(update, context, args) -> False when stale.
BUTTONS = {
    "rp": _pick_programme, "rt": _pick_time, "rok": _use_known_zone, "rzl": _use_london,
    "rpa": _pause, "rre": _resume, "rc": _change_time, "rct": _pick_new_time,
    "rdel": _delete, "rdel2": _delete_confirmed, "rkeep": _keep, "rstop": _stop_confirmed,
    "rd": _done, "rz": _snooze, "rk": _skip, "rx": _stop_one, "rzc": _use_chosen_zone,
}

HANDLERS_TYPED = [MessageHandler(filters.ChatType.PRIVATE & (filters.TEXT | filters.LOCATION), typed_answer)]

HANDLERS = [
    CommandHandler("remind", remind),
    CommandHandler("reminders", reminders),
    CommandHandler("stop", stop),
    CommandHandler("progress", progress),
]

CONTINUATIONS["remind"] = lambda update, context, _argument: remind(update, context)
