"""The plan's progression rules (``content/progression.yaml``): how many repeats of each exercise a
person is asked for, when that steps up after a good week, and when it steps back after a flare.

Loaded by :func:`content.loader.load_content` through :func:`load_progression`, which checks the
numbers against the plans and exercise cards they come from. The decisions themselves are pure
functions of a week's facts (:class:`Week`), so they are tested without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from content.schema import Id, Programme, Text, _Model

if TYPE_CHECKING:
    from content.loader import YamlDoc

FILE = "progression.yaml"
Count = Annotated[int, Field(gt=0, le=50)]


class StepUp(_Model):
    days_done: Annotated[int, Field(gt=0, le=7)]
    window_days: Annotated[int, Field(gt=0, le=14)]
    every_days: Annotated[int, Field(gt=0, le=60)]
    message: Text
    sources: list[Id] = Field(min_length=1)


class StepDownReasons(_Model):
    pain: Text
    worsening: Text


class StepDown(_Model):
    pain_rise: Annotated[int, Field(gt=0, le=10)]
    alerts: list[str] = Field(min_length=1)
    hold_alerts: list[str] = []
    warned_alerts: list[str] = []
    warned_days: Annotated[int, Field(gt=0, le=30)] = 7
    warned_date: str = "d MMMM"
    warned: Text
    message: Text
    after_alert: Text
    again: Text
    again_after_alert: Text
    undo_caution: Text
    reasons: StepDownReasons
    sources: list[Id] = Field(min_length=1)


class PlanRule(_Model):
    """One programme's repeats: where they start, by how much they change, an upper bound of the
    plan's own, and the plan's words the start comes from."""

    start: Count
    step: Annotated[int, Field(ge=1, le=2)]  # the leaflets: add 1 or 2 every few days
    most: Count | None = None
    says: Text
    grows: Text  # the plan's own words about adding more, quoted in the step-up message
    earliest_day: Annotated[int, Field(ge=1, le=400)] | None = None  # no step up before this day


class Progression(_Model):
    reviewed: dt.date
    step_up: StepUp
    step_down: StepDown
    plans: dict[Id, PlanRule] = Field(min_length=1)
    reminder_line: Text = "about {n} for now (your plan)"
    exercises: dict[Id, Count] = Field(min_length=1)

    def repeats(self, programme_id: str, exercise_id: str, level: int) -> int | None:
        """How many repeats of an exercise a plan at ``level`` asks for; None when the exercise
        keeps its card's words (walking, the press-up) or the plan does not adapt."""
        plan, most = self.plans.get(programme_id), self.exercises.get(exercise_id)
        if plan is None or most is None:
            return None
        return min(level, most, plan.most or most)

    def level_of(self, programme: Programme, day: int, exercise_id: str, level: int | None) -> int | None:
        """The plan's ``level`` for one exercise on ``day`` (0-based): an exercise new to the plan
        in the last 7 days starts at the plan's start, as the plans say ("Start each with a few
        repeats"), and takes the plan's level after that."""
        plan = self.plans.get(programme.id)
        if plan is None or level is None or day >= len(programme.days):
            return level
        first = next((i for i, d in enumerate(programme.days) if exercise_id in d.exercises), None)
        return plan.start if first is not None and first > 0 and day - first < 7 else level

    def for_now(self, programme_id: str, exercise_id: str, level: int | None) -> str | None:
        """What a reminder shows before an exercise's card dose once the plan has adapted."""
        n = None if level is None else self.repeats(programme_id, exercise_id, level)
        return None if n is None else self.reminder_line.format(n=n)

    def warned_line(self, shown: dt.date, language: str | None = None) -> str:
        """The line a reminder carries after a recent emergency or urgent warning shown on ``shown``."""
        from babel.dates import format_date

        down = self.step_down
        return down.warned.format(date=format_date(shown, down.warned_date, locale=language or "en"))

    def top(self, programme_id: str, exercise_ids: list[str]) -> int:
        """The highest level that still changes something for these exercises."""
        found = [self.repeats(programme_id, e, 10**6) for e in exercise_ids]
        return max((n for n in found if n is not None), default=0)


@dataclass(frozen=True, slots=True)
class Week:
    """What a step-up decision looks at, for one plan: the days done in the window, the pain ratings
    of this window and of the one before (oldest first), the first pain rating ever on the plan,
    and whether a warning held or stepped back the plan in the window."""

    days_done: int
    pain: list[int]
    pain_before: list[int]
    first_pain: int | None
    warned: bool
    harder: int = 0  # sessions rated "Harder" in the window
    day: int | None = None  # the plan's day (1 is its first), for a plan's ``earliest_day``


