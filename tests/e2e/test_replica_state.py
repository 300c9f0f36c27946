"""State shared by replicas: two real ``main.py run --webhook`` processes on one PostgreSQL database.

The test plays Telegram behind a load balancer and chooses, update by update, which replica gets
it; what one replica learned must hold on the other at once.
"""

from __future__ import annotations

import pytest

from bot import keyboards
from storage.store import Store
from tests.e2e.conftest import USER
from tests.e2e.test_webhook import bot_process, http, post_update  # noqa: F401 - http is a fixture
from tests.fake_bot_api import FakeBotApi


async def on(api: FakeBotApi, http, base: str, update: dict) -> list:
    """Deliver ``update`` to the replica at ``base`` only; the messages it sent in reply."""
    api.state.pending.clear()  # delivered by webhook, not left for getUpdates
    before = len(api.sent(USER))
    assert await post_update(http, base, update) == 200
    await api.settle()
    return api.sent(USER)[before:]


@pytest.mark.postgres
async def test_forget_on_one_replica_holds_at_once_on_the_other(api: FakeBotApi, postgres_url: str, http):
    """Agree on A, /forget on B, then /symptoms and /remind on A: A stores nothing and asks again."""
    async with bot_process(api, postgres_url) as (_, base_a), bot_process(api, postgres_url) as (_, base_b):
        replies = await on(api, http, base_a, api.state.message(USER, "/remind"))
        assert "Your privacy" in replies[-1].text
        await on(api, http, base_a, api.state.press(USER, keyboards.data("agree")))
        await on(api, http, base_a, api.state.message(USER, "/symptoms sciatica"))  # A knows the person agreed

        await on(api, http, base_b, api.state.message(USER, "/forget"))
        replies = await on(api, http, base_b, api.state.press(USER, keyboards.data("forget")))
        assert "Everything Rootwise stored about you is deleted" in replies[-1].text

        await on(api, http, base_a, api.state.message(USER, "/symptoms sciatica"))
        store = await Store.open(postgres_url)
        try:
            assert await store.get_topic(USER) is None, "replica A wrote the chat row again after /forget"
            assert await store.consent_given(USER) is None
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
            assert await store.feedback_report() == [("sciatica/symptoms", 1, 0)]
        finally:
            await store.close()
