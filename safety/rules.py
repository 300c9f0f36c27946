"""The red-flag rules file: text normalisation, and phrases compiled to regexes.

``content/redflags.yaml`` (its header explains the phrase syntax) is validated with pydantic
(safety/schema.py) and compiled once at start-up; every problem is reported as a ContentError naming the file, the
line and the field, like the rest of the content.

Each phrase becomes a regular expression over a token string (" i cant feel when i wipe . "):
one alternation per token and bounded gaps, so there is no nested repetition to backtrack over.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from content.loader import ContentError, read_yaml, validate  # noqa: F401  (ContentError re-exported)
from safety.document import Document, Needs, Phrase
from safety.schema import CUE_PHRASES, CUE_WORDS, Combo, Level, Loc, ModelUse, RedFlagFile, SignRule

# -- text normalisation (shared by messages and phrases) ----------------------------------------

#: A cue with no phrases: it matches nothing.
NEVER = Phrase(re.compile(r"(?!)"), (Needs(frozenset()),))
TOKEN = re.compile(r"[0-9]+\.[0-9]+|[0-9]+|[a-z]+|[.!?;\n,]")
_REWRITES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("cannot",): ("cant",),
    ("can", "not"): ("cant",),
    ("unable", "to"): ("cant",),
    ("not", "able", "to"): ("cant",),
    ("do", "not"): ("dont",),
    ("does", "not"): ("doesnt",),
    ("did", "not"): ("didnt",),
    ("is", "not"): ("isnt",),
    ("are", "not"): ("arent",),
    ("was", "not"): ("wasnt",),
    ("were", "not"): ("werent",),
    ("have", "not"): ("havent",),
    ("has", "not"): ("hasnt",),
    ("had", "not"): ("hadnt",),
    ("will", "not"): ("wont",),
    ("would", "not"): ("wouldnt",),
    ("could", "not"): ("couldnt",),
    ("should", "not"): ("shouldnt",),
    ("im",): ("i", "am"),
    ("ive",): ("i", "have"),
    # Scots: "didnae", "cannae", "dinnae", "isnae", "wouldnae", "couldnae"
    ("didnae",): ("didnt",),
    ("cannae",): ("cant",),
    ("canna",): ("cant",),
    ("dinnae",): ("dont",),
    ("isnae",): ("isnt",),
    ("wouldnae",): ("wouldnt",),
    ("couldnae",): ("couldnt",),
    ("wasnae",): ("wasnt",),
}


#: A temperature written with a decimal comma ("tengo 38,5"), not a list ("ages 38, 5 and 7").
_DECIMAL_COMMA = re.compile(r"(?<![0-9,.])(3[5-9]|4[0-2]),([0-9])(?![0-9,])")


def plain(text: str) -> str:
    """Lower case without accents, apostrophes dropped: "Can’t" -> "cant", "I'll" -> "i will"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"'ll\b", " will", text)
    text = re.sub(r"'re\b", " are", text)
    # one leg, not two: "my left leg's been weaker" is not "legs" (but "both my leg's" and "the other
    # leg's" are two)
    text = re.sub(r"\b(left|right|one|bad|good)\s+(leg|arm)'s\b(?!\s+(?:are|r|were)\b)", r"\1 \2 is", text)
    text = re.sub(r"\ba\s*&\s*e\b", " ae ", text).replace("&", " and ")
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)  # "38,5" is the Spanish way of writing 38.5 degrees
    return text.replace("'", "")


