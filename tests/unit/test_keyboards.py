"""Keyboards shared by many messages: the same JSON as python-telegram-bot's, worked out once."""

from __future__ import annotations

import json
import pickle

from telegram import InlineKeyboardMarkup

from bot import keyboards
from content.loader import load_content


def test_a_shared_keyboard_is_sent_as_the_plain_one_would_be_and_serialised_once(monkeypatch):
    content = load_content()
    topic = next(iter(content.topics.values()))
    shared = keyboards.section(topic, "symptoms")
    plain = InlineKeyboardMarkup(shared.inline_keyboard)
    assert isinstance(shared, InlineKeyboardMarkup) and shared == plain
    assert json.dumps(shared.to_dict()) == json.dumps(plain.to_dict()) == plain.to_json()

    calls = []
    original = InlineKeyboardMarkup.to_dict

    def counted(self, recursive=True):
        calls.append(recursive)
        return original(self, recursive)

    monkeypatch.setattr(InlineKeyboardMarkup, "to_dict", counted)
    fresh = keyboards.section(topic, "causes")
    first = fresh.to_dict()
    assert all(fresh.to_dict() is first for _ in range(5))
    assert calls == [True]
    assert fresh.to_dict(recursive=False) == original(InlineKeyboardMarkup(fresh.inline_keyboard), False)
    assert pickle.loads(pickle.dumps(fresh)).to_dict() == first
