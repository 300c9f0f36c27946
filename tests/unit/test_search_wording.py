"""Typed questions in wording the development sets taught the search to read (docs/search.md),
asked here in other words, through content.answers.choose as the bot asks."""

from __future__ import annotations

from functools import cache

import pytest

from content.answers import choose
from content.loader import Content, load_content
from content.search import QuestionIndex
from safety.redflags import RedFlagDetector


@cache
def setup() -> tuple[Content, QuestionIndex, RedFlagDetector]:
    content = load_content()
    return content, QuestionIndex.build(content), RedFlagDetector.load()


def first(question: str, language: str | None = None) -> str | None:
    content, index, detector = setup()
    got = choose(content, index, question, None, detector, language)
    return got[0].key if got else None


@pytest.mark.parametrize(
    ("question", "language", "want"),
    [
        # asking for the warning signs outweighs what else the question asks
        ("with arachnoiditis which problems mean I should phone the ward right away", None, "arachnoiditis/urgent"),
        # 'hospital' alone is a place, not a call for help
        ("how long will I stay in hospital after a laminectomy", None, "spinal-operation-recovery/summary"),
        ("how often should I walk with sciatica", None, "sciatica/treatment"),
        ("qué es lo que hace que se estreche el canal", "es", "lumbar-spinal-stenosis/causes"),
        # exercises by the names they go by elsewhere
        ("is the cat cow stretch ok for a slipped disc", None, "exercise/cat-camel"),
        ("el gato vaca sirve para la estenosis", "es", "exercise/cat-camel"),
        # questions about the bot
        ("how do I turn off my reminders", None, "page/help"),
        ("cómo apago los recordatorios", "es", "page/help"),
    ],
)
def test_wording_finds_its_section(question, language, want):
    assert first(question, language) == want


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("how much does physiotherapy for sciatica cost", None),
        ("is there a waiting list for stenosis surgery", None),
        ("cuánto cuesta la fisioterapia para la ciática", "es"),
    ],
)
def test_costs_and_waiting_lists_get_no_section(question, language):
    assert first(question, language) is None


def test_a_price_question_with_a_warning_sign_still_gets_the_urgent_page():
    assert first("how much does an ambulance cost, I can't feel my bottom and I wet myself") == "page/urgent"
