"""How the question search reads words in each language: accents folded, stop words dropped,
words stemmed, everyday words expanded to the words the content uses.

English keeps its own light suffix stripper (tuned with the question sets); Spanish uses the
Snowball stemmer (snowballstemmer, the stemmers of the Snowball project), after folding accents,
so "ciática", "ciatica" and "ciáticas" meet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import snowballstemmer

from content.search import lexicon_en, lexicon_es


def plain(text: str) -> str:
    """``text`` in lower case without accents or apostrophes ("Ciática" -> "ciatica")."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("'", "").replace("’", "")


def stem_en(word: str) -> str:
    """A light suffix stripper: "walking" -> "walk", "diagnosed" and "diagnose" -> "diagnos"."""
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("ly", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


def _snowball(language: str) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(language)
    memo: dict[str, str] = {}

    def stem(word: str) -> str:
        found = memo.get(word)
        if found is None:
            found = stemmer.stemWord(word)
            if len(memo) < 50_000:
                memo[word] = found
        return found

    return stem


@dataclass(frozen=True)
class Analyser:
    """One language's way of turning text into search terms."""

    language: str
    stopwords: frozenset[str]
    synonyms: Mapping[str, str]
    spellings: Mapping[str, str]
    generic: str
    stem: Callable[[str], str]
    #: everyday words that are no evidence of a health question by themselves ("what time is it")
    general: frozenset[str] = frozenset()
    #: stem -> the stems of its synonyms
    synonym_stems: dict[str, list[str]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for word, extra in self.synonyms.items():
            self.synonym_stems.setdefault(self.stem(plain(word)), []).extend(self.stem(w) for w in plain(extra).split())

    def tokens(self, text: str) -> list[str]:
        """Every word of ``text``, plain, with lay spellings fixed ("wat" -> "what")."""
        return [self.spellings.get(w, w) for w in re.findall(r"[a-z0-9&]+", plain(text))]

    def words(self, text: str) -> list[str]:
        """Content words of ``text``, lower case, without accents or stop words."""
        return [w for w in re.findall(r"[a-z0-9]+", plain(text)) if w not in self.stopwords]

    def terms(self, text: str, expand: bool = False) -> list[str]:
        """Stemmed words, with synonyms added when ``expand`` (for questions)."""
        out = []
        for word in map(self.stem, self.words(text)):
            out.append(word)
            if expand:
                out += self.synonym_stems.get(word, [])
        return out


ENGLISH = Analyser(
    "en",
    lexicon_en.STOPWORDS,
    lexicon_en.SYNONYMS,
    lexicon_en.LAY_SPELLINGS,
    lexicon_en.GENERIC,
    stem_en,
    lexicon_en.GENERAL,
)
SPANISH = Analyser(
    "es",
    lexicon_es.STOPWORDS,
    lexicon_es.SYNONYMS,
    lexicon_es.LAY_SPELLINGS,
    lexicon_es.GENERIC,
    _snowball("spanish"),
    lexicon_es.GENERAL,
)
ANALYSERS = {"en": ENGLISH, "es": SPANISH}


def analyser(language: str | None) -> Analyser:
    """The analyser for ``language``; English for a language without one."""
    return ANALYSERS.get(language or "en", ENGLISH)
