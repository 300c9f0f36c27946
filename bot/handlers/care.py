"""The care loop in the chat: pain and how-it-felt after an exercise, the worsening alert,
plain-word stop/start, pausing for people who block the bot, and feedback on content."""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot import keyboards, render
from bot.context import Ctx
from bot.delivery import programme_day
from bot.handlers import plan
from bot.handlers.common import drop_pending, send
from bot.handlers.consent import ensure_consent
from bot.handlers.info import signs_by_level
from bot.handlers.outcomes import record_alert
from bot.handlers.router import Feature
from bot.keyboards import Care, Read, button
from scheduler.times import parse_time
from storage.care import worsening

log = logging.getLogger(__name__)

FEELING_LABELS = {
    "easier": "🙂 Easier",
    "same": "😐 Same",
    "harder": "😣 Harder",
    "further": "⚡ Pain went further down my leg",
}


def rating_keyboard(rating_id: int) -> InlineKeyboardMarkup:
    """Pain 0-10 (Telegram allows 8 buttons a row, so two rows) and how the session felt."""
    pain = [button(str(n), Care.PAIN, str(rating_id), str(n)) for n in range(11)]
    feel = [button(label, Care.FEELING, str(rating_id), key) for key, label in FEELING_LABELS.items()]
    return InlineKeyboardMarkup([pain[:6], pain[6:], feel[:3], feel[3:]])


def worsening_advice(exercises: list[str]) -> str:
    """The worsening alert's advice (plain text), for the exercises named (the Mini App's "Too
    painful, stop" gives it too)."""
    names = ", ".join(exercises) if exercises else "these exercises"
    return (
        f"Please pause {names} for now and talk to your physiotherapist or doctor before you carry on. "
        "Your reminders keep coming; you can pause them in /reminders."
    )


async def _worsening_alert(update: Update, context: Ctx, rating_id: int, reason: str) -> None:
    """Suggest pausing the exercise and talking to a clinician; show when to get help now."""
    exercises = await _rated_exercises(context, rating_id, update.effective_chat.id)
    text = f"⚠️ <b>{escape(reason, quote=False)}</b>\n\n{escape(worsening_advice(exercises), quote=False)}"
    urgent = render.urgent_page(context.content, signs_by_level(context))
    await send(update, context, render.pack([text, *urgent]), keyboards.urgent_actions())
    await record_alert(context, update.effective_chat.id, "worsening", reason)
    from bot.handlers.clinician import notify

    await notify(context, update.effective_chat.id, f"the worsening alert fired: {reason}")


async def _rated_exercises(context: Ctx, rating_id: int, chat_id: int) -> list[str]:
    found = await context.store.care.rating_session(rating_id, chat_id)
    if found is None:
        return []
    programme_id, day = found
    programme = context.content.programmes.get(programme_id)
    if programme is None:
        return []
    today, _ = programme_day(programme, day)
    return [context.content.exercises[e].name for e in today.exercises if e in context.content.exercises]


