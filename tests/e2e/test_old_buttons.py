"""What was sent before a release keeps working after it: renamed buttons, and flows waiting in the
database in the form they were stored in."""

from __future__ import annotations

from bot import keyboards
from bot.handlers.router import EXPIRED
from tests.e2e.helpers import USER, ask, press, services_of
from tests.fake_bot_api import FakeBotApi

PROGRAMME = "general-nerve-root"


async def test_a_renamed_button_already_sent_still_works(bot, api: FakeBotApi):
    assert keyboards.ALIASES
    for old in keyboards.ALIASES:
        answered = len(api.method_calls("answerCallbackQuery"))
        replies = await press(api, f"{keyboards.VERSION}|{old}")
        assert api.method_calls("answerCallbackQuery")[answered].params.get("text") == "Kept"
        assert not any(EXPIRED in r.text for r in replies)


async def test_a_flow_stored_before_flows_had_names_takes_its_answer(bot, api: FakeBotApi):
    store = services_of(bot).store
    now = services_of(bot).engine.clock()
    await store.privacy.give_consent(USER, now)
    await store.flows.set_flow(USER, {"step": "time", "programme": PROGRAMME}, now)  # as /remind stored it
    replies = await ask(api, "7:30")
    assert "Which time zone" in replies[-1].text
    assert await store.flows.get_flow(USER, now) == {
        "flow": "remind",
        "step": "zone",
        "programme": PROGRAMME,
        "time": "0730",
    }
    await store.flows.set_flow(USER, {"step": "rx_name", "programme": PROGRAMME, "day": 0, "time": "0800"}, now)
    replies = await ask(api, "Sam, physio")
    assert "Your link for" in replies[-1].text and "“Sam, physio”" in replies[-1].text
    assert await store.flows.get_flow(USER, now) is None
