"""Red flags in what people write: the level's reply at once, or one short question when unclear.

The detector (safety/redflags.py) decides; this module only renders and routes. A message that
gets an emergency or urgent reply, or the follow-up question, is answered by nothing else: a
second reply ("I couldn't find an answer", "that isn't a time I understand") would undo the first.

The follow-up question keeps no state in the process: its buttons carry the signs (as numbers in
the rules file's order) and the answer the message would otherwise have had.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot.context import Ctx
from bot.emergency import advice_for, number_for_chat, with_number
from bot.handlers import info
from bot.handlers import usual as usual_screen
from bot.handlers.check import (
    check_command,
    on_check,
    weekly_after_consent,
)
from bot.handlers.common import current_topic, is_private, send
from bot.handlers.outcomes import record_alert
from bot.handlers.router import Feature
from bot.i18n import from_telegram, gettext_for, ngettext_for
from bot.keyboards import Read, Safety, button
from bot.replies import send_text
from content.answers import choose
from safety.verdict import ACTIONS, N_, Assessment, Sign, Triage, render_alert, top_level

log = logging.getLogger(__name__)

QUESTION = N_("Is this new, or worse than usual, in the last few days?")
QUESTION_USUAL = N_("You told me this is usual for you. Is it worse than usual, or different, in the last few days?")
NOTED = N_("Noted")
REMEMBER = N_("📝 Remember: this is usual for me")
YOU_MENTIONED = N_("You mentioned: {signs}.")
YES_NEW = N_("Yes, new or worse")
NO_USUAL = N_("No, this is usual for me")
GET_HELP = N_("🚨 When to get help now")
MENU = N_("🏠 Menu")
USUAL_REPLY = N_("Thank you. Then I won't treat it as an emergency today. Get help at once if it changes: {signs}")
IF_IT_DOES = N_("If it does:")
NOT_SURE = N_("If you are not sure, answer Yes.")
ONE_QUESTION_FIRST = N_("One more question, because your answer could make this an emergency:")
STILL_NEEDS = N_("What you told me about {signs} still needs a doctor today, as my reply above says.")


def _codes(detector, signs) -> str:
    index = {s.id: i for i, s in enumerate(detector.signs)}
    return ".".join(str(index[s.id]) for s in signs)


def signs_of(detector, codes: str) -> list[Sign] | None:
    """The signs named by a button's codes; None when they do not parse or are out of range."""
    if not codes:
        return []
    out = []
    for part in codes.split(".")[:8]:
        if not (part.isascii() and part.isdigit()) or int(part) >= len(detector.signs):
            return None
        out.append(detector.signs[int(part)])
    return out


def _answer_key(content, text: str, reading: str | None, index) -> str:
    answers = [a for a in choose(content, index, text, reading) if a.kind == "section"]
    return f"{answers[0].topic_id}:{answers[0].ref}" if answers else "-"


def person_language(update: Update) -> str:
    """The person's language: Telegram's ``language_code`` (es* -> Spanish, else English)."""
    user = update.effective_user
    return from_telegram(user.language_code if user is not None else None)


async def _person_language(update: Update, context: Ctx) -> str:
    from bot.handlers.language import language_of

    return await language_of(update, context)


#: Signs that are not symptoms: a reply naming only these does not end with "This is not a
#: diagnosis ... these signs need a professional to check them".
NOT_SYMPTOMS = frozenset({"self-harm"})


def alert_text(detector, assessment: Assessment, language: str | None, number: str | None = None) -> str:
    """The level's reply in ``language``, the signs named in that language's own words, with each
    sign's own advice; an emergency names ``number`` when the person's country is known, and the
    self-harm advice that country's crisis line (bot/emergency.py)."""
    rules = detector.in_language(language)
    gettext = gettext_for(language)
    advice = advice_for(gettext, language, number, {**detector.advice, **rules.advice})  # English where untranslated
    return render_alert(
        assessment,
        gettext=with_number(gettext, number),
        ngettext=ngettext_for(language),
        label=lambda sign: rules.label_of(sign.id),
        advice=lambda sign: advice(sign.id),
        closing=not all(s.id in NOT_SYMPTOMS for s in assessment.signs),
    )


