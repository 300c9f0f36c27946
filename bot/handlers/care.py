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
from bot.handlers.common import drop_pending, language_of, send, translator
from bot.handlers.consent import ensure_consent
from bot.handlers.info import signs_by_level, urgent_page_of
from bot.handlers.outcomes import record_alert
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for, ngettext_for
from bot.keyboards import Care, Read, button
from scheduler.times import parse_time
from storage.care import worsening

log = logging.getLogger(__name__)

FEELING_LABELS = {
    "easier": N_("🙂 Easier"),
    "same": N_("😐 Same"),
    "harder": N_("😣 Harder"),
    "further": N_("⚡ Pain went further down my leg"),
}
HIGHER_PAIN = N_("Your pain has been 3 or more points above your starting level for your last 3 sessions.")
FURTHER = N_("Pain that spreads further down the leg is a sign to stop.")


def rating_keyboard(rating_id: int, language: str | None = None) -> InlineKeyboardMarkup:
    """Pain 0-10 (Telegram allows 8 buttons a row, so two rows) and how the session felt."""
    _ = gettext_for(language)
    pain = [button(str(n), Care.PAIN, str(rating_id), str(n)) for n in range(11)]
    feel = [button(_(label), Care.FEELING, str(rating_id), key) for key, label in FEELING_LABELS.items()]
    return InlineKeyboardMarkup([pain[:6], pain[6:], feel[:3], feel[3:]])


def worsening_advice(exercises: list[str], language: str | None = None) -> str:
    """The worsening alert's advice (plain text), for the exercises named (the Mini App's "Too
    painful, stop" gives it too)."""
    _ = gettext_for(language)
    names = ", ".join(exercises) if exercises else _("these exercises")
    return _(
        "Please pause {exercises} for now and talk to your physiotherapist or doctor before you carry on. "
        "Your reminders keep coming; you can pause them in /reminders."
    ).format(exercises=names)


