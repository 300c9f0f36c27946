"""What the function check-in asks, step by step (:func:`question`, :func:`next_step`), and what it
says at the end: the change since the first check-in in plain words (:func:`change_lines`) and the
changes that matter (:func:`changes_that_matter`). No database and no Telegram calls here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from bot.i18n import N_, gettext_for
from bot.keyboards import CheckIn
from content.schema import ChangeRule, OutcomesFile
from storage.outcomes import RMDQ_ITEMS, CheckInResult, CheckInState, GoalInfo

#: Walking tolerance answers, in minutes ("under 5" is stored as 0, "90 or more" as 90).
WALK_CHOICES = (0, 5, 10, 15, 20, 30, 45, 60, 90)
PAIN_QUESTION = N_(
    "{n}. In the last week, how bad has the pain in your {where} been, on average?\n"
    "0 = no pain, 10 = the worst pain you can imagine."
)
GOAL_QUESTION = N_(
    "{n}. Your goal: “{activity}”. How well can you do it now?\n"
    "0 = not at all, 10 = as well as before your back problem."
)
WALK_QUESTION = N_("{n}. About how many minutes can you walk before your legs make you stop?")
GOALS_ASK = N_(
    "Personal goals: name up to three everyday activities your back or legs stop you doing, that "
    "you want back, such as “walk to the shops” or “sit through a film”. Type the first one, or "
    "tap Skip. You name them once; each check-in asks how well you can do them."
)


def answer_button(label: str, *args: str) -> InlineKeyboardButton:
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
    outcomes: OutcomesFile, state: CheckInState, plan: Plan, goals: list[GoalInfo], language: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The message and buttons that ask ``state``'s current step, in ``language`` (the sentences
    themselves come from ``outcomes``, the content in that language)."""
    cid, _ = str(state.id), gettext_for(language)
    numbered = [*(f"i{k}" for k in range(RMDQ_ITEMS)), *(s for s in plan.steps() if s not in ("goalset", "end"))]
    key = f"i{len(state.answers)}" if state.step == "rmdq" else state.step
    n = f"{numbered.index(key) + 1}/{len(numbered)}" if key in numbered else ""
    if state.step == "rmdq":
        i = len(state.answers)
        text = f"{n}. {outcomes.rmdq.items[i]}"
        yes, no = answer_button(_("Yes"), cid, f"i{i}", "y"), answer_button(_("No"), cid, f"i{i}", "n")
        return escape(text, quote=False), InlineKeyboardMarkup([[yes, no]])
    if state.step in ("leg", "back"):
        text = _(PAIN_QUESTION).format(n=n, where=_("leg or legs") if state.step == "leg" else _("back"))
        return escape(text, quote=False), _scale(cid, state.step)
    if state.step == "goalset":
        return escape(_(GOALS_ASK), quote=False), goals_done_button(_("Skip"), cid)
    if state.step.startswith("goal"):
        goal = goals[int(state.step[4:])]
        return escape(_(GOAL_QUESTION).format(n=n, activity=goal.activity), quote=False), _scale(cid, state.step)
    if state.step == "walk":
        labels = {0: _("Under 5"), 90: _("90 or more")}
        buttons = [answer_button(labels.get(m, str(m)), cid, "walk", str(m)) for m in WALK_CHOICES]
        return escape(_(WALK_QUESTION).format(n=n), quote=False), InlineKeyboardMarkup([buttons[:5], buttons[5:]])
    raise ValueError(f"no question for step {state.step!r}")


def goals_done_button(label: str, cid: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[keyboards.button(label, CheckIn.GOALS_DONE, cid)]])


def _scale(cid: str, step: str) -> InlineKeyboardMarkup:
    row = [answer_button(str(n), cid, step, str(n)) for n in range(11)]
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


def change_lines(
    outcomes: OutcomesFile, history: list[CheckInResult], goals: list[GoalInfo], language: str | None = None
) -> list[str]:
    """Plain words for the latest check-in against the first one (plain text, not yet escaped)."""
    from bot.render import long_date

    _ = gettext_for(language)
    latest = history[-1]
    rmdq = outcomes.change["rmdq"]
    lines = [
        _(
            "Your score today: {score} of 24 everyday activities affected by your back "
            "(lower is better). Leg pain {leg}/10, back pain {back}/10."
        ).format(score=latest.rmdq, leg=latest.leg_pain, back=latest.back_pain)
    ]
    if len(history) == 1:
        return [*lines, outcomes.messages.first]
    first = history[0]
    lines.append(_("Since your first check-in on {date}:").format(date=long_date(first.completed_at, language)))
    pain = outcomes.change["pain"]
    for rule, name, then, now in (
        (rmdq, rmdq.name.capitalize(), first.rmdq, latest.rmdq),
        (pain, _("Leg pain"), first.leg_pain, latest.leg_pain),
        (pain, _("Back pain"), first.back_pain, latest.back_pain),
    ):
        if then is None or now is None:
            continue
        template = getattr(outcomes.messages, verdict(rule, then, now))
        lines.append("• " + template.format(name=name, first=then, now=now))
    for goal in goals:
        rated = [c.goals[goal.id] for c in history if goal.id in c.goals]
        if len(rated) >= 2:
            line = _("• “{goal}”: {first} → {now} out of 10 (higher is better).")
            lines.append(line.format(goal=goal.activity, first=rated[0], now=rated[-1]))
    walked = [c.walking_minutes for c in history if c.walking_minutes is not None]
    if len(walked) >= 2:
        line = _("• Walking before your legs make you stop: about {first} → {now} minutes.")
        lines.append(line.format(first=walked[0], now=walked[-1]))
    return lines


#: How a change that matters is told to a prescriber, by its verdict.
CHANGE_WORDS = {"better": N_("{measure} {then} → {now}, better"), "worse": N_("{measure} {then} → {now}, worse")}


def changes_that_matter(outcomes: OutcomesFile, history: list[CheckInResult], _=lambda text: text) -> list[str]:
    """The measures whose change since the first check-in matters, better or worse ("RMDQ 12 → 6,
    better"), in the words of ``_`` (a gettext; English without it)."""
    if len(history) < 2:
        return []
    first, latest = history[0], history[-1]
    found = []
    for key, label, then, now in (
        ("rmdq", "RMDQ", first.rmdq, latest.rmdq),
        ("pain", N_("leg pain"), first.leg_pain, latest.leg_pain),
        ("pain", N_("back pain"), first.back_pain, latest.back_pain),
    ):
        if then is None or now is None:
            continue
        if (v := verdict(outcomes.change[key], then, now)) in CHANGE_WORDS:  # type: ignore[index]
            found.append(_(CHANGE_WORDS[v]).format(measure=_(label), then=then, now=now))
    return found
