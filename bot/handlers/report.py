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
WHY = {"week": N_("a good week"), "pain": N_("pain up 2 or more points"), "worsening": N_("the worsening alert")}
PLAN = N_("{plan} (day {day}, active)")
PAUSED = N_("{plan} (day {day}, paused)")
NOTHING = N_(
    "Nothing to report yet. /checkin records how your back affects everyday life, and /remind sets up "
    "daily exercises; both then show on your report."
)


def _warning(context: Ctx, what: str, language: str | None) -> str:
    """A warning as recorded (the signs' English labels, or a worsening reason) in ``language``."""
    _ = gettext_for(language)
    detector = context.services.detector
    if not language or language == "en" or _(what) != what or detector is None:
        return _(what)
    ids = {sign.label: sign.id for sign in detector.signs}
    rules = detector.in_language(language)
    return "; ".join(rules.label_of(ids[part]) if part in ids else part for part in what.split("; "))


def _weeks(done: dict, today: dt.date) -> list[tuple[dt.date, int]]:
    """Days done in each of the last ``WEEKS`` weeks (by the week's last day), oldest first."""
    if not done:
        return []
    ends = [today - dt.timedelta(days=7 * w) for w in range(WEEKS - 1, -1, -1)]
    return [(end, sum("done" in done.get(end - dt.timedelta(days=i), set()) for i in range(7))) for end in ends]


async def gather(context: Ctx, chat_id: int, language: str | None = None) -> ReportData:
    """Everything the page shows, read from the store, with the page's words in ``language``."""
    store, content, _ = context.store, context.content.in_language(language), gettext_for(language)
    subs = await store.reminders.list_subscriptions(chat_id)
    zone = subs[0].zone if subs else (await store.chats.get_zone(chat_id) or "Etc/UTC")
    today = local_date(context.now(), zone)
    topic = content.topics.get(await store.chats.get_topic(chat_id) or "")
    programmes = []
    for sub in subs:
        programme = content.programmes.get(sub.programme_id)
        if programme is not None:
            programmes.append(_(PLAN if sub.active else PAUSED).format(plan=programme.title, day=sub.day + 1))
    history = await store.outcomes.history(chat_id)
    goals = await store.outcomes.goals(chat_id)
    since = today - dt.timedelta(days=7 * WEEKS - 1)
    weeks = _weeks(await store.history.adherence_history(chat_id, since), today)
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
        alerts=[
            (a.shown_at, a.level, _warning(context, a.what, language)) for a in await store.outcomes.alerts(chat_id)
        ],
        plan_changes=[
            (local_date(c.made_at, zone), c.before, c.after, _(WHY[c.reason]) + (_(" (undone)") if c.undone_at else ""))
            for c in await store.plan.changes(chat_id)
        ],
        language=language,
    )


async def report_command(update: Update, context: Ctx) -> None:
    """/report: the one-page PDF in the person's language, sent as a document."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("For your privacy, /report works only in a private chat with me.")], private)
        return
    chat_id = update.effective_chat.id
    data = await gather(context, chat_id, language)
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
