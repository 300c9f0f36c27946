"""Which language a short message is written in, when it can be told: a stop-word score.

Used to answer a red flag in the language of the message (a Spanish speaker whose Telegram is in
English still writes Spanish). Short function words decide; a message with too few of them, or
with about as many of each language's, is not told (None), and the caller falls back to the
language the rules matched in, then to the person's.
"""

from __future__ import annotations

import re

from safety.rules import plain


def _split(words: str) -> list[str]:
    return words.split()


#: Frequent short words of each language that are rare in the other (accents already removed).
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        _split("""the and is are was were have has had my me i im you your it its this that with
        for not can cant dont of to in on at be been do does did what why how when since about
        just but or so after before from very really feel feels legs leg back pain""")
    ),
    "es": frozenset(
        _split("""el la los las un una unos unas y es son esta estan estoy tengo tiene mi mis me
        yo que q de del en con por para no se lo le ya pero como cuando desde hace muy mas
        porque siento duele dolor pierna piernas espalda puedo hoy ayer""")
    ),
}
_WORD = re.compile(r"[a-z]+")
MARGIN = 2  # the winner needs this many more stop words than the runner-up


def message_language(text: str) -> str | None:
    """ "es" or "en" when the message's function words say so clearly, else None."""
    # "&" is not a word of either language (plain() reads it as "and" for the rules: "A&E")
    words = _WORD.findall(plain(text[:2000].replace("&", " ")))
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOP_WORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 2 and top - second >= MARGIN:
        return best
    return None
