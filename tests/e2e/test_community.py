"""Groups and channels end to end: /settings for admins only, daily posts through the engine, channels."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import keyboards
from bot.handlers import admins, channels
from bot.offline import chat_dict
from tests.e2e import helpers
from tests.e2e.helpers import (
    ADMIN,
    CHANNEL,
    CHANNEL_NAME,
    GROUP,
    MEMBER,
    START,
    USER,
    Clock,
    a_channel,
    ask,
    assert_valid,
    last_menu,
    make_admin,
    press_as,
    reply_to_prompt,
    services_of,
    visible_text,
)
from tests.fake_bot_api import FakeBotApi

UTC = dt.UTC
THURSDAY = START  # 06:00 in London (GMT)
b = keyboards.data


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bot(start_bot):
    """The running bot, with the channel admin's consent already given (tested on its own below)."""
    async with start_bot() as application:
        await services_of(application).store.privacy.give_consent(ADMIN, THURSDAY)
        yield application


def use_clock(application, clock: Clock):
    services_of(application).engine.clock = clock
    return services_of(application).store


# -- who may change the settings -----------------------------------------------------------


async def test_settings_for_admins_anonymous_admins_and_not_for_members(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    make_admin(api)
    replies = await ask(api, "/settings", chat_id=GROUP, user_id=MEMBER)
    assert replies[0].text == admins.NOT_ADMIN and not replies[0].buttons()

    replies = await ask(api, "/settings@RootwiseBot", chat_id=GROUP, user_id=ADMIN)
    text, data = last_menu(api, GROUP)
    assert "Daily post" in text and "Posts are off" in text
    assert b("gk", str(GROUP), "exercise") in data and b("gqm", str(GROUP)) in data
    assert_valid(replies)

    # an anonymous admin posts as the group itself: no getChatMember needed
    checks = len(api.method_calls("getChatMember"))
    replies = await ask(api, "/settings", chat_id=GROUP, sender_chat=chat_dict(GROUP))
    assert "Daily post" in visible_text(replies[0].text)
    assert len(api.method_calls("getChatMember")) == checks
    # a channel posting in the group is not an admin of it
    replies = await ask(api, "/settings", chat_id=GROUP, sender_chat=chat_dict(-100321, "Some channel", "channel"))
    assert replies[0].text == admins.NOT_ADMIN

    # a member pressing the admins' buttons: refused in the answer, nothing changes
    answer = await press_as(api, GROUP, b("gk", str(GROUP), "exercise"), user_id=MEMBER)
    assert answer.params["text"] == admins.NOT_ADMIN_PRESS
    assert (await store.community.get_post(GROUP)).kind == "off"
    answer = await press_as(api, GROUP, b("gk", str(GROUP), "exercise"))
    assert (await store.community.get_post(GROUP)).kind == "exercise"
    # /settings with a command for another bot is not ours to answer
    before = len(api.sent(GROUP))
    api.message(GROUP, "/settings@OtherBot", user_id=ADMIN)
    await api.settle()
    assert len(api.sent(GROUP)) == before


async def test_an_admin_who_lost_rights_is_refused_at_once(bot, api: FakeBotApi, clock):
    """Admin rights are asked of Telegram on every settings change: no minute of grace after a demotion."""
    store = use_clock(bot, clock)
    make_admin(api)
    await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN)
    await press_as(api, GROUP, b("gk", str(GROUP), "tip"))
    assert (await store.community.get_post(GROUP)).kind == "tip"
    checks = len(api.method_calls("getChatMember"))
    api.state.set_member(GROUP, ADMIN, "member")  # demoted
    answer = await press_as(api, GROUP, b("gk", str(GROUP), "off"))  # a second later
    assert answer.params["text"] == admins.NOT_ADMIN_PRESS
    assert len(api.method_calls("getChatMember")) == checks + 1
    assert (await store.community.get_post(GROUP)).kind == "tip"
    replies = await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN)
    assert replies[0].text == admins.NOT_ADMIN


# -- the settings menu ---------------------------------------------------------------------


