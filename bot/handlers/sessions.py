"""A day's session: the buttons under a reminder (Done, Snooze, Skip, Stop), /stop and /progress.

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
from bot.handlers.common import language_of, send, translator
from bot.handlers.reminders import own_reminder
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for, ngettext_for
from bot.keyboards import Remind, button, confirm
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
    language = await language_of(update, context)
    _, plural = gettext_for(language), ngettext_for(language)
    if not history:
        none = _(
            "No exercise days recorded yet. When a reminder comes, press ✅ Done "
            "after your exercises and your progress will show here. /remind sets one up."
        )
        await send(update, context, [none])
        return
    stats = await context.store.history.progress(chat_id, today)
    weeks = weekly_done(history, today)
    # English keeps "day(s)" in both forms; the catalogs give each language its own plural forms.
    streak = plural("Streak: {n} day(s) in a row", "Streak: {n} day(s) in a row", stats.streak).format(n=stats.streak)
    lines = [
        "<b>" + _("Your progress") + "</b>\n",
        streak,
        _("Days done, last 4 weeks (oldest first): {weeks}").format(weeks=" · ".join(map(str, weeks))),
        _("This week: {done} done, {skipped} skipped, {snoozed} snoozed").format(
            done=stats.done, skipped=stats.skipped, snoozed=stats.snoozed
        ),
    ]
    pain = [(p.date, p.pain) for p in await context.store.care.pain_series(chat_id, today - dt.timedelta(days=27))]
    if pain:
        lines.append(
            _("Pain: {first}/10 at the start of these weeks, {last}/10 most recently").format(
                first=pain[0][1], last=pain[-1][1]
            )
        )
    chart = await asyncio.to_thread(progress_chart, history, today, 28, pain)
    caption = _("Green: done · yellow: snoozed · grey: skipped · red line: pain")
    await context.bot.send_photo(chat_id, chart, caption=caption)
    await send(update, context, ["\n".join(lines)])


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
    language = await language_of(update, context)
    _, content = gettext_for(language), context.content.in_language(language)
    programme = content.programmes.get(info.programme_id) if info is not None else None
    if info is None or programme is None:
        await send(update, context, [_("You have no exercise reminder yet. /remind sets one up.")])
        return
    day = max(info.day - 1, 0)  # the day its last reminder brought (the first, before any came)
    done = button(_("✅ Done"), Remind.DONE, str(info.id), str(day))
    markup = InlineKeyboardMarkup([[start_button(url, info.id), done]])
    level = await context.store.plan.level(info.id)  # the repeats of an adapted plan (content/progression.yaml)
    await send(update, context, [reminder_caption(content, programme, day, level, language)], markup)


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


HOW_IT_WENT = N_(
    "If you like, tell me how it went (one tap each, both optional):\n"
    "<b>Pain right now</b>, from 0 (none) to 10 (worst), "
    "and <b>how the exercises felt</b>."
)


def done_message(streak: int, language: str | None = None) -> str:
    """What follows Done: the streak, and the pain question (with care.rating_keyboard)."""
    plural = ngettext_for(language)
    done = plural("✅ Marked as done. Your streak: {n} day(s).", "✅ Marked as done. Your streak: {n} day(s).", streak)
    question = gettext_for(language)(HOW_IT_WENT)
    return done.format(n=streak) + "\n\n" + question


async def _done(update, context, args):
    info = await _reminderown_reminder(update, context, args, 2)
    if info is None:
        return False
    progress, rating = await record_done(context.store, info, int(args[1]), context.now())
    language = await language_of(update, context)
    await update.callback_query.answer(gettext_for(language)(N_("Well done! ✅")))
    await send(update, context, [done_message(progress.streak, language)], care.rating_keyboard(rating, language))
    return True


async def _snooze(update, context, args):
    info = await _reminderown_reminder(update, context, args, 2)
    if info is None:
        return False
    due = await context.services.engine.snooze(info.id, int(args[1]), chat_id=info.chat_id)
    _ = await translator(update, context)
    await update.callback_query.answer(_("Snoozed for 30 minutes"))
    local = due.astimezone(get_zone(info.zone))
    await send(update, context, [_("⏰ I'll remind you again at {time}.").format(time=f"{local:%H:%M}")])
    return True


async def _skip(update, context, args):
    info = await _reminderown_reminder(update, context, args, 2)
    if info is None:
        return False
    await context.services.engine.skip_today(info.id, chat_id=info.chat_id)
    _ = await translator(update, context)
    await update.callback_query.answer(_("Skipped today"))
    await send(update, context, [_("⏭ Skipped for today. See you tomorrow.")])
    return True


async def _stop_one(update, context, args):
    info = await _reminderown_reminder(update, context, args, 1)
    if info is None:
        return False
    await context.store.reminders.pause(info.id, chat_id=info.chat_id, reason="stopped")
    _ = await translator(update, context)
    await update.callback_query.answer(_("Stopped"))
    await send(update, context, [_("🛑 This reminder is stopped. /reminders can resume it.")])
    return True


# ---- /stop -----------------------------------------------------------------------------------


async def stop(update: Update, context: Ctx) -> None:
    """Offer to stop every reminder of this chat at once."""
    subs = [s for s in await context.store.reminders.list_subscriptions(update.effective_chat.id) if s.active]
    language = await language_of(update, context)
    _, plural = gettext_for(language), ngettext_for(language)
    if not subs:
        await send(update, context, [_("You have no active reminders.")])
        return
    question = plural(
        "Stop your reminder? You can resume it later in /reminders.",
        "Stop all {n} of your reminders? You can resume them later in /reminders.",
        len(subs),
    )
    sure = confirm(_("🛑 Yes, stop them all"), Remind.STOP_ALL, no=_("No, keep them"))
    await send(update, context, [question.format(n=len(subs))], sure)


async def _stop_confirmed(update, context, args):
    count = await context.store.reminders.stop_all(update.effective_chat.id)
    language = await language_of(update, context)
    _, plural = gettext_for(language), ngettext_for(language)
    await update.callback_query.answer(_("Stopped"))
    done = plural(
        "🛑 Stopped {n} reminder. Nothing is deleted: /reminders can resume it.",
        "🛑 Stopped {n} reminders. Nothing is deleted: /reminders can resume them.",
        count,
    )
    await send(update, context, [done.format(n=count)])
    return True


FEATURE = Feature(
    "sessions",
    handlers=[
        CommandHandler("progress", progress),
        CommandHandler("today", today, filters.ChatType.PRIVATE),
        CommandHandler("stop", stop),
    ],
    buttons={
        Remind.DONE: _done,
        Remind.SNOOZE: _snooze,
        Remind.SKIP: _skip,
        Remind.STOP: _stop_one,
        Remind.STOP_ALL: _stop_confirmed,
    },
)
