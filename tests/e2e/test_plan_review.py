"""The adaptive plan as a clinician reviewed it, end to end through the fake Bot API: an exercise new
to the plan starts at the plan's start, the step-up quotes only what each plan says (and the
arachnoiditis plan steps up no earlier than its week 3), the reminders after an emergency or urgent
warning say so for a week, a "Harder" session holds the step-up, and undoing a step back cautions.
The Mini App's session shows the plan's repeats as the reminder does."""

from __future__ import annotations

import datetime as dt

from bot import keyboards
from bot.webapp.auth import signed_init_data
from scheduler.times import local_date
from tests.e2e.helpers import (
    EMERGENCY,
    TOKEN,
    USER,
    Clock,
    agree_data,
    ask,
    clock_now,
    press,
    services_of,
    visible_text,
    webapp_on,
    with_reminder,
)
from tests.fake_bot_api import FakeBotApi

ZONE = "Europe/London"


async def _subscribe(bot, clock: Clock, programme: str = "general-nerve-root"):
    services = services_of(bot)
    services.engine.clock = clock
    return await services.store.reminders.add_subscription(USER, programme, dt.time(7, 30), ZONE, clock.now)


async def _remind(bot, api: FakeBotApi, clock: Clock, sub_id: int) -> str:
    """Deliver the reminder's next day: its text."""
    sub = await services_of(bot).store.reminders.get_subscription(sub_id)
    clock.now = sub.next_due_utc
    before = len(api.sent(USER))
    await services_of(bot).engine.tick()
    return visible_text(api.sent(USER)[before].text)


async def _session(bot, api: FakeBotApi, clock: Clock, sub_id: int, pain: int = 3, feeling: str = "") -> str:
    """A reminder delivered, Done pressed, pain (and how it felt) rated: what the bot said after."""
    sub = await services_of(bot).store.reminders.get_subscription(sub_id)
    await _remind(bot, api, clock, sub_id)
    replies = await press(api, keyboards.data("rd", str(sub.id), str(sub.day)))
    (rating,) = [d.split("|")[2] for _, d in replies[-1].buttons() if d.startswith("v1|pn|")][:1]
    said = await press(api, keyboards.data("pn", rating, str(pain)))
    if feeling:
        said += await press(api, keyboards.data("pf", rating, feeling))
    return " ".join(visible_text(r.text) for r in said)


def _line(reminder: str, name: str) -> str:
    (line,) = [x for x in reminder.splitlines() if x.startswith(f"• {name} —")]
    return line


async def test_an_exercise_new_to_the_plan_starts_at_the_start(bot, api: FakeBotApi, content):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    store = services_of(bot).store
    for _ in range(14):  # weeks 1 and 2
        await _remind(bot, api, clock, sub.id)
    assert await store.plan.change(USER, sub.id, 5, 9, "up", "week", clock.now) is not None
    name = {e: content.exercises[e].name for e in ("knee-rolls", "bridge", "cat-camel", "bird-dog")}
    week3 = await _remind(bot, api, clock, sub.id)  # day 15: cat and camel and the bridge are new
    assert "about 9 for now (your plan)" in _line(week3, name["knee-rolls"]), week3
    assert "about 5 for now (your plan)" in _line(week3, name["bridge"]), week3
    assert "about 5 for now (your plan)" in _line(week3, name["cat-camel"])
    for _ in range(6):
        await _remind(bot, api, clock, sub.id)
    week4 = await _remind(bot, api, clock, sub.id)  # day 22: the bridge steps up, the leg reach is new
    assert "about 9 for now (your plan)" in _line(week4, name["bridge"]), week4
    assert "about 5 for now (your plan)" in _line(week4, name["bird-dog"]), week4


async def test_the_arachnoiditis_plan_steps_up_only_from_its_week_3(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock, "arachnoiditis-pacing")
    store = services_of(bot).store
    said = [await _session(bot, api, clock, sub.id) for _ in range(14)]  # a good fortnight
    assert not any("Your plan" in s for s in said), said
    assert await store.plan.level(sub.id) is None
    up = await _session(bot, api, clock, sub.id)  # day 15
    assert "about 4 repeats of each exercise (it was 3)" in up, up
    assert (
        'Your plan says: "If last week felt manageable, add 1 or 2 repeats, or walk for a minute or two longer."' in up
    )
    assert "every few days" not in up


async def test_the_stenosis_step_up_says_what_the_stenosis_plan_says(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock, "stenosis-flexion")
    said = [await _session(bot, api, clock, sub.id) for _ in range(5)][-1]
    assert "about 10 repeats of each exercise (it was 8)" in said, said
    assert 'Your plan says: "Aim for 8 to 12 repeats of each exercise."' in said
    assert "1 or 2" not in said


