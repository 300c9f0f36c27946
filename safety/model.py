"""A second reader for red flags: a text classifier over the development vignette sets.

The phrase rules in ``content/redflags.yaml`` recognise the ways of describing a sign that someone
has written down; every new set of messages brings ways nobody wrote. This model reads the message
as a whole (word pairs and letter runs, so misspellings and new phrasings still share features
with the messages it learnt from) and gives the probability that a clinician would call it an
emergency (or urgent). The detector uses it only where the rules found no emergency sign: at or
above the ``alarm`` threshold it answers with the emergency reply, at or above ``ask`` with the
follow-up question; and where the rules found nothing urgent either, an urgent probability at or
above ``urgent`` gets the urgent reply (see ``model:`` in ``content/redflags.yaml``, where the
thresholds are set).

It learns from ``safety/vignettes/*.yaml`` (messages written by people who never saw the rules,
each labelled with the level a clinician gives it) when first used, in about a second, and is
deterministic: the same files give the same model. Sets kept for evaluation (``tests/data``) are
never learnt from.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from content.yamldoc import load_yaml
from safety.learnt import kept

log = logging.getLogger(__name__)

VIGNETTES = Path(__file__).resolve().parent / "vignettes"


class MessageModel:
    """``chances(text)``: the probability of each level (emergency, urgent, soon, none) for ``text``."""

    def __init__(self, texts: list[str], levels: list[str]):
        # scikit-learn is imported here, not at the top: only a detector that uses the model pays for it.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
        )
        self._pipeline: Any = make_pipeline(features, LogisticRegression(C=30, max_iter=3000, class_weight="balanced"))
        with _one_thread():
            self._pipeline.fit(texts, levels)
        self._levels = [str(level) for level in self._pipeline.classes_]
        self.size = len(texts)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> MessageModel:
        texts, levels = [], []
        for path in sorted(paths):
            for case in load_yaml(path.read_text(encoding="utf-8"))["cases"]:
                texts.append(case["text"])
                levels.append(case["level"])
        return cls(texts, levels)

    def chances(self, text: str) -> dict[str, float]:
        return self.chances_of([text])[0]

    def chances_of(self, texts: list[str]) -> list[dict[str, float]]:
        """``chances`` of each of ``texts``, read in one pass: the same figures as one by one, in a
        fifteenth of the time (scikit-learn's cost is mostly per call, not per text)."""
        rows = self._pipeline.predict_proba(texts)
        return [{level: float(p) for level, p in zip(self._levels, row, strict=True)} for row in rows]

    def emergency(self, text: str) -> float:
        return self.chances(text).get("emergency", 0.0)


def _one_thread():
    """Numerical work on one thread: the model is small, and BLAS's thread per core made learning
    it 3-10x slower on a busy machine."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def set_language(path: Path) -> str:
    """The language a development set is written in: ``es-a.yaml`` is Spanish, the rest English."""
    head = path.stem.split("-", 1)
    return head[0] if len(head) == 2 and len(head[0]) == 2 else "en"


def default_model(language: str = "en") -> MessageModel:
    """The model learnt from ``safety/vignettes`` (once per process: it holds nothing about anyone).

    The English model learns from the English sets only, so its figures (and the thresholds
    chosen on them) do not move when another language's sets are added; another language's
    model learns from the English sets and that language's, and reads only messages told to be
    in that language (safety/language.py).
    """
    return _learnt(language)


@functools.cache
def _learnt(language: str) -> MessageModel:
    """Learning takes a second or two of CPU, so the learnt model is kept in a cache directory,
    under a name made from the learning files, this module and scikit-learn's version: any change
    to them learns afresh. A cache that cannot be read or written only costs the learning.
    """
    import sklearn

    paths = sorted(p for p in VIGNETTES.glob("*.yaml") if set_language(p) in ("en", language))
    digest = hashlib.sha256(sklearn.__version__.encode() + Path(__file__).read_bytes())
    for path in paths:
        digest.update(path.name.encode() + path.read_bytes())
    return kept("message-model", digest, MessageModel, lambda: MessageModel.from_files(paths))


default_model.cache_clear = _learnt.cache_clear  # type: ignore[attr-defined]  # as if it were cached itself
