"""The outcome tables on both backends: a check-in step by step, stale and repeated presses,
goals, alerts, the offer subscription, and /mydata and /forget over all of them."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.outcomes import MAX_GOALS, RESUME_WITHIN, RMDQ_ITEMS

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
pytestmark = pytest.mark.parametrize("store", BACKENDS, indirect=True)
NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
CHAT = 4242


async def _answer_all(store, checkin_id: int, answers: str) -> None:
    for i, letter in enumerate(answers):
        assert await store.outcomes.answer_item(CHAT, checkin_id, i, letter == "y")


async def test_a_check_in_moves_once_per_step_and_scores_the_yes_answers(store):
    outcomes = store.outcomes
    state, resumed = await outcomes.open_checkin(CHAT, NOW, walking=True)
    assert not resumed and state.step == "rmdq" and state.answers == ""
    assert not await outcomes.answer_item(CHAT, state.id, 1, True)  # not the sentence asked now
    await _answer_all(store, state.id, "yynnnnnnnnnnnnnnnnnnnnny")
    assert not await outcomes.answer_item(CHAT, state.id, 23, True)  # a repeated press moves nothing
    assert (await outcomes.get_checkin(CHAT, state.id)).step == "leg"
    assert not await outcomes.advance(CHAT, state.id, "back", "walk", back_pain=3)  # wrong step
    assert await outcomes.advance(CHAT, state.id, "leg", "back", leg_pain=6)
    assert not await outcomes.advance(CHAT, state.id, "leg", "back", leg_pain=1)  # pressed twice
    assert await outcomes.advance(CHAT, state.id, "back", "walk", back_pain=4)
    assert await outcomes.advance(CHAT, state.id, "walk", "end", walking_minutes=15)
    assert not await outcomes.finish(CHAT + 1, state.id, "end", NOW)  # someone else's
    assert await outcomes.finish(CHAT, state.id, "end", NOW)
    assert not await outcomes.finish(CHAT, state.id, "end", NOW)
    (result,) = await outcomes.history(CHAT)
    assert (result.rmdq, result.leg_pain, result.back_pain, result.walking_minutes) == (3, 6, 4, 15)
    assert result.completed_at == NOW
    assert await outcomes.last_completed(CHAT) == NOW


async def test_an_unfinished_check_in_is_resumed_until_it_is_old(store):
    outcomes = store.outcomes
    first, _ = await outcomes.open_checkin(CHAT, NOW, walking=False)
    await _answer_all(store, first.id, "ynn")
    again, resumed = await outcomes.open_checkin(CHAT, NOW + dt.timedelta(days=2), walking=False)
    assert resumed and again.id == first.id and again.answers == "ynn"
    later, resumed = await outcomes.open_checkin(CHAT, NOW + RESUME_WITHIN + dt.timedelta(days=1), walking=False)
    assert not resumed and later.id != first.id and later.answers == ""
    assert await outcomes.get_checkin(CHAT, first.id) is None  # the old one is gone


async def test_goals_are_at_most_three_and_rated_per_check_in(store):
    outcomes = store.outcomes
    goals = [await outcomes.add_goal(CHAT, f"goal {i}", NOW) for i in range(MAX_GOALS)]
    assert [g.position for g in goals] == [0, 1, 2]
    assert await outcomes.add_goal(CHAT, "one too many", NOW) is None
    with pytest.raises(ValueError):
        await outcomes.add_goal(CHAT, "x" * 61, NOW)
    other = await outcomes.add_goal(CHAT + 1, "not mine", NOW)
    state, _ = await outcomes.open_checkin(CHAT, NOW, walking=False)
    await _answer_all(store, state.id, "n" * RMDQ_ITEMS)
    await outcomes.advance(CHAT, state.id, "leg", "back", leg_pain=2)
    await outcomes.advance(CHAT, state.id, "back", "goal0", back_pain=2)
    assert not await outcomes.rate_goal(CHAT, state.id, "goal0", "goal1", other.id, 5)  # not this person's goal
    assert await outcomes.rate_goal(CHAT, state.id, "goal0", "goal1", goals[0].id, 4)
    assert not await outcomes.rate_goal(CHAT, state.id, "goal0", "goal1", goals[0].id, 9)  # pressed twice
    assert await outcomes.rate_goal(CHAT, state.id, "goal1", "end", goals[1].id, 7)
    assert await outcomes.finish(CHAT, state.id, "end", NOW)
    (result,) = await outcomes.history(CHAT)
    assert result.rmdq == 0 and result.goals == {goals[0].id: 4, goals[1].id: 7}


async def test_mydata_and_forget_cover_every_outcome_table(store):
    outcomes = store.outcomes
    goal = await outcomes.add_goal(CHAT, "walk to the shops", NOW)
    state, _ = await outcomes.open_checkin(CHAT, NOW, walking=False)
    await _answer_all(store, state.id, "y" * RMDQ_ITEMS)
    await outcomes.advance(CHAT, state.id, "leg", "back", leg_pain=5)
    await outcomes.advance(CHAT, state.id, "back", "goal0", back_pain=5)
    await outcomes.rate_goal(CHAT, state.id, "goal0", "end", goal.id, 3)
    await outcomes.finish(CHAT, state.id, "end", NOW)
    await outcomes.record_alert(CHAT, "emergency", "Numbness around the bottom", NOW)
    await outcomes.start_offer(CHAT, dt.time(7, 30), "Europe/London", 6, NOW)
    await outcomes.add_goal(CHAT + 1, "someone else's", NOW)

    data = await store.privacy.export_chat(CHAT)
    for table in ("checkins", "goals", "goal_ratings", "alerts_shown"):
        assert len(data[table]) == 1, table
    assert data["checkins"][0]["rmdq"] == 24 and data["goals"][0]["activity"] == "walk to the shops"
    assert [s["programme_id"] for s in data["subscriptions"]] == ["checkin-offer"]
    assert await store.reminders.list_subscriptions(CHAT) == []  # the offer is not a reminder

    await store.privacy.forget_chat(CHAT)
    data = await store.privacy.export_chat(CHAT)
    assert not any(data[t] for t in ("checkins", "goals", "goal_ratings", "alerts_shown", "subscriptions"))
    assert await outcomes.history(CHAT) == [] and await outcomes.alerts(CHAT) == []
    assert [g.activity for g in await outcomes.goals(CHAT + 1)] == ["someone else's"]


async def test_the_offer_is_one_subscription_that_can_be_stopped(store):
    outcomes = store.outcomes
    due = await outcomes.start_offer(CHAT, dt.time(7, 30), "Europe/London", 6, NOW)  # Sundays
    assert due.astimezone(dt.UTC).weekday() == 6 and due > NOW
    await outcomes.start_offer(CHAT, dt.time(8, 0), "Europe/London", 0, NOW)  # moved, not doubled
    assert await outcomes.offered(CHAT)
    assert len((await store.privacy.export_chat(CHAT))["subscriptions"]) == 1
    assert await outcomes.stop_offer(CHAT) and not await outcomes.stop_offer(CHAT)
