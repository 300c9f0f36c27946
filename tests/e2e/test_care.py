"""The care loop end to end: consent gate, pain and feelings, worsening alert, plain words,
blocked and unblocked users, feedback counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot import keyboards
from storage.db import Base
from tests.e2e import helpers
from tests.e2e.helpers import PROGRAMME, START, USER, Clock, ask, press, services_of, subscribe, visible_text
from tests.fake_bot_api import FakeBotApi


async def stored_rows(store) -> dict[str, int]:
    counts = {}
    async with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            counts[table.name] = await conn.scalar(select(func.count()).select_from(table))
    return {k: v for k, v in counts.items() if v}


async def agree(api: FakeBotApi) -> None:
    await helpers.agree(api)


async def test_nothing_is_stored_before_agreeing(bot, api: FakeBotApi):
    services_of(bot).engine.clock = Clock()
    store = services_of(bot).store
    await ask(api, "/start")
    await ask(api, "/symptoms sciatica")
    await ask(api, "/exercises")
    await ask(api, "my back hurts when I walk")
    replies = await ask(api, "/remind")
    assert "privacy" in visible_text(replies[0].text).lower()
    assert keyboards.data("agree", "remind") in {d for _, d in replies[0].buttons()}
    assert await stored_rows(store) == {}, "something was stored before the person agreed"
    # agreeing stores the consent with its date, then the /remind flow carries on
    replies = await press(api, keyboards.data("agree", "remind"))
    assert await store.privacy.consent_given(USER) == START
    assert any(d.startswith("v1|rp|") for _, d in replies[-1].buttons())
    replies = await ask(api, "/privacy")
    assert "26 November 2026" in visible_text(replies[0].text)


async def _done_session(bot, api, clock, sub=None) -> int:
    """Deliver the day's reminder (of ``sub``, or a new one), press Done; return the rating id offered."""
    sub = await services_of(bot).store.reminders.get_subscription(sub.id) if sub else await subscribe(bot, clock)
    clock.now = sub.next_due_utc
    await services_of(bot).engine.tick()
    replies = await press(api, keyboards.data("rd", str(sub.id), str(sub.day)))
    pain_buttons = [d for _, d in replies[-1].buttons() if d.startswith("v1|pn|")]
    assert len(pain_buttons) == 11
    return int(pain_buttons[0].split("|")[2])


async def test_pain_rising_three_points_for_three_sessions_gets_the_alert(bot, api: FakeBotApi, content):
    clock = Clock()
    scores = [2, 3, 5, 6]  # baseline 2; +3 or more only twice so far
    sub = await subscribe(bot, clock)
    for score in scores:  # one session a day
        rating = await _done_session(bot, api, clock, sub)
        replies = await press(api, keyboards.data("pn", str(rating), str(score)))
        assert not any("⚠️" in c.text for c in replies)
    rating = await _done_session(bot, api, clock, sub)
    replies = await press(api, keyboards.data("pn", str(rating), "7"))  # third session at >= 5
    text = " ".join(visible_text(c.text) for c in replies)
    assert "⚠️" in text and "pause" in text.lower() and "physiotherapist or doctor" in text
    assert content.pages["urgent"].title in text
    first_day = content.programmes[PROGRAMME].days[0]
    assert content.exercises[first_day.exercises[0]].name in text


async def test_pain_further_down_the_leg_gets_the_alert_at_once(bot, api: FakeBotApi, content):
    rating = await _done_session(bot, api, Clock())
    replies = await press(api, keyboards.data("pf", str(rating), "further"))
    shown = " ".join(visible_text(c.text) for c in replies)
    assert "⚠️" in replies[0].text and content.pages["urgent"].title in shown and "Emergency now" in shown
    rating2 = await _done_session(bot, api, Clock(START + dt.timedelta(days=1)))
    replies = await press(api, keyboards.data("pf", str(rating2), "easier"))
    assert replies == []  # just acknowledged


