"""A message as the red-flag rules read it: tokens, their string form, sentences, and matches."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

#: Matches looked at per phrase and message; bounds the work on pathological input.
MAX_MATCHES = 40
SENTENCE_END = {".", "?"}
BREAKS = {"!", ";", "\n"}
#: Words that join items of a list (in the rules' languages): a negative sign after one of them
#: is an item of its own, not under the negative before it.
LIST_WORDS = frozenset({"and", "or", ",", "y", "o", "e", "u"})
#: "it won't go away" does not say it went.
WONT = frozenset({"wont", "cant", "couldnt", "wouldnt", "aint"})
Span = tuple[int, int]


@dataclass(frozen=True)
class Needs:
    """What a message must hold for a phrase (or any of a rule's phrases) to match it: one of
    ``words`` as a whole token, or a token that begins with one of ``starts`` (each given with its
    leading space: " numb" for ``numb*``). Most phrases name words a message does not hold, so
    most are ruled out by a set lookup instead of a scan of the message."""

    words: frozenset[str]
    starts: tuple[str, ...] = ()

    def met(self, doc: Document) -> bool:
        return not self.words.isdisjoint(doc.words) or any(start in doc.string for start in self.starts)


@dataclass(frozen=True, eq=False)
class Phrase:
    """A compiled phrase: its regular expression, and what every match needs: each of ``needs``
    met (those of its words that are not optional; the likeliest to fail first)."""

    regex: re.Pattern[str]
    needs: tuple[Needs, ...] = ()

    def may_match(self, doc: Document) -> bool:
        return all(need.met(doc) for need in self.needs)


@dataclass
class Document:
    """A normalised message: tokens, their string form and sentences; caches matches."""

    tokens: list[str]
    string: str
    start_at: dict[int, int]
    end_at: dict[int, int]
    sentence: list[int]  # sentence number of each token
    sentences: list[Span]
    words: frozenset[str]
    found: dict[str, list[Span]] = field(default_factory=dict)
    gaps: dict[Span, list[Span]] = field(default_factory=dict)

    @classmethod
    def build(cls, tokens: list[str]) -> Document:
        parts, start_at, end_at, pos = [" "], {}, {}, 1
        sentence, sentences, current, first = [], [], 0, 0
        for i, tok in enumerate(tokens):
            start_at[pos] = i
            parts.append(tok + " ")
            pos += len(tok) + 1
            end_at[pos] = i + 1
            sentence.append(current)
            if tok in SENTENCE_END:
                sentences.append((first, i + 1))
                current, first = current + 1, i + 1
        sentences.append((first, len(tokens)))
        return cls(tokens, "".join(parts), start_at, end_at, sentence, sentences, frozenset(tokens))

    def find(self, phrase: Phrase) -> list[Span]:
        """Token spans where ``phrase`` matches; the words its "..." gaps took go in ``gaps``."""
        regex = phrase.regex
        spans = self.found.get(regex.pattern)
        if spans is None:
            spans = []
            matches = regex.finditer(self.string) if phrase.may_match(self) else ()
            for m in itertools.islice(matches, MAX_MATCHES):
                span = (self.start_at[m.start()], self.end_at[m.end()])
                spans.append(span)
                gaps = [
                    (self.start_at[a], self.end_at[b]) for a, b in map(m.span, range(1, len(m.groups()) + 1)) if b > a
                ]
                if gaps:
                    self.gaps.setdefault(span, []).extend(gaps)
            self.found[regex.pattern] = spans
        return spans

    def in_sentences(self, spans: list[Span], first: int, last: int) -> bool:
        return any(first <= self.sentence[s] <= last for s, _ in spans)


def overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def strictly_inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer
