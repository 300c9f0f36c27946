"""Shared set-ups for the outcome tests (check-ins, a prescribing clinician's alerts)."""

from __future__ import annotations

import datetime as dt

from tests.e2e import helpers
from tests.e2e.helpers import USER, ask, services_of

#: A clinician who prescribes a programme to USER (not helpers.PRESCRIBER, who goes through /prescribe).
CLINICIAN = 6001


async def prescribed(bot, api, clock) -> int:
    """USER, consenting, opened CLINICIAN's prescription, subscribed to it and finished a first
    check-in (12 of 24 sentences); the prescription's id."""
    store = services_of(bot).store
    await store.privacy.give_consent(CLINICIAN, clock.now)
    _, info = await store.prescriptions.create_prescription(
        CLINICIAN, "general-nerve-root", 0, dt.time(7, 30), "Sam, physio", clock.now, 30
    )
    await ask(api, "/privacy")
    await helpers.agree(api)
    await store.prescriptions.open_prescription(info.id, USER, clock.now)
    await store.reminders.add_subscription(
        USER, "general-nerve-root", dt.time(7, 30), "Europe/London", clock.now, prescription=(info.id, None)
    )
    state, _ = await store.outcomes.open_checkin(USER, clock.now, walking=False)  # a first check-in: 12/24
    for i in range(24):
        await store.outcomes.answer_item(USER, state.id, i, i < 12)
    await store.outcomes.advance(USER, state.id, "leg", "back", leg_pain=6)
    await store.outcomes.advance(USER, state.id, "back", "end", back_pain=5)
    await store.outcomes.finish(USER, state.id, "end", clock.now)
    return info.id


async def checkin(store, when: dt.datetime, yes: int, leg: int, back: int, ratings: list[int]) -> None:
    """USER finishes a check-in at ``when``: ``yes`` of the 24 sentences, the two pain scores and
    each goal's rating."""
    outcomes = store.outcomes
    state, _ = await outcomes.open_checkin(USER, when, walking=False)
    for i in range(24):
        await outcomes.answer_item(USER, state.id, i, i < yes)
    goals = await outcomes.goals(USER)
    steps = ["leg", "back", *(f"goal{i}" for i in range(len(goals))), "end"]
    await outcomes.advance(USER, state.id, "leg", "back", leg_pain=leg)
    await outcomes.advance(USER, state.id, "back", steps[2], back_pain=back)
    for i, (goal, rating) in enumerate(zip(goals, ratings, strict=False)):
        await outcomes.rate_goal(USER, state.id, f"goal{i}", steps[3 + i], goal.id, rating)
    assert await outcomes.finish(USER, state.id, "end", when)
