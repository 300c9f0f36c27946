"""Privacy end to end: /mydata returns everything stored, /forget leaves nothing, no text stored."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot import keyboards
from storage.db import Base
from tests.e2e.helpers import START, USER, Clock, all_text, ask, press, services_of, subscribe
from tests.fake_bot_api import FakeBotApi

SECRET_WORDS = "my private words about my back zebra-quartz"


async def rows_mentioning(store, chat_id: int, sub_ids: set[int]) -> dict[str, int]:
    """Rows in any table that hold this chat's id or one of its subscriptions' ids."""
    found: dict[str, int] = {}
    async with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in (await conn.execute(select(table))).mappings():
                if (
                    row.get("chat_id") == chat_id
                    or row.get("subscription_id") in sub_ids
                    or (table.name == "subscriptions" and row["id"] in sub_ids)
                ):
                    found[table.name] = found.get(table.name, 0) + 1
    return found


async def test_mydata_sends_everything_as_json(bot, api: FakeBotApi):
    clock = Clock()
    await services_of(bot).store.privacy.give_consent(USER, clock.now)
    sub = await subscribe(bot, clock)
    await ask(api, "/symptoms sciatica")
    await services_of(bot).store.history.record_adherence(sub.id, START.date(), "done")
    replies = await ask(api, "/mydata")
    (doc,) = [c for c in replies if c.method == "sendDocument"]
    data = json.loads(next(v for k, v in api.state.files.items() if k == "document"))
    assert data["chat_id"] == USER
    stored = data["stored"]
    assert stored["chats"][0]["topic_id"] == "sciatica"
    assert stored["subscriptions"][0]["programme_id"] == "general-nerve-root"
    assert stored["adherence"][0]["status"] == "done"


async def test_forget_deletes_everything_about_the_user(bot, api: FakeBotApi):
    clock = Clock()
    store = services_of(bot).store
    other = USER + 77
    await store.privacy.give_consent(USER, clock.now)
    subs = {(await subscribe(bot, clock)).id, (await subscribe(bot, clock, at=dt.time(20, 0))).id}
    other_sub = await subscribe(bot, clock, chat_id=other)
    await ask(api, "/causes stenosis")
    for sub_id in subs:
        await store.history.record_adherence(sub_id, START.date(), "done")
    clock.now = START + dt.timedelta(hours=2)
    await services_of(bot).engine.tick()
    assert (await rows_mentioning(store, USER, subs)).keys() >= {
        "chats",
        "subscriptions",
        "deliveries",
        "adherence",
        "consents",
    }

    replies = await ask(api, "/forget")
    assert await rows_mentioning(store, USER, subs)  # nothing happens before confirming
    assert keyboards.data("forget") in {d for _, d in replies[0].buttons()}
    await press(api, keyboards.data("forget"))
    assert await rows_mentioning(store, USER, subs) == {}
    # other people's data is untouched
    assert await store.reminders.get_subscription(other_sub.id) is not None


async def test_message_text_is_never_stored(bot, api: FakeBotApi):
    await subscribe(bot, Clock())
    await ask(api, SECRET_WORDS)
    await ask(api, f"/symptoms {SECRET_WORDS}")
    await ask(api, "/remind")
    await press(api, keyboards.data("rp", "general-nerve-root"))
    await ask(api, SECRET_WORDS)  # typed where a time is expected
    assert "zebra-quartz" not in await all_text(services_of(bot).store)


async def test_mydata_and_forget_only_in_a_private_chat(bot, api: FakeBotApi):
    group = -100999
    for command in ("/mydata", "/forget"):
        replies = await ask(api, command, chat_id=group, user_id=USER)
        assert "private chat" in replies[0].text
        assert not [c for c in replies if c.method == "sendDocument"]
    replies = await press(api, keyboards.data("forget"), chat_id=group)
    assert "expired" in replies[0].text  # a forged confirm in a group deletes nothing