async def test_group_settings_by_buttons_and_replies(bot, api: FakeBotApi, clock, content):
    store = use_clock(bot, clock)
    make_admin(api, status="creator")
    api.state.add_chat(GROUP, "supergroup", "Sciatica support")
    await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN, title="Sciatica support")
    await press_as(api, GROUP, b("gk", str(GROUP), "exercise"))
    await press_as(api, GROUP, b("gtm", str(GROUP)))
    assert b("gt", str(GROUP), "1800") in last_menu(api, GROUP)[1]
    answer = await press_as(api, GROUP, b("gt", str(GROUP), "1800"))
    assert "18:00" in answer.params["text"]

    # a typed zone: asked as a forced reply (privacy mode lets the bot see replies to itself)
    await press_as(api, GROUP, b("gzm", str(GROUP)))
    await press_as(api, GROUP, b("gzt", str(GROUP)))
    prompt = api.sent(GROUP)[-1]
    assert prompt.reply_markup["force_reply"] is True and prompt.reply_markup["selective"] is True
    replies = await reply_to_prompt(api, GROUP, "Atlantis")
    assert "Atlantis" in visible_text(replies[0].text)
    replies = await reply_to_prompt(api, GROUP, "Berlin")
    assert "Europe/Berlin" in visible_text(replies[0].text)
    # a member's reply to the question changes nothing
    await press_as(api, GROUP, b("gty", str(GROUP)))
    replies = await reply_to_prompt(api, GROUP, "6am", user_id=MEMBER)
    assert replies[0].text == admins.NOT_ADMIN
    await reply_to_prompt(api, GROUP, "7.30pm")

    await press_as(api, GROUP, b("gfm", str(GROUP)))
    assert b("gf", str(GROUP), "sciatica") in last_menu(api, GROUP)[1]
    await press_as(api, GROUP, b("gf", str(GROUP), "sciatica"))
    await press_as(api, GROUP, b("gqm", str(GROUP)))
    await press_as(api, GROUP, b("gq", str(GROUP), "we"))
    await press_as(api, GROUP, b("gq", str(GROUP), "2"))  # Wednesday too
    text, _ = last_menu(api, GROUP)
    assert "Quiet days: Wed, Sat, Sun" in text
    answer = await press_as(api, GROUP, b("gq", str(GROUP), "0"))
    for day in ("1", "3", "4"):
        answer = await press_as(api, GROUP, b("gq", str(GROUP), day))
    assert "at least one day" in answer.params["text"]  # the seventh quiet day is refused

    post = await store.community.get_post(GROUP)
    assert (post.kind, post.local_time, post.zone, post.focus, post.title) == (
        "exercise",
        dt.time(19, 30),
        "Europe/Berlin",
        "sciatica",
        "Sciatica support",
    )
    assert post.quiet_days == 0b1101111  # every day but Friday
    await press_as(api, GROUP, b("gx", str(GROUP)))
    text, data = last_menu(api, GROUP)
    assert data == [] and "Sciatica" in text
    # a forged button for another chat is stale here
    answer = await press_as(api, GROUP, b("gk", str(GROUP - 1), "tip"))
    assert answer.params["text"] == "This menu has expired. Here is a fresh one."


# -- daily posts through the engine --------------------------------------------------------


