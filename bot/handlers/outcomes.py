"""/checkin: the function check-in. The Roland-Morris Disability Questionnaire one sentence at a
time (Yes / No), leg and back pain in the last week (0-10), personal goals (named once, rated 0-10
each time), walking tolerance for people on the stenosis programme; then the change since the
first check-in, in plain words. Offered every two weeks through the reminder engine
(``bot/handlers/offers.py``); the questions and the closing words are ``checkin_questions.py``.

The check-in's step lives in the database (``store.outcomes``), so an interrupted one is resumed by
/checkin, and any replica can take the next press. A flow is a table of steps: :func:`question`
renders each one, :func:`next_step` names the one after.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers import plan
from bot.handlers.checkin_questions import (
    Plan,
    answer_button,
    change_lines,
    changes_that_matter,
    goals_done_button,
    next_step,
    question,
    verdict,
)
from bot.handlers.clinician import CHANGED, notify
from bot.handlers.common import drop_pending, has_agreed, is_private, language_of, send
from bot.handlers.consent import ensure_consent
from bot.handlers.offers import offer_message, start_offers, stop_offers
from bot.handlers.router import Answer, Feature, Flow
from bot.i18n import N_, gettext_for
from bot.keyboards import CheckIn
from storage.outcomes import GOAL_MAX, MAX_GOALS, RMDQ_ITEMS, CheckInState, GoalInfo

# Importers name these here (the engine's offer, the unit tests of the steps).
__all__ = ["FEATURE", "Plan", "next_step", "offer_message", "record_alert", "verdict"]

log = logging.getLogger(__name__)

STENOSIS_TOPIC = "lumbar-spinal-stenosis"
NOT_AVAILABLE = N_("The check-in is not available just now.")


def _outcomes(context: Ctx, language: str | None):
    """The check-in's content in ``language`` (the English one where it is not translated yet)."""
    return context.content.in_language(language).outcomes or context.content.outcomes


# ---- the flow -------------------------------------------------------------------------------


async def _walking(context: Ctx, chat_id: int) -> bool:
    """Whether this person is on the stenosis programme (a stenosis plan, or reading stenosis)."""
    programmes = context.content.programmes
    for sub in await context.store.reminders.list_subscriptions(chat_id):
        programme = programmes.get(sub.programme_id)
        if programme is not None and programme.topic == STENOSIS_TOPIC:
            return True
    return await context.store.chats.get_topic(chat_id) == STENOSIS_TOPIC


async def _plan(context: Ctx, chat_id: int, state: CheckInState) -> tuple[Plan, list[GoalInfo]]:
    goals = await context.store.outcomes.goals(chat_id)
    first = await context.store.outcomes.last_completed(chat_id) is None
    # Goals are named at the first check-in (and while it is still naming them).
    naming = (first and not goals) or state.step == "goalset"
    return Plan(len(goals), state.walking, naming), goals


async def _ask(update: Update, context: Ctx, state: CheckInState) -> None:
    """Send the question of ``state``'s step, or finish the check-in when it is at its end."""
    chat_id = update.effective_chat.id
    plan, goals = await _plan(context, chat_id, state)
    if state.step == "end":
        await _finish(update, context, state)
        return
    if state.step == "goalset":
        await GOALS.ask(context, chat_id, "goal", checkin=state.id)
    language = await language_of(update, context)
    html, markup = question(_outcomes(context, language), state, plan, goals, language)
    await send(update, context, [html], markup)


async def checkin_command(update: Update, context: Ctx) -> None:
    """/checkin: start the function check-in, or carry on with an unfinished one."""
    if not is_private(update):
        language = await language_of(update, context)
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [gettext_for(language)(N_("/checkin works in a private chat with me."))], private)
        return
    await _start(update, context)


async def _start(update: Update, context: Ctx, argument: str = "") -> None:
    language = await language_of(update, context)
    _ = gettext_for(language)
    outcomes = _outcomes(context, language)
    if outcomes is None:
        await send(update, context, [_(NOT_AVAILABLE)])
        return
    if not await ensure_consent(update, context, "checkin", "-"):
        return
    chat_id = update.effective_chat.id
    state, resumed = await context.store.outcomes.open_checkin(
        chat_id, context.now(), walking=await _walking(context, chat_id)
    )
    if resumed:
        where = _("question {n}").format(n=len(state.answers) + 1) if state.step == "rmdq" else _("the last questions")
        intro = _("Welcome back: carrying on with your check-in from {where}.").format(where=where)
    else:
        intro = outcomes.rmdq.intro.format(n=RMDQ_ITEMS)
    await send(update, context, [escape(intro, quote=False)])
    await _ask(update, context, state)


async def _finish(update: Update, context: Ctx, state: CheckInState) -> None:
    chat_id = update.effective_chat.id
    await context.store.outcomes.finish(chat_id, state.id, "end", context.now())
    await drop_pending(context, chat_id)
    language = await language_of(update, context)
    _ = gettext_for(language)
    outcomes = _outcomes(context, language)
    assert outcomes is not None  # a check-in is only offered with its content loaded
    history = await context.store.outcomes.history(chat_id)
    if not history or history[-1].id != state.id:
        return  # finished by another press meanwhile: that one showed the result
    lines = change_lines(outcomes, history, await context.store.outcomes.goals(chat_id), language)
    if changes_that_matter(outcomes, history):  # told to each prescriber in their own language
        await notify(
            context, chat_id, lambda t: t(CHANGED).format(changes="; ".join(changes_that_matter(outcomes, history, t)))
        )
    body = "\n".join(escape(line, quote=False) for line in lines)
    report = _("/report makes a page for your next appointment.")
    messages = render.pack(
        [
            "<b>" + _("✅ Check-in done") + f"</b>\n\n{body}",
            f"<i>{escape(outcomes.messages.disclaimer, quote=False)}</i> {report}",
            render.footer(context.content, outcomes.messages.sources, outcomes.reviewed, language),
        ]
    )
    offer = None
    if not await context.store.outcomes.offered(chat_id):
        offer = InlineKeyboardMarkup([[answer_button(_("📅 Ask me every two weeks"), "w")]])
    await send(update, context, messages, offer)


