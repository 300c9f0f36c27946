"""Reading-ease scores for the content tests: Flesch (1948) for English and Fernández Huerta
(1959) for Spanish, both from words per sentence and syllables per word. Syllables are counted
by rule (vowel groups), which is what these formulas were made to use."""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?¿¡:;]+(?:\s|$)")
ES_STRONG = set("aeoáéó")
ES_VOWELS = set("aeiouáéíóúü")
ES_STRESSED_WEAK = set("íú")


def spanish_syllables(word: str) -> int:
    """Spanish syllables: each vowel starts one, except a weak vowel (i, u) gliding with its
    neighbour (a diphthong); two strong vowels, or an accented í/ú, are a hiatus (two)."""
    count, previous = 0, ""
    for ch in word.lower():
        if ch not in ES_VOWELS:
            previous = ""
            continue
        hiatus = (previous in ES_STRONG and ch in ES_STRONG) or ES_STRESSED_WEAK & {previous, ch}
        if not previous or hiatus:
            count += 1
        previous = ch
    return max(count, 1)


def english_syllables(word: str) -> int:
    """English syllables by vowel groups, less a silent final e (but not -le)."""
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def _counts(texts: Iterable[str], syllables) -> tuple[int, int, int]:
    sentences = words = syll = 0
    for text in texts:
        found = WORD.findall(text)
        if not found:
            continue
        sentences += max(1, len(SENTENCE_END.findall(text.strip() + " ")))
        words += len(found)
        syll += sum(map(syllables, found))
    return sentences, words, syll


def fernandez_huerta(texts: Iterable[str]) -> float:
    """206.84 - 60 × syllables per word - 1.02 × words per sentence; 60-70 is "normal", higher
    is easier (the scale of Fernández Huerta's "lecturabilidad")."""
    sentences, words, syll = _counts(texts, spanish_syllables)
    return 206.84 - 60 * syll / words - 1.02 * words / sentences


def flesch(texts: Iterable[str]) -> float:
    """Flesch reading ease: 206.835 - 84.6 × syllables per word - 1.015 × words per sentence;
    60-70 is "standard" (plain English), higher is easier."""
    sentences, words, syll = _counts(texts, english_syllables)
    return 206.835 - 84.6 * syll / words - 1.015 * words / sentences
