"""Find the part of the content that answers a typed question. Never writes an answer itself.

Sections and exercises are ranked with BM25 (rank-bm25's BM25Okapi) over stemmed words, with a
small synonym map for everyday words ("wee" -> urine, bladder; "pis" -> orina). Two boosts decide
between a topic's sections: the topic the question names (by title or alias, with rapidfuzz for
typos) and what it asks for ("what causes..." -> causes, "is there a cure" -> treatment). A
question that shares too few words with the content gets no answer at all.

Each language the content is written in has its own index (its analyser, intents and documents);
the caller says which language a question is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from content.loader import Content
from content.search import lexicon_en, lexicon_es
from content.search.analysis import ANALYSERS, ENGLISH, Analyser, analyser, plain
from content.search.documents import Doc, distinctive_words, documents, topic_names
from content.search.intents import INTENTS, Intents
from content.search.ranker import Ranker, learn

#: Share of a question's word weight (IDF) the content must know, unless it names a topic or
#: an exercise (then the name is evidence enough).
MIN_COVERAGE = 0.75
#: A hit's combined score must reach this, and this share of the best hit's score.
MIN_SCORE, MIN_SHARE = 0.45, 0.6
TOPIC_BOOST, INTENT_BOOST, EXERCISE_BOOST = 1.0, 0.7, 1.2
#: Weight of the learnt ranker's probability (content/search/ranker.py) in a hit's score.
RANKER_WEIGHT = 1.0
#: A question naming no topic with at most this many content words, asked while reading a topic,
#: is a follow-up about that topic: what it asks for decides ("why do people get this?").
FOLLOW_UP_WORDS = 1
#: Extra names for topics, by language (Spanish names of topics still shown in English).
EXTRA_NAMES = {"es": lexicon_es.TOPIC_NAMES}
#: Topics whose cue outweighs the other topics a question names: "my sciatica came back after the
#: op" is about recovering from the operation.
CUE_OUTWEIGHS = frozenset({"spinal-operation-recovery"})
#: Other names for exercises, by language.
EXERCISE_NAMES = {"en": lexicon_en.EXERCISE_NAMES, "es": lexicon_es.EXERCISE_NAMES}
#: Phrases that point at a topic without naming it ("after my op"), by language.
TOPIC_CUES = {
    language: {topic: re.compile(rx) for topic, rx in cues.items()}
    for language, cues in (("en", lexicon_en.TOPIC_CUES), ("es", lexicon_es.TOPIC_CUES))
}


@dataclass(frozen=True)
class Hit:
    """One place in the content that answers a question."""

    kind: Literal["section", "exercise"]
    ref: str  # the section kind, or the exercise id
    topic_id: str | None  # None for an exercise when the question names no topic it suits
    score: float

    @property
    def section_kind(self) -> str | None:
        return self.ref if self.kind == "section" else None


class LanguageIndex:
    """Ranks the sections and exercises of one language's content."""

    def __init__(self, docs: list[Doc], content: Content, analyser: Analyser = ENGLISH):
        self.analyser = analyser
        self.intents: Intents = INTENTS[analyser.language]
        self.docs = docs
        self._bm25 = BM25Okapi([d.terms for d in docs])
        self._vocabulary = {t for d in docs for t in d.terms}
        self._topic_names = topic_names(content, EXTRA_NAMES.get(analyser.language))
        self._topic_words = distinctive_words(self._topic_names, analyser)
        self._exercises = {e.id: e for e in content.exercises.values()}
        #: Other names exercises go by ("cat cow", "child's pose"), plain.
        self._exercise_names = {
            e: [plain(n) for n in names] for e, names in EXERCISE_NAMES.get(analyser.language, {}).items()
        }
        #: Words the content uses, for spelling correction ("sciatca" -> "sciatica").
        self._spellings = sorted({w for d in docs for w in d.words})
        self._fixed: dict[str, str] = {}
        self.ranker: Ranker | None = None

    @classmethod
    def build(cls, content: Content, analyser: Analyser = ENGLISH, learnt: bool = True) -> LanguageIndex:
        """Index every topic section and exercise in ``content`` (with the learnt ranker unless
        ``learnt`` is false)."""
        index = cls(documents(content, analyser, EXTRA_NAMES.get(analyser.language)), content, analyser)
        index.ranker = learn(index.docs, analyser) if learnt else None
        return index

    def correct(self, question: str) -> str:
        """``question`` with misspelt words of five letters or more replaced by the content's
        nearest word (one edit, two for longer words): "sciatca" -> "sciatica"."""
        out = []
        an = self.analyser
        for word in an.tokens(question):
            stem = an.stem(word)
            if len(word) < 5 or word in an.stopwords or word.isdigit() or stem in self._vocabulary:
                out.append(word)
                continue
            if stem in an.synonym_stems:
                out.append(word)
                continue
            fixed = self._fixed.get(word)
            if fixed is None:
                best = process.extractOne(
                    word, self._spellings, scorer=Levenshtein.distance, score_cutoff=1 if len(word) < 8 else 2
                )
                fixed = best[0] if best else word
                if len(self._fixed) < 20_000:
                    self._fixed[word] = fixed
            out.append(fixed)
        return " ".join(out)

    def search(self, question: str, limit: int = 3, reading: str | None = None) -> list[Hit]:
        """The best places to answer ``question`` (its first 500 characters), best first; [] when
        nothing fits well. ``reading``: the topic the person was reading, for a question that
        names none ("is it permanent?")."""
        question = self.correct(question[:500])
        text = " ".join(re.findall(r"[a-z0-9&]+", plain(question)))
        topics, exercises = self._named_topics(text), self._named_exercises(text)
        intents = self._resolved(self.intents.of(text), text)
        if not (topics or exercises):
            weak = self._coverage(question) < MIN_COVERAGE
            few = len(self.analyser.words(question)) <= FOLLOW_UP_WORDS
            if reading is not None and intents and (weak or few):  # "is it permanent?" about the topic read
                return [Hit("section", self.intents.first(intents), reading, 1.0)]
            if weak:
                return []
        if not topics and reading is not None:
            topics = {reading}
        raw = self._bm25.get_scores(self.analyser.terms(question, expand=True))
        top = max(raw, default=0.0)
        if top <= 0:
            return []
        learnt = self.ranker.chances(question) if self.ranker is not None else {}
        scored = [
            self._hit(doc, value / top + RANKER_WEIGHT * learnt.get(doc.key, 0.0), text, topics, exercises, intents)
            for doc, value in zip(self.docs, raw, strict=True)
        ]
        scored.sort(key=lambda h: -h.score)
        best = scored[0].score
        return [h for h in scored[:limit] if h.score >= MIN_SCORE and h.score >= MIN_SHARE * best]

    def _resolved(self, intents: set[str], text: str) -> set[str]:
        """What a question asks for when its wording says several things."""
        if "urgent" in intents:
            return {"urgent"}  # "what symptoms mean I need a doctor urgently" asks for the warning signs
        if {"symptoms", "causes"} <= intents and self.intents.pattern.search(text):
            intents = intents - {"causes"}  # "why does it hurt more when I sit down?"
        if len(intents) > 1:
            if not self.intents.meaning.search(text):
                return intents - {"summary"}  # "what does S1 pain feel like" asks about symptoms
            return intents & {"summary"}  # "will it go away by itself" asks what it is, not for treatment
        return intents

    def _hit(self, doc: Doc, score: float, text: str, topics: set[str], exercises: set[str], intents: set[str]) -> Hit:
        """``doc`` as a hit, its BM25 share boosted by the topic, the intent or the exercise named."""
        if doc.kind == "section":
            score += TOPIC_BOOST * (doc.topic_id in topics) + INTENT_BOOST * (doc.ref in intents)
            return Hit("section", doc.ref, doc.topic_id, round(float(score), 4))
        # "why does walking make my legs numb?" and "legs heavy after walking, what is that?" name an
        # exercise but ask about symptoms or what it is
        wants_exercise = not (intents & {"symptoms", "causes", "summary"}) or bool(
            self.intents.asks_exercise.search(text)
        )
        score += EXERCISE_BOOST * (doc.ref in exercises and wants_exercise)
        topic_id = next((t for t in topics if t in self._exercises[doc.ref].suits), None)
        return Hit("exercise", doc.ref, topic_id, round(float(score), 4))

    def _coverage(self, question: str) -> float:
        """The share of the question's word weight (IDF) that the content knows, synonyms included."""
        unknown = max(self._bm25.idf.values(), default=1.0) + 1.0
        total = known = 0.0
        an = self.analyser
        for word in an.words(question):
            stem = an.stem(word)
            forms = [stem, *an.synonym_stems.get(stem, [])]
            is_known = any(f in self._vocabulary for f in forms)
            if word.isdigit() or (word in an.general and is_known):
                continue  # "what's 2+2", "what time is it": words the content uses, but no evidence
            weight = self._bm25.idf.get(stem, unknown)
            total += weight
            known += weight if is_known else 0.0
        return known / total if total else 0.0

    def named_topics(self, question: str) -> set[str]:
        """The topics ``question`` names (typos allowed)."""
        return self._named_topics(" ".join(re.findall(r"[a-z0-9&]+", plain(self.correct(question[:500])))))

    def _named_topics(self, text: str) -> set[str]:
        """Topics the question names: a title or alias (small typos allowed), or a word only they use."""
        cues = TOPIC_CUES.get(self.analyser.language, {})
        named = {topic for topic, rx in cues.items() if topic in self._topic_names and rx.search(text)}
        if named & CUE_OUTWEIGHS:
            return named & CUE_OUTWEIGHS
        stems = {self.analyser.stem(w) for w in self.analyser.words(text)}
        for topic_id, names in self._topic_names.items():
            if stems & self._topic_words[topic_id] or any(
                fuzz.partial_ratio(name, text) >= (100 if len(name) < 6 else 88) for name in names
            ):
                named.add(topic_id)
        return named

    def _named_exercises(self, text: str) -> set[str]:
        """Exercises named by id or name (small typos allowed), or, in a question asking for an
        exercise, by every word of a name of two words or more in any form ("ejercicio para
        deslizar el nervio sentado": "Deslizamiento del nervio sentado")."""
        asks = bool(self.intents.asks_exercise.search(text))
        stems = {self.analyser.stem(w) for w in self.analyser.words(text)} if asks else set()
        named = set()
        for e in self._exercises.values():
            name = plain(e.name.split("(")[0].strip())
            own = {self.analyser.stem(w) for w in self.analyser.words(name)}
            if (
                fuzz.partial_ratio(plain(e.id.replace("-", " ")), text) >= 90
                or fuzz.partial_ratio(name, text) >= 90
                or any(fuzz.partial_ratio(other, text) >= 90 for other in self._exercise_names.get(e.id, ()))
                or (asks and len(own) >= 2 and own <= stems)
            ):
                named.add(e.id)
        return named


