"""/report: a one-page PDF of what Rootwise stores about a person, for their next appointment."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import InputFile, Update
from telegram.ext import CommandHandler

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import is_private, language_of, send
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for
from bot.report import CheckInRow, ReportData, report_pdf
from scheduler.times import local_date

WEEKS = 8
#: Why the plan changed, as the report says it (storage/plan.py's reasons).
WHY = {"week": "a good week", "pain": "pain up 2 or more points", "worsening": "the worsening alert"}
NOTHING = N_(
    "Nothing to report yet. /checkin records how your back affects everyday life, and /remind sets up "
    "daily exercises; both then show on your report."
)


async def gather(context: Ctx, chat_id: int) -> ReportData:
    """Everything the page shows, read from the store."""
    store, content = context.store, context.content
    subs = await store.reminders.list_subscriptions(chat_id)
    zone = subs[0].zone if subs else (await store.chats.get_zone(chat_id) or "Etc/UTC")
    today = local_date(context.now(), zone)
    topic = content.topics.get(await store.chats.get_topic(chat_id) or "")
    programmes = []
    for sub in subs:
        programme = content.programmes.get(sub.programme_id)
        if programme is not None:
            state = "active" if sub.active else "paused"
            programmes.append(f"{programme.title} (day {sub.day + 1}, {state})")
    history = await store.outcomes.history(chat_id)
    goals = await store.outcomes.goals(chat_id)
    since = today - dt.timedelta(days=7 * WEEKS - 1)
    done = await store.history.adherence_history(chat_id, since)
    weeks = []
    if done:
        for w in range(WEEKS - 1, -1, -1):
            end = today - dt.timedelta(days=7 * w)
            weeks.append((end, sum("done" in done.get(end - dt.timedelta(days=i), set()) for i in range(7))))
    return ReportData(
        made=today,
        topic=topic.title if topic else None,
        programmes=programmes,
        checkins=[
            CheckInRow(local_date(c.completed_at, zone), c.rmdq, c.leg_pain, c.back_pain, c.walking_minutes)
            for c in history
        ],
        session_pain=[(p.date, p.pain) for p in await store.care.pain_series(chat_id, since)],
        weeks=weeks,
        goals=[(g.activity, [c.goals[g.id] for c in history if g.id in c.goals]) for g in goals],
        alerts=[(a.shown_at, a.level, a.what) for a in await store.outcomes.alerts(chat_id)],
        plan_changes=[
            (local_date(c.made_at, zone), c.before, c.after, WHY[c.reason] + (" (undone)" if c.undone_at else ""))
            for c in await store.plan.changes(chat_id)
        ],
    )


async def report_command(update: Update, context: Ctx) -> None:
    """/report: the one-page PDF, sent as a document (the page is in English, for a clinician; what
    the bot says around it is in the person's language)."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("For your privacy, /report works only in a private chat with me.")], private)
        return
    chat_id = update.effective_chat.id
    data = await gather(context, chat_id)
    if not (data.checkins or data.programmes or data.session_pain or data.alerts):
        await send(update, context, [_(NOTHING)])
        return
    pdf = await asyncio.to_thread(report_pdf, data)  # about a second of drawing: off the event loop
    await context.bot.send_document(
        chat_id,
        InputFile(pdf, filename=f"rootwise-report-{data.made:%Y-%m-%d}.pdf"),
        caption=_(
            "Your report for your next appointment: check-in scores, pain, exercise days, goals and "
            "warnings shown. Information, not a diagnosis."
        ),
    )


FEATURE = Feature("report", handlers=[CommandHandler("report", report_command)])
