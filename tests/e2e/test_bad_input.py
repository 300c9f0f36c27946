"""Bad input at the edges: countries typed as a time zone, huge typed times, forged buttons."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import keyboards
from bot.handlers import admins
from tests.e2e.helpers import (
    GROUP,
    PROGRAMME,
    USER,
    Clock,
    agree,
    ask,
    assert_valid,
    last_menu,
    make_admin,
    press,
    press_as,
    reply_to_prompt,
    services_of,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi

b = keyboards.data


async def at_zone_question(bot, api: FakeBotApi) -> None:
    services_of(bot).engine.clock = Clock()
    await services_of(bot).store.privacy.give_consent(USER, Clock().now)
    await ask(api, "/remind")
    await press(api, b("rp", PROGRAMME))
    await press(api, b("rt", PROGRAMME, "0800"))


@pytest.mark.parametrize(
    "place, first",
    [
        ("Canada", "America/Toronto"),
        ("Brazil", "America/Sao_Paulo"),
        ("US", "America/New_York"),
        ("Australia", "Australia/Sydney"),
        ("Europe", "Europe/London"),
    ],
)
async def test_a_country_typed_as_a_zone_offers_its_zones(bot, api: FakeBotApi, place, first):
    await at_zone_question(bot, api)
    replies = await ask(api, place)
    assert_valid(replies)
    assert "several time zones" in visible_text(replies[-1].text)
    data = [d for _, d in replies[-1].buttons()]
    assert data[0] == b("rzc", first) and len(data) > 1  # the biggest city first
    await press(api, data[1])
    (sub,) = await services_of(bot).store.reminders.list_subscriptions(USER)
    assert sub.zone == data[1].rsplit("|", 1)[1]


async def test_posix_and_right_zones_are_refused_and_an_offset_is_shown_as_typed(bot, api: FakeBotApi):
    await at_zone_question(bot, api)
    for name in ("posix/Europe/London", "right/UTC", "Etc"):
        replies = await ask(api, name)
        assert "I don't know the place" in visible_text(replies[0].text)
    # a forged choice of a zone outside the database is stale
    replies = await press(api, b("rzc", "posix/Europe/London"))
    assert await services_of(bot).store.reminders.list_subscriptions(USER) == []
    replies = await ask(api, "UTC+2")
    text = visible_text(replies[0].text)
    assert "UTC+2" in text and "GMT" not in text
    (sub,) = await services_of(bot).store.reminders.list_subscriptions(USER)
    assert sub.zone == "Etc/GMT-2"
    replies = await ask(api, "/reminders")
    assert "UTC+2" in visible_text(replies[0].text) and "GMT-2" not in replies[0].text


async def test_a_group_admin_typing_a_country_gets_its_zones(bot, api: FakeBotApi):
    make_admin(api)
    await ask(api, "/settings", chat_id=GROUP, user_id=USER)
    await press_as(api, GROUP, b("gzm", str(GROUP)))
    await press_as(api, GROUP, b("gzt", str(GROUP)))
    replies = await reply_to_prompt(api, GROUP, "Canada")
    data = [d for _, d in replies[-1].buttons()]
    assert data[0] == b("gzc", str(GROUP), "America/Toronto")
    answer = await press_as(api, GROUP, b("gzc", str(GROUP), "America/Vancouver"))
    assert answer.params["text"] == "Saved"
    assert (await services_of(bot).store.community.get_post(GROUP)).zone == "America/Vancouver"
    # a member cannot use them
    answer = await press_as(api, GROUP, b("gzc", str(GROUP), "America/Toronto"), user_id=USER + 1)
    assert answer.params["text"] == admins.NOT_ADMIN_PRESS
    assert "America/Vancouver" in last_menu(api, GROUP)[0]


@pytest.mark.parametrize("typed", ["<" * 1000, "\x07" * 1000 + "7", "<b>" * 400, "x" * 5000])
async def test_a_huge_typed_time_is_quoted_short(bot, api: FakeBotApi, typed):
    await ask(api, "/remind")
    await agree(api)
    await press(api, b("rp", PROGRAMME))
    replies = await ask(api, typed)
    assert_valid(replies)
    assert len(replies[0].text) < 300
    replies = await ask(api, "7:30")  # the flow goes on
    assert "07:30" in visible_text(replies[0].text)
    replies = await ask(api, typed)  # at the zone question too
    assert_valid(replies)
    assert len(replies[0].text) < 300


async def test_a_huge_typed_time_in_group_settings_is_quoted_short(bot, api: FakeBotApi):
    make_admin(api)
    await ask(api, "/settings", chat_id=GROUP, user_id=USER)
    await press_as(api, GROUP, b("gty", str(GROUP)))
    replies = await reply_to_prompt(api, GROUP, "<" * 1000)
    assert_valid(replies)
    assert len(replies[0].text) < 300
    replies = await reply_to_prompt(api, GROUP, "<" * 1000)  # the prompt is still open
    assert len(replies[0].text) < 300


# -- forged buttons ------------------------------------------------------------------------

EVIL = ["²", "9" * 20, "99999999999", "-" + "9" * 20, "1²", "0", "", "x" * 30, "-0"]


async def test_forged_callback_data_of_every_kind_is_refused_quietly(bot, api: FakeBotApi, caplog):
    """Every kind of button, its fields swapped for digits int() rejects, ids past 64 bits, zeros:
    each press is answered, and no handler fails."""
    import logging

    caplog.set_level(logging.ERROR)
    sub = await services_of(bot).store.reminders.add_subscription(
        USER, PROGRAMME, dt.time(7, 30), "Europe/London", Clock().now
    )
    await services_of(bot).store.privacy.give_consent(USER, Clock().now)
    presses = []
    for kind, shapes in keyboards.FIELDS.items():
        for shape in shapes:
            for evil in EVIL:
                for n in range(max(len(shape), 1)):
                    args = [str(sub.id) if i == 0 else "1" for i in range(len(shape))]
                    if args:
                        args[n] = evil
                    else:
                        args = [evil]
                    presses.append("|".join([keyboards.VERSION, kind, *args])[:64])
    answered = len(api.method_calls("answerCallbackQuery"))
    for data in presses:
        api.press(USER, data)
    await api.wait_for(
        lambda: len(api.method_calls("answerCallbackQuery")) >= answered + len(presses),
        timeout=120,
        what="every press answered",
    )
    await api.settle()
    assert not [r for r in caplog.records if r.name == "rootwise.errors"]
    (after,) = await services_of(bot).store.reminders.list_subscriptions(USER)
    assert after.day == 0


async def test_a_forged_day_never_moves_a_programme_on(bot, api: FakeBotApi):
    store = services_of(bot).store
    services_of(bot).engine.clock = Clock()
    sub = await store.reminders.add_subscription(USER, PROGRAMME, dt.time(7, 30), "Europe/London", Clock().now)
    for day in ("99999999999", "999", "5"):
        await press(api, b("rz", str(sub.id), day))
        (after,) = await store.reminders.list_subscriptions(USER)
        assert after.day == 0, day


async def test_a_patient_typing_a_country_gets_its_zones(bot, api: FakeBotApi):
    from tests.e2e.helpers import PATIENT, make_link, open_and_agree, prescription_id

    services_of(bot).engine.clock = Clock()
    payload = await make_link(api, day=0, time="1800")
    replies = await open_and_agree(api, payload, PATIENT)
    pid = prescription_id(replies)
    await press(api, b("pxa", pid), chat_id=PATIENT)
    replies = await ask(api, "Brazil", chat_id=PATIENT)
    data = [d for _, d in replies[-1].buttons()]
    assert data[0] == b("pxzc", pid, "America/Sao_Paulo")
    replies = await press(api, b("pxzc", pid, "America/Manaus"), chat_id=PATIENT)
    assert "Started" in replies[0].text
    (sub,) = await services_of(bot).store.reminders.list_subscriptions(PATIENT)
    assert sub.zone == "America/Manaus"
    replies = await press(api, b("pxzc", pid, "America/Manaus"), chat_id=PATIENT)  # again: one reminder
    assert len(await services_of(bot).store.reminders.list_subscriptions(PATIENT)) == 1


@pytest.mark.parametrize("typed", ["/ ", "/\n", "/   \t"])
async def test_a_slash_and_only_spaces_gets_one_short_reply_and_no_apology(bot, api: FakeBotApi, typed):
    replies = await ask(api, typed)
    shown = [visible_text(c.text) for c in replies]
    assert len(replies) == 1 and not any("something went wrong" in s for s in shown), shown
    api.message(GROUP, typed, user_id=USER, chat_type="supergroup", title="Support")
    await api.settle()
    assert not any("something went wrong" in visible_text(c.text) for c in api.sent(GROUP))
