"""Every section of every topic and every exercise, rendered through the real handlers."""

from __future__ import annotations

from bot import keyboards
from content.schema import SECTION_ORDER
from tests.e2e.helpers import ask, assert_valid, press, visible_text
from tests.fake_bot_api import FakeBotApi

COMMANDS = {"symptoms": "/symptoms", "causes": "/causes", "treatment": "/treatment"}


async def test_every_section_through_commands_and_buttons(bot, api: FakeBotApi, content):
    for topic in content.topics.values():
        for kind in SECTION_ORDER:
            section = topic.section(kind)
            if section is None:
                continue
            if kind in COMMANDS:
                replies = await ask(api, f"{COMMANDS[kind]} {topic.aliases[0] if topic.aliases else topic.id}")
            else:
                replies = await press(api, keyboards.data("sec", topic.id, kind))
            assert_valid(replies)
            while more := [d for label, d in replies[-1].buttons() if label.startswith("➡️ More")]:
                # a long answer comes a screen at a time
                assert all(len(visible_text(c.text)) <= 1400 for c in replies), (topic.id, kind)
                replies = [*replies, *await press(api, more[0])]
            text = "\n".join(visible_text(c.text) for c in replies)
            assert section.title in text
            first_words = next(b for b in section.body if isinstance(b, str) or hasattr(b, "bullets"))
            sample = first_words if isinstance(first_words, str) else first_words.bullets[0]
            assert " ".join(sample.split())[:40] in " ".join(text.split())
            for source_id in section.sources:
                assert content.sources[source_id].publisher in text


async def test_every_exercise_with_its_picture(bot, api: FakeBotApi, content):
    for topic in content.topics.values():
        replies = await ask(api, f"/exercises {topic.id}")
        listed = {d for _, d in replies[-1].buttons() if d.startswith("v1|ex|")}
        for exercise in content.exercises.values():
            if topic.id in exercise.suits and topic.id not in exercise.not_suited:
                assert keyboards.data("ex", exercise.id, topic.id) in listed
    for exercise in content.exercises.values():
        replies = await press(api, keyboards.data("ex", exercise.id, exercise.suits[0]))
        photos = [c for c in replies if c.method == "sendPhoto"]
        assert len(photos) == (1 if exercise.picture else 0)
        texts = [c for c in replies if c.method == "sendMessage"]
        assert_valid(texts)
        text = "\n".join(visible_text(c.text) for c in texts)
        assert exercise.name in text and exercise.dose in text
        assert all(" ".join(step.split())[:30] in " ".join(text.split()) for step in exercise.steps)
        assert all(caution[:30] in text for caution in exercise.cautions)
