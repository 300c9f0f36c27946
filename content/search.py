"""Find the part of the content that answers a typed question. Never writes an answer itself.

Sections and exercises are ranked with BM25 (rank-bm25's BM25Okapi) over light-stemmed words,
with a small synonym map for everyday words ("wee" -> urine, bladder; "op" -> surgery). Two
boosts decide between a topic's sections: the topic the question names (by title or alias, with
rapidfuzz for typos) and what it asks for ("what causes..." -> causes, "is there a cure" ->
treatment). A question that shares too few words with the content gets no answer at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from content.loader import Content
from content.schema import Block, Bullets, Exercise, Heading, Section, Signs, Steps, Topic

#: Share of a question's word weight (IDF) the content must know, unless it names a topic or
#: an exercise (then the name is evidence enough).
MIN_COVERAGE = 0.75
#: A hit's combined score must reach this, and this share of the best hit's score.
MIN_SCORE, MIN_SHARE = 0.45, 0.6
TOPIC_BOOST, INTENT_BOOST, EXERCISE_BOOST = 1.0, 0.7, 1.2

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "anything",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "for",
        "from",
        "get",
        "gets",
        "getting",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "if",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "ive",
        "just",
        "let",
        "lets",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "please",
        "same",
        "she",
        "should",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "tell",
        "know",
        "really",
        "actually",
        "thing",
        "things",
        "one",
        "ones",
        "much",
        "many",
        "also",
        "well",
        "anyone",
        "someone",
        "something",
        "wondering",
        "wonder",
        "hi",
        "hello",
        "thanks",
        "thank",
        "ok",
        "okay",
    ]
)

#: Words too general to name a topic, even when only one topic's aliases use them.
GENERIC = "pain back lower spine spinal nerve root lumbar leg chronic mri scan report"

#: Everyday words -> words the content uses. Keys and values are matched after stemming.
SYNONYMS: dict[str, str] = {
    "wee": "urine bladder pee",
    "pee": "urine bladder",
    "piss": "urine bladder",
    "poo": "bowel",
    "poop": "bowel",
    "op": "surgery operation",
    "operation": "surgery",
    "surgeon": "surgery specialist",
    "walk": "walking",
    "walking": "walk",
    "disk": "disc",
    "herniated": "slipped disc",
    "herniation": "slipped disc",
    "bulging": "bulging disc",
    "prolapsed": "slipped disc",
    "physio": "physiotherapy exercise",
    "physiotherapist": "physiotherapy",
    "meds": "medicines",
    "medication": "medicines",
    "medicine": "medicines",
    "pills": "medicines tablets",
    "tablets": "medicines",
    "drugs": "medicines",
    "painkiller": "pain medicines paracetamol",
    "painkillers": "pain medicines paracetamol",
    "jab": "injection",
    "injections": "injection",
    "epidural": "injection epidural",
    "scan": "mri scan",
    "mri": "scan mri",
    "xray": "scan",
    "hurt": "pain",
    "hurts": "pain",
    "ache": "pain aching",
    "aches": "pain aching",
    "sore": "pain",
    "cure": "treatment cure",
    "fix": "treatment",
    "heal": "better treatment",
    "treat": "treatment",
    "treated": "treatment",
    "help": "helps",
    "stretch": "exercise stretch",
    "stretches": "exercise",
    "exercises": "exercise",
    "workout": "exercise",
    "gp": "doctor",
    "consultant": "specialist",
    "emergency": "now ambulance",
    "ae": "now ambulance",
    "999": "ambulance now",
    "111": "urgent",
    "numb": "numbness",
    "tingly": "tingling",
    "trapped": "nerve root sciatica",
    "pinched": "nerve root sciatica",
    "sciatic": "sciatica",
    "radiculopathy": "sciatica root",
    "clumped": "clumping",
    "clump": "clumping",
    "narrow": "narrowing",
    "narrowed": "narrowing",
    "spurs": "spurs osteophytes",
    "brace": "belts corsets",
    "belt": "belts",
    "chiropractor": "manipulation",
    "chiropractic": "manipulation",
    "massage": "massage manipulation",
    "tens": "electrical",
    "last": "weeks better",
    "recover": "better",
    "recovery": "better",
    "ibuprofen": "anti inflammatory",
    "naproxen": "anti inflammatory",
    "gabapentin": "gabapentin pregabalin",
    "lyrica": "pregabalin",
    "stimulator": "stimulation",
    "leg": "legs",
    "legs": "leg",
    "myelogram": "myelograms dye",
    "bed": "lie rest",
    "sleep": "sleep night lie",
    "hug": "knee chest",
    "progressive": "worse slowly",
    "lead": "cause",
    "leads": "cause",
    "relief": "ease relief",
    "relieve": "ease",
    "cope": "manage living",
    "coping": "manage living",
    "difference": "different differs",
    "differ": "different",
    "diagnose": "diagnosis diagnosed",
    "bum": "buttock",
    "butt": "buttock",
    "bottom": "buttock",
    "cheek": "buttock",
    "arse": "buttock",
    "shooting": "pain leg sciatica",
    "dead": "numbness",
    "heavy": "heaviness legs walking",
    "achy": "aching",
    "trolley": "lean forward walking",
    "supermarket": "lean forward walking",
    "bike": "cycling",
    "cycle": "cycling",
    "ride": "cycling",
    "gym": "exercise active",
    "ants": "crawling burning",
    "crawling": "burning",
    "pins": "tingling",
    "needles": "tingling",
    "tiptoes": "calf root",
    "permanent": "long term better",
    "forever": "long term better",
    "away": "better weeks",
    "itself": "better weeks",
    "dodgy": "pain",
    "slipped": "slipped disc",
    "bulge": "bulging disc",
    "sez": "says",
    "wot": "what",
    "wat": "what",
    "lift": "lifting",
    "work": "work job",
    "job": "work",
    "drive": "driving",
    "sex": "sex",
}

_ASKS_EXERCISE = re.compile(r"\b(exercises?|stretch(es|ing)?|steps|reps|sets|how (do|to|should|can) i (do|start))\b")

#: What a question asks for -> the section kind that answers it.
INTENTS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(rx))
    for kind, rx in [
        (
            "summary",
            r"\bwill it (get|be|last|go)\b"
            r"|^(what (actually |exactly |even )?is|whats|what are|what does|what do)\b"
            r"(?! (it|this|that) (cause|make))"
            r"|\bwhat is (that|this|it)\b"
            r"|\bmean(s|ing)?\b|\bdefin|\bexplain|\bdiagnos|\bhow long\b|\bget better on its own\b"
            r"|\bgo away\b|\bby itself\b|\bon its own\b|\bpermanent\b|\bforever\b|\bwill it last\b"
            r"|\bneed an? (mri|scan|xray)\b|\bscared\b|\bsame (thing )?as\b|\bis it serious\b",
        ),
        (
            "symptoms",
            r"\bsymptom|\bsigns? of\b|\bfeel(s)? like\b|\bwhere (would|do|will) i feel|\bwhich nerve root\b"
            r"|\bpattern\b"
            r"|\b(give|gives|cause|causes|make|makes) (you|your|my)\b|\bhow do i know\b|\bhurts? more when\b"
            r"|\bwhy does it hurt\b|\bdown (to )?my (calf|leg|foot)\b|\bdead leg\b",
        ),
        (
            "causes",
            r"\bcaus(e|es|ed|ing)\b(?! (you|your|my)\b)|\bwhy (do|does|did|have|has)\b|\breason\b|\blead(s)? to\b"
            r"|\bfrom (back )?(surgery|an? |that|the)|\bhow does an? .* cause\b|\bhow did i (even )?(get|end up)\b"
            r"|\bwhat makes\b|\bwhy do (people|you|i|some)\b"
            r"|\bhow (can|does|do) (a|an|the)\b.*\b(pinch|press|squash|trap)",
        ),
        (
            "treatment",
            r"\btreat|\bcur(e|ed|es|ing)\b|\bhelp(s)?\b|\bworth\b|\bany good\b|\bbest\b|\bwork(s)? for\b"
            r"|\brelie(f|ve)\b|\bwhat can i do\b|\bcope\b|\bmanag(e|ing)\b|\bhow (do|can|should) i sleep\b"
            r"|\bsurgery\b|\bop\b|\bpainkill|\bshould i (stay|stop|use|take|rest)\b|\bcan i (use|wear|take)\b"
            r"|\bmeds?\b|\bmedic|\boperation\b|\bgym\b|\bcan i (still )?(work|drive|go|exercise|lift|run|swim)\b"
            r"|\bgood for\b|\bexercis|\binjection|\bbrace\b|\bpain is ok\b|\bwhat (do|should) i do\b"
            r"|\bis (that|this|it) ok\b|\bwhat about\b",
        ),
        (
            "urgent",
            r"\bemergency\b|\burgent|\ba ?& ?e\b|\b999\b|\b911\b|\b111\b"
            r"|\bwhen (should|do) i (go|call|get|need|see)\b"
            r"|\bred flag|\bwarning|\bdanger",
        ),
        ("questions", r"\bask\b|\bquestions? (to|for)\b|\bappointment\b"),
    ]
]


#: Asking what something is or will do, whatever else the question names ("what does that mean").
_MEANING = re.compile(
    r"\bmean(s|ing)?\b|\bdefin|\bexplain|\bpermanent\b|\bgo away\b|\bby itself\b"
    r"|\bwill it (get|be|last|go)\b"
)

#: Short lay spellings fixed before anything else reads the question ("wat do i do").
LAY_SPELLINGS = {
    "wat": "what",
    "wot": "what",
    "wen": "when",
    "u": "you",
    "ur": "your",
    "n": "and",
    "2": "to",
    "pls": "please",
    "plz": "please",
    "cos": "because",
    "coz": "because",
    "bc": "because",
    "dr": "doctor",
    "gp": "gp",
    "slipt": "slipped",
    "sciatic": "sciatica",
    "ive": "i have",
}


@dataclass(frozen=True)
class Hit:
    """One place in the content that answers a question."""

    kind: Literal["section", "exercise"]
    ref: str  # the section kind, or the exercise id
    topic_id: str | None  # None for an exercise when the question names no topic it suits
    score: float

    @property
    def section_kind(self) -> str | None:
        return self.ref if self.kind == "section" else None


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("'", "").replace("’", "")


def stem(word: str) -> str:
    """A light suffix stripper: "walking" -> "walk", "diagnosed" and "diagnose" -> "diagnos"."""
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("ly", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


_SYNONYM_STEMS: dict[str, list[str]] = {}
for _word, _extra in SYNONYMS.items():
    _SYNONYM_STEMS.setdefault(stem(_word), []).extend(stem(w) for w in _extra.split())


def words(text: str) -> list[str]:
    """Content words of ``text``, lower case, without accents or stopwords."""
    return [w for w in re.findall(r"[a-z0-9]+", _plain(text)) if w not in STOPWORDS]


def terms(text: str, expand: bool = False) -> list[str]:
    """Stemmed words, with synonyms added when ``expand`` (for questions)."""
    out = []
    for word in map(stem, words(text)):
        out.append(word)
        if expand:
            out += _SYNONYM_STEMS.get(word, [])
    return out


def _block_text(block: Block, signs: dict[str, tuple[str, str]]) -> str:
    if isinstance(block, Bullets):
        return " ".join(block.bullets)
    if isinstance(block, Steps):
        return " ".join(block.steps)
    if isinstance(block, Heading):
        return block.heading
    if isinstance(block, Signs):
        return " ".join(signs[s][1] for s in block.signs if s in signs)
    return block


class QuestionIndex:
    """Ranks sections and exercises for a typed question. Build it once at start-up."""

    def __init__(self, docs: list, content: Content):
        self._docs = docs  # (kind, ref, topic_id, terms, words)
        self._bm25 = BM25Okapi([d[3] for d in docs])  # docs: (kind, ref, topic_id, terms, words)
        self._vocabulary = {t for d in docs for t in d[3]}
        self._topic_names = {
            t.id: sorted({_plain(n) for n in (t.title, t.short_title, t.id.replace("-", " "), *t.aliases)})
            for t in content.topics.values()
        }
        self._topic_words = _distinctive_words(self._topic_names)
        self._exercises = {e.id: e for e in content.exercises.values()}
        #: Words the content uses, for spelling correction ("sciatca" -> "sciatica").
        self._spellings = sorted({w for d in docs for w in d[4]} if docs and len(docs[0]) > 4 else set())
        self._fixed: dict[str, str] = {}

    @classmethod
    def build(cls, content: Content) -> QuestionIndex:
        """Index every topic section and exercise in ``content``."""
        docs: list = []
        for topic in content.topics.values():
            names = " ".join((topic.title, topic.short_title, *topic.aliases))
            for section in topic.sections:
                text = f"{names} {_section_text(section, content.signs)}"
                docs.append(("section", section.kind, topic.id, terms(text), words(text)))
        for exercise in content.exercises.values():
            text = _exercise_text(exercise, content.topics)
            docs.append(("exercise", exercise.id, None, terms(text), words(text)))
        return cls(docs, content)

    def correct(self, question: str) -> str:
        """``question`` with misspelt words of five letters or more replaced by the content's
        nearest word (one edit, two for longer words): "sciatca" -> "sciatica"."""
        out = []
        for word in re.findall(r"[a-z0-9&]+", _plain(question)):
            word = LAY_SPELLINGS.get(word, word)
            if (
                len(word) < 5
                or word in STOPWORDS
                or word.isdigit()
                or stem(word) in self._vocabulary
                or stem(word) in _SYNONYM_STEMS
            ):
                out.append(word)
                continue
            fixed = self._fixed.get(word)
            if fixed is None:
                best = process.extractOne(
                    word, self._spellings, scorer=Levenshtein.distance, score_cutoff=1 if len(word) < 8 else 2
                )
                fixed = best[0] if best else word
                if len(self._fixed) < 20_000:
                    self._fixed[word] = fixed
            out.append(fixed)
        return " ".join(out)

    def search(self, question: str, limit: int = 3, reading: str | None = None) -> list[Hit]:
        """The best places to answer ``question`` (its first 500 characters), best first; [] when
        nothing fits well. ``reading``: the topic the person was reading, for a question that
        names none ("is it permanent?")."""
        question = self.correct(question[:500])
        text = " ".join(re.findall(r"[a-z0-9&]+", _plain(question)))
        topics, exercises = self._named_topics(text), self._named_exercises(text)
        intents = {kind for kind, rx in INTENTS if rx.search(text)}
        if not (topics or exercises) and self._coverage(question) < MIN_COVERAGE:
            if reading is not None and intents:  # "is it permanent?" about the topic being read
                kind = next(k for k, _ in INTENTS if k in intents)
                return [Hit("section", kind, reading, 1.0)]
            return []
        if not topics and reading is not None:
            topics = {reading}
        raw = self._bm25.get_scores(terms(question, expand=True))
        top = max(raw)
        if top <= 0:
            return []
        if len(intents) > 1 and not _MEANING.search(text):
            intents.discard("summary")  # "what does S1 pain feel like" asks about symptoms
        scored = []
        for (kind, ref, topic_id, *_), value in zip(self._docs, raw, strict=True):
            score = value / top
            if kind == "section":
                score += TOPIC_BOOST * (topic_id in topics) + INTENT_BOOST * (ref in intents)
            else:
                # "why does walking make my legs numb?" names an exercise but asks about symptoms
                wants_exercise = not (intents & {"symptoms", "causes"}) or bool(_ASKS_EXERCISE.search(text))
                score += EXERCISE_BOOST * (ref in exercises and wants_exercise)
                topic_id = next((t for t in topics if t in self._exercises[ref].suits), None)
            scored.append(Hit(kind, ref, topic_id, round(float(score), 4)))
        scored.sort(key=lambda h: -h.score)
        best = scored[0].score
        return [h for h in scored[:limit] if h.score >= MIN_SCORE and h.score >= MIN_SHARE * best]

    def _coverage(self, question: str) -> float:
        """The share of the question's word weight (IDF) that the content knows, synonyms included."""
        unknown = max(self._bm25.idf.values(), default=1.0) + 1.0
        total = known = 0.0
        for word in words(question):
            if word.isdigit():
                continue  # "what's 2+2": numbers alone are no evidence of a health question
            forms = [stem(word), *_SYNONYM_STEMS.get(stem(word), [])]
            weight = self._bm25.idf.get(forms[0], unknown)
            total += weight
            known += weight if any(f in self._vocabulary for f in forms) else 0.0
        return known / total if total else 0.0

    def _named_topics(self, text: str) -> set[str]:
        """Topics the question names: a title or alias (small typos allowed), or a word only they use."""
        named = set()
        stems = {stem(w) for w in words(text)}
        for topic_id, names in self._topic_names.items():
            if stems & self._topic_words[topic_id] or any(
                fuzz.partial_ratio(name, text) >= (100 if len(name) < 6 else 88) for name in names
            ):
                named.add(topic_id)
        return named

    def _named_exercises(self, text: str) -> set[str]:
        return {
            e.id
            for e in self._exercises.values()
            if fuzz.partial_ratio(_plain(e.id.replace("-", " ")), text) >= 90
            or fuzz.partial_ratio(_plain(e.name.split("(")[0].strip()), text) >= 90
        }


def _distinctive_words(names: dict[str, list[str]]) -> dict[str, set[str]]:
    """Per topic, the words of its names that no other topic's names use ("disc", "stenosis")."""
    generic = {stem(w) for w in GENERIC.split()}
    counts = {
        topic_id: Counter(w for name in topic_names for w in {stem(w) for w in words(name)})
        for topic_id, topic_names in names.items()
    }
    return {
        topic_id: {
            w
            for w, n in mine.items()
            if n >= 2 and w not in generic and not any(w in other for o, other in counts.items() if o != topic_id)
        }
        for topic_id, mine in counts.items()
    }


def _section_text(section: Section, signs: dict[str, tuple[str, str]]) -> str:
    return " ".join([section.title, section.title, *(_block_text(b, signs) for b in section.body)])


def _exercise_text(exercise: Exercise, topics: dict[str, Topic]) -> str:
    suits = " ".join(topics[t].short_title for t in exercise.suits if t in topics)
    return " ".join(
        [
            exercise.name,
            exercise.name,
            exercise.id.replace("-", " "),
            exercise.summary,
            *exercise.steps,
            exercise.dose,
            "exercise how to do",
            suits,
        ]
    )
