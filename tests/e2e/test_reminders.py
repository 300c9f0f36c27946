"""Reminders end to end: the /remind flow, delivery through the fake Bot API, Telegram's errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot import keyboards
from tests.e2e import helpers
from tests.e2e.helpers import PROGRAMME, START, USER, Clock, ask, press, services_of, subscribe, visible_text
from tests.fake_bot_api import FakeBotApi, Limits

UTC = dt.UTC


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def test_remind_flow_by_buttons_and_typing(bot, api: FakeBotApi, clock: Clock, content):
    services_of(bot).engine.clock = clock
    store = services_of(bot).store
    await ask(api, "/remind")
    replies = await helpers.agree(api)  # the privacy notice comes first
    assert {d for _, d in replies[-1].buttons()} == {keyboards.data("rp", p) for p in content.programmes}
    replies = await press(api, keyboards.data("rp", PROGRAMME))
    assert keyboards.data("rt", PROGRAMME, "0700") in {d for _, d in replies[-1].buttons()}
    # a bad typed time gets a clear answer and the flow goes on
    replies = await ask(api, "25:99")
    assert "25" in visible_text(replies[0].text) and "hour" in visible_text(replies[0].text).lower()
    replies = await ask(api, "7.30 am")
    assert "07:30" in visible_text(replies[0].text)
    # an unknown place: a clear answer, and still nothing stored
    replies = await ask(api, "Atlantis")
    assert "Atlantis" in visible_text(replies[0].text)
    assert await store.reminders.list_subscriptions(USER) == []
    replies = await ask(api, "London")
    assert "✅" in replies[0].text
    (sub,) = await store.reminders.list_subscriptions(USER)
    expected = (PROGRAMME, dt.time(7, 30), "Europe/London", True)
    assert (sub.programme_id, sub.local_time, sub.zone, sub.active) == expected
    assert sub.next_due_utc == dt.datetime(2026, 11, 26, 7, 30, tzinfo=UTC)
    # the zone is remembered: the next flow offers it as a button
    await ask(api, "/remind")
    await press(api, keyboards.data("rp", PROGRAMME))
    replies = await press(api, keyboards.data("rt", PROGRAMME, "1800"))
    assert keyboards.data("rok", PROGRAMME, "1800") in {d for _, d in replies[-1].buttons()}
    await press(api, keyboards.data("rok", PROGRAMME, "1800"))
    assert len(await store.reminders.list_subscriptions(USER)) == 2


async def test_zone_from_a_shared_location(bot, api: FakeBotApi, clock: Clock):
    services_of(bot).engine.clock = clock
    await ask(api, "/remind")
    await press(api, keyboards.data("rp", PROGRAMME))
    await press(api, keyboards.data("rt", PROGRAMME, "0800"))
    before = len(api.sent(USER))
    api.message(USER, None, location={"latitude": 40.71, "longitude": -74.0})
    await api.wait_sent(USER, after=before)
    (sub,) = await services_of(bot).store.reminders.list_subscriptions(USER)
    assert sub.zone == "America/New_York"


async def test_a_due_reminder_is_delivered_with_its_buttons_and_answers_work(
    bot, api: FakeBotApi, clock: Clock, content
):
    sub = await subscribe(bot, clock)
    engine = services_of(bot).engine
    clock.now = sub.next_due_utc
    result = await engine.tick()
    assert (result.claimed, result.sent) == (1, 1)
    # one message: the picture, the day as its caption, and the buttons
    assert [c.method for c in api.sent(USER)] == ["sendPhoto"]
    (photo,) = api.sent(USER, "sendPhoto")
    first_day = content.programmes[PROGRAMME].days[0]
    text = visible_text(photo.text)
    assert "day 1" in text and len(text) <= 1024
    exercises = [content.exercises[e] for e in first_day.exercises]
    assert all(e.name in text and e.dose in text for e in exercises), text
    buttons = photo.buttons()
    assert [label for label, _ in buttons][-4:] == ["✅ Done", "⏰ Snooze 30 min", "⏭ Skip today", "🛑 Stop reminders"]
    # each exercise's steps are behind its button
    steps = [d for _, d in buttons if d.startswith("v1|ex|")]
    assert steps == [keyboards.data("ex", e, "-") for e in first_day.exercises]
    replies = await press(api, steps[0])
    shown = " ".join(visible_text(r.text) for r in replies)
    assert content.exercises[first_day.exercises[0]].steps[0][:30] in shown
    # a second tick at the same moment sends nothing more
    assert (await engine.tick()).claimed == 0
    # Done records adherence for today
    replies = await press(api, keyboards.data("rd", str(sub.id), "0"))
    assert "streak: 1" in visible_text(replies[0].text)
    # Snooze sends day 1 again 30 minutes later, then the programme moves on tomorrow
    await press(api, keyboards.data("rz", str(sub.id), "0"))
    clock.now += dt.timedelta(minutes=31)
    assert (await engine.tick()).sent == 1
    assert "day 1" in visible_text(api.sent(USER, "sendPhoto")[-1].text)
    clock.now = dt.datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert (await engine.tick()).sent == 1
    assert "day 2" in visible_text(api.sent(USER, "sendPhoto")[-1].text)
    # the picture was uploaded once and then sent by its file id
    reminders = [c for c in api.sent(USER, "sendPhoto") if " · day " in c.text]
    assert len(reminders) == 3
    assert all("file" not in str(c.params.get("photo", "")) or i == 0 for i, c in enumerate(reminders))
    # HTML, and no link previews in the messages, on every send (the Sender passes them itself)
    for call in api.sent(USER, "sendPhoto") + api.sent(USER, "sendMessage"):
        assert call.params.get("parse_mode") == "HTML", call
    for call in api.sent(USER, "sendMessage"):
        preview = call.params.get("link_preview_options")
        assert (json.loads(preview) if isinstance(preview, str) else preview) == {"is_disabled": True}, call


async def test_old_reminders_buttons_keep_working(bot, api: FakeBotApi, clock: Clock):
    """A reminder sent before reminders became one message had its buttons under the text: the
    same callback data, still answered."""
    sub = await subscribe(bot, clock)
    replies = await press(api, keyboards.data("rk", str(sub.id), "0"))
    assert "Skipped" in visible_text(replies[0].text)
    replies = await press(api, keyboards.data("rd", str(sub.id), "0"))
    assert "streak" in visible_text(replies[0].text)


async def test_a_reminder_shows_every_exercise_of_the_day_in_one_picture(bot, api: FakeBotApi, clock: Clock, content):
    import io

    from PIL import Image

    first_day = content.programmes[PROGRAMME].days[0]
    pictured = [e for e in first_day.exercises if content.exercises[e].picture]
    assert len(pictured) >= 2, "this test needs a day with several pictured exercises"
    sub = await subscribe(bot, clock)
    clock.now = sub.next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    (photo,) = api.sent(USER, "sendPhoto")
    assert all(content.exercises[e].name in photo.text for e in pictured)  # the caption names them all
    with (
        Image.open(io.BytesIO(api.state.files["photo"])) as image,
        Image.open(content.picture_path(content.exercises[pictured[0]])) as single,
    ):
        assert image.width * image.height >= len(pictured) * single.width * single.height


async def test_reminders_survive_a_restart(start_bot, api: FakeBotApi, clock: Clock):
    async with start_bot() as first:
        sub = await subscribe(first, clock)
    clock.now = sub.next_due_utc + dt.timedelta(minutes=20)  # the bot was down when it fell due
    async with start_bot() as second:
        services_of(second).engine.clock = clock
        result = await services_of(second).engine.tick()
        again = await services_of(second).engine.tick()
    assert (result.sent, again.claimed) == (1, 0)
    assert len(api.sent(USER, "sendPhoto")) == 1


async def test_stale_reminders_after_long_downtime_are_skipped_not_flooded(bot, api: FakeBotApi, clock: Clock):
    sub = await subscribe(bot, clock)
    clock.now = sub.next_due_utc + dt.timedelta(hours=5)
    result = await services_of(bot).engine.tick()
    assert (result.sent, result.skipped_stale) == (0, 1)
    assert api.sent(USER) == []
    info = await services_of(bot).store.reminders.get_subscription(sub.id)
    assert info.next_due_utc == dt.datetime(2026, 11, 27, 7, 30, tzinfo=UTC)


async def test_blocked_user_is_deactivated_and_data_kept(bot, api: FakeBotApi, clock: Clock):
    sub = await subscribe(bot, clock)
    api.fail("sendPhoto", 403, "Forbidden: bot was blocked by the user", chat_id=USER)
    clock.now = sub.next_due_utc
    result = await services_of(bot).engine.tick()
    assert result.deactivated == 1
    info = await services_of(bot).store.reminders.get_subscription(sub.id)
    assert info.active is False and "blocked" in info.paused_reason
    replies = await ask(api, "/reminders")
    assert "paused" in visible_text(replies[0].text)
    assert ("▶️ Resume", keyboards.data("rre", str(sub.id))) in replies[0].buttons()


async def test_rate_limit_answer_waits_and_delivers_once(bot, api: FakeBotApi, clock: Clock):
    sub = await subscribe(bot, clock)
    api.fail("sendPhoto", 429, "Too Many Requests: retry after 1", parameters={"retry_after": 1}, chat_id=USER)
    clock.now = sub.next_due_utc
    result = await services_of(bot).engine.tick()
    assert result.sent == 1 and result.retried >= 1
    delivered = [c for c in api.sent(USER, "sendPhoto")]
    assert len(delivered) == 2 and delivered[0].text == delivered[1].text  # the 429 and the retry
    assert len(await services_of(bot).store.history.deliveries(sub.id)) == 1


async def test_chat_migration_moves_the_reminder(bot, api: FakeBotApi, clock: Clock):
    group, supergroup = -4001, -1004001
    sub = await subscribe(bot, clock, chat_id=group)
    api.fail(
        "sendPhoto",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        parameters={"migrate_to_chat_id": supergroup},
        chat_id=group,
    )
    clock.now = sub.next_due_utc
    result = await services_of(bot).engine.tick()
    assert result.sent == 1
    assert api.sent(supergroup, "sendPhoto")
    info = await services_of(bot).store.reminders.get_subscription(sub.id)
    assert info.chat_id == supergroup


async def test_server_errors_are_retried_a_bounded_number_of_times(bot, api: FakeBotApi, clock: Clock):
    sub = await subscribe(bot, clock)
    api.fail("sendPhoto", 502, "Bad Gateway", chat_id=USER, times=50)
    services_of(bot).engine.backoff = 0.01
    clock.now = sub.next_due_utc
    result = await services_of(bot).engine.tick()
    attempts = len(api.sent(USER, "sendPhoto"))
    assert result.held == 1 and result.failed == 0 and result.sent == 0
    assert 1 < attempts <= services_of(bot).engine.max_attempts
    info = await services_of(bot).store.reminders.get_subscription(sub.id)
    assert info.active and info.failures == 0  # kept, due again soon, and a 5xx is not the chat's failure
    api.failures.clear()
    clock.now += services_of(bot).engine.retry_delay
    assert (await services_of(bot).engine.tick()).sent == 1


async def test_outgoing_rate_stays_within_telegram_limits(start_bot, api: FakeBotApi, clock: Clock):
    api.limits = Limits()
    async with start_bot(rate_limit=True) as application:
        for n in range(45):
            await subscribe(application, clock, chat_id=USER + 100 + n)
        clock.now = START + dt.timedelta(hours=1, minutes=30)
        result = await services_of(application).engine.tick()
    assert result.sent == 45
    assert api.rate_limited == [], "the bot went over Telegram's limits"
    assert len(api.sent(method="sendPhoto")) == 45  # one send per reminder
    assert not api.sent(method="sendMessage")


async def test_stop_all_reminders_with_confirmation(bot, api: FakeBotApi, clock: Clock):
    await subscribe(bot, clock)
    await subscribe(bot, clock, at=dt.time(19, 0))
    replies = await ask(api, "/stop")
    assert "2" in visible_text(replies[0].text)
    store = services_of(bot).store
    assert all(s.active for s in await store.reminders.list_subscriptions(USER))  # nothing until confirmed
    await press(api, keyboards.data("rstop"))
    subs = await store.reminders.list_subscriptions(USER)
    assert len(subs) == 2 and not any(s.active for s in subs)


async def test_reminders_list_pause_resume_change_time_delete(bot, api: FakeBotApi, clock: Clock):
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    await press(api, keyboards.data("rpa", str(sub.id)))
    assert not (await store.reminders.get_subscription(sub.id)).active
    await press(api, keyboards.data("rre", str(sub.id)))
    assert (await store.reminders.get_subscription(sub.id)).active
    await press(api, keyboards.data("rc", str(sub.id)))
    await ask(api, "7pm")
    info = await store.reminders.get_subscription(sub.id)
    assert info.local_time == dt.time(19, 0)
    await press(api, keyboards.data("rdel", str(sub.id)))
    assert await store.reminders.get_subscription(sub.id) is not None  # only after confirming
    await press(api, keyboards.data("rdel2", str(sub.id)))
    assert await store.reminders.get_subscription(sub.id) is None
    # someone else's reminder cannot be touched with a forged button
    other = await subscribe(bot, clock, chat_id=USER + 1)
    replies = await press(api, keyboards.data("rdel2", str(other.id)))
    assert "expired" in replies[0].text
    assert await store.reminders.get_subscription(other.id) is not None


async def test_progress_shows_streak_weeks_and_a_chart(bot, api: FakeBotApi, clock: Clock):
    replies = await ask(api, "/progress")
    assert "No exercise days" in replies[0].text
    sub = await subscribe(bot, clock)
    store = services_of(bot).store
    for days_ago in (0, 1, 2, 9):
        await store.history.record_adherence(sub.id, START.date() - dt.timedelta(days=days_ago), "done")
    await store.history.record_adherence(sub.id, START.date() - dt.timedelta(days=3), "skipped")
    replies = await ask(api, "/progress")
    photo = next(c for c in replies if c.method == "sendPhoto")
    assert photo.params["photo"].startswith("<file")
    assert next(iter(api.state.files.values()))[:8] == b"\x89PNG\r\n\x1a\n"
    text = visible_text(replies[-1].text)
    assert "Streak: 3" in text and "0 · 0 · 1 · 3" in text


async def test_a_crowded_time_gets_quieter_times_offered_and_one_tap_moves_it(start_bot, api: FakeBotApi, clock: Clock):
    """At a budget of 6 reminders a minute, 30 people at 08:00 London make 08:00 crowded: /remind
    says so and offers 07:55 or 08:05; a quiet time gets no such line."""
    async with start_bot(broadcast_per_second=0.1) as application:
        for n in range(30):
            await subscribe(application, clock, chat_id=USER + 1000 + n, at=dt.time(8, 0))
        store = services_of(application).store
        await ask(api, "/remind")
        await helpers.agree(api)
        await press(api, keyboards.data("rp", PROGRAMME))
        await ask(api, "8:00")
        replies = await ask(api, "London")
        (offer,) = [r for r in replies if "quieter" in r.text]
        hint = visible_text(offer.text)
        assert "Many reminders go out at 08:00" in hint and "07:55 or 08:05 are quieter" in hint
        (sub,) = await store.reminders.list_subscriptions(USER)
        assert [d for _, d in offer.buttons()] == [
            keyboards.data("rct", str(sub.id), "0755"),
            keyboards.data("rct", str(sub.id), "0805"),
        ]
        await press(api, keyboards.data("rct", str(sub.id), "0805"))
        (sub,) = await store.reminders.list_subscriptions(USER)
        assert sub.local_time == dt.time(8, 5)
        # a quiet time: no suggestion
        await ask(api, "/remind")
        await press(api, keyboards.data("rp", PROGRAMME))
        await press(api, keyboards.data("rt", PROGRAMME, "1800"))
        replies = await press(api, keyboards.data("rok", PROGRAMME, "1800"))
        assert not any("quieter" in visible_text(r.text) for r in replies)
