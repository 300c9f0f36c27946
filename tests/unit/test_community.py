"""Quiet days in next_due (tables), group and channel posts in the store (both backends), post rendering."""

from __future__ import annotations

import asyncio
import datetime as dt
from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.delivery import post_exercises, post_tips, render_tip_post
from content.loader import load_content
from content.schema import Bullets
from scheduler.engine import DueReminder, ReminderEngine
from scheduler.times import ALL_WEEK, is_quiet, local_date, next_due, weekday_mask
from storage.community import OFF, POST_IDS
from storage.models import ChatSettings, Subscription

UTC = dt.UTC
T = dt.time
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKEND = weekday_mask([SAT, SUN])
NOW = dt.datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # Thursday, 06:00 in London
GROUP, OTHER, ADMIN = -1001, -1002, 42


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# -- next_due with quiet days (pure) ---------------------------------------------------------

QUIET = [
    # zone, local time, after (UTC), quiet days, expected (UTC), why
    ("Europe/London", T(8), utc(2026, 11, 27, 9), [SAT, SUN], utc(2026, 11, 30, 8), "Fri after: Monday"),
    ("Europe/London", T(8), utc(2026, 11, 27, 7), [SAT, SUN], utc(2026, 11, 27, 8), "Fri before: today"),
    ("Europe/London", T(8), utc(2026, 11, 28, 7), [SAT, SUN], utc(2026, 11, 30, 8), "on a quiet day"),
    ("Europe/London", T(8), utc(2026, 11, 27, 9), [], utc(2026, 11, 28, 8), "no quiet days"),
    ("Europe/London", T(8), utc(2026, 11, 29, 9), [MON], utc(2026, 12, 1, 8), "Mon quiet: Tuesday"),
    (
        "Europe/London",
        T(8),
        utc(2026, 11, 25, 9),
        [MON, TUE, THU, FRI, SAT, SUN],
        utc(2026, 12, 2, 8),
        "only Wednesdays: a week on",
    ),
    (
        "Europe/London",
        T(8),
        utc(2026, 11, 25, 7),
        [MON, TUE, THU, FRI, SAT, SUN],
        utc(2026, 11, 25, 8),
        "only Wednesdays: today",
    ),
    (
        "America/New_York",
        T(20),
        utc(2026, 11, 27, 12),
        [SAT],
        utc(2026, 11, 28, 1),
        "local Friday is Saturday in UTC: sent",
    ),
    ("America/New_York", T(20), utc(2026, 11, 28, 2), [SAT], utc(2026, 11, 30, 1), "local Saturday skipped"),
    ("Pacific/Auckland", T(7), utc(2026, 11, 27), [SAT, SUN], utc(2026, 11, 29, 18), "local Monday is Sunday in UTC"),
    ("Europe/London", T(1, 30), utc(2025, 3, 29), [SAT], utc(2025, 3, 30, 1), "quiet Sat, then Sunday's gap"),
    ("Europe/London", T(1, 30), utc(2025, 3, 29), [SUN], utc(2025, 3, 29, 1, 30), "gap day quiet: Saturday"),
    ("Europe/London", T(1, 30), utc(2025, 3, 29, 2), [SUN], utc(2025, 3, 31, 0, 30), "gap day quiet: Monday"),
    ("Europe/London", T(1, 30), utc(2025, 10, 25, 2), [MON], utc(2025, 10, 26, 0, 30), "fold day, first"),
]


@pytest.mark.parametrize(
    "zone,local_time,after,quiet,expected",
    [pytest.param(*row[:5], id=f"{row[0]}-{row[5]}") for row in QUIET],
)
def test_next_due_skips_quiet_days(zone, local_time, after, quiet, expected):
    got = next_due(local_time, zone, after, weekday_mask(quiet))
    assert got == expected
    assert local_date(got, zone).weekday() not in quiet


@pytest.mark.parametrize("mask", [ALL_WEEK, -1, 128])
def test_next_due_refuses_quiet_days_that_leave_no_day(mask):
    with pytest.raises(ValueError):
        next_due(T(8), "Europe/London", NOW, mask)


def test_weekday_mask():
    assert weekday_mask([]) == 0
    assert weekday_mask([MON]) == 1 and weekday_mask([SUN]) == 64
    assert weekday_mask([SAT, SUN, SAT]) == 0b1100000
    assert is_quiet(dt.date(2026, 11, 28), WEEKEND) and not is_quiet(dt.date(2026, 11, 27), WEEKEND)
    with pytest.raises(ValueError):
        weekday_mask([7])


@given(
    zone=st.sampled_from(
        ["Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Apia"]
    ),
    local_time=st.times(),
    after=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31)),
    mask=st.integers(min_value=0, max_value=ALL_WEEK - 1),
)
def test_next_due_never_lands_on_a_quiet_day(zone, local_time, after, mask):
    after = after.replace(tzinfo=UTC)
    got = next_due(local_time, zone, after, mask)
    assert got > after
    assert not is_quiet(local_date(got, zone), mask)
    assert got - after <= dt.timedelta(days=8, hours=1)
    # nothing earlier: every day between is quiet, or its time had passed
    plain = next_due(local_time, zone, after)
    assert got >= plain
    if not is_quiet(local_date(plain, zone), mask):
        assert got == plain


