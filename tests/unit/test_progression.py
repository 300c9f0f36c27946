"""The plan's progression rules: loaded only when their numbers are the plans' and cards' own, and
the step decisions on a week's facts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR, ContentError, load_content
from content.progression import Week, is_flare, step_down_to, step_up_to


@pytest.fixture(scope="module")
def rules():
    progression = load_content().progression
    assert progression is not None
    return progression


def week(done=5, pain=(3, 3), before=(3,), first=3, warned=False, harder=0, day=None) -> Week:
    return Week(done, list(pain), list(before), first, warned, harder, day)


def test_every_plan_and_capped_exercise_is_known(rules):
    content = load_content()
    assert set(rules.plans) == set(content.programmes)
    assert set(rules.exercises) <= set(content.exercises)
    assert "walking" not in rules.exercises and "prone-press-up" not in rules.exercises


def test_the_spanish_rules_are_the_english_numbers_in_spanish(rules):
    spanish = load_content().in_language("es").progression
    assert spanish is not None and spanish is not rules
    assert spanish.model_dump(include={"step_up"}, exclude={"step_up": {"message"}}) == rules.model_dump(
        include={"step_up"}, exclude={"step_up": {"message"}}
    )
    numbers = ("pain_rise", "alerts", "hold_alerts", "warned_alerts", "warned_days")
    assert [getattr(spanish.step_down, n) for n in numbers] == [getattr(rules.step_down, n) for n in numbers]
    assert spanish.exercises == rules.exercises
    keep = ("start", "step", "most", "earliest_day")
    assert {p: [getattr(r, k) for k in keep] for p, r in spanish.plans.items()} == {
        p: [getattr(r, k) for k in keep] for p, r in rules.plans.items()
    }
    assert spanish.for_now("disc", "knee-rolls", 7) == "unas 7 por ahora (su plan)"


def test_repeats_never_pass_the_card_or_the_plan(rules):
    assert rules.repeats("general-nerve-root", "knee-rolls", 7) == 7
    assert rules.repeats("general-nerve-root", "knee-rolls", 40) == 10  # "8 to 10 rolls"
    assert rules.repeats("stenosis-flexion", "pelvic-tilt", 40) == 12  # the plan's 8 to 12
    assert rules.repeats("general-nerve-root", "walking", 7) is None


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (week(), 7),
        (week(done=4), None),  # fewer than 5 days done
        (week(pain=(3, 4)), None),  # worse on average than last week
        (week(pain=()), None),  # no pain rated: nothing to go by
        (week(warned=True), None),  # a warning in the week holds the plan
        (week(pain=(2, 2), before=(), first=3), 7),  # the first week: against the first rating
        (week(pain=(1, 5), before=(3,)), None),  # a flare in the week, even if the average is lower
        (week(harder=1), None),  # a session rated "Harder" in the week
    ],
)
def test_step_up(rules, facts, expected):
    assert step_up_to(rules, "general-nerve-root", 5, 10, facts) == expected


def test_step_up_stops_at_the_top_and_steps_back_to_the_start(rules):
    assert step_up_to(rules, "general-nerve-root", 9, 10, week()) == 10
    assert step_up_to(rules, "general-nerve-root", 10, 10, week()) is None
    assert step_down_to(rules, "general-nerve-root", 9) == 7
    assert step_down_to(rules, "general-nerve-root", 6) == 5
    assert step_down_to(rules, "general-nerve-root", 5) is None  # at the start: hold
    assert step_down_to(rules, "arachnoiditis-pacing", 5) == 4  # one at a time there


def test_the_arachnoiditis_plan_steps_up_from_its_week_3(rules):
    assert step_up_to(rules, "arachnoiditis-pacing", 3, 15, week(day=7)) is None
    assert step_up_to(rules, "arachnoiditis-pacing", 3, 15, week(day=14)) is None
    assert step_up_to(rules, "arachnoiditis-pacing", 3, 15, week(day=15)) == 4
    assert step_up_to(rules, "general-nerve-root", 5, 10, week(day=7)) == 7  # no such rule there


def test_an_exercise_new_to_the_plan_starts_at_the_start(rules):
    programme = load_content().programmes["general-nerve-root"]  # the bridge comes in on day 15
    assert [rules.level_of(programme, d, "bridge", 9) for d in (14, 20, 21)] == [5, 5, 9]
    assert rules.level_of(programme, 14, "knee-rolls", 9) == 9  # there from day 1
    assert rules.level_of(programme, 14, "bridge", None) is None  # not adapted: the card's words
    assert rules.level_of(programme, 400, "bridge", 9) == 9  # the plan is finished


def test_a_flare_is_two_points_above_last_week_or_the_first_rating(rules):
    assert is_flare(rules, week(before=(2, 4)), 5)
    assert not is_flare(rules, week(before=(2, 4)), 4)
    assert is_flare(rules, week(before=(), first=1), 3)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("  knee-rolls: 10\n", "  knee-rolls: 12\n", "12 is not a number in the card's dose"),
        ("    start: 3\n", "    start: 4\n", "4 is not a number in"),
        ("    says: Aim for 8 to 12 repeats", "    says: Aim for 9 to 12 repeats", "does not say"),
        ("    step: 1\n", "    step: 3\n", "less than or equal to 2"),
        ("  sources: [nhsinform-back-exercises, nhs-back-exercises]", "  sources: [cuh-back-mobility]", "grade A or B"),
        ("    grows: Aim for 8 to 12", "    grows: Add 1 or 2 repeats. Aim for 8 to 12", "does not say"),
        ("    earliest_day: 15\n", "    earliest_day: 8\n", "day 8 is not the first day of the week"),
    ],
)
def test_invented_numbers_and_weak_sources_are_refused(tmp_path: Path, old, new, problem):
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "pictures", "es"))
    (root / "pictures").symlink_to(DEFAULT_CONTENT_DIR / "pictures")
    path = root / "progression.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError, match=problem):
        load_content(root)