def rewrite(tokens: list[str]) -> list[str]:
    """One spelling for each negative and contraction: "can not" / "unable to" -> "cant"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            key = tuple(tokens[i : i + size])
            if key in _REWRITES:
                out.extend(_REWRITES[key])
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(plain(w).strip() for w in items)


# -- compiled rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    parts: tuple[Phrase, ...]
    within: int
    needs_change: bool
    sentences: int = 0  # how many sentences apart the parts may be (0: one sentence)


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    text: str
    level: Level
    sources: tuple[str, ...]
    chronic: str
    ask: bool
    listed: bool
    patterns: tuple[Pattern, ...]
    clear: tuple[Pattern, ...]  # matches answered at once even when ``ask``
    excepts: tuple[Phrase, ...]  # drop a match they overlap
    unless: tuple[Phrase, ...]  # drop a match in the same sentence
    change_overrides_unless: bool
    ask_unless: tuple[Phrase, ...] = ()  # ask about a match in the same sentence
    usual: str | None = None  # its short name on the /usual screen, when it may be long-standing
    event: bool = False  # an accident, dated once: a later change word does not make it recent
    advice: str | None = None  # its own line of advice in the 🚨 reply, when it has one
    questions_are_own: bool = False  # a question in its words is the person's, not a general one
    needs: Needs | None = None  # what a message must hold for any of its patterns to match
    milder_of: str | None = None  # the more serious sign it is not named beside (answered at once)
    bystander: bool = False  # told by whoever sees it: a mention or someone else's event still counts
    positional: bool = False  # numbness that goes on standing or moving (cues.relief) is set aside
    together: tuple[frozenset[str], ...] = ()  # also found when one sign of each group is
    risk_factor: bool = False  # makes back pain urgent; set aside alone when no complaint is named
    unless_gives_way_to: tuple[Phrase, ...] = ()  # a serious feature in the sentence: unless does not apply
    transient: bool = False  # still counts when it has gone (a TIA), unless dated long past
    named: tuple[Phrase, ...] = ()  # a transient sign's diagnosis named: over when told as over
    aside_when_long_known: bool = False  # a risk factor pain the same for years does not make urgent
    ask_beside: tuple[Phrase, ...] = ()  # ask about a match these words lead into, in the same clause
    medicines: bool = False  # about medicines: a length of time beside one is the sign's

    def may_match(self, doc: Document) -> bool:
        return self.needs is None or self.needs.met(doc)


@dataclass(frozen=True)
class Rules:
    """Everything the detector needs, compiled."""

    rules: tuple[Rule, ...]
    cues: dict[str, Phrase]
    cue_words: dict[str, frozenset[str]]
    misspellings: dict[str, list[str]]
    fillers: frozenset[str]
    softeners: frozenset[str]
    negatives: frozenset[str]
    fuzzy_targets: tuple[str, ...]
    known: frozenset[str]  # words never "corrected"
    check: tuple[tuple[str, str], ...] = ()  # (sign id, question) for /check
    model: ModelUse | None = None  # how the message model adds to the rules, if at all


#: What "#" in a phrase matches: a number in figures or in words ("two days", "hace tres horas"),
#: in every language the rules are written in; not "one"/"un"/"una" ("one day I'll ...") nor the
#: Spanish "once" (the English word).
NUMBER_WORDS = (  # noqa: SIM905  (two lines of words read better than fifty quoted ones)
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "dos tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince dieciseis diecisiete "
    "dieciocho diecinueve veinte veinticuatro treinta cuarenta cincuenta sesenta setenta ochenta noventa"
).split()
NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|" + "|".join(NUMBER_WORDS) + ") "
#: What "#temp" matches: a high body temperature with one decimal, 38.0 to 42.9 degrees Celsius or
#: 100.0 to 105.9 Fahrenheit ("temp 39.2", "tengo 38,5"; not a price, "39.99"), not followed by
#: another unit ("38.5 hours"). Rules read it beside a word that makes it a temperature.
TEMPERATURE = (
    r"(?:3[89]\.[0-9]|4[0-2]\.[0-9]|10[0-5]\.[0-9]) "
    r"(?!(?:kg|kgs|kilo|kilos|lb|lbs|pounds|hours|hrs|horas|years|yrs|anos|weeks|semanas|km|cm|mm|mg|ml|percent|por) )"
)


class RuleError(ValueError):
    def __init__(self, loc: Loc, message: str):
        super().__init__(message)
        self.loc = loc


def load_rules(path: Path) -> Rules:
    """Read, validate and compile a rules file (once per content of the file and process).

    Raises:
        ContentError: naming the file, the line and the field of the first problem.
    """
    try:
        content = Path(path).read_bytes()
    except OSError:
        return _load_rules(path)  # which names the file in its error
    return _compiled(str(Path(path).resolve()), content)


@functools.lru_cache(maxsize=16)
def _compiled(path: str, content: bytes) -> Rules:
    """Rules already compiled in this process, by file and content: compiling a language's rules
    (some 1,400 regular expressions) takes about half a second of CPU, and tests, the console and
    every detector built after the first read the same files. Rules are immutable, so they are
    shared. ``content`` is only the key: the file is read again by the loader, which reports its
    lines."""
    return _load_rules(Path(path))


def _load_rules(path: Path) -> Rules:
    doc = read_yaml(path)
    spec = validate(doc, RedFlagFile)
    try:
        return compile_rules(spec)
    except RuleError as exc:
        raise doc.error(exc.loc, str(exc)) from None


def compile_rules(spec: RedFlagFile) -> Rules:
    """Compile validated rules; raises RuleError (with its location) for a phrase it cannot read."""
    compiler = _Compiler(spec)
    rules = tuple(compiler.rule(i, sign) for i, sign in enumerate(spec.signs))
    cues = {
        name: compiler.union(("cues", name), phrases) if (phrases := getattr(spec.cues, name)) else NEVER
        for name in CUE_PHRASES
    }
    fuzzy = tuple(sorted(_words(spec.fuzzy_words)))
    return Rules(
        rules=rules,
        cues=cues,
        cue_words={name: _words(getattr(spec.cues, name)) for name in CUE_WORDS},
        misspellings={plain(k).strip(): plain(v).split() for k, v in spec.misspellings.items()},
        fillers=_words(spec.fillers),
        softeners=_words(spec.softeners),
        negatives=_words(spec.negatives),
        fuzzy_targets=fuzzy,
        known=frozenset(compiler.literals) | _words(spec.protected_words) | set(fuzzy),
        check=tuple((item.sign, item.question) for item in spec.check),
        model=spec.model,
    )


def _tokens(phrase: str, loc: Loc) -> list[str]:
    """A phrase's tokens; a "(...)" group of whole-phrase alternatives stays one token."""
    out: list[str] = []
    group: list[str] | None = None
    for raw in phrase.split():
        if group is not None:
            group.append(raw)
            if raw.endswith(")"):
                out.append(" ".join(group))
                group = None
        elif raw.startswith("(") and not raw.endswith(")"):
            group = [raw]
        elif raw.startswith("[") != raw.endswith("]"):
            # "[years old]" would silently require both words: one optional word at a time
            raise RuleError(loc, f"bad optional {raw!r} in {phrase!r}: write [x] for each optional word")
        else:
            out.append(raw)
    if group is not None:
        raise RuleError(loc, f"unclosed ( in {phrase!r}")
    return out


