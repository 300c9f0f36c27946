"""One language's reading of a message into the tokens its rules are matched against.

Accents are stripped, letters lowered and apostrophes dropped ("can't", "cannot" -> "cant") by
safety/rules.py's ``plain`` and ``rewrite``; here known misspellings are fixed, plurals matched to
known words, longer medical words corrected by spelling distance ("incontinance" ->
"incontinence") with rapidfuzz, and fillers dropped.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from safety.document import BREAKS
from safety.rules import TOKEN, Rules, plain, rewrite

#: Longer texts are cut here (Telegram messages are at most 4,096 characters).
MAX_CHARS = 8_000
_CORRECTIONS_KEPT = 50_000


class Tokenizer:
    """Turns text into the normalised, spelling-corrected tokens of ``rules``' language."""

    def __init__(self, rules: Rules):
        self._r = rules
        self._corrections: dict[str, str] = {}

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for tok in TOKEN.findall(plain(text[:MAX_CHARS])):
            tok = "." if tok in BREAKS else tok
            fixed = self._r.misspellings.get(tok)
            out.extend(fixed if fixed is not None else [self._correct(tok)])
        kept: list[str] = []
        for tok in rewrite(out):
            if tok in self._r.fillers or (tok in self._r.softeners and kept and kept[-1] in self._r.negatives):
                continue
            kept.append(tok)
        return kept

    def _correct(self, tok: str) -> str:
        if tok in self._r.known or not tok.isalpha():
            return tok
        if tok.endswith("s") and len(tok) > 3 and tok[:-1] in self._r.known:
            return tok[:-1]  # a plural, or "sciatica's" without its apostrophe
        if len(tok) < 6:
            return tok
        fixed = self._corrections.get(tok)
        if fixed is None:
            limit = 1 if len(tok) <= 8 else 2
            best = process.extractOne(tok, self._r.fuzzy_targets, scorer=OSA.distance, score_cutoff=limit)
            fixed = best[0] if best else tok
            if len(self._corrections) > _CORRECTIONS_KEPT:
                self._corrections.clear()  # bounded memory; a miss only costs a fresh correction
            self._corrections[tok] = fixed
        return fixed
