"""State shared by replicas: two real ``main.py run --webhook`` processes on one PostgreSQL database.

The test plays Telegram behind a load balancer and chooses, update by update, which replica gets
it; what one replica learned must hold on the other at once.
"""

from __future__ import annotations

import pytest

from bot import keyboards
from storage.store import Store
from tests.e2e.helpers import USER
from tests.e2e.helpers_process import bot_process, post_update
from tests.fake_bot_api import FakeBotApi


async def on(api: FakeBotApi, http, base: str, update: dict) -> list:
    """Deliver ``update`` to the replica at ``base`` only; the messages it sent in reply."""
    api.state.pending.clear()  # delivered by webhook, not left for getUpdates
    before = len(api.sent(USER))
    assert await post_update(http, base, update) == 200  # answered once the update is handled
    return api.sent(USER)[before:]


@pytest.mark.postgres
async def test_forget_on_one_replica_holds_at_once_on_the_other(api: FakeBotApi, postgres_url: str, http):
    """Agree on A, /forget on B, then /symptoms and /remind on A: A stores nothing and asks again."""
    async with bot_process(api, postgres_url) as (_, base_a), bot_process(api, postgres_url) as (_, base_b):
        replies = await on(api, http, base_a, api.state.message(USER, "/remind"))
        assert "Your privacy" in replies[-1].text
        await on(api, http, base_a, api.state.press(USER, keyboards.data("agree", "remind")))
        await on(api, http, base_a, api.state.message(USER, "/symptoms sciatica"))  # A knows the person agreed

        await on(api, http, base_b, api.state.message(USER, "/forget"))
        replies = await on(api, http, base_b, api.state.press(USER, keyboards.data("forget")))
        assert "Everything Rootwise stored about you is deleted" in replies[-1].text

        await on(api, http, base_a, api.state.message(USER, "/symptoms sciatica"))
        store = await Store.open(postgres_url)
        try:
            assert await store.chats.get_topic(USER) is None, "replica A wrote the chat row again after /forget"
            assert await store.privacy.consent_given(USER) is None
        finally:
            await store.close()
        replies = await on(api, http, base_a, api.state.message(USER, "/remind"))
        assert "Your privacy" in replies[-1].text, "replica A skipped the privacy notice after /forget on B"


@pytest.mark.postgres
async def test_an_update_delivered_to_both_replicas_counts_once(api: FakeBotApi, postgres_url: str, http):
    """Telegram delivers an update again (its replica died before answering): a 👍 counts once."""
    async with bot_process(api, postgres_url) as (_, base_a), bot_process(api, postgres_url) as (_, base_b):
        await on(api, http, base_a, api.state.message(USER, "/symptoms sciatica"))
        vote = api.state.press(USER, keyboards.data("fb", "sciatica", "symptoms", "1"))
        for base in (base_a, base_b, base_a):
            await on(api, http, base, vote)
        store = await Store.open(postgres_url)
        try:
            assert await store.care.feedback_report() == [("sciatica/symptoms", 1, 0)]
        finally:
            await store.close()


class Alternating:
    """Telegram behind a load balancer that sends each update to the other replica than the last."""

    def __init__(self, api: FakeBotApi, http, bases: tuple[str, str]):
        self.api, self.http, self.bases, self.turn = api, http, bases, 0

    async def __call__(self, update: dict, chat_id: int) -> list:
        self.api.state.pending.clear()
        before = len(self.api.sent(chat_id))
        base = self.bases[self.turn % 2]
        self.turn += 1
        assert await post_update(self.http, base, update) == 200  # answered once the update is handled
        return self.api.sent(chat_id)[before:]

    async def text(self, chat_id: int, text: str, **kwargs) -> list:
        return await self(self.api.state.message(chat_id, text, **kwargs), chat_id)

    async def press(self, chat_id: int, data: str, **kwargs) -> list:
        return await self(self.api.state.press(chat_id, data, **kwargs), chat_id)

    async def reply_to_last(self, chat_id: int, text: str, user_id: int) -> list:
        """Reply to the bot's latest question in ``chat_id`` (a forced reply)."""
        prompt = [c for c in self.api.sent(chat_id) if "force_reply" in (c.reply_markup or {})][-1]
        messages = self.api.state.messages.items()
        mid = max(m for (c, m), msg in messages if c == chat_id and msg.get("text") == prompt.text)
        return await self.text(chat_id, text, user_id=user_id, reply_to_message=self.api.state.messages[(chat_id, mid)])


def data_of(replies, prefix: str) -> list[str]:
    return [d for call in replies for _, d in call.buttons() if d.startswith(prefix)]