def _either(needs: Iterable[Needs | None]) -> Needs | None:
    """What one of several alternatives needs: any of their words or beginnings (None: any of
    them may match without a known word)."""
    words: set[str] = set()
    starts: set[str] = set()
    for need in needs:
        if need is None:
            return None
        words |= need.words
        starts |= set(need.starts)
    return Needs(frozenset(words), tuple(sorted(starts)))


def _rarest_first(needs: Iterable[Needs | None]) -> tuple[Needs, ...]:
    """The known needs, those likeliest to fail first: longer words are rarer ("bladder" before
    "my"), so the need whose shortest word is longest comes first."""
    return tuple(sorted((n for n in needs if n is not None), key=_commonness))


def _commonness(need: Needs) -> int:
    return -min((len(w.strip()) for w in (*need.words, *need.starts)), default=0)


def _rarest(needs: Iterable[Needs | None]) -> Needs | None:
    """One need every match meets, of all a phrase's: its rarest (None: none known)."""
    return next(iter(_rarest_first(needs)), None)


class _Compiler:
    def __init__(self, spec: RedFlagFile):
        self.spec = spec
        self.fillers = _words(spec.fillers)
        self.groups: dict[str, tuple[str, Needs | None]] = {}  # a group's regex, and what it needs
        self.literals: set[str] = set()

    def rule(self, index: int, sign: SignRule) -> Rule:
        loc: Loc = ("signs", index)

        def compiled(items: list, field: str) -> tuple[Pattern, ...]:
            out = []
            for p, pattern in enumerate(items):
                combo = Combo(all=[pattern]) if isinstance(pattern, str) else pattern
                parts = tuple(self.regex(phrase, (*loc, field, p)) for phrase in combo.all)
                out.append(Pattern(parts, combo.within, combo.needs_change, combo.sentences))
            return tuple(out)

        clear, patterns = compiled(sign.clear, "clear"), compiled(sign.patterns, "patterns")
        return Rule(
            sign.id,
            sign.label,
            sign.text,
            sign.level,
            tuple(sign.sources),
            sign.chronic,
            sign.ask,
            sign.listed,
            patterns,
            clear,
            tuple(self.regex(x, (*loc, "except", i)) for i, x in enumerate(sign.except_)),
            tuple(self.regex(x, (*loc, "unless", i)) for i, x in enumerate(sign.unless)),
            sign.change_overrides_unless,
            tuple(self.regex(x, (*loc, "ask_unless", i)) for i, x in enumerate(sign.ask_unless)),
            sign.usual,
            sign.event,
            sign.advice,
            sign.questions_are_own,
            _either(next(iter(p.parts[0].needs), None) for p in (*clear, *patterns)),
            sign.milder_of,
            sign.bystander,
            sign.positional,
            tuple(frozenset(group) for group in sign.together),
            sign.risk_factor,
            tuple(self.regex(x, (*loc, "unless_gives_way_to", i)) for i, x in enumerate(sign.unless_gives_way_to)),
            sign.transient,
            tuple(self.regex(x, (*loc, "named", i)) for i, x in enumerate(sign.named)),
            sign.aside_when_long_known,
            tuple(self.regex(x, (*loc, "ask_beside", i)) for i, x in enumerate(sign.ask_beside)),
            sign.medicines,
        )

    def union(self, loc: Loc, phrases: list[str]) -> Phrase:
        read = [self.phrase(p, (*loc, i)) for i, p in enumerate(phrases)]
        either = _either(_rarest(needs) for _, needs in read)
        body = "|".join(regex for regex, _ in read)
        return Phrase(re.compile(f"(?<= )(?:{body})"), () if either is None else (either,))

    def regex(self, phrase: str, loc: Loc) -> Phrase:
        body, needs = self.phrase(phrase, loc)
        return Phrase(re.compile(f"(?<= ){body}"), _rarest_first(needs))

    def phrase(self, phrase: str, loc: Loc, stack: tuple[str, ...] = ()) -> tuple[str, list[Needs | None]]:
        """Regex for a phrase; each token it matches is followed by one space. Gaps capture. With
        it, what every match holds: for each element that is neither optional nor a gap, one of
        that element's words (or word beginnings)."""
        out, needs = [], []
        for raw in _tokens(phrase, loc):
            if raw.startswith("(") and raw.endswith(")"):  # (no longer|not|can't): whole phrases
                read = [self.phrase(alt.strip(), loc, stack) for alt in raw[1:-1].split("|") if alt.strip()]
                alts = [regex for regex, _ in read]
                if not alts or any("((?:" in a for a in alts):
                    raise RuleError(loc, f"bad alternatives {raw!r} in {phrase!r}: phrases without gaps")
                out.append(f"(?:{'|'.join(alts)})")
                needs.append(_either(_rarest(alt_needs) for _, alt_needs in read))
                continue
            optional = raw.startswith("[") and raw.endswith("]")
            raw = raw[1:-1] if optional else raw
            if raw.startswith("..."):
                if optional or not (raw[3:] == "" or raw[3:].isdigit()):
                    raise RuleError(loc, f"bad gap {raw!r} in {phrase!r}: write ... or ...3")
                out.append(f"((?:[a-z0-9]+ ){{0,{int(raw[3:] or 2)}}})")
                continue
            read_tokens = [self.token(alt, phrase, loc, stack) for alt in raw.split("|")]
            out.append(f"(?:{'|'.join(regex for regex, _ in read_tokens)}){'?' if optional else ''}")
            if not optional:
                needs.append(_either(need for _, need in read_tokens))
        return "".join(out), needs

    def token(self, alt: str, phrase: str, loc: Loc, stack: tuple[str, ...]) -> tuple[str, Needs | None]:
        """One alternative of a phrase's element: its regex, and the word (or word beginning) a
        match of it holds (None: not known, as for a number)."""
        if alt.startswith("{") and alt.endswith("}"):
            name = alt[1:-1]
            if name not in self.spec.groups:
                raise RuleError(loc, f"unknown group {alt} in {phrase!r}")
            if name in stack:
                raise RuleError(loc, f"group {alt} refers to itself")
            if name not in self.groups:
                read = [
                    self.phrase(m, ("groups", name, i), (*stack, name)) for i, m in enumerate(self.spec.groups[name])
                ]
                self.groups[name] = "|".join(regex for regex, _ in read), _either(_rarest(n) for _, n in read)
            return self.groups[name]
        if alt == "#":
            return NUMBER, None
        if alt == "#50+":  # an age of 50 or more
            return r"[5-9][0-9] ", None
        if alt == "#y":
            return r"(?:19|20)[0-9]{2} ", None
        if alt == "#temp":
            return TEMPERATURE, None
        prefix = alt.endswith("*")
        words = rewrite(TOKEN.findall(plain(alt.rstrip("*"))))
        if words == [","] and not prefix:  # a comma, written [,] where one may stand
            return ", ", None
        if not words or any(not w.isalnum() for w in words) or (prefix and len(words) > 1):
            raise RuleError(loc, f"cannot read {alt!r} in {phrase!r}")
        dropped = [w for w in words if w in self.fillers]
        if dropped:
            raise RuleError(loc, f"{dropped[0]!r} in {phrase!r} is listed in fillers, so it never reaches the rules")
        self.literals.update(words)
        regex = " ".join(map(re.escape, words)) + ("[a-z0-9]* " if prefix else " ")
        return regex, Needs(frozenset(), (f" {words[0]}",)) if prefix else Needs(frozenset(words[:1]))