async def test_daily_group_post_is_delivered_once_across_a_restart(start_bot, api: FakeBotApi, clock, content):
    make_admin(api)
    async with start_bot() as first:
        store = use_clock(first, clock)
        await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN)
        await press_as(api, GROUP, b("gk", str(GROUP), "exercise"))
        await press_as(api, GROUP, b("gf", str(GROUP), "nerve-root-clumping"))
        post = await store.community.get_post(GROUP)
        assert post.next_due_utc == dt.datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
        clock.now = post.next_due_utc
        assert (await services_of(first).engine.tick()).sent == 1
    photos = api.sent(GROUP, "sendPhoto")
    assert len(photos) == 1
    async with start_bot() as second:
        engine = services_of(second).engine
        engine.clock = clock
        assert (await engine.tick()).claimed == 0  # already sent before the restart
        clock.now += dt.timedelta(days=1)
        assert (await engine.tick()).sent == 1
        assert (await engine.tick()).claimed == 0
    photos = api.sent(GROUP, "sendPhoto")
    assert len(photos) == 2
    suited = [ex.name for ex in community_exercises(content, "nerve-root-clumping")]
    names = [visible_text(p.text).split("\n")[1] for p in photos]
    assert names == suited[:2]  # rotating through the focus topic's exercises, day by day
    # one message a day: the picture, the post as its caption, and the steps behind its button
    assert not [c for c in api.sent(GROUP, "sendMessage") if "Exercise of the day" in c.text]
    first = community_exercises(content, "nerve-root-clumping")[0]
    caption = visible_text(photos[0].text)
    assert caption.startswith("🧘 Exercise of the day") and len(caption) <= 1024
    assert all(c in caption for c in first.cautions) and "Sources" in caption
    (button,) = photos[0].buttons()
    assert button[1].endswith(f"?start={keyboards.exercise_payload(first.id)}")
    assert_valid(photos)


def community_exercises(content, topic_id):
    from bot.delivery import post_exercises

    return post_exercises(content, content.topics[topic_id])


async def test_tip_of_the_day_quotes_the_content_with_its_source(bot, api: FakeBotApi, clock, content):
    from bot.delivery import post_tips

    store = use_clock(bot, clock)
    await store.community.set_post(GROUP, clock.now, kind="tip", focus="sciatica")
    clock.now = (await store.community.get_post(GROUP)).next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    (post,) = api.sent(GROUP, "sendMessage")
    topic, section, heading, block = post_tips(content, content.topics["sciatica"])[0]
    text = visible_text(post.text)
    assert "Tip of the day" in text and heading in text and all(item in text for item in block.bullets)
    assert content.sources[section.sources[0]].publisher in text
    ((_, url),) = post.buttons()
    assert url == keyboards.deep_link_url("RootwiseBot", keyboards.section_payload("sciatica", section.kind))


async def test_no_post_on_a_quiet_day_and_the_next_one_comes(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    make_admin(api)
    await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN)
    await press_as(api, GROUP, b("gk", str(GROUP), "tip"))
    await press_as(api, GROUP, b("gq", str(GROUP), "4"))  # Friday
    await press_as(api, GROUP, b("gq", str(GROUP), "we"))  # weekends instead
    await press_as(api, GROUP, b("gq", str(GROUP), "4"))  # and Friday again: Friday to Sunday
    engine = services_of(bot).engine
    for day in (26, 27, 28, 29, 30):  # Thursday to Monday, 08:00 London
        clock.now = dt.datetime(2026, 11, day, 8, 0, tzinfo=UTC)
        await engine.tick()
        clock.now += dt.timedelta(hours=1)
        await engine.tick()
    sent_days = [c.at for c in api.sent(GROUP, "sendMessage") if "Tip of the day" in c.text]
    assert len(sent_days) == 2  # Thursday and Monday
    post = await store.community.get_post(GROUP)
    assert post.next_due_utc == dt.datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


