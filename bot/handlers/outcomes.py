"""/checkin: the function check-in. The Roland-Morris Disability Questionnaire one sentence at a
time (Yes / No), leg and back pain in the last week (0-10), personal goals (named once, rated 0-10
each time), walking tolerance for people on the stenosis programme; then the change since the
first check-in, in plain words. Offered every two weeks through the reminder engine.

The check-in's step lives in the database (``store.outcomes``), so an interrupted one is resumed by
/checkin, and any replica can take the next press. A flow is a table of steps: :func:`question`
renders each one, :func:`next_step` names the one after.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers import plan
from bot.handlers.clinician import notify
from bot.handlers.common import WEEKDAYS, drop_pending, has_agreed, is_private, send, weekly_slot
from bot.handlers.consent import ensure_consent
from bot.handlers.router import Answer, Feature, Flow
from bot.keyboards import CheckIn
from content.schema import ChangeRule, OutcomesFile
from storage.outcomes import GOAL_MAX, MAX_GOALS, RMDQ_ITEMS, CheckInResult, CheckInState, GoalInfo

log = logging.getLogger(__name__)

STENOSIS_TOPIC = "lumbar-spinal-stenosis"
#: Walking tolerance answers, in minutes ("under 5" is stored as 0, "90 or more" as 90).
WALK_CHOICES = (0, 5, 10, 15, 20, 30, 45, 60, 90)
PAIN_QUESTION = (
    "{n}. In the last week, how bad has the pain in your {where} been, on average?\n"
    "0 = no pain, 10 = the worst pain you can imagine."
)
GOAL_QUESTION = (
    "{n}. Your goal: “{activity}”. How well can you do it now?\n"
    "0 = not at all, 10 = as well as before your back problem."
)
WALK_QUESTION = "{n}. About how many minutes can you walk before your legs make you stop?"
GOALS_ASK = (
    "Personal goals: name up to three everyday activities your back or legs stop you doing, that "
    "you want back, such as “walk to the shops” or “sit through a film”. Type the first one, or "
    "tap Skip. You name them once; each check-in asks how well you can do them."
)
NOT_AVAILABLE = "The check-in is not available just now."


def _answer_button(label: str, *args: str) -> InlineKeyboardButton:
    return keyboards.button(label, CheckIn.ANSWER, *args)


@dataclass(frozen=True)
class Plan:
    """What a check-in asks after the 24 sentences, for one person."""

    goals: int  # how many goals they have
    walking: bool  # on the stenosis programme
    name_goals: bool  # first check-in and no goals yet: ask them to name some

    def steps(self) -> list[str]:
        return [
            "leg",
            "back",
            *(["goalset"] if self.name_goals else []),
            *(f"goal{i}" for i in range(self.goals)),
            *(["walk"] if self.walking else []),
            "end",
        ]


def next_step(plan: Plan, step: str) -> str:
    """The step after ``step`` ("end" once nothing is left)."""
    steps = plan.steps()
    return steps[steps.index(step) + 1] if step in steps[:-1] else "end"


def question(
    outcomes: OutcomesFile, state: CheckInState, plan: Plan, goals: list[GoalInfo]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message and buttons that ask ``state``'s current step."""
    cid = str(state.id)
    numbered = [*(f"i{k}" for k in range(RMDQ_ITEMS)), *(s for s in plan.steps() if s not in ("goalset", "end"))]
    key = f"i{len(state.answers)}" if state.step == "rmdq" else state.step
    n = f"{numbered.index(key) + 1}/{len(numbered)}" if key in numbered else ""
    if state.step == "rmdq":
        i = len(state.answers)
        text = f"{n}. {outcomes.rmdq.items[i]}"
        yes, no = _answer_button("Yes", cid, f"i{i}", "y"), _answer_button("No", cid, f"i{i}", "n")
        return escape(text, quote=False), InlineKeyboardMarkup([[yes, no]])
    if state.step in ("leg", "back"):
        text = PAIN_QUESTION.format(n=n, where="leg or legs" if state.step == "leg" else "back")
        return escape(text, quote=False), _scale(cid, state.step)
    if state.step == "goalset":
        return escape(GOALS_ASK, quote=False), _goals_done_button("Skip", cid)
    if state.step.startswith("goal"):
        goal = goals[int(state.step[4:])]
        return escape(GOAL_QUESTION.format(n=n, activity=goal.activity), quote=False), _scale(cid, state.step)
    if state.step == "walk":
        labels = {0: "Under 5", 90: "90 or more"}
        buttons = [_answer_button(labels.get(m, str(m)), cid, "walk", str(m)) for m in WALK_CHOICES]
        return escape(WALK_QUESTION.format(n=n), quote=False), InlineKeyboardMarkup([buttons[:5], buttons[5:]])
    raise ValueError(f"no question for step {state.step!r}")


def _goals_done_button(label: str, cid: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[keyboards.button(label, CheckIn.GOALS_DONE, cid)]])


