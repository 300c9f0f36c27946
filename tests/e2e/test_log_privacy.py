"""Logs never hold a chat id: each is a salted hash (the same on every replica, useless without the token)."""

from __future__ import annotations

import io

from bot import keyboards
from bot.logs import chat_ref, hide_chat_ids
from tests.e2e.helpers import PROGRAMME, TOKEN, Clock, agree, ask, press, production_log_text, services_of
from tests.fake_bot_api import FakeBotApi

PERSON = 73591846
GROUP = -1009876543210


async def test_no_chat_id_reaches_the_logs(production_logs: io.StringIO, bot, api: FakeBotApi, request):  # noqa: F811
    services_of(bot).engine.clock = Clock()
    await ask(api, "/remind", chat_id=PERSON)
    await agree(api, PERSON)
    await press(api, keyboards.data("rp", PROGRAMME), chat_id=PERSON)
    await press(api, keyboards.data("rt", PROGRAMME, "0800"), chat_id=PERSON)
    await press(api, keyboards.data("rzl", PROGRAMME, "0800"), chat_id=PERSON)  # "reminder created in chat"
    api.fail("sendMessage", 400, "Bad Request: something odd", chat_id=PERSON)
    await ask(api, "/help", chat_id=PERSON)  # a handler fails: "in chat ..."
    api.state.bot_status(GROUP, "left", "member", chat_type="supergroup", title="Backs")  # "added to supergroup"
    await api.settle()
    await ask(api, "/forget", chat_id=PERSON)
    await press(api, keyboards.data("forget"), chat_id=PERSON)  # "chat ... asked to be forgotten"
    text = production_log_text(production_logs, request.node.callspec.params["production_logs"])
    assert "created in chat" in text and "forgotten" in text
    for chat in (PERSON, GROUP):
        assert str(abs(chat)) not in text
        assert chat_ref(chat) in text


def test_the_hash_is_keyed_by_the_token():
    from bot import logs

    logs.set_salt(TOKEN)
    one = chat_ref(PERSON)
    logs.set_salt(TOKEN + "x")
    assert chat_ref(PERSON) != one
    logs.set_salt(TOKEN)
    assert chat_ref(PERSON) == one and str(PERSON) not in one
    assert hide_chat_ids(f"chat {PERSON} moved to {GROUP}") == f"chat {chat_ref(PERSON)} moved to {chat_ref(GROUP)}"
