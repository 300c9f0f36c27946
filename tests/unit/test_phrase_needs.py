"""A phrase is looked for only in a message that holds a word it needs (safety/document.py
``Needs``): that test must never rule out a message the phrase matches."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from content.loader import read_yaml, validate
from safety.document import Document
from safety.redflags import DEFAULT_PATH, RedFlagDetector
from safety.rules import compile_rules
from safety.schema import RedFlagFile

ROOT = Path(__file__).resolve().parents[2]


def tiny_rules(patterns: list[str]):
    """The English rules file's cues and words, with one sign of ``patterns`` only."""
    spec = validate(read_yaml(DEFAULT_PATH), RedFlagFile)
    groups = {**spec.groups, "wee": ["wee", "pee", "(water works)"], "maybe": ["[awfully] odd"]}
    sign = spec.signs[1].model_copy(
        update={"patterns": patterns, "clear": [], "except_": [], "unless": [], "ask_unless": []}
    )
    return compile_rules(spec.model_copy(update={"groups": groups, "signs": [sign]}))


def doc(text: str) -> Document:
    return Document.build(text.split())


@pytest.mark.parametrize(
    ("phrase", "message", "matches"),
    [
        ("cant {wee}", "i cant pee at all", True),
        ("cant {wee}", "i cant water works", True),  # a group member of two words
        ("cant {wee}", "i can walk", False),
        ("[awfully] numb* ... bum", "numbness round my bum", True),  # a word beginning
        ("[awfully] numb* ... bum", "awfully sore bum", False),
        ("(no longer|not) feel ... legs", "i no longer feel my legs", True),
        ("(no longer|not) feel ... legs", "i feel my legs", False),
        ("# days no {wee}", "3 days no wee", True),  # a number needs no word
        ("{maybe} legs", "odd legs", True),  # an optional word inside a group
        ("{maybe} legs", "awfully legs", False),
    ],
)
def test_a_phrase_is_looked_for_only_where_its_words_are(phrase, message, matches):
    rules = tiny_rules([phrase])
    (pattern,) = rules.rules[0].patterns
    (part,) = pattern.parts
    d = doc(message)
    assert bool(d.find(part)) is matches
    assert bool(part.regex.search(d.string)) is matches  # the same as scanning the whole message
    assert part.may_match(d) or not matches
    assert rules.rules[0].may_match(d) or not matches


def test_needs_never_rule_out_a_message_a_phrase_matches():
    """Every phrase and rule of both languages, over a sample of labelled messages: wherever the
    regular expression matches, the words it needs are there."""
    detector = RedFlagDetector.load(with_model=False)
    cases = yaml.safe_load((ROOT / "tests/data/redflag_cases.yaml").read_text(encoding="utf-8"))["cases"]
    texts = [c["text"] for c in cases][:120] + [
        c["text"] for c in yaml.safe_load((ROOT / "safety/vignettes/es-a.yaml").read_text(encoding="utf-8"))["cases"]
    ][:80]
    checked = skipped = 0
    for reader in (detector, *detector.others.values()):
        rules = reader._r
        phrases = [
            *rules.cues.values(),
            *itertools.chain.from_iterable(
                (*(part for p in (*r.patterns, *r.clear) for part in p.parts), *r.excepts, *r.unless, *r.ask_unless)
                for r in rules.rules
            ),
        ]
        for text in texts:
            d = Document.build(reader.tokens(text))
            for phrase in phrases:
                if phrase.regex.search(d.string):
                    checked += 1
                    assert phrase.may_match(d), (phrase.regex.pattern[:200], text)
                elif not phrase.may_match(d):
                    skipped += 1
            for rule in rules.rules:
                if any(p.parts[0].regex.search(d.string) for p in (*rule.patterns, *rule.clear)):
                    assert rule.may_match(d), (rule.id, text)
    assert checked > 500 and skipped > checked  # the sample matches often, and most phrases are ruled out
