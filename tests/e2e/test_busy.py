"""A red flag is answered first even when the bot is busy: it does not wait for a free slot."""

from __future__ import annotations

from tests.e2e.helpers import EMERGENCY, USER, visible_text
from tests.fake_bot_api import FakeBotApi

OTHERS = (6001, 6002)  # people whose presses occupy every slot
LATE = 6003  # someone with an ordinary message, queued behind them


def occupy_every_slot(api: FakeBotApi):
    """Two presses whose answerCallbackQuery the fake holds until the returned event is set."""
    release = api.gate("answerCallbackQuery")
    for chat in OTHERS:
        api.press(chat, "stale-button")  # answered (once released), then a fresh menu
    return release


def record_waiting(processor) -> list:
    """The updates the processor found every slot taken for (and checked for a red flag)."""
    seen: list = []
    urgent = processor.urgent
    processor.urgent = lambda update: seen.append(update) or urgent(update)
    return seen


async def test_red_flag_skips_the_queue_when_every_slot_is_busy(start_bot, api: FakeBotApi):
    async with start_bot(concurrent_updates=2) as application:
        processor = application.update_processor
        release = occupy_every_slot(api)
        await api.wait_for(lambda: processor.current_concurrent_updates == 2, what="every slot busy")
        waiting = record_waiting(processor)
        api.message(LATE, "/help")  # ordinary: waits for a slot as before
        api.message(USER, EMERGENCY)

        replies = await api.wait_sent(USER)
        assert visible_text(replies[0].text).startswith("🚨")
        await api.wait_for(lambda: processor.urgent_in_flight == 0, what="the red flag handled")
        # it came while the held presses still took every slot, and ahead of the ordinary message
        assert api.method_calls("answerCallbackQuery") == []
        assert processor.current_concurrent_updates == 2
        assert [u.effective_chat.id for u in waiting] == [LATE, USER]
        assert api.sent(LATE) == []

        # the rest of the bot carries on once the presses are answered
        release.set()
        await api.settle()
        assert len(api.method_calls("answerCallbackQuery")) == len(OTHERS)
        assert all(api.sent(chat) for chat in OTHERS)
        assert api.sent(LATE)
    assert processor.current_concurrent_updates == 0
    assert processor.urgent_in_flight == 0


async def test_ordinary_messages_still_wait_for_a_slot(start_bot, api: FakeBotApi):
    async with start_bot(concurrent_updates=2) as application:
        processor = application.update_processor
        release = occupy_every_slot(api)
        await api.wait_for(lambda: processor.current_concurrent_updates == 2, what="every slot busy")
        waiting = record_waiting(processor)
        api.message(USER, "my back aches after gardening")
        await api.wait_for(lambda: waiting, what="the message to find every slot taken")
        assert processor.urgent_in_flight == 0  # not let past the bound
        assert api.sent(USER) == []
        release.set()
        await api.settle()
        replies = api.sent(USER)
        assert replies and not visible_text(replies[0].text).startswith("🚨")
        first_answer = api.calls.index(api.method_calls("answerCallbackQuery")[0])
        assert api.calls.index(replies[0]) > first_answer  # only after a slot came free