# -- the store: settings and the post subscription in step ---------------------------------


async def _subs(store, chat_id=None):
    stmt = select(Subscription.__table__)
    if chat_id is not None:
        stmt = stmt.where(Subscription.chat_id == chat_id)
    async with store.engine.connect() as conn:
        return (await conn.execute(stmt.order_by(Subscription.id))).all()


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_group_post_settings_keep_one_subscription_in_step(store):
    post = await store.community.get_post(GROUP)
    assert (post.kind, post.local_time, post.zone, post.focus, post.quiet_days) == (OFF, T(8), "Europe/London", None, 0)
    assert await _subs(store) == []

    post = await store.community.set_post(GROUP, NOW, kind="exercise", title="Back pain group")
    (sub,) = await _subs(store, GROUP)
    assert (sub.programme_id, sub.local_time, sub.zone, sub.active) == ("group-exercise", T(8), "Europe/London", True)
    assert post.posting and post.next_due_utc == utc(2026, 11, 26, 8)

    await store.community.set_post(GROUP, NOW, kind="tip", local_time=T(18), zone="Europe/Berlin", quiet_days=WEEKEND)
    (sub,) = await _subs(store, GROUP)
    expected = ("group-tip", T(18), "Europe/Berlin", WEEKEND)
    assert (sub.programme_id, sub.local_time, sub.zone, sub.skip_weekdays) == expected
    assert sub.next_due_utc == utc(2026, 11, 26, 17)

    # the focus is read when sending: the schedule does not move
    before = sub.next_due_utc
    post = await store.community.set_post(GROUP, NOW + dt.timedelta(hours=12), focus="sciatica")
    (sub,) = await _subs(store, GROUP)
    assert post.focus == "sciatica" and sub.next_due_utc == before

    # off keeps the row (and its day count), paused; on again resumes it
    post = await store.community.set_post(GROUP, NOW, kind="off")
    (sub,) = await _subs(store, GROUP)
    assert not sub.active and sub.paused_reason == OFF and not post.posting and not post.paused
    post = await store.community.set_post(GROUP, NOW, kind="exercise")
    (sub,) = await _subs(store, GROUP)
    assert sub.active and post.posting

    with pytest.raises(ValueError):
        await store.community.set_post(GROUP, NOW, kind="poem")
    with pytest.raises(ValueError):
        await store.community.set_post(GROUP, NOW, zone="Mars/Olympus")
    with pytest.raises(ValueError):
        await store.community.set_post(GROUP, NOW, quiet_days=ALL_WEEK)
    assert len(await _subs(store)) == 1


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_an_admins_pause_survives_settings_changes_until_resumed(store):
    await store.community.set_post(GROUP, NOW, kind="tip")
    assert await store.community.pause_post(GROUP)
    post = await store.community.set_post(GROUP, NOW, local_time=T(9))
    assert post.paused and not post.posting
    assert await store.community.resume_post(GROUP, NOW)
    post = await store.community.get_post(GROUP)
    assert post.posting and post.next_due_utc == utc(2026, 11, 26, 9)
    await store.community.set_post(GROUP, NOW, kind="off")
    assert not await store.community.resume_post(GROUP, NOW)  # off is turned on with a kind, not Resume
    assert not await store.community.pause_post(OTHER)


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_the_post_is_not_a_reminder_members_can_touch(store):
    await store.community.set_post(GROUP, NOW, kind="exercise")
    (sub,) = await _subs(store, GROUP)
    assert await store.reminders.list_subscriptions(GROUP) == []
    assert await store.reminders.get_subscription(sub.id, chat_id=GROUP) is None
    assert not await store.reminders.pause(sub.id, chat_id=GROUP)
    assert not await store.reminders.delete(sub.id, chat_id=GROUP)
    assert await store.reminders.stop_all(GROUP) == 0
    assert (await store.community.get_post(GROUP)).posting


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_engine_sends_the_post_once_and_skips_quiet_days(store):
    await store.community.set_post(GROUP, NOW, kind="tip", quiet_days=weekday_mask([FRI, SAT, SUN]))
    sent: list[DueReminder] = []

    async def send(reminder):
        sent.append(reminder)

    async def tick(at):
        return await ReminderEngine(store, send, clock=lambda: at).tick(at)

    thursday = utc(2026, 11, 26, 8)
    assert (await tick(thursday)).sent == 1
    assert (await tick(thursday)).claimed == 0
    for day in (27, 28, 29):  # Friday to Sunday are quiet
        assert (await tick(utc(2026, 11, day, 8))).claimed == 0
    assert (await tick(utc(2026, 11, 30, 8))).sent == 1
    assert [(r.programme_id, r.day, r.due_utc) for r in sent] == [
        ("group-tip", 0, thursday),
        ("group-tip", 1, utc(2026, 11, 30, 8)),
    ]


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_move_chat_carries_the_post_over(store):
    await store.community.set_post(
        GROUP, NOW, kind="exercise", focus="sciatica", quiet_days=WEEKEND, zone="Asia/Kolkata"
    )
    await store.chats.set_topic(OTHER, "arachnoiditis")  # the new id already has a row elsewhere
    await store.chats.move_chat(GROUP, OTHER)
    post = await store.community.get_post(OTHER)
    assert (post.kind, post.focus, post.quiet_days, post.zone, post.posting) == (
        "exercise",
        "sciatica",
        WEEKEND,
        "Asia/Kolkata",
        True,
    )
    assert (await store.community.get_post(GROUP)).kind == OFF
    assert [s.chat_id for s in await _subs(store)] == [OTHER]


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_move_chat_into_a_chat_with_its_own_row_or_post(store):
    # the new id has a settings row without a post: the old chat's post and choices move in
    await store.community.set_post(GROUP, NOW, kind="tip", local_time=T(7))
    await store.chats.set_zone(OTHER, "Europe/Paris")
    await store.chats.move_chat(GROUP, OTHER)
    post = await store.community.get_post(OTHER)
    assert (post.kind, post.local_time, post.zone) == ("tip", T(7), "Europe/Paris")
    async with store.engine.connect() as conn:
        assert await conn.scalar(select(ChatSettings.chat_id).where(ChatSettings.chat_id == GROUP)) is None
    # both have a post: the new chat's stays, and there is still only one
    await store.community.set_post(GROUP, NOW, kind="exercise")
    await store.chats.move_chat(GROUP, OTHER)
    subs = await _subs(store)
    assert [(s.chat_id, s.programme_id) for s in subs] == [(OTHER, "group-tip")]


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_the_two_service_messages_of_one_move_at_once_keep_the_post(store):
    for n in range(5):
        old, new = GROUP - 10 * n, OTHER - 10 * n
        await store.community.set_post(old, NOW, kind="tip", quiet_days=WEEKEND)
        await asyncio.gather(store.chats.move_chat(old, new), store.chats.move_chat(old, new))
        post = await store.community.get_post(new)
        assert (post.kind, post.quiet_days, post.posting) == ("tip", WEEKEND, True)
        assert [s.chat_id for s in await _subs(store) if s.chat_id in (old, new)] == [new]