def alert_actions(language: str | None) -> InlineKeyboardMarkup:
    _ = gettext_for(language)
    return InlineKeyboardMarkup([[button(_(GET_HELP), Read.URGENT)], [button(_(MENU), Read.MENU)]])


def question_keyboard(
    detector, triage: Triage, answer: str, language: str | None = None, shown: bool = False
) -> InlineKeyboardMarkup:
    """Yes / No / Get help under the follow-up question; ``shown``: the clear signs' own reply was
    sent just before it (then "No" does not send it again)."""
    unclear, alert = _codes(detector, triage.unclear), _codes(detector, triage.alert)
    no = "m" if shown else "n"
    no_args = (no, unclear, alert, answer)
    if not Safety.QUESTION.fits(*no_args):
        no_args = (no, unclear, alert, "-")
    _ = gettext_for(language)
    return InlineKeyboardMarkup(
        [
            [button(_(YES_NEW), Safety.QUESTION, "y", unclear, alert)],
            [button(_(NO_USUAL), Safety.QUESTION, *no_args)],
            [button(_(GET_HELP), Read.URGENT)],
        ]
    )


def render_question(
    triage: Triage, usual: frozenset[str] = frozenset(), language: str | None = None, detector=None
) -> str:
    _ = gettext_for(language)
    rules = detector.in_language(language) if detector is not None else None
    labels = "; ".join(rules.label_of(s.id) if rules else s.label for s in triage.unclear[:3])
    question = QUESTION_USUAL if any(s.id in usual for s in triage.unclear) else QUESTION
    return escape(_(YOU_MENTIONED).format(signs=labels) + f"\n\n{_(question)} {_(NOT_SURE)}", quote=False)


async def usual_signs(context: Ctx, chat_id: int) -> frozenset[str]:
    """The signs this person recorded as usual; none when the database cannot say (then the
    bot treats every sign as possibly new: the safe side)."""
    try:
        return await context.store.care.usual_signs(chat_id)
    except Exception:  # noqa: BLE001 - a red flag is answered whatever the database does
        log.warning("could not read usual signs", exc_info=True)
        return frozenset()


async def on_message(update: Update, context: Ctx, triage: Triage, text: str) -> None:
    """Answer what the detector found in a message; raise ApplicationHandlerStop when nothing
    else may answer it."""
    chat_id = update.effective_chat.id
    usual: frozenset[str] = frozenset()
    if is_private(update) and context.store is not None:
        usual = await usual_signs(context, chat_id)
        if usual:
            triage = context.services.detector.triage(text, usual=usual)
            if not triage:
                return
    log.info("red flag: %s, %s", triage.action, triage.level)  # no chat id: nothing that names a person
    # The language of the message when it can be told (a Spanish speaker with an English Telegram
    # still writes Spanish), otherwise the person's.
    language = triage.language or await _person_language(update, context)
    detector = context.services.detector
    if triage.action == "ask" and is_private(update):
        # A clear urgent sign (e.g. a fever) gets its reply now, not after a press, in the same
        # message as the question, which comes last so that it is answered; a "soon" reply ("this
        # is not an emergency") would contradict the question, so it waits for "No".
        first = top_level(triage.alert) == "urgent"
        question = render_question(triage, usual, language, detector)
        if first:
            clear = Assessment(list(triage.alert))
            now = await _alert_html(context, chat_id, clear, language)
            question = f"{now}\n\n{escape(gettext_for(language)(ONE_QUESTION_FIRST), quote=False)}\n{question}"
            await _shown(context, chat_id, clear)
        reading = await current_topic(context, chat_id)
        answer = _answer_key(context.content, text, reading.id if reading else None, context.services.questions)
        await context.bot.send_message(
            chat_id, question, reply_markup=question_keyboard(detector, triage, answer, language, shown=first)
        )
        raise ApplicationHandlerStop
    # In a group there is no follow-up question: a sign that may be new is answered at its level.
    signs = [*triage.alert, *triage.unclear] if triage.action == "ask" else list(triage.alert)
    assessment = Assessment(signs)
    await _alert_now(context, chat_id, assessment, language, private=is_private(update))
    if assessment.level in ("emergency", "urgent"):
        raise ApplicationHandlerStop