async def test_plain_words_stop_and_start(bot, api: FakeBotApi):
    clock = Clock()
    await subscribe(bot, clock)
    store = services_of(bot).store
    replies = await ask(api, "Stop")
    assert "Paused 1 reminder. Type start to resume it." in replies[0].text  # one: singular
    assert not (await store.reminders.list_subscriptions(USER))[0].active
    replies = await ask(api, "start")
    assert "Resumed 1 reminder. Type stop to pause it." in replies[0].text
    assert (await store.reminders.list_subscriptions(USER))[0].active


async def test_blocked_user_is_paused_and_offered_resume_when_back(bot, api: FakeBotApi):
    clock = Clock()
    await subscribe(bot, clock)
    store = services_of(bot).store
    api.state.bot_status(USER, "member", "kicked", by_user=USER, chat_type="private")
    await api.wait_for(lambda: True)
    await api.settle()
    (sub,) = await store.reminders.list_subscriptions(USER)
    assert not sub.active and "blocked" in sub.paused_reason
    assert api.sent(USER) == []
    api.state.bot_status(USER, "kicked", "member", by_user=USER, chat_type="private")
    offer = await api.wait_sent(USER)
    assert ("▶️ Resume my reminders", keyboards.data("resumeall")) in offer[0].buttons()
    assert not (await store.reminders.list_subscriptions(USER))[0].active  # only an offer
    await press(api, keyboards.data("resumeall"))
    assert (await store.reminders.list_subscriptions(USER))[0].active


async def test_the_resume_offer_leaves_what_the_person_paused_themselves(bot, api: FakeBotApi):
    clock = Clock()
    kept = await subscribe(bot, clock)
    chosen = await subscribe(bot, clock, at=dt.time(19, 0))
    store = services_of(bot).store
    await ask(api, "/reminders")
    await press(api, keyboards.data("rpa", str(chosen.id)))
    assert (await store.reminders.get_subscription(chosen.id)).paused_reason == "paused"
    api.state.bot_status(USER, "member", "kicked", by_user=USER, chat_type="private")
    await api.settle()
    assert "blocked" in (await store.reminders.get_subscription(kept.id)).paused_reason
    before = len(api.sent(USER))
    api.state.bot_status(USER, "kicked", "member", by_user=USER, chat_type="private")
    offer = await api.wait_sent(USER, after=before)
    assert "You have 1 paused reminder. Shall I resume it?" in offer[0].text
    await press(api, keyboards.data("resumeall"))
    assert (await store.reminders.get_subscription(kept.id)).active
    assert not (await store.reminders.get_subscription(chosen.id)).active  # their own choice stands


async def test_stop_typed_in_the_middle_of_a_flow_still_pauses_everything(bot, api: FakeBotApi):
    clock = Clock()
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    await ask(api, "/reminders")
    replies = await press(api, keyboards.data("rc", str(sub.id)))
    assert replies  # the flow now waits for a typed time
    replies = await ask(api, "stop")
    assert "Paused 1" in replies[0].text
    assert not (await store.reminders.get_subscription(sub.id)).active
    replies = await ask(api, "7:45")  # the flow was dropped: a time is no longer taken as an answer
    assert (await store.reminders.get_subscription(sub.id)).local_time == dt.time(7, 30)
    replies = await ask(api, "start")
    assert "Resumed 1" in replies[0].text


async def test_helpfulness_is_counted_per_section_not_per_person(bot, api: FakeBotApi, capsys):
    store = services_of(bot).store
    replies = await ask(api, "/symptoms sciatica")
    up = keyboards.data("fb", "sciatica", "symptoms", "1")
    assert up in {d for _, d in replies[-1].buttons()}
    await press(api, up)
    edits = api.method_calls("editMessageReplyMarkup")
    assert edits and not any("fb" in str(edits[-1].params.get("reply_markup")) for _ in [0])
    await press(api, keyboards.data("fb", "sciatica", "symptoms", "0"), chat_id=USER + 5)
    await press(api, keyboards.data("fb", "sciatica", "causes", "0"), chat_id=USER + 6)
    assert sorted(await store.care.feedback_report()) == [("sciatica/causes", 0, 1), ("sciatica/symptoms", 1, 1)]
    rows = await stored_rows(store)
    # no person is recorded with a vote: a counted press is kept only as a keyed hash
    assert rows == {"section_feedback": 2, "presses": 3}


