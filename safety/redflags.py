"""Spot red-flag symptoms in a message: words that mean "get help now", not "read on".

The signs, their wording and every phrase live in ``content/redflags.yaml`` so clinicians can
edit them (safety/rules.py reads and compiles it); this module applies the rules. It errs toward
alerting: a missed cauda equina sign costs far more than an unneeded alert.

How a message is read:
  1. Normalise: accents stripped, lower case, apostrophes dropped ("can't", "cannot" -> "cant"),
     known misspellings fixed, plurals matched to known words, and longer medical words
     corrected by spelling distance ("incontinance" -> "incontinence") with rapidfuzz.
  2. Match the compiled phrases against the token string.
  3. Drop a match that is negated ("no bladder problems"), a general question ("what is cauda
     equina?"), only a mention ("my physio said to watch for..."), excluded by its rule, or
     long-standing and unchanged where the sign allows that ("numb toes for years, unchanged").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from safety.document import BREAKS, SENTENCE_END, Document, Span, overlap, strictly_inside
from safety.language import message_language
from safety.model import VIGNETTES, MessageModel, default_model, set_language
from safety.rules import TOKEN, ContentError, Pattern, Rule, Rules, load_rules, plain, rewrite
from safety.verdict import RANK, Assessment, Sign, Triage

CONTENT = Path(__file__).resolve().parent.parent / "content"
DEFAULT_PATH = CONTENT / "redflags.yaml"
#: The language of ``content/redflags.yaml``; every other language's rules are in
#: ``content/<language>/redflags.yaml``, with the same sign ids and levels.
DEFAULT_LANGUAGE = "en"
#: Longer texts are cut here (Telegram messages are at most 4,096 characters).
MAX_CHARS = 8_000
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters, in any alphabet
_CACHE_TEXT = 300  # short texts already checked are remembered: commands and short messages repeat
_CACHE_SIZE = 4096
NEGATION_REACH = 6  # words a negation reaches forward ("I don't have any numbness in ...")
MENTION_REACH = 12


class RedFlagDetector:
    """Finds red-flag signs in free text. Build it with :meth:`load`; :meth:`check` is pure."""

    def __init__(
        self,
        rules: Rules,
        model: MessageModel | None = None,
        language: str = DEFAULT_LANGUAGE,
        others: dict[str, RedFlagDetector] | None = None,
    ):
        self._r = rules
        #: The language of these rules' phrases and labels.
        self.language = language
        #: Every other language's rules (same sign ids): a message is checked against them all.
        self.others: dict[str, RedFlagDetector] = dict(others or {})
        #: The second reader (safety/model.py), used where the rules found no emergency sign.
        self.model = model if rules.model is not None else None
        #: The message model for messages told to be in another language (learnt from that
        #: language's development sets too); the English one reads every other message.
        self.models: dict[str, MessageModel] = {}
        self._words = rules.cue_words
        self._corrections: dict[str, str] = {}
        self._seen: dict[str, tuple[tuple[Sign, tuple[bool, bool]], ...]] = {}  # short texts already checked
        #: Each model's reading of short texts already checked, by (the model's language, text).
        self._read: dict[tuple[str, str], dict[str, float]] = {}
        #: Every sign the rules know, in file order.
        self.signs = tuple(Sign(rule.id, rule.label, rule.level) for rule in rules.rules)
        self._texts = {rule.id: rule.text for rule in rules.rules}
        #: Signs /urgent and the topics list (a safety-net rule is not one of them).
        self.listed = tuple(sign for sign, rule in zip(self.signs, rules.rules, strict=True) if rule.listed)
        self._net = {rule.id for rule in rules.rules if not rule.listed}
        #: The cauda equina check-in's questions: (sign, question), in order.
        self.check_items = tuple(
            (next(s for s in self.signs if s.id == sign_id), question) for sign_id, question in rules.check
        )
        #: Each rule's sources (ids in content/sources.yaml), by sign id.
        self.sources = {rule.id: rule.sources for rule in rules.rules}

    def text_of(self, sign_id: str) -> str:
        """The sign in plain words, as /urgent lists it."""
        return self._texts[sign_id]

    def in_language(self, language: str | None) -> RedFlagDetector:
        """The rules of ``language`` (for its labels and texts); these rules for an unknown one."""
        if language is None or language == self.language:
            return self
        return self.others.get(language, self)

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.language, *self.others)

    def label_of(self, sign_id: str) -> str:
        """The sign's short label in these rules' language."""
        return self._sign(sign_id).label

    @classmethod
    def load(cls, path: Path | str | None = None, with_model: bool = True) -> RedFlagDetector:
        """Read and compile the rules (default ``content/redflags.yaml``), with the message model
        when the rules name one (``model:``) and ``with_model`` is true.

        Raises:
            ContentError: naming the file, the line and the field of the first problem.
        """
        rules = load_rules(Path(path) if path is not None else DEFAULT_PATH)
        others = {}
        if path is None:  # the bot's own rules: every language's, checked together
            for rules_path in sorted(CONTENT.glob("*/redflags.yaml")):
                language = rules_path.parent.name
                others[language] = cls(load_rules(rules_path), None, language=language)
        detector = cls(rules, default_model() if with_model and rules.model is not None else None, others=others)
        if detector.model is not None:
            detector.models = {
                language: default_model(language)
                for language in others
                if any(set_language(p) == language for p in VIGNETTES.glob("*.yaml"))
            }
        for language, other in others.items():
            mine = [(s.id, s.level) for s in detector.signs]
            theirs = [(s.id, s.level) for s in other.signs]
            if mine != theirs:
                raise ContentError(
                    CONTENT / language / "redflags.yaml",
                    None,
                    "signs",
                    "the signs must be those of content/redflags.yaml, in the same order and at the same levels",
                )
        return detector

    def check(self, text: str) -> Assessment:
        """Every red-flag sign in ``text``, clear or not (only its first MAX_CHARS characters are read)."""
        found = self._found(text)
        return Assessment(sorted((sign for sign, _ in found), key=lambda s: -RANK[s.level]))

    def triage(self, text: str, usual: frozenset[str] | set[str] = frozenset()) -> Triage:
        """What to do with ``text``: the signs to answer at once, and those to ask about.

        ``usual`` names signs this person recorded as usual for them: those are asked about
        ("worse than usual?") unless the message says they are new or worse.
        """
        alert: list[Sign] = []
        unclear: list[Sign] = []
        found = self._found(text)
        told = message_language(text)
        language = self._language(text, found, told)
        if any(sign.id not in self._net for sign, _ in found):  # the net only catches what nothing else did
            found = tuple((sign, hit) for sign, hit in found if sign.id not in self._net)
        else:
            found = tuple((sign, (False, False)) for sign, _ in found)  # the net only ever asks
        for sign, (clear, changing) in found:
            if sign.id in usual:
                clear = changing
            (alert if clear else unclear).append(sign)
        if len([s for s in unclear if s.level == "emergency"]) >= 2 and not usual:
            alert, unclear = alert + unclear, []  # two cauda equina signs together: no question
        self._second_reading(text, told, usual, alert, unclear)
        by_rank = lambda s: -RANK[s.level]  # noqa: E731
        return Triage(tuple(sorted(alert, key=by_rank)), tuple(sorted(unclear, key=by_rank)), language)

    def _language(self, text: str, found, told: str | None) -> str | None:
        """The message's language by its function words (``told``), else the one language whose
        rules found something, else None."""
        if told in self.languages:
            return told
        if not found or not self.others:
            return None
        matched = [lang for lang in self.languages if self.in_language(lang)._found_here(text)]
        return matched[0] if len(matched) == 1 else None

    def _second_reading(
        self, text: str, told: str | None, usual: frozenset[str] | set[str], alert: list[Sign], unclear: list[Sign]
    ) -> None:
        """Where the rules found no emergency sign, the message model may add one: the alarm when
        it is confident (a question instead for someone who recorded usual signs), else the
        question; where they found nothing urgent either, it may add the urgent reply."""
        use = self._r.model
        found = (*alert, *unclear)
        if self.model is None or use is None or any(s.level == "emergency" for s in found):
            return
        if len(_WORD.findall(text[:MAX_CHARS])) < use.min_words:
            return
        chances = self._chances(told if told in self.models else "", text[:MAX_CHARS])
        emergency = chances.get("emergency", 0.0)
        if emergency >= use.alarm and not usual:
            alert.append(self._sign(use.sign))
        elif emergency >= use.ask:
            unclear.append(self._sign(use.ask_sign))
        elif (
            use.urgent_sign is not None
            and use.urgent is not None
            and chances.get("urgent", 0.0) >= use.urgent
            and not any(s.level == "urgent" for s in found)
        ):
            alert.append(self._sign(use.urgent_sign))

    def _chances(self, language: str, text: str) -> dict[str, float]:
        """The reading of ``text`` by ``language``'s model (the default one for ""), remembered
        for short texts as the rules' matches are."""
        model = self.models[language] if language else self.model
        assert model is not None
        if len(text) > _CACHE_TEXT:
            return model.chances(text)
        if (known := self._read.get((language, text))) is None:
            if len(self._read) >= _CACHE_SIZE:
                self._read.clear()
            known = self._read[language, text] = model.chances(text)
        return known

    def _sign(self, sign_id: str) -> Sign:
        return next(sign for sign in self.signs if sign.id == sign_id)

    def _found(self, text: str) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """Each sign found by the rules of any language, with (answered at once?, said to be new
        or worse?): a sign one language answers at once is answered at once."""
        found = self._found_here(text)
        if not self.others:
            return found
        merged: dict[str, tuple[bool, bool]] = {sign.id: hit for sign, hit in found}
        for other in self.others.values():
            for sign, (clear, changing) in other._found_here(text):
                was = merged.get(sign.id, (False, False))
                merged[sign.id] = (was[0] or clear, was[1] or changing)
        return tuple((sign, merged[sign.id]) for sign in self.signs if sign.id in merged)

    def _found_here(self, text: str) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """Each sign these rules (one language's) find, with (answered at once?, said to be new or worse?)."""
        cacheable = len(text) <= _CACHE_TEXT
        if cacheable and (known := self._seen.get(text)) is not None:
            return known  # the same short text again, e.g. a command's topic
        doc = Document.build(self.tokens(text))
        found = []
        for sign, rule in zip(self.signs, self._r.rules, strict=True):
            hits = list(self._hits(doc, rule))
            if hits:
                found.append((sign, (any(c for c, _ in hits), any(ch for _, ch in hits))))
        result = tuple(found)
        if cacheable:
            if len(self._seen) >= _CACHE_SIZE:
                self._seen.clear()  # bounded memory; a miss only costs a fresh check
            self._seen[text] = result
        return result

    def tokens(self, text: str) -> list[str]:
        """The normalised, spelling-corrected tokens the rules are matched against."""
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
            if len(self._corrections) > 50_000:
                self._corrections.clear()
            self._corrections[tok] = fixed
        return fixed

    # -- deciding whether a match counts --------------------------------------------------------

    def _hits(self, doc: Document, rule: Rule) -> Iterator[tuple[bool, bool]]:
        """For each of ``rule``'s matches that survives negation, mentions, exceptions and
        chronicity: (answered at once?, said to be new or worse?)."""
        excepts = [span for rx in rule.excepts for span in doc.find(rx)]
        patterns = [(p, True) for p in rule.clear] + [(p, not rule.ask) for p in rule.patterns]
        for pattern, clear in patterns:
            for parts in self._matches(doc, pattern):
                start, end = parts[0][0], max(e for _, e in parts)
                sentence = doc.sentence[start]
                if any(s < end and start < e for s, e in excepts):
                    continue
                if self._general_question(doc, sentence) or self._mentioned(doc, start) or self._negated(doc, parts):
                    continue
                changing = self._changing(doc, sentence - 1, sentence + 1)
                if pattern.needs_change and not changing and not rule.ask:
                    continue
                if any(self._affirmed(doc, s, sentence) for rx in rule.unless for s in doc.find(rx)) and not (
                    rule.change_overrides_unless and changing
                ):
                    continue
                if self._quiet(doc, rule.chronic, sentence):
                    continue
                changed = changing or self._changing(doc, 0, len(doc.sentences))
                if any(self._affirmed(doc, s, sentence) for rx in rule.ask_unless for s in doc.find(rx)):
                    if self._is_question(doc, sentence) and not changed:
                        continue  # "why does walking make my legs numb?" asks for an explanation
                    clear = False  # "both legs go numb when I walk": ask, unless it says new or worse
                yield clear or changed, changed

    @staticmethod
    def _matches(doc: Document, pattern: Pattern) -> Iterator[list[Span]]:
        """Each way the pattern's parts occur in one sentence, close enough together."""
        spans = [doc.find(rx) for rx in pattern.parts]
        if not all(spans):
            return
        for combo in itertools.product(*spans):
            ordered = sorted(combo)
            if len({doc.sentence[s] for s, _ in ordered}) > 1:
                continue
            if any(a_end > b_start for (_, a_end), (b_start, _) in itertools.pairwise(ordered)):
                continue
            width = max(e for _, e in ordered) - ordered[0][0]
            if width - sum(e - s for s, e in ordered) <= pattern.within:
                yield ordered

    def _is_question(self, doc: Document, sentence: int) -> bool:
        """The sentence opens like a question ("why does walking make my legs numb")."""
        first, last = doc.sentences[sentence]
        words = [t for t in doc.tokens[first:last] if t != ","]
        return bool(words) and words[0] in self._words["question_start"]

    def _general_question(self, doc: Document, sentence: int) -> bool:
        """A question about the signs in general: starts like a question and names no one."""
        first, last = doc.sentences[sentence]
        words = [t for t in doc.tokens[first:last] if t not in (",", ".", "?")]
        if not words or words[0] not in self._words["question_start"]:
            return False
        if words[0] in ("have", "has", "had") and words[1:2] == ["to"]:
            return False  # "have to strain to...": not a question
        if any(first <= s < last for s, _ in doc.find(self._r.cues["person"])):
            return False
        # "is numbness between your legs normal with a disc? mine started yesterday": a general
        # question followed by the person's own change is about them.
        later = [i for i in range(sentence + 1, len(doc.sentences))]
        own = doc.find(self._r.cues["own"])
        return not any(
            doc.in_sentences(own, i, i)
            or (doc.in_sentences(doc.find(self._r.cues["person"]), i, i) and self._changing(doc, i, i))
            for i in later
        )

    def _clause_start(self, doc: Document, start: int, reach: int, commas: bool, subjects: bool) -> int:
        """Where the clause holding token ``start`` begins, looking back at most ``reach`` words."""
        i, words = start - 1, 0
        while i >= 0 and words < reach:
            tok = doc.tokens[i]
            if tok in SENTENCE_END or tok in self._words["clause_break"]:
                break
            if tok == "," and not (commas or self._list_comma(doc, i, start)):
                break
            if subjects and tok in self._words["subject"]:
                break  # a new subject: "no numbness and I wet myself"
            words += tok != ","
            i -= 1
        return i + 1

    def _list_comma(self, doc: Document, comma: int, start: int) -> bool:
        """A comma inside a negated list ("no numbness, tingling or weakness") keeps the negation."""
        last = doc.sentences[doc.sentence[comma]][1]
        between = set(doc.tokens[comma + 1 : start])
        return bool({"or", "nor"} & set(doc.tokens[comma + 1 : last])) and not (
            (self._words["subject"] | {"my", "me", "it", "its"}) & between
        )

    def _mentioned(self, doc: Document, start: int) -> bool:
        begin = self._clause_start(doc, start, MENTION_REACH, commas=True, subjects=False)
        return any(begin <= s and e <= start for s, e in doc.find(self._r.cues["mention"]))

    def _negated(self, doc: Document, parts: list[Span]) -> bool:
        hedges = doc.find(self._r.cues["hedge"])
        cues = [(s, e) for s, e in doc.find(self._r.cues["negation"]) if not any(a < e and s < b for a, b in hedges)]
        start, end = parts[0][0], max(e for _, e in parts)
        begin = self._clause_start(doc, start, NEGATION_REACH, commas=False, subjects=True)
        if any(begin <= s and e <= start for s, e in cues):
            return True
        # Between the parts, or in a phrase's "..." gap: "groin is not numb", "I have never had cancer".
        gaps = [(a_end, b_start) for (_, a_end), (b_start, _) in itertools.pairwise(parts)]
        gaps += [gap for part in parts for gap in doc.gaps.get(part, ())]
        for gap_start, gap_end in gaps:
            for s, e in cues:
                if (
                    gap_start <= s
                    and e <= gap_end
                    and not any(t in SENTENCE_END or t in self._words["clause_break"] for t in doc.tokens[e:gap_end])
                ):
                    return True
        first, last = doc.sentences[doc.sentence[start]]
        if doc.tokens[last - 1 : last] == ["?"]:
            return False  # "is numbness there normal?" asks; it does not say all is well
        for s, _ in doc.find(self._r.cues["negation_after"]):  # "bladder control is fine"
            if (
                end <= s <= end + 1
                and "," not in doc.tokens[end:s]
                and doc.tokens[s - 1] not in self._words["negators"]
            ):
                return True
        return False

    def _affirmed(self, doc: Document, span: Span, sentence: int) -> bool:
        """An ``unless`` cue in the sentence that is not itself negated ("not dieting")."""
        s, _ = span
        return doc.sentence[s] == sentence and not any(
            t in self._words["negators"] for t in doc.tokens[max(0, s - 3) : s]
        )

    def _changing(self, doc: Document, first: int, last: int) -> bool:
        """Whether sentences first..last say something is new or worse ("not worse" does not count)."""
        stable = doc.find(self._r.cues["stable"])
        # A stable cue cancels a change cue it overlaps ("not worse"), unless the change cue holds
        # it whole ("not my usual" holds "my usual" and is a change).
        change = [
            c
            for c in doc.find(self._r.cues["change"])
            if not any(overlap(c, st) and not strictly_inside(st, c) for st in stable)
        ]
        return doc.in_sentences(change, first, last)

    def _quiet(self, doc: Document, chronic: str, sentence: int) -> bool:
        """True when a long-standing, unchanged symptom should not alert."""
        if chronic == "never":
            return False
        change = doc.find(self._r.cues["change"])
        stable = [
            st for st in doc.find(self._r.cues["stable"]) if not any(strictly_inside(st, c) for c in change)
        ]  # "my usual" in "not my usual"
        quiet = doc.in_sentences(stable, sentence, sentence + 1)
        if chronic == "lenient":
            quiet = quiet or doc.in_sentences(doc.find(self._r.cues["duration"]), sentence, sentence + 1)
            return quiet and not self._changing(doc, sentence - 1, sentence + 1)
        # strict (cauda equina): only "unchanged" / "normal for me", and nothing anywhere new or worse
        return quiet and not self._changing(doc, 0, len(doc.sentences))