def _scale(cid: str, step: str) -> InlineKeyboardMarkup:
    row = [_answer_button(str(n), cid, step, str(n)) for n in range(11)]
    return InlineKeyboardMarkup([row[:6], row[6:]])


# ---- change since the first check-in ---------------------------------------------------------


def verdict(rule: ChangeRule, first: int, now: int) -> str:
    """better, better_small, same, worse_small or worse (lower scores are better). A change
    matters at ``rule.points``, or an improvement of ``rule.percent`` of the first score."""
    change = first - now
    if change == 0:
        return "same"
    if change > 0:
        matters = change >= rule.points or change * 100 >= rule.percent * first
        return "better" if matters else "better_small"
    return "worse" if -change >= rule.points else "worse_small"


def change_lines(outcomes: OutcomesFile, history: list[CheckInResult], goals: list[GoalInfo]) -> list[str]:
    """Plain words for the latest check-in against the first one (plain text, not yet escaped)."""
    latest = history[-1]
    rmdq = outcomes.change["rmdq"]
    lines = [
        f"Your score today: {latest.rmdq} of 24 everyday activities affected by your back "
        f"(lower is better). Leg pain {latest.leg_pain}/10, back pain {latest.back_pain}/10."
    ]
    if len(history) == 1:
        return [*lines, outcomes.messages.first]
    first = history[0]
    lines.append(f"Since your first check-in on {first.completed_at:%d %B %Y}:")
    pain = outcomes.change["pain"]
    for rule, name, then, now in (
        (rmdq, rmdq.name.capitalize(), first.rmdq, latest.rmdq),
        (pain, "Leg pain", first.leg_pain, latest.leg_pain),
        (pain, "Back pain", first.back_pain, latest.back_pain),
    ):
        if then is None or now is None:
            continue
        template = getattr(outcomes.messages, verdict(rule, then, now))
        lines.append("• " + template.format(name=name, first=then, now=now))
    for goal in goals:
        rated = [c.goals[goal.id] for c in history if goal.id in c.goals]
        if len(rated) >= 2:
            lines.append(f"• “{goal.activity}”: {rated[0]} → {rated[-1]} out of 10 (higher is better).")
    walked = [c.walking_minutes for c in history if c.walking_minutes is not None]
    if len(walked) >= 2:
        lines.append(f"• Walking before your legs make you stop: about {walked[0]} → {walked[-1]} minutes.")
    return lines


def changes_that_matter(outcomes: OutcomesFile, history: list[CheckInResult]) -> list[str]:
    """The measures whose change since the first check-in matters, better or worse ("RMDQ 12 → 6, better")."""
    if len(history) < 2:
        return []
    first, latest = history[0], history[-1]
    found = []
    for key, label, then, now in (
        ("rmdq", "RMDQ", first.rmdq, latest.rmdq),
        ("pain", "leg pain", first.leg_pain, latest.leg_pain),
        ("pain", "back pain", first.back_pain, latest.back_pain),
    ):
        if then is None or now is None:
            continue
        if (v := verdict(outcomes.change[key], then, now)) in ("better", "worse"):  # type: ignore[index]
            found.append(f"{label} {then} → {now}, {v}")
    return found


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
    html, markup = question(context.content.outcomes, state, plan, goals)  # type: ignore[arg-type]
    await send(update, context, [html], markup)


async def checkin_command(update: Update, context: Ctx) -> None:
    """/checkin: start the function check-in, or carry on with an unfinished one."""
    if not is_private(update):
        await send(
            update, context, ["/checkin works in a private chat with me."], keyboards.open_private(context.bot.username)
        )
        return
    await _start(update, context)


async def _start(update: Update, context: Ctx, argument: str = "") -> None:
    outcomes = context.content.outcomes
    if outcomes is None:
        await send(update, context, [NOT_AVAILABLE])
        return
    if not await ensure_consent(update, context, "checkin", "-"):
        return
    chat_id = update.effective_chat.id
    state, resumed = await context.store.outcomes.open_checkin(
        chat_id, context.now(), walking=await _walking(context, chat_id)
    )
    if resumed:
        where = f"question {len(state.answers) + 1}" if state.step == "rmdq" else "the last questions"
        intro = f"Welcome back: carrying on with your check-in from {where}."
    else:
        intro = outcomes.rmdq.intro.format(n=RMDQ_ITEMS)
    await send(update, context, [escape(intro, quote=False)])
    await _ask(update, context, state)