async def test_exercise_answers_ask_if_they_helped_too(bot, api: FakeBotApi, content):
    store = services_of(bot).store
    exercise = next(iter(content.exercises.values()))
    replies = await press(api, keyboards.data("ex", exercise.id, "sciatica"))
    up = keyboards.data("fb", keyboards.EXERCISE_FEEDBACK, exercise.id, "1")
    assert up in {d for _, d in replies[-1].buttons()}
    await press(api, up)
    assert (f"exercise/{exercise.id}", 1, 0) in await store.care.feedback_report()
    before = await store.care.feedback_report()
    await press(api, keyboards.data("fb", keyboards.EXERCISE_FEEDBACK, "no-such-exercise", "1"))
    assert await store.care.feedback_report() == before  # a forged button counts nothing


async def test_snoozed_reminder_never_lands_in_quiet_hours(bot, api: FakeBotApi):
    late_evening = dt.datetime(2026, 11, 26, 21, 50, tzinfo=dt.UTC)  # 21:50 in London
    clock = Clock(late_evening - dt.timedelta(hours=1))
    sub = await subscribe(bot, clock, at=dt.time(21, 50))
    clock.now = late_evening
    await services_of(bot).engine.tick()
    replies = await press(api, keyboards.data("rz", str(sub.id), "0"))
    assert "07:00" in visible_text(replies[0].text)  # not 22:20, inside 22:00-07:00
    clock.now = dt.datetime(2026, 11, 26, 22, 20, tzinfo=dt.UTC)
    assert (await services_of(bot).engine.tick()).claimed == 0
    clock.now = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)
    assert (await services_of(bot).engine.tick()).sent == 1
    # the person can choose other quiet hours
    await services_of(bot).store.privacy.give_consent(USER, clock.now)
    replies = await ask(api, "/quiet 23:30-06:00")
    assert "23:30–06:00" in replies[0].text
    assert await services_of(bot).store.care.quiet_hours(USER) == (dt.time(23, 30), dt.time(6, 0))
    replies = await ask(api, "/quiet 25:00-06:00")
    assert "25" in replies[0].text  # a clear reply, nothing changed
    assert await services_of(bot).store.care.quiet_hours(USER) == (dt.time(23, 30), dt.time(6, 0))


async def test_five_failed_deliveries_pause_the_reminder(bot, api: FakeBotApi):
    clock = Clock()
    sub = await subscribe(bot, clock)
    engine = services_of(bot).engine
    engine.backoff = 0.0
    # a failure of this chat's own (a 5xx is Telegram's, and never pauses: tests/e2e/test_outages.py)
    api.fail("sendPhoto", 400, "Bad Request: message is too long", chat_id=USER, times=1000)
    clock.now = sub.next_due_utc
    for _ in range(5):
        assert (await engine.tick()).failed == 1
        clock.now += engine.retry_delay
    info = await services_of(bot).store.reminders.get_subscription(sub.id)
    assert not info.active and "5 times" in info.paused_reason
    replies = await ask(api, "/reminders")
    assert "paused" in visible_text(replies[0].text)  # kept, and shown, never deleted


async def test_stop_and_start_count_two_reminders_in_the_plural(bot, api: FakeBotApi):
    clock = Clock()
    await subscribe(bot, clock)
    await subscribe(bot, clock, at=dt.time(19, 0))
    replies = await ask(api, "stop")
    assert "Paused 2 reminders. Type start to resume them." in replies[0].text
    replies = await ask(api, "start")
    assert "Resumed 2 reminders. Type stop to pause them." in replies[0].text
