"""A day's session: the buttons under a reminder (Done, Snooze, Skip, Stop) and /progress.

Every button carries the reminder and the programme day it was sent for, so a press works after a
restart and on any replica; Done counts once per message (bot/handlers/router.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.charts import progress_chart, weekly_done
from bot.context import Ctx
from bot.handlers import care
from bot.handlers.common import send
from bot.handlers.reminders import own_reminder
from bot.handlers.router import Feature
from bot.keyboards import Remind, button
from scheduler.times import get_zone, local_date
from storage.history import Progress
from storage.reminders import SubscriptionInfo

# ---- /progress -------------------------------------------------------------------------------


async def progress(update: Update, context: Ctx) -> None:
    """Streak, days done per week, and a chart of the last four weeks."""
    chat_id = update.effective_chat.id
    subs = await context.store.reminders.list_subscriptions(chat_id)
    zone = subs[0].zone if subs else (await context.store.chats.get_zone(chat_id) or "Etc/UTC")
    today = local_date(context.now(), zone)
    history = await context.store.history.adherence_history(chat_id, today - dt.timedelta(days=27))
    if not history:
        await send(
            update,
            context,
            [
                "No exercise days recorded yet. When a reminder comes, press ✅ Done "
                "after your exercises and your progress will show here. /remind sets one up."
            ],
        )
        return
    stats = await context.store.history.progress(chat_id, today)
    weeks = weekly_done(history, today)
    text = (
        f"<b>Your progress</b>\n\nStreak: {stats.streak} day(s) in a row\n"
        f"Days done, last 4 weeks (oldest first): {' · '.join(map(str, weeks))}\n"
        f"This week: {stats.done} done, {stats.skipped} skipped, {stats.snoozed} snoozed"
    )
    pain = [(p.date, p.pain) for p in await context.store.care.pain_series(chat_id, today - dt.timedelta(days=27))]
    if pain:
        text += f"\nPain: {pain[0][1]}/10 at the start of these weeks, {pain[-1][1]}/10 most recently"
    chart = await asyncio.to_thread(progress_chart, history, today, 28, pain)
    await context.bot.send_photo(
        chat_id, chart, caption="Green: done · yellow: snoozed · grey: skipped · red line: pain"
    )
    await send(update, context, [text])


# ---- /today (with the Mini App) -------------------------------------------------------------


async def today(update: Update, context: Ctx) -> None:
    """The day's session as its reminder shows it, with "▶ Start session" (the Mini App) next to
    Done. Only with WEBAPP_URL set; without it /today is a command the bot does not have."""
    url = context.services.settings.webapp_url
    if not url:
        from bot.handlers.fallback import unknown_command

        await unknown_command(update, context)
        return
    from bot.delivery import reminder_caption
    from bot.webapp.api import start_button

    subs = await context.store.reminders.list_subscriptions(update.effective_chat.id)
    info = next((s for s in subs if s.active), subs[0] if subs else None)
    programme = context.content.programmes.get(info.programme_id) if info is not None else None
    if info is None or programme is None:
        await send(update, context, ["You have no exercise reminder yet. /remind sets one up."])
        return
    day = max(info.day - 1, 0)  # the day its last reminder brought (the first, before any came)
    done = button("✅ Done", Remind.DONE, str(info.id), str(day))
    markup = InlineKeyboardMarkup([[start_button(url, info.id), done]])
    level = await context.store.plan.level(info.id)  # the repeats of an adapted plan (content/progression.yaml)
    await send(update, context, [reminder_caption(context.content, programme, day, level)], markup)


# ---- buttons under a reminder ----------------------------------------------------------------


async def _reminderown_reminder(update, context, args, size: int):
    if len(args) != size or not all(a.isdigit() for a in args):
        return None
    return await own_reminder(update, context, args[:1])


async def record_done(store, info: SubscriptionInfo, day: int, now: dt.datetime) -> tuple[Progress, int]:
    """A session done (the reminder's Done button, the Mini App's Done): today's adherence, the
    streak after it, and the rating row the pain question fills in."""
    today = local_date(now, info.zone)
    await store.history.record_adherence(info.id, today, "done", chat_id=info.chat_id)
    progress = await store.history.progress(info.chat_id, today)
    rating = await store.care.add_rating(info.chat_id, info.id, today, day, now)
    return progress, rating


def done_message(streak: int) -> str:
    """What follows Done: the streak, and the pain question (with care.rating_keyboard)."""
    return (
        f"✅ Marked as done. Your streak: {streak} day(s).\n\n"
        "If you like, tell me how it went (one tap each, both optional):\n"
        "<b>Pain right now</b>, from 0 (none) to 10 (worst), "
        "and <b>how the exercises felt</b>."
    )


async def _done(update, context, args):
    info = await _reminderown_reminder(update, context, args, 2)
    if info is None:
        return False
    progress, rating = await record_done(context.store, info, int(args[1]), context.now())
    await update.callback_query.answer("Well done! ✅")
    await send(update, context, [done_message(progress.streak)], care.rating_keyboard(rating))
    return True


async def _snooze(update, context, args):
    info = await _reminderown_reminder(update, context, args, 2)
    if info is None:
        return False
    due = await context.services.engine.snooze(info.id, int(args[1]), chat_id=info.chat_id)
    await update.callback_query.answer("Snoozed for 30 minutes")
    local = due.astimezone(get_zone(info.zone))
    await send(update, context, [f"⏰ I'll remind you again at {local:%H:%M}."])
    return True


async def _skip(update, context, args):
    info = await _reminderown_reminder(update, context, args, 2)
    if info is None:
        return False
    await context.services.engine.skip_today(info.id, chat_id=info.chat_id)
    await update.callback_query.answer("Skipped today")
    await send(update, context, ["⏭ Skipped for today. See you tomorrow."])
    return True


async def _stop_one(update, context, args):
    info = await _reminderown_reminder(update, context, args, 1)
    if info is None:
        return False
    await context.store.reminders.pause(info.id, chat_id=info.chat_id, reason="stopped")
    await update.callback_query.answer("Stopped")
    await send(update, context, ["🛑 This reminder is stopped. /reminders can resume it."])
    return True


FEATURE = Feature(
    "sessions",
    handlers=[CommandHandler("progress", progress), CommandHandler("today", today, filters.ChatType.PRIVATE)],
    buttons={Remind.DONE: _done, Remind.SNOOZE: _snooze, Remind.SKIP: _skip, Remind.STOP: _stop_one},
)