async def test_migration_to_a_supergroup_moves_the_settings(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    group, supergroup = -4002, -1004002
    make_admin(api, chat_id=group)
    await ask(api, "/settings", chat_id=group, user_id=ADMIN)
    await press_as(api, group, b("gk", str(group), "tip"))
    await press_as(api, group, b("gq", str(group), "we"))
    # Telegram sends both service messages: one in the old group, one in the new supergroup
    api.message(group, None, user_id=ADMIN, migrate_to_chat_id=supergroup)
    api.message(supergroup, None, user_id=ADMIN, migrate_from_chat_id=group)
    await api.settle()
    post = await store.community.get_post(supergroup)
    assert (post.kind, post.quiet_days, post.posting) == ("tip", 0b1100000, True)
    assert (await store.community.get_post(group)).kind == "off"
    clock.now = post.next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    assert api.sent(supergroup, "sendMessage")[-1].text.count("Tip of the day") == 1
    assert not [c for c in api.sent(group) if "Tip of the day" in c.text]


async def test_chat_migrated_error_while_posting_moves_the_settings(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    group, supergroup = -4003, -1004003
    await store.community.set_post(group, clock.now, kind="exercise", focus="sciatica")
    api.fail(
        "sendPhoto",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        parameters={"migrate_to_chat_id": supergroup},
        chat_id=group,
    )
    clock.now = (await store.community.get_post(group)).next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    assert api.sent(supergroup, "sendPhoto")
    post = await store.community.get_post(supergroup)
    assert (post.kind, post.focus, post.posting) == ("exercise", "sciatica", True)


# -- channels ------------------------------------------------------------------------------


async def test_connect_a_channel_set_its_post_and_manage_it(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    a_channel(api)
    replies = await ask(api, f"/connect @{CHANNEL_NAME}")
    assert "Connected" in visible_text(replies[0].text) and "Back Care Daily" in visible_text(replies[0].text)
    assert b("gk", str(CHANNEL), "tip") in [d for _, d in replies[-1].buttons()]
    # the channel's settings are made in the private chat
    await press_as(api, USER, b("gk", str(CHANNEL), "tip"))
    await press_as(api, USER, b("gt", str(CHANNEL), "0900"))
    await press_as(api, USER, b("gzt", str(CHANNEL)))
    await reply_to_prompt(api, USER, "Dublin", user_id=USER)
    post = await store.community.get_post(CHANNEL)
    assert (post.kind, post.local_time, post.zone, post.channel_admin) == ("tip", dt.time(9), "Europe/Dublin", USER)
    clock.now = post.next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    assert "Tip of the day" in api.sent(CHANNEL, "sendMessage")[-1].text

    # /channels lists it, with pause, resume and disconnect
    replies = await ask(api, "/channels")
    assert "Back Care Daily" in visible_text(replies[0].text)
    assert b("gpa", str(CHANNEL)) in [d for _, d in replies[0].buttons()]
    await press_as(api, USER, b("gpa", str(CHANNEL)))
    assert (await store.community.get_post(CHANNEL)).paused
    assert b("gre", str(CHANNEL)) in last_menu(api, USER)[1]
    clock.now += dt.timedelta(days=1)
    assert (await services_of(bot).engine.tick()).claimed == 0
    await press_as(api, USER, b("gre", str(CHANNEL)))
    assert (await store.community.get_post(CHANNEL)).posting
    await press_as(api, USER, b("gcd", str(CHANNEL)))
    assert (await store.community.get_post(CHANNEL)).channel_admin == USER  # only once confirmed
    await press_as(api, USER, b("gcd2", str(CHANNEL)))
    assert await store.community.channels_of(USER) == []
    clock.now += dt.timedelta(days=1)
    assert (await services_of(bot).engine.tick()).claimed == 0
    replies = await ask(api, "/channels")
    assert "no connected channels" in visible_text(replies[0].text)


async def test_connecting_a_channel_asks_for_consent_first(start_bot, api: FakeBotApi, clock):
    async with start_bot() as application:
        store = use_clock(application, clock)
        a_channel(api)
        replies = await ask(api, f"/connect @{CHANNEL_NAME}")
        assert "privacy" in visible_text(replies[0].text).lower()
        assert await store.community.channels_of(ADMIN) == []  # nothing stored before agreeing
        answered = len(api.method_calls("answerCallbackQuery"))
        api.press(ADMIN, helpers.agree_data(api, ADMIN))
        await api.wait_for(lambda: any("Connected" in c.text for c in api.sent(ADMIN)), what="the connection")
        assert len(api.method_calls("answerCallbackQuery")) > answered
        assert [p.chat_id for p in await store.community.channels_of(ADMIN)] == [CHANNEL]


async def test_connect_by_forwarding_a_post_from_the_channel(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    a_channel(api)
    origin = {"type": "channel", "chat": api.state.chats[CHANNEL], "message_id": 77, "date": 1764000000}
    replies = await ask(api, "Gentle stretches for today", forward_origin=origin)
    ((label, data),) = replies[-1].buttons()
    assert data == b("gcc", str(CHANNEL)) and "Back Care Daily" in label
    assert await store.community.channels_of(USER) == []  # nothing until the person asks
    await press_as(api, USER, data)
    assert [p.chat_id for p in await store.community.channels_of(USER)] == [CHANNEL]


FAILURES = [
    # how the channel is set up, the script, the expected reply
    pytest.param(lambda api: None, "/connect @nosuchchannel", channels.NOT_IN_CHANNEL, id="unknown channel"),
    pytest.param(
        lambda api: (
            a_channel(api),
            api.fail("getChatMember", 403, "Forbidden: bot is not a member of the channel chat"),
        ),
        f"/connect @{CHANNEL_NAME}",
        channels.NOT_IN_CHANNEL,
        id="bot not in channel (403)",
    ),
    pytest.param(
        lambda api: (a_channel(api), api.fail("getChat", 400, "Bad Request: chat not found")),
        f"/connect {CHANNEL}",
        channels.NOT_IN_CHANNEL,
        id="chat not found (400)",
    ),
    pytest.param(
        lambda api: a_channel(api, bot_status="left"),
        f"/connect https://t.me/{CHANNEL_NAME}",
        channels.NOT_IN_CHANNEL,
        id="bot left the channel",
    ),
    pytest.param(
        lambda api: a_channel(api, can_post_messages=False),
        f"/connect @{CHANNEL_NAME}",
        channels.NO_POST_RIGHTS.format(title="Back Care Daily"),
        id="bot cannot post",
    ),
    pytest.param(
        lambda api: a_channel(api, bot_status="member"),
        f"/connect @{CHANNEL_NAME}",
        channels.NO_POST_RIGHTS.format(title="Back Care Daily"),
        id="bot not an admin",
    ),
    pytest.param(
        lambda api: a_channel(api, user_status="member"),
        f"/connect @{CHANNEL_NAME}",
        channels.NOT_CHANNEL_ADMIN.format(title="Back Care Daily"),
        id="user not an admin",
    ),
    pytest.param(
        lambda api: api.state.add_chat(-100777, "supergroup", "Chat group", "chatgroup"),
        "/connect @chatgroup",
        channels.NOT_A_CHANNEL.format(title="Chat group"),
        id="a group",
    ),
    pytest.param(lambda api: None, "/connect", channels.CONNECT_USAGE, id="no channel named"),
]


@pytest.mark.parametrize("setup,command,expected", FAILURES)
async def test_connect_failures_get_a_clear_reply(bot, api: FakeBotApi, clock, setup, command, expected):
    store = use_clock(bot, clock)
    setup(api)
    replies = await ask(api, command)
    assert [visible_text(r.text) for r in replies] == [visible_text(expected)]
    assert await store.community.channels_of(USER) == []


async def test_settings_of_a_channel_are_refused_to_someone_no_longer_its_admin(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    a_channel(api)
    await ask(api, f"/connect @{CHANNEL_NAME}")
    api.state.set_member(CHANNEL, USER, "left")
    answer = await press_as(api, USER, b("gk", str(CHANNEL), "exercise"))
    assert answer.params["text"] == admins.NOT_ADMIN_PRESS
    assert (await store.community.get_post(CHANNEL)).kind == "off"
    # and an unconnected channel's buttons are stale
    answer = await press_as(api, USER, b("gk", str(CHANNEL - 1), "exercise"))
    assert answer.params["text"] == "This menu has expired. Here is a fresh one."


async def test_removed_from_a_channel_no_more_posts(bot, api: FakeBotApi, clock):
    store = use_clock(bot, clock)
    a_channel(api)
    await ask(api, f"/connect @{CHANNEL_NAME}")
    await press_as(api, USER, b("gk", str(CHANNEL), "exercise"))
    clock.now = (await store.community.get_post(CHANNEL)).next_due_utc
    assert (await services_of(bot).engine.tick()).sent == 1
    sent = len(api.sent(CHANNEL))
    api.state.bot_status(CHANNEL, "administrator", "left", chat_type="channel", title="Back Care Daily")
    await api.settle()
    for _ in range(3):
        clock.now += dt.timedelta(days=1)
        assert (await services_of(bot).engine.tick()).claimed == 0
    assert len(api.sent(CHANNEL)) == sent
    assert await store.community.channels_of(USER) == []
