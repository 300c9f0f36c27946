"""Spot red-flag symptoms in a message: words that mean "get help now", not "read on".

The signs, their wording and every phrase live in ``content/redflags.yaml`` so clinicians can
edit them (safety/rules.py reads and compiles it); this module applies the rules. It errs toward
alerting: a missed cauda equina sign costs far more than an unneeded alert.

How a message is read:
  1. Normalise (safety/tokens.py): accents stripped, lower case, apostrophes dropped, known
     misspellings fixed, plurals matched to known words, longer medical words corrected by
     spelling distance ("incontinance" -> "incontinence").
  2. Match the compiled phrases against the token string.
  3. Drop a match that is negated ("no bladder problems"), a general question ("what is cauda
     equina?"), only a mention ("my physio said to watch for..."), excluded by its rule, or
     long-standing and unchanged where the sign allows that ("numb toes for years, unchanged"):
     safety/scope.py.
  4. Where the rules did not settle the message, the message model (safety/model.py) reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from safety.document import Document, overlap
from safety.language import message_language
from safety.model import VIGNETTES, MessageModel, default_model, set_language
from safety.rules import NEVER, ContentError, Rules, load_rules
from safety.scope import Scope
from safety.tokens import MAX_CHARS, Tokenizer
from safety.verdict import RANK, Assessment, Sign, Triage

CONTENT = Path(__file__).resolve().parent.parent / "content"
DEFAULT_PATH = CONTENT / "redflags.yaml"
#: The language of ``content/redflags.yaml``; every other language's rules are in
#: ``content/<language>/redflags.yaml``, with the same sign ids and levels.
DEFAULT_LANGUAGE = "en"
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters, in any alphabet
_QUOTED = re.compile(r"^[ \t]*>.*$", re.MULTILINE)  # a line quoted from someone else ("> Tom: ...")
_CACHE_TEXT = 300  # short texts already checked are remembered: commands and short messages repeat
_CACHE_SIZE = 4096


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
        self._scope = Scope(rules)
        #: The normalised, spelling-corrected tokens the rules are matched against (safety/tokens.py).
        self.tokens = Tokenizer(rules)
        self._seen: dict[str, tuple[tuple[Sign, tuple[bool, bool]], ...]] = {}  # short texts already checked
        #: Each model's reading of short texts already checked, by (the model's language, text).
        self._read: dict[tuple[str, str], dict[str, float]] = {}
        #: Every sign the rules know, in file order.
        self.signs = tuple(Sign(rule.id, rule.label, rule.level) for rule in rules.rules)
        self._texts = {rule.id: rule.text for rule in rules.rules}
        #: Each sign's own line of advice in the 🚨 reply (``advice:``), by sign id, where it has one.
        self.advice = {rule.id: rule.advice for rule in rules.rules if rule.advice}
        #: Signs /urgent and the topics list (a safety-net rule is not one of them).
        self.listed = tuple(sign for sign, rule in zip(self.signs, rules.rules, strict=True) if rule.listed)
        self._net = {rule.id for rule in rules.rules if not rule.listed}
        #: The cauda equina check-in's questions: (sign, question), in order.
        self.check_items = tuple(
            (next(s for s in self.signs if s.id == sign_id), question) for sign_id, question in rules.check
        )
        #: Signs a person may record as usual for them (/usual), by id, with their short names.
        self._usual = {rule.id: rule.usual for rule in rules.rules if rule.usual}
        self.may_be_usual = tuple(self._usual)
        #: Each rule's sources (ids in content/sources.yaml), by sign id.
        self.sources = {rule.id: rule.sources for rule in rules.rules}
        #: A milder sign's more serious one (``milder_of``), by the milder sign's id.
        self._milder = {rule.id: rule.milder_of for rule in rules.rules if rule.milder_of}
        levels = {rule.id: rule.level for rule in rules.rules}
        self._milder_rank = {sign: RANK[levels[serious]] for sign, serious in self._milder.items()}
        #: Signs found when others are found together (``together:``): their groups, by sign id.
        self._together = {rule.id: rule.together for rule in rules.rules if rule.together}
        #: A sign found together is not joined where the message holds one of these (its own
        #: ``except`` and ``unless`` phrases), by sign id.
        self._held = {rule.id: (*rule.excepts, *rule.unless) for rule in rules.rules if rule.together}
        #: Signs that make back pain urgent but are not signs by themselves (``risk_factor``).
        self._risk_factors = frozenset(rule.id for rule in rules.rules if rule.risk_factor)
        #: Risk factors that back pain the same for years does not make urgent (``aside_when_long_known``).
        self._long_known_aside = frozenset(rule.id for rule in rules.rules if rule.aside_when_long_known)

    def text_of(self, sign_id: str) -> str:
        """The sign in plain words, as /urgent lists it."""
        return self._texts[sign_id]

    def usual_name(self, sign_id: str) -> str:
        """The sign's short name on the /usual screen in these rules' language (else its label)."""
        return self._usual.get(sign_id) or self.label_of(sign_id)

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
            mine = [detector._shape(s) for s in detector.signs]
            theirs = [other._shape(s) for s in other.signs]
            if mine != theirs:
                raise ContentError(
                    CONTENT / language / "redflags.yaml",
                    None,
                    "signs",
                    "the signs must be those of content/redflags.yaml, in the same order, at the same levels and "
                    "with usual:, milder_of: and together: on the same ones",
                )
        return detector

    def _shape(self, sign: Sign) -> tuple:
        """What every language's rules must agree on for a sign: its id, level, whether it may be
        usual, its serious sign and the signs it is found together with."""
        return (
            sign.id,
            sign.level,
            sign.id in self.may_be_usual,
            self._milder.get(sign.id),
            self._together.get(sign.id),
        )

    def check(self, text: str) -> Assessment:
        """Every red-flag sign in ``text``, clear or not (only its first MAX_CHARS characters are read)."""
        found = self._without_milder(self._found(self.own_words(text)))
        return Assessment(sorted((sign for sign, _ in found), key=lambda s: -RANK[s.level]))

    def triage(self, text: str, usual: frozenset[str] | set[str] = frozenset()) -> Triage:
        """What to do with ``text``: the signs to answer at once, and those to ask about.

        ``usual`` names signs this person recorded as usual for them: those are asked about
        ("worse than usual?") unless the message says they are new or worse.
        """
        alert: list[Sign] = []
        unclear: list[Sign] = []
        text = self.own_words(text)
        read = self._found_all(text)
        found = self._without_bare_risk(text, read)
        told = message_language(text)
        language = self._language(text, found, told)
        if any(sign.id not in self._net for sign, _ in found):  # the net only catches what nothing else did
            found = tuple((sign, hit) for sign, hit in found if sign.id not in self._net)
        else:
            found = tuple((sign, (False, False)) for sign, _ in found)  # the net only ever asks
        for sign, (clear, changing) in found:
            if sign.id in usual or any(usual & group for group in self._together.get(sign.id, ())):
                clear = changing
            (alert if clear else unclear).append(sign)
        # a sign ticked as usual softens only itself: it never quiets another sign the rules read
        named = frozenset(usual) & {sign.id for sign, _ in found}
        if len([s for s in unclear if s.level == "emergency"]) >= 2 and not named:
            alert, unclear = alert + unclear, []  # two cauda equina signs together: no question
        self._second_reading(text, told, usual, named, alert, unclear, risk_aside=len(found) < len(read))
        # a milder sign beside a reply at its serious sign's level would contradict it ("came round
        # quickly" under the 🚨, however the emergency was read: the rules or the message model)
        top = max((RANK[s.level] for s in alert), default=0)
        alert = [s for s in alert if self._milder_rank.get(s.id, top + 1) > top]
        by_rank = lambda s: -RANK[s.level]  # noqa: E731
        return Triage(tuple(sorted(alert, key=by_rank)), tuple(sorted(unclear, key=by_rank)), language)

    def own_words(self, text: str) -> str:
        """``text`` without the lines it quotes from someone else ("> Tom: can't feel my legs"),
        as group chats and forwarded replies quote: the signs there are the quoted person's.
        Kept whole when nothing but quotes is left, or when the writer's own words take the
        quoted sign as theirs too ("me too", "same here", "yo también")."""
        if ">" not in text[:MAX_CHARS]:
            return text
        own = _QUOTED.sub("", text[:MAX_CHARS])
        if own == text[:MAX_CHARS] or not _WORD.search(own):
            return text
        for rules in (self, *self.others.values()):
            if Document.build(rules.tokens(own)).find(rules._r.cues["own"]):
                return text
        return own

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
        self,
        text: str,
        told: str | None,
        usual: frozenset[str] | set[str],
        named: frozenset[str],
        alert: list[Sign],
        unclear: list[Sign],
        risk_aside: bool = False,
    ) -> None:
        """The message model reads what the rules did not settle (see ``model:`` in the rules file).

        Where the rules' only emergency sign is the safety net's question, a confident model turns
        it into the alarm (two readers agree). Where they found no emergency sign, a confident model adds
        the alarm, unless the rules read an emergency sign and set it aside (negated, past, someone
        else's, a general question) or the message says it is long-standing: then it only asks.
        Where they found nothing urgent either, it may add the urgent reply. Someone who recorded
        usual signs is asked, never alarmed, by the model alone (it cannot tell which sign a message
        is about); where the rules read a sign, only a usual sign among those (``named``) softens it.
        A risk factor the rules set aside (``risk_aside``: no complaint named) gets no urgent reply
        from the model either.
        """
        use = self._r.model
        if self.model is None or use is None or any(s.level == "emergency" for s in alert):
            return
        if len(_WORD.findall(text[:MAX_CHARS])) < use.min_words or not self._about_health(text):
            return
        chances = self._chances(self._reader(told), text[:MAX_CHARS])
        emergency = chances.get("emergency", 0.0)
        if any(s.level == "emergency" for s in unclear):
            if emergency >= use.alarm and not named:
                self._confirm_net(text, alert, unclear)
            return
        if emergency >= use.alarm and not usual and not self._settled(text):
            alert.append(self._sign(use.sign))
        elif emergency >= use.ask:
            unclear.append(self._sign(use.ask_sign))
        elif (
            use.urgent_sign is not None
            and use.urgent is not None
            and chances.get("urgent", 0.0) >= use.urgent
            and not any(s.level == "urgent" for s in (*alert, *unclear))
            and not risk_aside  # "on steroids for years, no pain anywhere": not urgent
        ):
            alert.append(self._sign(use.urgent_sign))

    def _confirm_net(self, text: str, alert: list[Sign], unclear: list[Sign]) -> None:
        """The safety net asks (a cauda equina region and a word of change); a confident model
        agreeing turns its question into the alarm. A sign a rule recognised is still asked, and so
        is a message that says its symptoms are long-standing."""
        asked = [s for s in unclear if s.level == "emergency"]
        if all(s.id in self._net for s in asked) and not self._settled(text, aside=False):
            alert.extend(asked)
            unclear[:] = [s for s in unclear if s not in asked]

    def _about_health(self, text: str) -> bool:
        """Whether ``text`` has a word about the body, symptoms, medicines, injuries, care or a
        crisis in any language's rules (cues.health; a language without that list reads every text)."""
        for rules in (self, *self.others.values()):
            health = rules._r.cues["health"]
            if health is NEVER or Document.build(rules.tokens(text)).find(health):
                return True
        return False

    def _settled(self, text: str, aside: bool = True) -> bool:
        """Whether any language's rules read an emergency sign in ``text`` and set it aside
        (``aside``: negated, past, someone else's, a general question), or the message says its
        symptoms are long-standing and nothing says new or worse: then the model does not alarm."""
        for rules in (self, *self.others.values()):
            doc = Document.build(rules.tokens(text))
            if (aside and rules._scope.set_aside(doc)) or rules._scope.time.long_standing(doc):
                return True
        return False

    def _reader(self, told: str | None) -> str:
        """Which message model reads a message told to be in ``told``: that language's own, or
        the default one ("")."""
        return told if told in self.models else ""

    def _model(self, language: str) -> MessageModel:
        model = self.models[language] if language else self.model
        assert model is not None
        return model

    def _chances(self, language: str, text: str) -> dict[str, float]:
        """The reading of ``text`` by ``language``'s model (the default one for ""), remembered
        for short texts as the rules' matches are."""
        model = self._model(language)
        if len(text) > _CACHE_TEXT:
            return model.chances(text)
        if (known := self._read.get((language, text))) is None:
            if len(self._read) >= _CACHE_SIZE:
                self._read.clear()
            known = self._read[language, text] = model.chances(text)
        return known

    def read_ahead(self, texts: Iterable[str]) -> None:
        """Let the message models read the short ones of ``texts`` together, as :meth:`triage`
        would read each alone (remembered as it remembers them): for scoring many messages at
        once (bench/triage.py, the evaluation tests). Outcomes are the same with or without it."""
        if self.model is None:
            return
        wanted: dict[str, dict[str, None]] = {}
        for text in texts:
            own = self.own_words(text)
            if len(read := own[:MAX_CHARS]) <= _CACHE_TEXT:
                wanted.setdefault(self._reader(message_language(own)), {})[read] = None
        for language, group in wanted.items():
            new = [text for text in group if (language, text) not in self._read][: _CACHE_SIZE - len(self._read)]
            if new:
                chances = self._model(language).chances_of(new)
                self._read.update(((language, t), c) for t, c in zip(new, chances, strict=True))

    def _sign(self, sign_id: str) -> Sign:
        return next(sign for sign in self.signs if sign.id == sign_id)

    def _found(self, text: str) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """Each sign found by the rules of any language (``_found_all``), without a risk factor
        alone that names no complaint (``_without_bare_risk``)."""
        return self._without_bare_risk(text, self._found_all(text))

    def _found_all(self, text: str) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """Each sign found by the rules of any language, and each found together with others, with
        (answered at once?, said to be new or worse?): a sign one language answers at once is
        answered at once."""
        found = self._found_here(text)
        if not self.others:
            return self._with_together(found, text)
        readers = {self.language: self, **self.others}
        told = message_language(text)
        own = readers.get(told) if told else None
        read = [(reader, found if reader is self else reader._found_here(text)) for reader in readers.values()]
        # In a message told to be in one language, that language's rules read a sign they
        # matched (their negation, time and "gone" cues understand it): another language's
        # rules, which may match a word by spelling distance ("incontinencia"), add only signs
        # the message's own language did not match at all (mixed wording: "numbness en el groin").
        others_found = any(hits for reader, hits in read if reader is not own)
        mine = own._matched_here(text) if own is not None and others_found else set()
        merged: dict[str, tuple[bool, bool]] = {}
        for reader, hits in read:
            for sign, (clear, changing) in hits:
                if reader is not own and sign.id in mine:
                    continue
                was = merged.get(sign.id, (False, False))
                merged[sign.id] = (was[0] or clear, was[1] or changing)
        return self._with_together(tuple((sign, merged[sign.id]) for sign in self.signs if sign.id in merged), text)

    def _without_bare_risk(
        self, text: str, found: tuple[tuple[Sign, tuple[bool, bool]], ...]
    ) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """``found`` without its risk factors (``risk_factor``: cancer in the past, long-term
        steroids ...), every other sign kept, when nothing else urgent is answered at once and the
        message says nothing new or worse and names no complaint (pain, the back, a leg:
        cues.complaint) besides words saying the back is fine ("had breast cancer, my back is fine,
        does it matter?"; not "my back is fine, it's the pain down my leg"). A risk factor makes
        back pain urgent; it is not urgent when nothing hurts and nothing is new. Beside any other
        sign answered at once, urgent or more (a fever, cancer-nerve found together with it), it
        stays."""
        if not self._risk_factors or not any(sign.id in self._risk_factors for sign, _ in found):
            return found
        if any(
            sign.id not in self._risk_factors and at_once and RANK[sign.level] >= RANK["urgent"]
            for sign, (at_once, _) in found
        ):
            return found
        read = self._read_each(text)
        if not self._names_complaint(text, read):
            return tuple((sign, hit) for sign, hit in found if sign.id not in self._risk_factors)
        if self._long_known(read):  # "prostate cancer in 2015, the usual pain from my disc for years"
            return tuple((sign, hit) for sign, hit in found if sign.id not in self._long_known_aside)
        return found

    def _read_each(self, text: str) -> list[tuple[RedFlagDetector, Document]]:
        """``text`` read by every language's rules: each with its document, built once."""
        return [(rules, Document.build(rules.tokens(text))) for rules in (self, *self.others.values())]

    @staticmethod
    def _long_known(read: list[tuple[RedFlagDetector, Document]]) -> bool:
        """Whether the message (``read`` by every language's rules) says its complaint has been the
        same for years (cues.long_known), with nothing new or worse and nothing saying it began
        with the risk factor or has a feature that makes it urgent (cues.since_risk: "since the
        chemo", "wakes me at night", "my legs feel heavy", "metastatic"), in any language's words."""
        for rules, doc in read:
            if doc.find(rules._r.cues["since_risk"]) or rules._scope.time.changing(doc, 0, len(doc.sentences)):
                return False
        return any(doc.find(rules._r.cues["long_known"]) for rules, doc in read)

    def _names_complaint(self, text: str, read: list[tuple[RedFlagDetector, Document]]) -> bool:
        """Whether ``text`` says something is new or worse, or names a complaint (cues.complaint:
        pain, the back, a leg ...) besides words saying the back is fine (cues.back_fine), in any
        language's words (new or worse in the message's own language, when it can be told;
        ``read``: the message read by each, as ``_read_each`` gives it)."""
        if all(rules._r.cues["complaint"] is NEVER for rules, _ in read):
            return True  # rules without the cue read every risk factor as before
        told = message_language(text)
        for rules, doc in read:
            if told in (None, rules.language) and rules._scope.time.changing(doc, 0, len(doc.sentences)):
                return True  # something new or worse: "now I can't straighten up, worse every day"
            fine = doc.find(rules._r.cues["back_fine"])
            if any(not any(overlap(c, f) for f in fine) for c in doc.find(rules._r.cues["complaint"])):
                return True
        return False

    def _with_together(
        self, found: tuple[tuple[Sign, tuple[bool, bool]], ...], text: str
    ) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """``found`` and each sign found together (``together:``): one sign of each of its groups
        was found. Answered at once when every group has a sign answered at once and one of them
        is said to be new or worse (cancer years ago and numb feet "the same as always since the
        chemo" is asked about); said to be new or worse when any of them is. Not joined where the
        message holds one of the sign's own ``except`` or ``unless`` phrases, read anywhere in it
        (a child's fever, a flu's aches beside the spinal infection's fever and weak legs)."""
        if not self._together or not found:
            return found
        hits = {sign.id: hit for sign, hit in found}
        joined = dict(hits)
        for sign_id, groups in self._together.items():
            each = [[hits[i] for i in group if i in hits] for group in groups]
            if all(each) and not self._held_back(sign_id, text):
                changing = any(changing for group in each for _, changing in group)
                clear = changing and all(any(at_once for at_once, _ in group) for group in each)
                own = hits.get(sign_id, (False, False))  # its own patterns found it too (a carer's account)
                joined[sign_id] = (clear or own[0], changing or own[1])
        if joined == hits:
            return found
        return tuple((sign, joined[sign.id]) for sign in self.signs if sign.id in joined)

    def _held_back(self, sign_id: str, text: str) -> bool:
        """Whether any language's rules find one of the sign's ``except`` or ``unless`` phrases
        anywhere in ``text``: then the sign is not found together (its own patterns still find it)."""
        return any(doc.find(rx) for rules, doc in self._read_each(text) for rx in rules._held.get(sign_id, ()))

    def _without_milder(
        self, found: tuple[tuple[Sign, tuple[bool, bool]], ...]
    ) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """``found`` without a milder sign whose more serious one is answered at once: "came round
        quickly" is not named beside a collapse (a question about the serious one keeps it). For
        ``check``; ``triage`` leaves it out of any reply at the serious sign's level."""
        clear = {sign.id for sign, (at_once, _) in found if at_once}
        return tuple((sign, hit) for sign, hit in found if self._milder.get(sign.id) not in clear)

    def _matched_here(self, text: str) -> set[str]:
        """The signs any of these rules' phrases match in ``text``, before negation, time or
        exceptions are read."""
        doc = Document.build(self.tokens(text))
        return {
            rule.id
            for rule in self._r.rules
            if rule.may_match(doc)
            and any(next(self._scope.matches(doc, p), None) for p in (*rule.clear, *rule.patterns))
        }

    def _found_here(self, text: str) -> tuple[tuple[Sign, tuple[bool, bool]], ...]:
        """Each sign these rules (one language's) find, with (answered at once?, said to be new or worse?)."""
        cacheable = len(text) <= _CACHE_TEXT
        if cacheable and (known := self._seen.get(text)) is not None:
            return known  # the same short text again, e.g. a command's topic
        doc = Document.build(self.tokens(text))
        found = []
        for sign, rule in zip(self.signs, self._r.rules, strict=True):
            hits = list(self._scope.hits(doc, rule))
            if hits:
                found.append((sign, (any(c for c, _ in hits), any(ch for _, ch in hits))))
        result = tuple(found)
        if cacheable:
            if len(self._seen) >= _CACHE_SIZE:
                self._seen.clear()  # bounded memory; a miss only costs a fresh check
            self._seen[text] = result
        return result