async def _finish(update: Update, context: Ctx, state: CheckInState) -> None:
    chat_id = update.effective_chat.id
    await context.store.outcomes.finish(chat_id, state.id, "end", context.now())
    await drop_pending(context, chat_id)
    outcomes = context.content.outcomes
    assert outcomes is not None  # a check-in is only offered with its content loaded
    history = await context.store.outcomes.history(chat_id)
    if not history or history[-1].id != state.id:
        return  # finished by another press meanwhile: that one showed the result
    lines = change_lines(outcomes, history, await context.store.outcomes.goals(chat_id))
    if mattering := changes_that_matter(outcomes, history):
        await notify(
            context,
            chat_id,
            "a check-in shows a change that matters since the first one: " + "; ".join(mattering) + ".",
        )
    body = "\n".join(escape(line, quote=False) for line in lines)
    messages = render.pack(
        [
            f"<b>✅ Check-in done</b>\n\n{body}",
            f"<i>{escape(outcomes.messages.disclaimer, quote=False)}</i> /report makes a page "
            "for your next appointment.",
            render.footer(context.content, outcomes.messages.sources, outcomes.reviewed),
        ]
    )
    offer = None
    if not await context.store.outcomes.offered(chat_id):
        offer = InlineKeyboardMarkup([[_answer_button("📅 Ask me every two weeks", "w")]])
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
        await (_offer(update, context) if args == ("w",) else _stop_offer(update, context))
        return True
    chat_id = update.effective_chat.id
    state = await context.store.outcomes.get_checkin(chat_id, int(args[0]))
    if state is None:
        await update.callback_query.answer("That check-in is finished. /checkin starts a new one.")
        return True
    moved = await _apply(context, chat_id, state, args[1:])
    await update.callback_query.answer("Noted" if moved else "Already noted")
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
        await send(update, context, ["Your goals are noted already. /checkin carries on with the check-in."])
    return True


async def typed_goal(update: Update, context: Ctx, answer: Answer) -> None:
    """A goal typed while the check-in asks for them: noted, then the next, or on to rating them."""
    chat_id, text = update.effective_chat.id, answer.text
    if len(text) > GOAL_MAX:
        await send(
            update,
            context,
            [f"Please keep a goal to {GOAL_MAX} characters (that was {len(text)}), for example “walk to the shops”."],
        )
        return
    checkin_id = int(answer.state.get("checkin", 0))
    goal = await context.store.outcomes.add_goal(chat_id, " ".join(text.split()), context.now())
    count = len(await context.store.outcomes.goals(chat_id))
    if goal is None or count >= MAX_GOALS:
        if goal is not None:
            await send(update, context, [escape(f"Noted: “{goal.activity}”. That makes three.", quote=False)])
        await _goals_done(update, context, checkin_id)
        return
    await send(
        update,
        context,
        [
            escape(
                f"Noted: “{goal.activity}”. Type another ({MAX_GOALS - count} more at most), or tap Done.", quote=False
            )
        ],
        _goals_done_button("Done", str(checkin_id)),
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


# ---- the two-weekly offer ---------------------------------------------------------------------

OFFER_TEXT = (
    "Time for your two-weekly check-in (/checkin): {n} yes/no sentences about your back and a few "
    "ratings, about three minutes. It shows whether things are changing in a way that matters."
)
NEEDS_REMINDER = (
    "The check-in is offered with your reminder's time and time zone, so I need a reminder "
    "first: /remind sets one up. Then tap the button again."
)


def offer_message(n: int = RMDQ_ITEMS) -> tuple[str, InlineKeyboardMarkup]:
    """The offer the reminder engine sends: start now, or stop the offers."""
    return escape(OFFER_TEXT.format(n=n), quote=False), InlineKeyboardMarkup(
        [[_answer_button("📝 Start the check-in", "start")], [_answer_button("Stop these offers", "x")]]
    )


async def _offer(update: Update, context: Ctx, argument: str = "") -> None:
    if not await ensure_consent(update, context, "offer", "-"):
        return
    chat_id = update.effective_chat.id
    if (slot := await weekly_slot(context, chat_id)) is None:
        await send(update, context, [escape(NEEDS_REMINDER, quote=False)])
        return
    first, now, weekday = slot
    await context.store.outcomes.start_offer(chat_id, first.local_time, first.zone, weekday, now)
    day = WEEKDAYS[weekday]
    await send(
        update,
        context,
        [
            escape(
                f"Done: every second {day} at {first.local_time:%H:%M} I'll offer the check-in "
                "(quiet hours respected). "
                "Each offer has a button to stop them; /stop stops them with your reminders.",
                quote=False,
            )
        ],
    )


async def _stop_offer(update: Update, context: Ctx) -> None:
    stopped = await context.store.outcomes.stop_offer(update.effective_chat.id)
    await send(
        update,
        context,
        [
            "The check-in offers are stopped. /checkin runs it whenever you like."
            if stopped
            else "There are no check-in offers to stop."
        ],
    )


FEATURE = Feature(
    "outcomes",
    handlers=[CommandHandler("checkin", checkin_command)],
    buttons={CheckIn.ANSWER: on_press, CheckIn.GOALS_DONE: on_goal_press, CheckIn.PLAN_UNDO: plan.on_undo},
    flows=[GOALS],
    after_consent={"checkin": _start, "offer": _offer},
)
