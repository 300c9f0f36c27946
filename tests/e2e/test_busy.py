"""A red flag is answered first even when the bot is busy: it does not wait for a free slot."""

from __future__ import annotations

from tests.e2e.conftest import USER
from tests.e2e.helpers import visible_text
from tests.e2e.test_safety import EMERGENCY
from tests.fake_bot_api import FakeBotApi

SLOW = 2.0  # seconds the fake server takes to answer a button press
OTHERS = (6001, 6002)  # people whose presses occupy every slot
LATE = 6003  # someone with an ordinary message, queued behind them


async def test_red_flag_skips_the_queue_when_every_slot_is_busy(start_bot, api: FakeBotApi):
    async with start_bot(concurrent_updates=2) as application:
        processor = application.update_processor
        api.slow["answerCallbackQuery"] = SLOW
        for chat in OTHERS:
            api.press(chat, "stale-button")  # answered (slowly), then a fresh menu
        await api.wait_for(lambda: processor.current_concurrent_updates == 2, what="every slot busy")
        api.message(LATE, "/help")  # ordinary: waits for a slot as before
        api.message(USER, EMERGENCY)

        replies = await api.wait_sent(USER, timeout=SLOW * 3)
        assert visible_text(replies[0].text).startswith("🚨")
        # it came while the slow presses still held every slot, and ahead of the ordinary message
        assert api.method_calls("answerCallbackQuery") == []
        assert processor.current_concurrent_updates == 2
        assert api.sent(LATE) == []

        # the rest of the bot carries on once the slow updates finish
        await api.wait_sent(LATE, timeout=SLOW * 5)
        await api.settle(quiet=0.3)
        assert len(api.method_calls("answerCallbackQuery")) == len(OTHERS)
        assert all(api.sent(chat) for chat in OTHERS)
    assert processor.current_concurrent_updates == 0
    assert processor.urgent_in_flight == 0


async def test_ordinary_messages_still_wait_for_a_slot(start_bot, api: FakeBotApi):
    async with start_bot(concurrent_updates=2) as application:
        processor = application.update_processor
        api.slow["answerCallbackQuery"] = SLOW
        for chat in OTHERS:
            api.press(chat, "stale-button")
        await api.wait_for(lambda: processor.current_concurrent_updates == 2, what="every slot busy")
        api.message(USER, "my back aches after gardening")
        replies = await api.wait_sent(USER, timeout=SLOW * 5)
        assert len(api.method_calls("answerCallbackQuery")) >= 1  # only after a slot came free
        assert not visible_text(replies[0].text).startswith("🚨")
        await api.settle(quiet=0.3)