async def test_a_harder_session_holds_the_step_up(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    said = [await _session(bot, api, clock, sub.id, feeling="harder" if i == 2 else "") for i in range(5)]
    assert not any("Your plan" in s for s in said), said
    assert await services_of(bot).store.plan.level(sub.id) is None


async def test_undoing_a_step_back_cautions(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    for _ in range(5):
        await _session(bot, api, clock, sub.id)
    before = len(api.sent(USER))
    assert "Your plan steps back" in await _session(bot, api, clock, sub.id, pain=5)
    (undo,) = [d for r in api.sent(USER)[before:] for label, d in r.buttons() if "Undo" in label]
    said = " ".join(visible_text(r.text) for r in await press(api, undo))
    assert "back to about 7 repeats of each exercise. If the pain flares again, do less." in said, said


async def test_reminders_carry_the_warning_for_a_week(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    await services_of(bot).store.privacy.give_consent(USER, clock.now)  # warnings are recorded with consent
    await _remind(bot, api, clock, sub.id)
    clock.now += dt.timedelta(hours=2)
    assert "🚨" in (await ask(api, EMERGENCY))[0].text
    shown = local_date(clock.now, ZONE)
    line = f"You were shown a warning on {shown.day} {shown:%B}. If it has not been checked yet, please do that"
    carried = [line in await _remind(bot, api, clock, sub.id) for _ in range(9)]
    assert carried == [True] * 7 + [False] * 2, carried


async def test_the_mini_app_shows_the_plans_repeats(serve_bot, http, content):
    async with webapp_on(serve_bot)() as (application, base):
        clock = Clock(clock_now())
        sub = await with_reminder(application, clock)
        store = services_of(application).store
        assert await store.plan.change(USER, sub.id, 5, 7, "up", "week", clock.now) is not None
        headers = {"Authorization": "tma " + signed_init_data(USER, TOKEN)}
        async with http.get(f"{base}/app/api/today", headers=headers) as r:
            session = (await r.json())["session"]
        knee = next(e for e in session["exercises"] if e["id"] == "knee-rolls")
        assert knee["dose"] == "about 7 for now (your plan). " + content.exercises["knee-rolls"].dose
        assert knee["counter"]["reps"] == 7
        walk = next(e for e in session["exercises"] if e["id"] == "walking")
        assert walk["dose"] == content.exercises["walking"].dose


async def test_a_spanish_speaker_gets_the_plan_in_spanish(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    await ask(api, "/privacy", language_code="es-MX")
    api.press(USER, agree_data(api), language_code="es-MX")  # agreeing keeps Spanish as the language
    await api.settle()
    assert await services_of(bot).store.chats.get_language(USER) == "es"
    said = [await _session(bot, api, clock, sub.id) for _ in range(5)][-1]
    assert "Su plan sube un poco: unas 7 repeticiones de cada ejercicio (antes eran 5)" in said, said
    assert "«Sume 1 o 2 repeticiones cada pocos días si los ejercicios le resultan cómodos.»" in said
    assert "unas 7 por ahora (su plan)" in await _remind(bot, api, clock, sub.id)


async def test_after_the_worsening_alert_no_plan_message_says_to_carry_on(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    await services_of(bot).store.privacy.give_consent(USER, clock.now)  # warnings are recorded with consent
    for _ in range(5):
        await _session(bot, api, clock, sub.id)  # pain 3: up to 7 repeats
    assert "Your plan steps back" in await _session(bot, api, clock, sub.id, pain=6)
    assert "stepped back already this week" in await _session(bot, api, clock, sub.id, pain=6)
    alert = await _session(bot, api, clock, sub.id, pain=6)  # 3 sessions 3 points above the start
    assert "⚠️" in alert and "talk to your physiotherapist or doctor" in alert, alert
    assert "Do less today" not in alert and "Some discomfort is fine" not in alert, alert


async def test_a_flare_after_the_alerts_step_back_says_to_keep_paused(bot, api: FakeBotApi):
    clock = Clock()
    sub = await _subscribe(bot, clock)
    await services_of(bot).store.privacy.give_consent(USER, clock.now)
    for _ in range(5):
        await _session(bot, api, clock, sub.id)
    assert "your plan will restart" in await _session(bot, api, clock, sub.id, feeling="further")
    later = await _session(bot, api, clock, sub.id, pain=5)  # a flare, later that week
    assert "please keep these exercises paused until your physiotherapist or doctor" in later, later
    assert "Do less today" not in later and "Some discomfort is fine" not in later
