"""Choose what answers a typed message: a topic's section, an exercise or a fixed page, or nothing.

Pure: the handler for free text calls :func:`choose` and renders what it returns. The content is
never rewritten; at most it is picked.
"""

from __future__ import annotations

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
        """"topic/section", "exercise/id" or "page/id"."""
        return f"{self.topic_id}/{self.ref}" if self.kind == "section" else f"{self.kind}/{self.ref}"


def choose(content: Content, index: QuestionIndex | None, text: str, reading: str | None = None) -> list[Answer]:
    """The answers to ``text``, best first; [] when nothing in the content fits.

    ``reading`` is the topic the person was reading (a follow-up question may not name it).
    """
    topic = content.find_topic(text)
    if topic is not None:  # the name of a condition: open it
        return [Answer("section", "summary", topic.id)]
    hits = index.search(text) if index is not None else []
    return [Answer("exercise", h.ref, h.topic_id) if h.kind == "exercise" else Answer("section", h.ref, h.topic_id)
            for h in hits]
