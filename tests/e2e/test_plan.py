"""The plan adapts (content/progression.yaml) end to end: a good week steps the repeats up and says
why, a flare and the worsening alert step them back, Undo restores, the reminders show the repeats,
and a person with no reminder gets no plan message."""

from __future__ import annotations

import datetime as dt

from bot import keyboards
from tests.e2e.helpers import EMERGENCY, PROGRAMME, USER, Clock, agree, ask, press, services_of, subscribe, visible_text
from tests.fake_bot_api import FakeBotApi


async def _session(bot, api: FakeBotApi, clock: Clock, sub_id: int) -> tuple[str, int]:
    """Deliver the reminder's next day and press Done: the reminder's text and the rating offered."""
    store = services_of(bot).store
    sub = await store.reminders.get_subscription(sub_id)
    clock.now = sub.next_due_utc
    before = len(api.sent(USER))
    await services_of(bot).engine.tick()
    reminder = visible_text(api.sent(USER)[before].text)
    replies = await press(api, keyboards.data("rd", str(sub.id), str(sub.day)))
    (pain,) = [d for _, d in replies[-1].buttons() if d.startswith("v1|pn|")][:1]
    return reminder, int(pain.split("|")[2])


async def _rate(api: FakeBotApi, rating: int, pain: int) -> str:
    replies = await press(api, keyboards.data("pn", str(rating), str(pain)))
    return " ".join(visible_text(r.text) for r in replies)


async def _good_week(bot, api: FakeBotApi, clock: Clock, sub_id: int, pain: int = 3) -> tuple[str, list]:
    """Five sessions on five days, pain ``pain`` each time: the text after the last rating."""
    said = ""
    for _ in range(5):
        _, rating = await _session(bot, api, clock, sub_id)
        before = len(api.sent(USER))
        said = await _rate(api, rating, pain)
    return said, api.sent(USER)[before:]


async def test_a_good_week_steps_up_says_why_and_the_reminder_shows_it(bot, api: FakeBotApi, content):
    clock = Clock()
    sub = await subscribe(bot, clock)
    said, replies = await _good_week(bot, api, clock, sub.id)
    assert "Your plan steps up a little: about 7 repeats" in said and "(it was 5)" in said, said
    assert "5 of the last 7 days" in said and "no higher than before" in said
    # it quotes only what this plan says about adding more
    assert 'Your plan says: "Add 1 or 2 repeats every few days if the exercises feel comfortable."' in said
    assert "Sources" in said and content.sources["nhsinform-back-exercises"].title in said
    (undo,) = [d for r in replies for label, d in r.buttons() if "Undo" in label]
    assert await services_of(bot).store.plan.level(sub.id) == 7
    # the next reminder asks for 7 of the exercises with a number on their card, never more
    reminder, _ = await _session(bot, api, clock, sub.id)
    assert "Knee rolls — about 7 for now (your plan)." in reminder, reminder
    assert content.exercises["knee-rolls"].dose in reminder
    # a good week again, but within a week of the last change: no second step yet
    assert await services_of(bot).store.plan.level(sub.id) == 7
    assert undo.startswith("v1|pu|")


async def test_a_flare_steps_back_and_the_worsening_alert_too(bot, api: FakeBotApi):
    clock = Clock()
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    await _good_week(bot, api, clock, sub.id)
    assert await store.plan.level(sub.id) == 7
    _, rating = await _session(bot, api, clock, sub.id)
    said = await _rate(api, rating, 5)  # 2 points above the week's 3
    assert "Your plan steps back: about 5 repeats" in said and "(it was 7)" in said, said
    assert "5 out of 10" in said and "2 or more points above" in said
    assert "up to 4 out of 10, if it settles within 45 minutes" in said
    # what to do if it does not settle (clinical review A4)
    assert "not settled within a day or two, or it spreads down your leg, pause the exercises" in said
    assert "/urgent lists the warning signs" in said
    assert await store.plan.level(sub.id) == 5
    # stepped back once this week: another high rating changes nothing more, but is told
    _, rating = await _session(bot, api, clock, sub.id)
    again = await _rate(api, rating, 6)
    assert "Your pain today (6 out of 10) is 2 or more points above last week's again" in again, again
    assert "stepped back already this week and stays at about 5 repeats" in again
    assert await store.plan.level(sub.id) == 5 and len(await store.plan.changes(USER)) == 2


async def test_the_worsening_alert_steps_the_plan_back_after_the_alert(bot, api: FakeBotApi):
    clock = Clock()
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    await store.privacy.give_consent(USER, clock.now)  # warnings are recorded only with consent
    await _good_week(bot, api, clock, sub.id)
    _, rating = await _session(bot, api, clock, sub.id)
    replies = await press(api, keyboards.data("pf", str(rating), "further"))
    texts = [visible_text(r.text) for r in replies]
    assert "⚠️" in texts[0]
    # the alert asks to pause; the plan's message does not say that some pain is fine
    (step,) = [t for t in texts if "your plan will restart" in t]
    assert texts.index(step) > 0
    assert "When your physiotherapist or doctor says you can start again, your plan will restart at about 5" in step
    assert "(it was 7)" in step and "Until then, please keep these exercises paused." in step
    assert not any("4 out of 10" in t or "Some discomfort is fine" in t for t in texts), texts
    assert await store.plan.level(sub.id) == 5


async def test_undo_restores_and_only_once(bot, api: FakeBotApi, content):
    clock = Clock()
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    _, replies = await _good_week(bot, api, clock, sub.id)
    (undo,) = [d for r in replies for label, d in r.buttons() if "Undo" in label]
    said = " ".join(visible_text(r.text) for r in await press(api, undo))
    assert "Undone: your plan is back to about 5 repeats" in said
    assert len(api.method_calls("editMessageReplyMarkup")) == 1  # the spent Undo button is taken off
    assert await store.plan.level(sub.id) is None
    reminder, _ = await _session(bot, api, clock, sub.id)
    assert "for now (your plan)" not in reminder and content.exercises["knee-rolls"].dose in reminder
    assert await press(api, undo) == []  # a second press: told it can no longer be undone
    answer = api.method_calls("answerCallbackQuery")[-1]
    assert "can no longer be undone" in answer.params["text"]
    # another person cannot undo it
    change = (await store.plan.changes(USER))[0]
    assert await store.plan.undo(USER + 1, change.id, clock.now) is None
    # /mydata shows the changes; /forget deletes them
    data = await store.privacy.export_chat(USER)
    assert [(c["rule"], c["before"], c["after"]) for c in data["plan_changes"]] == [("up", 5, 7)]
    await store.privacy.forget_chat(USER)
    assert await store.plan.changes(USER) == []


async def test_a_person_with_no_reminder_gets_nothing(bot, api: FakeBotApi):
    clock = Clock()
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    ratings = []
    for _ in range(5):
        _, rating = await _session(bot, api, clock, sub.id)
        ratings.append(rating)
    await store.reminders.delete(sub.id, chat_id=USER)
    for rating in ratings:  # the pain buttons of the sessions, pressed after the reminder is gone
        assert "Your plan" not in await _rate(api, rating, 3)
    assert await store.plan.changes(USER) == []
    # a red-flag warning to someone without a reminder brings the warning only
    await ask(api, "/privacy")
    await agree(api)
    clock.now += dt.timedelta(hours=1)
    replies = await ask(api, EMERGENCY)
    assert "🚨" in replies[0].text and not any("Your plan" in r.text for r in replies)
    assert PROGRAMME