@pytest.mark.postgres
async def test_every_typed_flow_goes_on_whichever_replica_takes_the_next_update(
    api: FakeBotApi, postgres_url: str, http
):
    """/remind, /prescribe, a patient's link, /connect and a channel's and a group's settings, with
    every update going to the other replica than the one before."""
    from tests.e2e.helpers import CHANNEL, CHANNEL_NAME, GROUP, LINK, PATIENT, a_channel

    a_channel(api)
    api.state.set_member(GROUP, USER, "administrator")
    async with bot_process(api, postgres_url) as (_, base_a), bot_process(api, postgres_url) as (_, base_b):
        go = Alternating(api, http, (base_a, base_b))
        # /remind: the notice, a programme, a typed time, a country, one of its zones
        replies = await go.text(USER, "/remind")
        replies = await go.press(USER, data_of(replies, "v1|agree")[0])
        replies = await go.press(USER, data_of(replies, "v1|rp|")[0])
        replies = await go.text(USER, "7:30")
        assert "07:30" in replies[0].text
        replies = await go.text(USER, "Canada")
        await go.press(USER, keyboards.data("rzc", "America/Toronto"))
        # /prescribe: a programme, a day, a typed time, a typed name
        replies = await go.text(USER, "/prescribe")
        replies = await go.press(USER, data_of(replies, "v1|pxp|")[0])
        replies = await go.press(USER, data_of(replies, "v1|pxd|")[0])
        replies = await go.text(USER, "8pm")
        replies = await go.text(USER, "Sam")
        (payload,) = LINK.findall(" ".join(c.text for c in replies))
        # the patient: the link, the notice, Start, a typed city
        replies = await go.text(PATIENT, f"/start {payload}")
        replies = await go.press(PATIENT, data_of(replies, "v1|agree|rx|")[0])
        replies = await go.press(PATIENT, data_of(replies, "v1|pxa|")[0])
        replies = await go.text(PATIENT, "Berlin")
        assert "Started" in replies[0].text
        # /connect, then the channel's zone typed as a reply to the question
        await go.text(USER, f"/connect @{CHANNEL_NAME}")
        await go.press(USER, keyboards.data("gzt", str(CHANNEL)))
        await go.reply_to_last(USER, "Dublin", USER)
        # a group's settings: the question, and the reply
        await go.text(GROUP, "/settings", user_id=USER)
        await go.press(GROUP, keyboards.data("gzt", str(GROUP)), user_id=USER)
        await go.reply_to_last(GROUP, "Paris", USER)

    store = await Store.open(postgres_url)
    try:
        (mine,) = await store.reminders.list_subscriptions(USER)
        assert (mine.local_time.hour, mine.local_time.minute, mine.zone) == (7, 30, "America/Toronto")
        (theirs,) = await store.reminders.list_subscriptions(PATIENT)
        assert (theirs.local_time.hour, theirs.zone) == (20, "Europe/Berlin")
        assert (await store.community.get_post(CHANNEL)).zone == "Europe/Dublin"
        assert (await store.community.get_post(GROUP)).zone == "Europe/Paris"
    finally:
        await store.close()


@pytest.mark.postgres
async def test_the_topic_read_last_on_either_replica_is_the_current_one(api: FakeBotApi, postgres_url: str, http):
    async with bot_process(api, postgres_url) as (_, base_a), bot_process(api, postgres_url) as (_, base_b):
        await on(api, http, base_a, api.state.message(USER, "/privacy"))
        await on(api, http, base_a, api.state.press(USER, keyboards.data("agree")))
        await on(api, http, base_a, api.state.message(USER, "/symptoms sciatica"))
        await on(api, http, base_b, api.state.message(USER, "/symptoms stenosis"))
        replies = await on(api, http, base_a, api.state.message(USER, "/causes"))
        assert replies[0].text.startswith("<b>Spinal stenosis · What causes it</b>"), replies[0].text[:80]


@pytest.mark.postgres
async def test_start_tapped_on_two_replicas_at_once_makes_one_reminder(api: FakeBotApi, postgres_url: str, http):
    import asyncio
    import datetime as dt

    from storage.store import Store as _Store

    store = await _Store.open(postgres_url)
    now = dt.datetime.now(dt.UTC)
    try:
        _, info = await store.prescriptions.create_prescription(
            7001, "general-nerve-root", 0, dt.time(8, 0), "Sam", now, 30
        )
        await store.prescriptions.open_prescription(info.id, USER, now)
        await store.privacy.give_consent(USER, now)
        await store.chats.set_zone(USER, "Europe/London")
    finally:
        await store.close()
    async with bot_process(api, postgres_url) as (_, base_a), bot_process(api, postgres_url) as (_, base_b):
        taps = [api.state.press(USER, keyboards.data("pxa", str(info.id))) for _ in range(4)]
        api.state.pending.clear()
        bases = (base_a, base_b)
        statuses = await asyncio.gather(*(post_update(http, bases[n % 2], tap) for n, tap in enumerate(taps)))
        assert statuses == [200] * 4  # each answered once its update was handled
    store = await _Store.open(postgres_url)
    try:
        assert len(await store.reminders.list_subscriptions(USER)) == 1
    finally:
        await store.close()
    started = [c for c in api.sent(USER) if "Started" in c.text]
    assert len(started) == 1