async def on_press(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """A check-in button; False when its data is stale or forged."""
    if not is_private(update) or context.content.outcomes is None:
        return False
    if args == ("start",):
        await update.callback_query.answer()
        await _start(update, context)
        return True
    if args in (("w",), ("x",)):
        await update.callback_query.answer()
        await (start_offers(update, context) if args == ("w",) else stop_offers(update, context))
        return True
    chat_id = update.effective_chat.id
    state = await context.store.outcomes.get_checkin(chat_id, int(args[0]))
    _ = gettext_for(await language_of(update, context))
    if state is None:
        await update.callback_query.answer(_("That check-in is finished. /checkin starts a new one."))
        return True
    moved = await _apply(context, chat_id, state, args[1:])
    await update.callback_query.answer(_("Noted") if moved else _("Already noted"))
    if moved:
        await _ask(update, context, await context.store.outcomes.get_checkin(chat_id, state.id) or state)
    return True


async def _apply(context: Ctx, chat_id: int, state: CheckInState, args: tuple[str, ...]) -> bool:
    """Record one answer if it answers the step asked now; whether the check-in moved on."""
    outcomes = context.store.outcomes
    step, value = args[0], args[1] if len(args) > 1 else ""
    if step.startswith("i"):
        return await outcomes.answer_item(chat_id, state.id, int(step[1:]), value == "y")
    plan, goals = await _plan(context, chat_id, state)
    if step != state.step:
        return False
    after = next_step(plan, step)
    if step in ("leg", "back"):
        return await outcomes.advance(chat_id, state.id, step, after, **{f"{step}_pain": int(value)})
    if step == "walk":
        return await outcomes.advance(chat_id, state.id, step, after, walking_minutes=int(value))
    if step.startswith("goal") and step != "goalset" and int(step[4:]) < len(goals):
        return await outcomes.rate_goal(chat_id, state.id, step, after, goals[int(step[4:])].id, int(value))
    return False


async def _goals_done(update: Update, context: Ctx, checkin_id: int) -> bool:
    """Naming goals is over (Skip, Done, or the third goal): on to rating them."""
    chat_id = update.effective_chat.id
    state = await context.store.outcomes.get_checkin(chat_id, checkin_id)
    if state is None or state.step != "goalset":
        return False
    plan, _ = await _plan(context, chat_id, state)
    await drop_pending(context, chat_id)
    if await context.store.outcomes.advance(chat_id, checkin_id, "goalset", next_step(plan, "goalset")):
        await _ask(update, context, await context.store.outcomes.get_checkin(chat_id, checkin_id) or state)
    return True


async def on_goal_press(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    await update.callback_query.answer()
    if not await _goals_done(update, context, int(args[0])):
        _ = gettext_for(await language_of(update, context))
        await send(update, context, [_("Your goals are noted already. /checkin carries on with the check-in.")])
    return True


async def typed_goal(update: Update, context: Ctx, answer: Answer) -> None:
    """A goal typed while the check-in asks for them: noted, then the next, or on to rating them."""
    chat_id, text = update.effective_chat.id, answer.text
    _ = gettext_for(await language_of(update, context))
    if len(text) > GOAL_MAX:
        too_long = _("Please keep a goal to {most} characters (that was {length}), for example “walk to the shops”.")
        await send(update, context, [too_long.format(most=GOAL_MAX, length=len(text))])
        return
    checkin_id = int(answer.state.get("checkin", 0))
    goal = await context.store.outcomes.add_goal(chat_id, " ".join(text.split()), context.now())
    count = len(await context.store.outcomes.goals(chat_id))
    if goal is None or count >= MAX_GOALS:
        if goal is not None:
            three = _("Noted: “{goal}”. That makes three.").format(goal=goal.activity)
            await send(update, context, [escape(three, quote=False)])
        await _goals_done(update, context, checkin_id)
        return
    noted = _("Noted: “{goal}”. Type another ({left} more at most), or tap Done.")
    await send(
        update,
        context,
        [escape(noted.format(goal=goal.activity, left=MAX_GOALS - count), quote=False)],
        goals_done_button(_("Done"), str(checkin_id)),
    )


GOALS = Flow("checkin", {"goal": typed_goal})

# ---- warnings shown, for /report -----------------------------------------------------------------


async def record_alert(context: Ctx, chat_id: int, level: str, what: str) -> None:
    """Remember that a warning was shown to a person who agreed to storage (never in a group).
    Called after the warning is sent: a database that fails costs the record, never the warning."""
    if chat_id <= 0:
        return
    try:
        if not await has_agreed(context, chat_id):
            return
        await context.store.outcomes.record_alert(chat_id, level, what, context.now())
    except Exception:  # noqa: BLE001 - the warning went out; only its record is lost
        log.warning("could not record a warning shown", exc_info=True)
        return
    rules = context.content.progression
    if rules is not None and level in rules.step_down.alerts:
        await plan.after_alert(context, chat_id)


FEATURE = Feature(
    "outcomes",
    handlers=[CommandHandler("checkin", checkin_command)],
    buttons={CheckIn.ANSWER: on_press, CheckIn.GOALS_DONE: on_goal_press, CheckIn.PLAN_UNDO: plan.on_undo},
    flows=[GOALS],
    after_consent={"checkin": _start, "offer": start_offers},
)