async def _pain(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 2 or not args[0].isdigit() or not args[1].isdigit() or int(args[1]) > 10:
        return False
    chat_id = update.effective_chat.id
    if not await context.store.care.rate(int(args[0]), chat_id, pain=int(args[1])):
        return False
    await update.callback_query.answer(f"Pain {args[1]}/10 noted")
    if worsening(await context.store.care.pain_series(chat_id)):
        await _worsening_alert(
            update,
            context,
            int(args[0]),
            "Your pain has been 3 or more points above your starting level for your last 3 sessions.",
        )
    await plan.after_rating(context, chat_id, int(args[0]), int(args[1]))
    return True


async def _feeling(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 2 or not args[0].isdigit() or args[1] not in FEELING_LABELS:
        return False
    if not await context.store.care.rate(int(args[0]), update.effective_chat.id, feeling=args[1]):
        return False
    await update.callback_query.answer("Thanks, noted")
    if args[1] == "further":
        await _worsening_alert(
            update, context, int(args[0]), "Pain that spreads further down the leg is a sign to stop."
        )
    return True


# ---- plain words: "stop" and "start" ----------------------------------------------------------


async def plain_stop(update: Update, context: Ctx) -> None:
    """'stop' pauses every reminder at once."""
    count = await context.store.reminders.stop_all(update.effective_chat.id)
    text = (
        f"⏸ Paused {count} reminder(s). Type start to resume them."
        if count
        else "You have no active reminders. /remind sets one up."
    )
    await send(update, context, [text])


#: Pauses a person chose (/stop, "stop", the Pause button). Any other reason is the bot's: it
#: could not deliver (blocked, removed, failed five times).
CHOSEN = frozenset({"stopped", "paused"})


def _paused(infos, *, chosen_too: bool) -> list:
    return [i for i in infos if not i.active and (chosen_too or i.paused_reason not in CHOSEN)]


async def resume_all(context: Ctx, chat_id: int, *, chosen_too: bool = True) -> int:
    """Resume the paused reminders of a chat (without ``chosen_too``, only those paused because
    they could not be delivered); how many."""
    count = 0
    for info in _paused(await context.store.reminders.list_subscriptions(chat_id), chosen_too=chosen_too):
        count += await context.store.reminders.resume(info.id, context.now(), chat_id=chat_id)
    return count


async def plain_start(update: Update, context: Ctx) -> None:
    """'start' resumes every paused reminder."""
    count = await resume_all(context, update.effective_chat.id)
    text = (
        f"▶️ Resumed {count} reminder(s). Type stop to pause them."
        if count
        else "You have no paused reminders. /remind sets one up, /help shows what else I can do."
    )
    await send(update, context, [text])


async def offer_resume(context: Ctx, chat_id: int) -> None:
    """After someone unblocks the bot: offer to resume what the block paused, never resume by
    itself, and never what the person had paused themselves."""
    paused = _paused(await context.store.reminders.list_subscriptions(chat_id), chosen_too=False)
    if not paused:
        return
    keyboard = keyboards.confirm("▶️ Resume my reminders", Care.RESUME_ALL, no="Not now")
    await context.bot.send_message(
        chat_id, f"Welcome back. You have {len(paused)} paused reminder(s). Shall I resume them?", reply_markup=keyboard
    )


async def _resume_all(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if args:
        return False
    count = await resume_all(context, update.effective_chat.id, chosen_too=False)
    await update.callback_query.answer("Resumed")
    await send(update, context, [f"▶️ Resumed {count} reminder(s)."])
    return True


# ---- quiet hours ----------------------------------------------------------------------------


async def quiet(update: Update, context: Ctx) -> None:
    """/quiet shows the quiet hours; /quiet 22:00-07:00 changes them."""
    chat_id = update.effective_chat.id
    arg = " ".join(context.args or []).strip()
    if not arg:
        start, end = await context.store.care.quiet_hours(chat_id)
        await send(
            update,
            context,
            [
                f"Your quiet hours: {start:%H:%M}–{end:%H:%M} (your local time). Snoozed and "
                "late reminders never arrive in them. Change them with, for example, "
                "/quiet 22:30-07:30."
            ],
        )
        return
    parts = [p for p in arg.replace("–", "-").replace(" to ", "-").split("-") if p.strip()]
    try:
        if len(parts) != 2:
            raise ValueError("Please give a start and an end, for example /quiet 22:00-07:00.")
        start, end = parse_time(parts[0]), parse_time(parts[1])
    except ValueError as exc:
        await send(update, context, [escape(str(exc), quote=False)])
        return
    if not await ensure_consent(update, context, "quiet", f"{start:%H:%M}-{end:%H:%M}"):
        return
    await _set_quiet(update, context, start, end)


async def _set_quiet(update: Update, context: Ctx, start, end) -> None:
    await context.store.care.set_quiet_hours(update.effective_chat.id, start, end)
    await send(update, context, [f"🌙 Quiet hours set to {start:%H:%M}–{end:%H:%M}."])


async def _quiet_after_consent(update: Update, context: Ctx, argument: str) -> None:
    start, end = (parse_time(p) for p in argument.split("-"))
    await _set_quiet(update, context, start, end)


# ---- feedback on content ---------------------------------------------------------------------


async def _feedback(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 3 or args[2] not in ("0", "1"):
        return False
    if args[0] == keyboards.EXERCISE_FEEDBACK:
        if args[1] not in context.content.exercises:
            return False
        key = f"exercise/{args[1]}"
    else:
        topic = context.content.topics.get(args[0])
        if topic is None or topic.section(args[1]) is None:
            return False
        key = f"{topic.id}/{args[1]}"
    await context.store.care.count_feedback(key, args[2] == "1")
    await update.callback_query.answer("Thank you for your feedback")
    message = update.callback_query.message
    if message is not None and message.reply_markup is not None:
        # Drop the feedback row from that message, so one reading gives one vote.
        rows = [
            row
            for row in message.reply_markup.inline_keyboard
            if not any((btn.callback_data or "").startswith(Read.FEEDBACK() + "|") for btn in row)
        ]
        await message.edit_reply_markup(InlineKeyboardMarkup(rows))
    return True


async def report_lines(store) -> list[str]:
    """Sections by helpfulness (least helpful first), for ``main.py report``."""
    rows = await store.care.feedback_report()
    rows.sort(key=lambda r: (r[1] / max(1, r[1] + r[2]), -(r[1] + r[2])))
    lines = [f"{'section':40} {'helpful':>8} {'not':>5} {'share':>6}"]
    for section, up, down in rows:
        lines.append(f"{section:40} {up:>8} {down:>5} {up / max(1, up + down):>6.0%}")
    return lines


async def leave_flow(update: Update, context: Ctx) -> None:
    """'stop' or 'start' while a flow waits for a typed answer: the flow is dropped (nothing of it
    was stored) and the word does what it always does (the handlers below, in a later group)."""
    await drop_pending(context, update.effective_chat.id)


_WORDS = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
_STOP = _WORDS & filters.Regex(r"(?i)^\s*(stop|pause)\s*[.!]*\s*$")
_START = _WORDS & filters.Regex(r"(?i)^\s*(start|resume)\s*[.!]*\s*$")
FEATURE = Feature(
    "care",
    handlers=[CommandHandler("quiet", quiet), MessageHandler(_STOP, plain_stop), MessageHandler(_START, plain_start)],
    buttons={Care.PAIN: _pain, Care.FEELING: _feeling, Care.RESUME_ALL: _resume_all, Read.FEEDBACK: _feedback},
    after_consent={"quiet": _quiet_after_consent},
    # Before the flows' typed answers: "stop" is never taken for a time, a place or a name.
    before_flows=[MessageHandler(_STOP | _START, leave_flow)],
)