class QuestionIndex:
    """Ranks sections and exercises for a typed question, in the language it is written in. Build
    it once at start-up: one index per language the content has (and a search analyser for)."""

    def __init__(self, indexes: dict[str, LanguageIndex]):
        self.indexes = indexes
        #: the language of the content it was built from: used for a language it has no index for
        self.primary = next(iter(indexes))

    @classmethod
    def build(cls, content: Content) -> QuestionIndex:
        """Index ``content`` (in its own language) and each of its translations."""
        indexes = {content.language: LanguageIndex.build(content, analyser(content.language))}
        for language, translated in content.translations.items():
            if language in ANALYSERS:
                indexes[language] = LanguageIndex.build(translated, analyser(language))
        return cls(indexes)

    def of(self, language: str | None) -> LanguageIndex:
        """The index for ``language``; the content's own language's when there is none for it."""
        return self.indexes.get(language or self.primary) or self.indexes[self.primary]

    def correct(self, question: str, language: str | None = None) -> str:
        return self.of(language).correct(question)

    def search(
        self, question: str, limit: int = 3, reading: str | None = None, language: str | None = None
    ) -> list[Hit]:
        """The best places to answer ``question`` in ``language`` (default: the content's own);
        see :meth:`LanguageIndex.search`."""
        return self.of(language).search(question, limit, reading)
