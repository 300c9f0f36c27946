"""The bot in groups: introduction, short answers with a private deep link, never a nuisance."""

from __future__ import annotations

from bot import keyboards
from tests.e2e.helpers import USER, ask, press, visible_text
from tests.fake_bot_api import FakeBotApi, Limits

GROUP = -100777


async def test_added_to_a_group_posts_one_introduction(bot, api: FakeBotApi):
    api.state.bot_status(GROUP, "left", "member", by_user=USER)
    intro = await api.wait_sent(GROUP)
    await api.settle()
    text = " ".join(visible_text(c.text) for c in api.sent(GROUP))
    assert "Rootwise" in text and "/settings" in text and "not a diagnosis" in text.lower()
    assert any(url.startswith("https://t.me/RootwiseBot?start=") for _, url in api.sent(GROUP)[-1].buttons())
    # a later change that is not a join (member -> admin) posts nothing more
    count = len(api.sent(GROUP))
    api.state.bot_status(GROUP, "member", "administrator", by_user=USER)
    await api.settle()
    assert len(api.sent(GROUP)) == count and intro


async def test_group_answers_are_short_with_a_deep_link_to_the_full_one(bot, api: FakeBotApi, content):
    replies = await ask(api, "/treatment@RootwiseBot sciatica", chat_id=GROUP, user_id=USER)
    assert len(replies) == 1
    full = content.topics["sciatica"].section("treatment")
    assert full.title in visible_text(replies[0].text)
    assert len(replies[0].text) < 1200
    ((label, url),) = replies[0].buttons()
    assert url == keyboards.deep_link_url("RootwiseBot", "s_sciatica_treatment")
    # the deep link lands on the same section in the private chat
    private = await ask(api, "/start s_sciatica_treatment", chat_id=USER)
    assert full.title in visible_text(private[0].text)
    assert len(" ".join(c.text for c in private)) > len(replies[0].text)


async def test_the_bot_never_writes_to_members_privately_from_a_group(bot, api: FakeBotApi):
    member = 9009
    for text in ("/symptoms stenosis", "/exercises", "/urgent", "/about", "/treatment slipped disc"):
        await ask(api, text, chat_id=GROUP, user_id=member)
    assert api.sent(member) == []


async def test_removed_from_a_group_forgets_the_chat(bot, api: FakeBotApi):
    await ask(api, "/symptoms stenosis", chat_id=GROUP, user_id=USER)
    services = bot.bot_data["services"]
    assert await services.store.chats.get_topic(GROUP) == "lumbar-spinal-stenosis"
    api.state.bot_status(GROUP, "member", "left", by_user=USER)
    await api.settle()
    assert await services.store.chats.get_topic(GROUP) is None


async def test_a_busy_group_gets_every_answer_within_the_per_group_limit(start_bot, api: FakeBotApi, monkeypatch):
    """Thirty members ask at once: every answer arrives, never more than 20 in any "minute" (here
    2 s, on both sides: the limiter's arithmetic is the same), and the server never answers 429."""
    from functools import partial

    import bot.app

    minute = 2.0
    api.limits = Limits(minute=minute)
    monkeypatch.setattr(bot.app, "telegram_rate_limiter", partial(bot.app.telegram_rate_limiter, minute=minute))
    async with start_bot(rate_limit=True):
        for member in range(30):
            api.message(GROUP, "/symptoms@RootwiseBot stenosis", user_id=7000 + member)
        await api.wait_for(lambda: len(api.sent(GROUP)) >= 30, 30, what="thirty answers")
    assert api.rate_limited == [], "the bot went over the per-group limit"
    times = sorted(c.at for c in api.sent(GROUP))
    assert len(times) == 30
    busiest = max(sum(1 for t in times if start <= t < start + minute) for start in times)
    assert busiest <= 20
    assert times[-1] - times[0] >= minute  # they were spread out, not sent in one burst


async def test_other_group_answers_are_short_too_with_a_link_to_the_whole_answer(
    bot, api: FakeBotApi, content, detector
):
    """/urgent, /about, /help and an exercise: one short message each in a group, and the link
    opens the whole answer in a private chat. /urgent keeps every emergency sign in the group."""
    emergency_signs = [detector.text_of(s.id) for s in detector.listed if s.level == "emergency"]
    assert len(emergency_signs) >= 7
    for command, payload in (("/urgent", "p_urgent"), ("/about", "p_about"), ("/help", "p_help")):
        replies = await ask(api, command, chat_id=GROUP, user_id=USER)
        # one message, well under Telegram's 4,096 (/urgent lists every emergency sign: 20 now)
        assert len(replies) == 1 and len(replies[0].text) < 3200, command
        ((label, url),) = replies[0].buttons()
        assert url == keyboards.deep_link_url("RootwiseBot", payload)
        private = await ask(api, f"/start {payload}", chat_id=USER)
        while more := [d for label, d in private[-1].buttons() if label.startswith("➡️ More")]:
            private = [*private, *await press(api, more[0], chat_id=USER)]  # the rest, a screen at a time
        assert len(" ".join(c.text for c in private)) > len(replies[0].text), command
        if command == "/urgent":
            shown = visible_text(replies[0].text)
            assert all(sign in shown for sign in emergency_signs)
            assert "Urgent today" not in shown and "Urgent today" in visible_text(" ".join(c.text for c in private))
    exercise = next(iter(content.exercises.values()))
    replies = await press(api, keyboards.data("ex", exercise.id, "-"), chat_id=GROUP)
    assert len(replies) == 1 and api.sent(GROUP, method="sendPhoto") == []
    ((label, url),) = replies[0].buttons()
    assert url == keyboards.deep_link_url("RootwiseBot", f"x_{exercise.id}")
    private = await ask(api, f"/start x_{exercise.id}", chat_id=USER)
    assert any(exercise.steps[0][:30] in visible_text(c.text) for c in private)


async def test_urgent_with_a_topic_in_a_group_keeps_every_emergency_sign(bot, api: FakeBotApi, content, detector):
    """Each topic's urgent section opens with a heading: the group answer must not stop there."""
    replies = await ask(api, "/urgent sciatica", chat_id=GROUP, user_id=USER)
    shown = visible_text(replies[0].text)
    assert len(replies) == 1
    assert all(detector.text_of(s.id) in shown for s in detector.listed if s.level == "emergency")
    assert "999" in shown and "drive" in shown


async def test_urgent_with_a_topic_gives_that_topics_own_section(bot, api: FakeBotApi, content):
    topic = content.topics["lumbar-spinal-stenosis"]
    replies = await ask(api, "/urgent stenosis")
    assert topic.section("urgent").title in visible_text(replies[0].text)
    replies = await ask(api, "/urgent atlantis")  # no such topic: the general page, never an error
    assert content.pages["urgent"].title in visible_text(replies[0].text)
