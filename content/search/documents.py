"""What the question search indexes: each topic section and each exercise as one document, with
its words, and the names each topic goes by."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from content.loader import Content
from content.schema import Block, Bullets, Exercise, Heading, Section, Signs, Steps, Topic
from content.search.analysis import Analyser, plain


@dataclass(frozen=True)
class Doc:
    """One place in the content that can answer a question."""

    kind: Literal["section", "exercise"]
    ref: str  # the section kind, or the exercise id
    topic_id: str | None
    text: str
    terms: list[str]
    words: list[str]

    @property
    def key(self) -> str:
        """ "topic/section" or "exercise/id"."""
        return f"{self.topic_id}/{self.ref}" if self.kind == "section" else f"exercise/{self.ref}"


def documents(content: Content, analyser: Analyser, extra: dict[str, list[str]] | None = None) -> list[Doc]:
    """Every topic section and exercise in ``content``; ``extra``: more names for topics."""
    docs: list[Doc] = []
    for topic in content.topics.values():
        names = " ".join((topic.title, topic.short_title, *topic.aliases, *(extra or {}).get(topic.id, [])))
        for section in topic.sections:
            text = f"{names} {section_text(section, content.signs)}"
            docs.append(Doc("section", section.kind, topic.id, text, analyser.terms(text), analyser.words(text)))
    for exercise in content.exercises.values():
        text = exercise_text(exercise, content.topics, analyser.language)
        docs.append(Doc("exercise", exercise.id, None, text, analyser.terms(text), analyser.words(text)))
    return docs


def topic_names(content: Content, extra: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Each topic's names, plain: title, short title, id and aliases (and ``extra`` ones)."""
    extra = extra or {}
    return {
        t.id: sorted(
            {plain(n) for n in (t.title, t.short_title, t.id.replace("-", " "), *t.aliases, *extra.get(t.id, []))}
        )
        for t in content.topics.values()
    }


def distinctive_words(names: dict[str, list[str]], analyser: Analyser) -> dict[str, set[str]]:
    """Per topic, the words of its names that no other topic's names use ("disc", "stenosis")."""
    generic = {analyser.stem(w) for w in analyser.generic.split()}
    counts = {
        topic_id: Counter(w for name in names_ for w in {analyser.stem(w) for w in analyser.words(name)})
        for topic_id, names_ in names.items()
    }
    return {
        topic_id: {
            w
            for w, n in mine.items()
            if n >= 2 and w not in generic and not any(w in other for o, other in counts.items() if o != topic_id)
        }
        for topic_id, mine in counts.items()
    }


def _block_text(block: Block, signs: dict[str, tuple[str, str]]) -> str:
    if isinstance(block, Bullets):
        return " ".join(block.bullets)
    if isinstance(block, Steps):
        return " ".join(block.steps)
    if isinstance(block, Heading):
        return block.heading
    if isinstance(block, Signs):
        return " ".join(signs[s][1] for s in block.signs if s in signs)
    return block


def section_text(section: Section, signs: dict[str, tuple[str, str]]) -> str:
    return " ".join([section.title, section.title, *(_block_text(b, signs) for b in section.body)])


#: Words every exercise's document has, by language.
EXERCISE_WORDS = {"en": "exercise how to do", "es": "ejercicio como se hace"}


def exercise_text(exercise: Exercise, topics: dict[str, Topic], language: str = "en") -> str:
    suits = " ".join(topics[t].short_title for t in exercise.suits if t in topics)
    return " ".join(
        [
            exercise.name,
            exercise.name,
            exercise.id.replace("-", " "),
            exercise.summary,
            *exercise.steps,
            exercise.dose,
            EXERCISE_WORDS.get(language, EXERCISE_WORDS["en"]),
            suits,
        ]
    )