async def _worsening_alert(update: Update, context: Ctx, rating_id: int, reason: str) -> None:
    """Suggest pausing the exercise and talking to a clinician; show when to get help now."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    exercises = await _rated_exercises(context, rating_id, update.effective_chat.id, language)
    advice = escape(worsening_advice(exercises, language), quote=False)
    text = f"⚠️ <b>{escape(gettext_for(language)(reason), quote=False)}</b>\n\n{advice}"
    urgent = render.urgent_page(content, signs_by_level(context, language), pg=urgent_page_of(content, language))
    await send(update, context, render.pack([text, *urgent]), keyboards.urgent_actions(language))
    await record_alert(context, update.effective_chat.id, "worsening", reason)
    from bot.handlers.clinician import WORSENED, notify

    await notify(context, update.effective_chat.id, lambda t: t(WORSENED).format(reason=t(reason)))


async def _rated_exercises(context: Ctx, rating_id: int, chat_id: int, language: str | None = None) -> list[str]:
    found = await context.store.care.rating_session(rating_id, chat_id)
    if found is None:
        return []
    programme_id, day = found
    content = context.content.in_language(language)
    programme = content.programmes.get(programme_id)
    if programme is None:
        return []
    today, _ = programme_day(programme, day)
    return [content.exercises[e].name for e in today.exercises if e in content.exercises]


async def _pain(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 2 or not args[0].isdigit() or not args[1].isdigit() or int(args[1]) > 10:
        return False
    chat_id = update.effective_chat.id
    if not await context.store.care.rate(int(args[0]), chat_id, pain=int(args[1])):
        return False
    await update.callback_query.answer((await translator(update, context))(N_("Pain {n}/10 noted")).format(n=args[1]))
    if worsening(await context.store.care.pain_series(chat_id)):
        await _worsening_alert(update, context, int(args[0]), HIGHER_PAIN)  # it steps the plan back
    else:  # nothing after the alert says what pain is fine
        await plan.after_rating(context, chat_id, int(args[0]), int(args[1]))
    return True


async def _feeling(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 2 or not args[0].isdigit() or args[1] not in FEELING_LABELS:
        return False
    if not await context.store.care.rate(int(args[0]), update.effective_chat.id, feeling=args[1]):
        return False
    await update.callback_query.answer((await translator(update, context))(N_("Thanks, noted")))
    if args[1] == "further":
        await _worsening_alert(update, context, int(args[0]), FURTHER)
    return True


# ---- plain words: "stop" and "start" ----------------------------------------------------------


async def plain_stop(update: Update, context: Ctx) -> None:
    """'stop' pauses every reminder at once."""
    count = await context.store.reminders.stop_all(update.effective_chat.id)
    language = await language_of(update, context)
    plural = ngettext_for(language)
    text = (
        plural(
            "⏸ Paused {n} reminder. Type start to resume it.",
            "⏸ Paused {n} reminders. Type start to resume them.",
            count,
        ).format(n=count)
        if count
        else gettext_for(language)(N_("You have no active reminders. /remind sets one up."))
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
    language = await language_of(update, context)
    plural = ngettext_for(language)
    text = (
        plural(
            "▶️ Resumed {n} reminder. Type stop to pause it.",
            "▶️ Resumed {n} reminders. Type stop to pause them.",
            count,
        ).format(n=count)
        if count
        else gettext_for(language)(
            N_("You have no paused reminders. /remind sets one up, /help shows what else I can do.")
        )
    )
    await send(update, context, [text])


async def offer_resume(context: Ctx, chat_id: int) -> None:
    """After someone unblocks the bot: offer to resume what the block paused, never resume by
    itself, and never what the person had paused themselves."""
    paused = _paused(await context.store.reminders.list_subscriptions(chat_id), chosen_too=False)
    if not paused:
        return
    language = await context.store.chats.get_language(chat_id)
    _, plural = gettext_for(language), ngettext_for(language)
    keyboard = keyboards.confirm(_("▶️ Resume my reminders"), Care.RESUME_ALL, no=_("Not now"))
    welcome = plural(
        "Welcome back. You have {n} paused reminder. Shall I resume it?",
        "Welcome back. You have {n} paused reminders. Shall I resume them?",
        len(paused),
    )
    await context.bot.send_message(chat_id, welcome.format(n=len(paused)), reply_markup=keyboard)


async def _resume_all(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if args:
        return False
    count = await resume_all(context, update.effective_chat.id, chosen_too=False)
    language = await language_of(update, context)
    await update.callback_query.answer(gettext_for(language)(N_("Resumed")))
    plural = ngettext_for(language)
    await send(update, context, [plural("▶️ Resumed {n} reminder.", "▶️ Resumed {n} reminders.", count).format(n=count)])
    return True


# ---- quiet hours ----------------------------------------------------------------------------


async def quiet(update: Update, context: Ctx) -> None:
    """/quiet shows the quiet hours; /quiet 22:00-07:00 changes them."""
    chat_id = update.effective_chat.id
    arg = " ".join(context.args or []).strip()
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not arg:
        start, end = await context.store.care.quiet_hours(chat_id)
        text = _(
            "Your quiet hours: {start}–{end} (your local time). Snoozed and late reminders never arrive in "
            "them. Change them with, for example, /quiet 22:30-07:30."
        )
        await send(update, context, [text.format(start=f"{start:%H:%M}", end=f"{end:%H:%M}")])
        return
    parts = [p for p in arg.replace("–", "-").replace(" to ", "-").replace(" a ", "-").split("-") if p.strip()]
    try:
        if len(parts) != 2:
            raise ValueError(_("Please give a start and an end, for example /quiet 22:00-07:00."))
        start, end = parse_time(parts[0]), parse_time(parts[1])
    except ValueError as exc:
        problem = str(exc) if language == "en" or len(parts) != 2 else _(QUIET_EXAMPLE)
        await send(update, context, [escape(problem, quote=False)])
        return
    if not await ensure_consent(update, context, "quiet", f"{start:%H:%M}-{end:%H:%M}"):
        return
    await _set_quiet(update, context, start, end)


QUIET_EXAMPLE = N_("Those are not two times I understand. Please type them as, for example, /quiet 22:00-07:00.")


async def _set_quiet(update: Update, context: Ctx, start, end) -> None:
    await context.store.care.set_quiet_hours(update.effective_chat.id, start, end)
    done = (await translator(update, context))(N_("🌙 Quiet hours set to {start}–{end}."))
    await send(update, context, [done.format(start=f"{start:%H:%M}", end=f"{end:%H:%M}")])


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
    await update.callback_query.answer((await translator(update, context))(N_("Thank you for your feedback")))
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