def reference_pain(week: Week) -> float | None:
    """What today's pain is compared with: last week's average, else the first rating on the plan."""
    if week.pain_before:
        return sum(week.pain_before) / len(week.pain_before)
    return week.first_pain


def is_flare(rules: Progression, week: Week, pain: int) -> bool:
    """A pain rating ``pain_rise`` or more points above the reference."""
    ref = reference_pain(week)
    return ref is not None and pain >= ref + rules.step_down.pain_rise


def step_up_to(rules: Progression, programme_id: str, level: int, top: int, week: Week) -> int | None:
    """The level after a good week, or None: enough days done, pain rated this week and no worse
    than the reference (no flare among them), no session rated "Harder", no warning, not before
    the plan's ``earliest_day``, and room to grow."""
    plan, up = rules.plans.get(programme_id), rules.step_up
    if plan is None or week.days_done < up.days_done or week.warned or week.harder or not week.pain or level >= top:
        return None
    if plan.earliest_day is not None and (week.day is None or week.day < plan.earliest_day):
        return None
    ref = reference_pain(week)
    if ref is None or sum(week.pain) / len(week.pain) > ref or any(is_flare(rules, week, p) for p in week.pain):
        return None
    return min(level + plan.step, top)


def step_down_to(rules: Progression, programme_id: str, level: int) -> int | None:
    """The level after a flare (one step back, never below the start), or None: nothing to step
    back from (the plan then holds where it is)."""
    plan = rules.plans.get(programme_id)
    if plan is None or level <= plan.start:
        return None
    return max(level - plan.step, plan.start)


# ---- loading ----------------------------------------------------------------------------------


def load_progression(root, sources: dict, programmes: dict, exercises: dict) -> Progression | None:
    """``progression.yaml`` under ``root``, validated and checked against the plans' and exercise
    cards' own words and the sources; None when there is no such file."""
    from content.loader import _check_refs, citation_problem, read_yaml, validate

    path = root / FILE
    if not path.is_file():
        return None
    doc = read_yaml(path)
    rules = validate(doc, Progression)
    for key, ids in (("step_up", rules.step_up.sources), ("step_down", rules.step_down.sources)):
        _check_refs(doc, (key, "sources"), ids, sources, "source")
        if problem := citation_problem([sources[i] for i in ids]):
            raise doc.error((key, "sources"), problem)
    _check_plans(doc, rules, programmes)
    _check_exercises(doc, rules, exercises)
    return rules


def _check_plans(doc: YamlDoc, rules: Progression, programmes: dict) -> None:
    for pid, plan in rules.plans.items():
        programme = programmes.get(pid)
        if programme is None:
            raise doc.error(("plans", pid), f"unknown programme {pid!r}")
        words = _words(programme.description, programme.caution or "", *(d.note or "" for d in programme.days))
        if _words(plan.says) not in words:
            raise doc.error(("plans", pid, "says"), f"programme {pid!r} does not say {plan.says!r}")
        if str(plan.start) not in _numbers(plan.says):
            raise doc.error(("plans", pid, "start"), f"{plan.start} is not a number in {plan.says!r}")
        if plan.most is not None and str(plan.most) not in _numbers(plan.says):
            raise doc.error(("plans", pid, "most"), f"{plan.most} is not a number in {plan.says!r}")
        _check_grows(doc, pid, plan, programme, words)


def _check_grows(doc: YamlDoc, pid: str, plan: PlanRule, programme: Programme, words: str) -> None:
    """The step-up message quotes only the plan's own words, and a plan that says to add more
    only from a later week steps up no earlier than that week's first day."""
    grows = _words(plan.grows).rstrip(".")
    if grows not in words:
        raise doc.error(("plans", pid, "grows"), f"programme {pid!r} does not say {plan.grows!r}")
    if plan.earliest_day is None:
        return
    first = next((i for i, d in enumerate(programme.days) if grows in _words(d.note or "")), None)
    if first is None or plan.earliest_day != 7 * (first // 7) + 1:
        raise doc.error(
            ("plans", pid, "earliest_day"),
            f"day {plan.earliest_day} is not the first day of the week where the plan says {plan.grows!r}",
        )


def _check_exercises(doc: YamlDoc, rules: Progression, exercises: dict) -> None:
    for eid, most in rules.exercises.items():
        exercise = exercises.get(eid)
        if exercise is None:
            raise doc.error(("exercises", eid), f"unknown exercise {eid!r}")
        if str(most) not in _numbers(exercise.dose):
            raise doc.error(("exercises", eid), f"{most} is not a number in the card's dose {exercise.dose!r}")


def _words(*texts: Any) -> str:
    return " ".join(" ".join(texts).split()).lower()


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))
