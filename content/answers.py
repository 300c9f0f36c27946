"""Choose what answers a typed message: a topic's section, an exercise or a fixed page, or nothing.

Pure: the handler for free text calls :func:`choose` and renders what it returns. The content is
never rewritten; at most it is picked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from content.loader import Content
from content.search import QuestionIndex


@dataclass(frozen=True)
class Answer:
    """One place in the content that answers a message."""

    kind: Literal["section", "exercise", "page"]
    ref: str  # the section kind, the exercise id or the page id
    topic_id: str | None = None

    @property
    def key(self) -> str:
        """ "topic/section", "exercise/id" or "page/id"."""
        return f"{self.topic_id}/{self.ref}" if self.kind == "section" else f"{self.kind}/{self.ref}"


#: A question about the warning signs or where to go: answered with the urgent page.
ASKS_URGENT = re.compile(
    r"\b(cauda|equina|ces\b|red ?flags?|warning signs?|danger signs?|emergency|a ?& ?e\b|999|911|111|"
    r"hospital|ambulance|(should|do) i (be )?worr(y|ied)|is (that|this|it) (urgent|an emergency)|"
    r"when (should|do|to) (i )?(go|get|see|call|worry|seek)|"
    r"(lose|losing|lost) control|wet (yourself|myself|themselves)|incontinen)",
    re.IGNORECASE,
)
#: At least one word of two letters: "5", "?" or "👍" is not a question.
HAS_WORDS = re.compile(r"[^\W\d_]{2,}")
#: Messages made only of these words are chat, not questions ("test", "ok thanks", "hi there").
NOISE = frozenset(
    [
        "test",
        "testing",
        "tests",
        "hi",
        "hey",
        "hello",
        "hiya",
        "yo",
        "ok",
        "okay",
        "k",
        "kk",
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "nah",
        "thanks",
        "thank",
        "you",
        "ta",
        "cheers",
        "lol",
        "haha",
        "hmm",
        "hm",
        "um",
        "uh",
        "oh",
        "ah",
        "there",
        "bye",
        "good",
        "great",
        "cool",
        "nice",
        "sure",
        "fine",
        "please",
        "pls",
        "done",
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "all",
        "everyone",
        "guys",
    ]
)


def _names_a_red_flag(detector, text: str) -> bool:
    if detector is None:
        return False
    triage = detector.triage(text)
    return bool(triage) and triage.level in ("emergency", "urgent")


def choose(
    content: Content, index: QuestionIndex | None, text: str, reading: str | None = None, detector=None
) -> list[Answer]:
    """The answers to ``text``, best first; [] when nothing in the content fits.

    ``reading`` is the topic the person was reading (a follow-up question may not name it).
    ``detector``: a red-flag detector. A message it answers or asks about at the emergency or
    urgent level gets the urgent page first (in the bot such a message is triaged before it gets
    here; a "soon" sign is not one of these).
    """
    if not HAS_WORDS.search(text) or set(re.findall(r"[a-z]+", text.lower())) <= NOISE:
        return []
    topic = content.find_topic(text)
    if topic is not None:  # the name of a condition: open it
        return [Answer("section", "summary", topic.id)]
    hits = index.search(text, reading=reading) if index is not None else []
    if ASKS_URGENT.search(text) or _names_a_red_flag(detector, text):
        page = [Answer("page", "urgent")]
        return page + [Answer("section", h.ref, h.topic_id) for h in hits if h.kind == "section"][:2]
    return [
        Answer("exercise", h.ref, h.topic_id) if h.kind == "exercise" else Answer("section", h.ref, h.topic_id)
        for h in hits
    ]
