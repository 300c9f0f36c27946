"""Red flags in a group: words sent to the bot there (a reply to one of its messages, a mention of
it, a caption on such a message) are checked like a private message, and the 🚨 reply comes first
and alone; words not sent to it stay unread (privacy mode delivers them only when it is an admin)."""

from __future__ import annotations

from bot.offline import BOT_ID, BOT_USERNAME
from tests.e2e.helpers import ADMIN, GROUP, ask, make_admin, press_as, reply_to_prompt, visible_text
from tests.fake_bot_api import FakeBotApi

MEMBER = 4242
EMERGENCY = "since this morning I can't feel anything when I wipe and I wet myself without noticing"
BOT_MESSAGE = {
    "message_id": 1,
    "date": 0,
    "chat": {"id": GROUP, "type": "supergroup", "title": "Support"},
    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Rootwise", "username": BOT_USERNAME},
    "text": "Sciatica: symptoms",
}


def mention(text: str) -> tuple[str, list[dict]]:
    at = f"@{BOT_USERNAME}"
    return f"{at} {text}", [{"type": "mention", "offset": 0, "length": len(at)}]


async def say(api: FakeBotApi, text: str, **extra) -> list:
    return await ask(api, text, chat_id=GROUP, user_id=MEMBER, chat_type="supergroup", title="Support", **extra)


def assert_alert_alone(replies: list) -> None:
    assert replies, "the group got no answer"
    assert replies[0].text.startswith("🚨"), replies[0].text
    assert len(replies) == 1, [visible_text(c.text)[:60] for c in replies]  # nothing after the alarm


async def test_a_reply_to_the_bot_with_an_emergency_gets_the_alert_alone(bot, api: FakeBotApi):
    assert_alert_alone(await say(api, EMERGENCY, reply_to_message=BOT_MESSAGE))


async def test_a_mention_of_the_bot_with_an_emergency_gets_the_alert_alone(bot, api: FakeBotApi):
    text, entities = mention(EMERGENCY)
    assert_alert_alone(await say(api, text, entities=entities))


async def test_a_caption_sent_to_the_bot_is_checked_too(bot, api: FakeBotApi):
    before = len(api.sent(GROUP))
    api.message(
        GROUP,
        None,
        user_id=MEMBER,
        chat_type="supergroup",
        title="Support",
        caption=EMERGENCY,
        photo=[{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}],
        reply_to_message=BOT_MESSAGE,
    )
    replies = await api.wait_sent(GROUP, after=before)
    await api.settle()
    assert_alert_alone(api.sent(GROUP)[before:])
    assert replies[0].text.startswith("🚨")


async def test_a_members_reply_to_a_settings_question_with_an_emergency_gets_the_alert_not_a_refusal(
    bot, api: FakeBotApi
):
    from bot import keyboards

    make_admin(api)
    await ask(api, "/settings", chat_id=GROUP, user_id=ADMIN, chat_type="supergroup", title="Support")
    await press_as(api, GROUP, keyboards.data("gty", str(GROUP)))
    replies = await reply_to_prompt(api, GROUP, EMERGENCY, user_id=MEMBER)
    assert_alert_alone(replies)


async def test_words_not_sent_to_the_bot_are_not_read(bot, api: FakeBotApi):
    before = len(api.sent(GROUP))
    api.message(GROUP, EMERGENCY, user_id=MEMBER, chat_type="supergroup", title="Support")
    await api.settle()
    assert api.sent(GROUP)[before:] == []
    # and a mention of someone else is not a mention of the bot
    text = f"@someone_else {EMERGENCY}"
    api.message(
        GROUP,
        text,
        user_id=MEMBER,
        chat_type="supergroup",
        title="Support",
        entities=[{"type": "mention", "offset": 0, "length": len("@someone_else")}],
    )
    await api.settle()
    assert api.sent(GROUP)[before:] == []