async def _alert_html(
    context: Ctx, chat_id: int, assessment: Assessment, language: str | None, private: bool = True
) -> str:
    """The level's reply for ``assessment`` as HTML, naming the person's emergency number (and
    crisis line) in a private chat."""
    number = await number_for_chat(context.services.store, chat_id) if private else None
    return escape(alert_text(context.services.detector, assessment, language, number), quote=False)


async def _alert_now(
    context: Ctx, chat_id: int, assessment: Assessment, language: str | None, private: bool = True
) -> None:
    """Send the level's reply for ``assessment`` and record that it was shown."""
    html = await _alert_html(context, chat_id, assessment, language, private)
    await send_text(context.bot, chat_id, html, alert_actions(language))
    await _shown(context, chat_id, assessment)


async def _shown(context: Ctx, chat_id: int, assessment: Assessment) -> None:
    """Remember the warning for the person's /report (after it was sent; see outcomes.record_alert)."""
    if assessment and context.store is not None:
        await record_alert(
            context,
            chat_id,
            assessment.level,  # type: ignore[arg-type]  # a sign was found
            "; ".join(s.label for s in assessment.signs[:3]),
        )


async def on_answer(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """A press on the follow-up question's buttons; False when its data is stale or forged."""
    detector = context.services.detector
    if detector is not None and args[:1] in (("u",), ("t",), ("c",), ("s",)):
        return await usual_screen.on_press(update, context, args)
    if detector is None or len(args) < 3 or args[0] not in ("y", "n", "m"):
        return False
    unclear, alert = signs_of(detector, args[1]), signs_of(detector, args[2])
    if unclear is None or alert is None or not unclear:
        return False
    if args[0] == "y":
        await update.callback_query.answer()
        await _alert(update, context, Assessment([*unclear, *alert]))
    else:
        await update.callback_query.answer(gettext_for(await _person_language(update, context))(NOTED))
        await _usual(update, context, unclear, alert, args, shown=args[0] == "m")
    return True


async def _alert(update: Update, context: Ctx, assessment: Assessment) -> None:
    language = await _person_language(update, context)
    await _alert_now(context, update.effective_chat.id, assessment, language, private=is_private(update))


async def _usual(
    update: Update, context: Ctx, unclear: list[Sign], alert: list[Sign], args: tuple[str, ...], shown: bool = False
) -> None:
    """ "No, this is usual for me": what would make it urgent, and the answer the message would have
    had. Signs that were clear in the same message keep their own reply (sent again unless it came
    with the question: ``shown``), and then the message gets no ordinary answer."""
    if alert and not shown:
        await _alert(update, context, Assessment(alert))
    level = top_level(unclear)
    language = await _person_language(update, context)
    _ = gettext_for(language)
    rules = context.services.detector.in_language(language)
    lines = " ".join(rules.text_of(s.id) for s in unclear[:3])
    # What to do if it changes reads as a condition, not as an order beside "not an emergency".
    reply = _(USUAL_REPLY).format(signs=lines) + f" {_(IF_IT_DOES)} {_(ACTIONS[level])}"  # type: ignore[index]
    if alert and shown:  # the clear signs' reply came with the question: it still stands
        told = "; ".join(rules.label_of(s.id) for s in alert[:3])
        reply += "\n\n" + _(STILL_NEEDS).format(signs=told)
    remember = None
    usual = [s for s in unclear if s.id in context.services.detector.may_be_usual]
    if is_private(update) and usual:  # only signs the /usual screen shows can be recorded
        remember = InlineKeyboardMarkup(
            [[button(_(REMEMBER), Safety.QUESTION, "u", _codes(context.services.detector, usual))]]
        )
    await send(update, context, [escape(reply, quote=False)], remember)
    if not alert and len(args) >= 4 and ":" in args[3]:
        topic_id, kind = args[3].split(":", 1)
        topic = context.content.topics.get(topic_id)
        if topic is not None and topic.section(kind) is not None:
            await info.show_section(update, context, topic, kind)


FEATURE = Feature(
    "triage",
    handlers=[CommandHandler("check", check_command), CommandHandler("usual", usual_screen.usual_command)],
    buttons={Safety.QUESTION: on_answer, Safety.CHECK: on_check},
    after_consent={"usual": usual_screen.after_consent, "weekly": weekly_after_consent},
)