@pytest.mark.parametrize("store", BACKENDS, indirect=True)
async def test_channels_connect_list_export_and_forget(store):
    channel, other_channel = -1009001, -1009002
    post = await store.community.connect_channel(channel, ADMIN, "Back Care Daily", NOW)
    assert (post.channel_admin, post.kind, post.title) == (ADMIN, OFF, "Back Care Daily")
    await store.community.connect_channel(other_channel, ADMIN, "Another", NOW)
    await store.community.set_post(channel, NOW, kind="tip")
    # reconnecting keeps the channel's choices
    await store.community.connect_channel(channel, ADMIN, "Back Care Daily", NOW)
    assert (await store.community.get_post(channel)).kind == "tip"
    assert [p.title for p in await store.community.channels_of(ADMIN)] == ["Another", "Back Care Daily"]
    assert await store.community.channels_of(ADMIN + 1) == []

    data = await store.privacy.export_chat(ADMIN)
    assert {c["channel_id"] for c in data["connected_channels"]} == {channel, other_channel}

    # the admin asks to be forgotten: the channel keeps posting, linked to nobody
    await store.privacy.forget_chat(ADMIN)
    assert await store.community.channels_of(ADMIN) == []
    assert (await store.community.get_post(channel)).posting

    # the bot removed from the channel: its settings and post are gone
    await store.privacy.forget_chat(channel)
    post = await store.community.get_post(channel)
    assert post.kind == OFF and post.title is None
    assert all(s.chat_id != channel for s in await _subs(store))


# -- rendering: every post comes from the content -----------------------------------------


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_tips_are_lists_from_the_content_with_their_heading(content):
    everything = post_tips(content, None)
    assert len(everything) >= len(content.topics)
    for topic, section, heading, block in everything:
        assert isinstance(block, Bullets) and block in section.body and section in topic.sections
        assert section.kind in ("treatment", "summary") and heading
    # rounds the topics: the first few posts are about different ones
    assert len({t.id for t, *_ in everything[: len(content.topics)]}) == len(content.topics)
    sciatica = post_tips(content, content.topics["sciatica"])
    assert sciatica and {t.id for t, *_ in sciatica} == {"sciatica"}


def test_a_tip_post_quotes_its_list_word_for_word_with_sources(content):
    topic, section, heading, block = tip = post_tips(content, content.topics["sciatica"])[0]
    (html,) = render_tip_post(content, tip)
    assert f"<b>{escape(heading, quote=False)}</b>" in html
    for item in block.bullets:
        assert f"• {escape(item, quote=False)}" in html
    assert content.sources[section.sources[0]].url in html and "Reviewed" in html


def test_exercise_posts_suit_the_focus(content):
    for topic in content.topics.values():
        items = post_exercises(content, topic)
        assert items and all(topic.id not in ex.not_suited for ex in items)
    assert len(post_exercises(content, None)) == len(content.exercises)


def test_reserved_ids_are_not_content_ids(content):
    assert not set(POST_IDS) & set(content.programmes)
