"""Find the part of the content that answers a typed question (see :mod:`content.search.index`).

``analysis`` reads words in each language, ``lexicon_en`` / ``lexicon_es`` hold each language's
stop words and everyday words, ``intents`` what a question asks for, ``documents`` what is
indexed, ``index`` ranks them.
"""

from __future__ import annotations

from content.search.analysis import ENGLISH, plain
from content.search.analysis import stem_en as stem
from content.search.index import Hit, LanguageIndex, QuestionIndex

words = ENGLISH.words
terms = ENGLISH.terms

__all__ = ["Hit", "LanguageIndex", "QuestionIndex", "plain", "stem", "terms", "words"]
