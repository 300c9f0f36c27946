"""The cauda equina check-in (/check): the warning-card questions one at a time, yes or no, in
the person's language (the questions are the rules file's own: ``content/<language>/redflags.yaml``).

The buttons carry every answer so far, so any replica can ask the next question; a "yes" to any
question gets the emergency reply at the end, in the same language.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.emergency import number_for_chat
from bot.handlers.common import WEEKDAYS, is_private, language_of, send, weekly_slot
from bot.handlers.consent import ensure_consent
from bot.i18n import N_, gettext_for
from bot.keyboards import Safety, back_to_menu, button

CHECK_INTRO = N_(
    "Cauda equina check-in: {n} quick questions about the warning signs that need help at "
    "once. Answer for the last few days."
)
CHECK_CLEAR = N_(
    "✅ No warning signs today. If any of them starts, even at night or at the weekend, get "
    "help at once: /urgent lists them. You can run this check again at any time with /check."
)
WEEKLY_INTRO = N_("Your weekly check-in. ")
WEEKLY_OFFER = N_(
    "Would you like me to ask these questions once a week? People with sciatica are advised to "
    "check for these signs regularly."
)
OFFER_INTRO = N_("The cauda equina check-in (/check) takes a minute. ")
NEEDS_REMINDER = N_(
    "The weekly check-in goes out with your reminder's time and time zone, so I need a reminder "
    "first: /remind sets one up. Then tap the button again."
)
WEEKLY_DONE = N_(
    "Done: every {day} at {time} I'll ask these questions (quiet hours respected). "
    "Each check-in has a button to stop it; /stop stops it with your reminders."
)
EVERY_WEEK = N_("📅 Yes, every week")
UNAVAILABLE = N_("The check-in is not available just now. /urgent lists the warning signs.")
#: Topics whose plans offer the weekly check-in when they start (the pathway's people with sciatica).
WEEKLY_TOPICS = ("sciatica", "lumbar-disc-herniation")


def check_question(detector, step: int, answers: str, language: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    """Question ``step`` (0-based) of the check-in in ``language``; ``answers`` so far as "y"/"n"."""
    _ = gettext_for(language)
    items = detector.in_language(language).check_items
    question = items[step][1] if len(items) == len(detector.check_items) else detector.check_items[step][1]
    text = escape(f"{step + 1}/{len(detector.check_items)}. {question}", quote=False)
    return text, InlineKeyboardMarkup(
        [
            [
                button(_("Yes"), Safety.CHECK, str(step), answers + "y"),
                button(_("No"), Safety.CHECK, str(step), answers + "n"),
            ]
        ]
    )


def check_opening(
    detector, weekly: bool = False, language: str | None = None
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The check-in's opening message and its first question (with buttons), in ``language``."""
    _ = gettext_for(language)
    question, markup = check_question(detector, 0, "", language)
    intro = _(CHECK_INTRO).format(n=len(detector.check_items))
    stop = [[button(_("Stop the weekly check-in"), Safety.CHECK, "x")]] if weekly else []
    return [
        (escape((_(WEEKLY_INTRO) if weekly else "") + intro, quote=False), None),
        (question, InlineKeyboardMarkup([*markup.inline_keyboard, *stop])),
    ]


def _offer_keyboard(language: str | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(gettext_for(language)(EVERY_WEEK), Safety.CHECK, "w")]])


async def check_command(update: Update, context: Ctx) -> None:
    """/check: the cauda equina check-in, one question at a time, yes or no."""
    detector = context.services.detector
    language = await language_of(update, context)
    if detector is None or not detector.check_items:
        await send(update, context, [escape(gettext_for(language)(UNAVAILABLE), quote=False)])
        return
    for html, markup in check_opening(detector, language=language):
        await send(update, context, [html], markup)


async def _weekly(update: Update, context: Ctx, argument: str = "", *, pressed: bool = True) -> bool:
    """Start the weekly check-in at the time and zone of the person's first reminder (after consent)."""
    if not is_private(update):
        return False
    if pressed:
        await update.callback_query.answer()
    if not await ensure_consent(update, context, "weekly", "-"):
        return True
    _ = gettext_for(await language_of(update, context))
    chat_id = update.effective_chat.id
    if (slot := await weekly_slot(context, chat_id)) is None:
        await send(update, context, [escape(_(NEEDS_REMINDER), quote=False)])
        return True
    first, now, weekday = slot
    await context.store.reminders.start_weekly_check(chat_id, first.local_time, first.zone, weekday, now)
    done = _(WEEKLY_DONE).format(day=_(WEEKDAYS[weekday]), time=f"{first.local_time:%H:%M}")
    await send(update, context, [escape(done, quote=False)])
    return True


async def weekly_after_consent(update: Update, context: Ctx, argument: str) -> None:
    await _weekly(update, context, argument, pressed=False)


async def offer_weekly_check(update: Update, context: Ctx) -> None:
    """After a sciatica or slipped-disc plan, or a prescribed plan, starts: offer the check-in."""
    if not is_private(update) or context.services.detector is None:
        return
    language = await language_of(update, context)
    _ = gettext_for(language)
    await send(update, context, [escape(_(OFFER_INTRO) + _(WEEKLY_OFFER), quote=False)], _offer_keyboard(language))


async def _stop_weekly(update: Update, context: Ctx) -> bool:
    if not is_private(update):
        return False
    await update.callback_query.answer()
    stopped = await context.store.reminders.stop_weekly_check(update.effective_chat.id)
    _ = gettext_for(await language_of(update, context))
    reply = _("The weekly check-in is stopped. /check runs it whenever you like.") if stopped else None
    await send(update, context, [reply or _("There is no weekly check-in to stop.")])
    return True


async def on_check(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """A check-in answer. The buttons carry every answer so far, so any replica can take the next."""
    detector = context.services.detector
    if args == ("w",):
        return await _weekly(update, context)
    if args == ("x",):
        return await _stop_weekly(update, context)
    if detector is None or len(args) != 2 or not (args[0].isascii() and args[0].isdigit()):
        return False
    step, answers = int(args[0]), args[1]
    items = detector.check_items
    if step >= len(items) or len(answers) != step + 1 or set(answers) - {"y", "n"}:
        return False
    await update.callback_query.answer()
    language = await language_of(update, context)
    if step + 1 < len(items):
        question, markup = check_question(detector, step + 1, answers, language)
        await send(update, context, [question], markup)
        return True
    await _result(update, context, [sign for (sign, _q), answer in zip(items, answers, strict=True) if answer == "y"])
    if is_private(update) and context.store is not None:
        _ = gettext_for(language)
        await send(update, context, [escape(_(WEEKLY_OFFER), quote=False)], _offer_keyboard(language))
    return True


async def _result(update: Update, context: Ctx, found: list) -> None:
    """The emergency reply when any answer was yes (first, in the person's language), else the all-clear."""
    from bot.handlers.triage import _shown, alert_actions, alert_text  # triage imports this module
    from safety.verdict import Assessment

    language = await language_of(update, context)
    chat_id = update.effective_chat.id
    if not found:
        clear = escape(gettext_for(language)(CHECK_CLEAR), quote=False)
        await send(update, context, [clear], back_to_menu(language))
        return
    number = await number_for_chat(context.services.store, chat_id) if is_private(update) else None
    html = escape(alert_text(context.services.detector, Assessment(found), language, number), quote=False)
    await send(update, context, [html], alert_actions(language))
    await _shown(context, chat_id, Assessment(found))
