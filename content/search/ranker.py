"""A learnt second opinion for the question search: which section or exercise answers a question,
learnt from the content's own text and from the development questions in ``questions/`` (typed
questions in everyday words, each labelled with its answer; sets kept for evaluation, in
``tests/data``, are never learnt from).

Features are TF-IDF weights of the question's stemmed words (synonyms added, as the index reads
them) and of its letter runs (a misspelling still shares features with the right word); a logistic
regression gives each place in the content a probability, which the index adds, weighted, to its
own score. It never decides on its own whether a question is answered: the index's checks do.
Learning takes a few seconds of CPU, so a learnt ranker is kept in the message model's cache
directory (``ROOTWISE_MODEL_CACHE``, default ``data/cache``) under a name made from what it learnt
from; it is deterministic (the same files give the same ranker).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from content.search.analysis import Analyser, analyser, plain
from content.search.documents import Doc
from content.yamldoc import load_yaml
from safety.learnt import kept

log = logging.getLogger(__name__)

QUESTIONS = Path(__file__).resolve().parent / "questions"
#: Regularisation of the logistic regression (chosen by cross-validation between the English
#: development sets: docs/search.md).
STRENGTH = 5.0


class Ranker:
    """``chances(question)``: the probability of each document key ("topic/section", "exercise/id")."""

    def __init__(self, texts: list[str], keys: list[str], analyser: Analyser):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        from safety.model import _one_thread

        self.analyser = analyser
        features = make_union(
            TfidfVectorizer(analyzer=self._terms, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, preprocessor=plain),
        )
        self._pipeline: Any = make_pipeline(features, LogisticRegression(C=STRENGTH, max_iter=2000))
        with _one_thread():
            self._pipeline.fit(texts, keys)
        self.keys = [str(k) for k in self._pipeline.classes_]

    def _terms(self, text: str) -> list[str]:
        return self.analyser.terms(text, expand=True)

    def __getstate__(self) -> dict[str, Any]:
        # the analyser (its stemmer) is not kept: only its language, for the cache
        return {**self.__dict__, "analyser": self.analyser.language}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, analyser=analyser(state["analyser"]))

    def chances(self, question: str) -> dict[str, float]:
        row = self._pipeline.predict_proba([question])[0]
        return dict(zip(self.keys, (float(p) for p in row), strict=True))


def learn(docs: list[Doc], analyser: Analyser, folder: Path = QUESTIONS) -> Ranker | None:
    """A ranker for ``docs`` from their text and the labelled questions in ``folder`` written in
    the analyser's language; None when there is too little to learn from."""
    known = {d.key for d in docs}
    texts = [d.text for d in docs]
    keys = [d.key for d in docs]
    for question, key in labelled(folder, analyser.language):
        if key in known:
            texts.append(question)
            keys.append(key)
    if len(set(keys)) < 2:
        return None
    return _cached(texts, keys, analyser)


def _cached(texts: list[str], keys: list[str], analyser: Analyser) -> Ranker:
    """The ranker learnt from ``texts`` and ``keys``, from the cache when it holds one learnt from
    the same examples with the same code (a cache that cannot be read or written only costs the
    learning)."""
    import sklearn

    digest = hashlib.sha256(sklearn.__version__.encode() + analyser.language.encode())
    for module in ("ranker.py", "analysis.py", f"lexicon_{analyser.language}.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    for text, key in zip(texts, keys, strict=True):
        digest.update(f"{key}\0{text}\0".encode())
    return kept("question-ranker", digest, Ranker, lambda: Ranker(texts, keys, analyser))


def labelled(folder: Path, language: str) -> list[tuple[str, str]]:
    """Every (question, answer key) of the sets in ``folder`` in ``language`` (a set whose name
    starts with ``es_`` is Spanish, any other English); answers that are pages are left out."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if (path.stem[:3] == "es_") != (language == "es"):
            continue
        for case in load_yaml(path.read_text(encoding="utf-8")).get("questions", []):
            key = answer_key(case)
            if key is not None:
                out.append((str(case["q"]), key))
    return out


def answer_key(case: dict) -> str | None:
    """A labelled question's first answer as a document key, or None for a page or no answer."""
    if "page" in case or case.get("topic") in (None, "none", "page"):
        return f"exercise/{case['exercise']}" if "exercise" in case else None
    if case["topic"] == "exercise":
        return f"exercise/{case['section']}"
    return f"{case['topic']}/{case['section']}"
