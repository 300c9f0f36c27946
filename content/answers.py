"""Choose what answers a typed message: a topic's section, an exercise or a fixed page, or nothing.

Pure: the handler for free text calls :func:`choose` and renders what it returns. The content is
never rewritten; at most it is picked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from content.loader import Content
from content.search import Hit, QuestionIndex, plain
from safety.language import message_language


@dataclass(frozen=True)
class Answer:
    """One place in the content that answers a message."""

    kind: Literal["section", "exercise", "page"]
    ref: str  # the section kind, the exercise id or the page id
    topic_id: str | None = None

    @property
    def key(self) -> str:
        """ "topic/section", "exercise/id" or "page/id"."""
        return f"{self.topic_id}/{self.ref}" if self.kind == "section" else f"{self.kind}/{self.ref}"


#: A question about the warning signs or where to go: answered with the urgent page.
ASKS_URGENT = re.compile(
    r"\b(cauda|equina|ces\b|red ?flags?|warning signs?|danger signs?|emergency|a ?& ?e\b|999|911|111|"
    r"(in)?to (the |a )?hospital|hospital (now|straight away|right away)|"
    r"ambulance|(should|do) i (be )?worr(y|ied)|is (that|this|it) (urgent|an emergency)|"
    r"when (should|do|to) (i )?(go|get|see|call|worry|seek)|"
    r"(lose|losing|lost) control|wet (yourself|myself|themselves)|incontinen)",
    re.IGNORECASE,
)
#: The same in Spanish, read in plain words (accents folded).
ASKS_URGENT_ES = re.compile(
    r"\b(cola de caballo|cauda|equina|senales de (alarma|peligro)|urgencias?|emergencias?|911|112|ambulancia|"
    r"(al|a un) hospital|"
    r"(debo|tengo que) preocupar|es (urgente|una emergencia)|"
    r"cuando (debo|tengo que|hay que) (ir|buscar|llamar|ver|preocupar)|"
    r"(perder|pierdo|perdi) el control|me (hice|hago|orine) encima|incontinencia)"
)
#: Questions about the bot itself -> the page that answers them (read in plain words).
ASKS_PAGE: list[tuple[str, re.Pattern[str]]] = [
    (page, re.compile(rx))
    for page, rx in [
        (
            "help",
            r"\b(commands?|how (do|does|can|should) (i|you) use (this|the|it|you)|what can (you|this|the bot) do"
            r"|(change|switch) (the )?language|comandos?|como (se )?usa|que puedes hacer|idioma"
            # reminders and the person's data: the help page lists /remind, /reminders, /mydata, /forget
            r"|reminders?|remind me|my (data|details|information)|delete (my|all|everything)|privacy"
            r"|recordatorios?|recordarme|avisos? diarios?|mis datos|borrar (mis|todo)|privacidad)\b",
        ),
        (
            "disclaimer",
            r"\b(medical advice|(trust|rely on|believe) (you|this|what)|instead of (seeing|going to|asking|my|a)"
            r"|replace (seeing |going to |visiting )?(my|a|the) (gp|doctor)|are you (a|my) doctor|consejo medico"
            r"|eres (un )?(medico|doctor)|en vez de (ir|ver|mi|al)|puedo confiar"
            r"|(sustituye|sustituir|reemplaza|reemplazar) (a |ir a |ir al |al |a mi |a un |a una |a la )+"
            r"(medico|doctor|doctora))\b",
        ),
        (
            "about",
            r"\b(who (writes|wrote|made|makes|runs|is behind|are you)|where does (this|it|the \w+) come from"
            r"|what (is|are) (rootwise|you)\b|your sources|what (is|does) (this|the) (bot|app)\b"
            r"|(read|look at|check|go through|interpret|explain) my (mri|scan|xray|x ray|report|results|letter)"
            r"|quien (escribe|hizo|eres)|de donde (sale|viene) (esta|la) informacion|que es rootwise"
            r"|(para|pa) (que|q|k) (sirve|es) (esto|este bot|el bot)|(que|q|k) es este bot"
            r"|(lee|leer|leerme|revisar?|mirar?|mirame|revisame|interpretar?) (mi|mis) (resonancia|estudio|informe))",
        ),
    ]
]
#: Costs, prices, insurance and waiting lists: nothing in the content answers them (read in plain words).
ASKS_PRICE = re.compile(
    r"\b(costs?|price|prices|pricey|fees?|waiting (list|lists|times?)|insurance"
    r"|cuanto (cuesta|cuestan|sale|salen|cobra|cobran|vale|valen)|precios?|tarifas?|seguro medico"
    r"|aseguranza|obra social|lista de espera)\b"
)
#: At least one word of two letters: "5", "?" or "👍" is not a question.
HAS_WORDS = re.compile(r"[^\W\d_]{2,}")
#: Messages made only of these words are chat, not questions ("test", "ok thanks", "hi there").
NOISE = frozenset(
    [
        "test",
        "testing",
        "tests",
        "hi",
        "hey",
        "hello",
        "hiya",
        "yo",
        "ok",
        "okay",
        "k",
        "kk",
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "nah",
        "thanks",
        "thank",
        "you",
        "ta",
        "cheers",
        "lol",
        "haha",
        "hmm",
        "hm",
        "um",
        "uh",
        "oh",
        "ah",
        "there",
        "bye",
        "good",
        "great",
        "cool",
        "nice",
        "sure",
        "fine",
        "please",
        "pls",
        "done",
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "all",
        "everyone",
        "guys",
        # Spanish
        "hola",
        "buenas",
        "buenos",
        "dias",
        "tardes",
        "noches",
        "gracias",
        "muchas",
        "mil",
        "vale",
        "si",
        "bueno",
        "listo",
        "genial",
        "perfecto",
        "prueba",
        "probando",
        "jaja",
        "jajaja",
        "jeje",
        "adios",
        "chao",
        "saludos",
        "que",
        "tal",
        "oye",
        "perdon",
        "disculpe",
        "entendido",
        "claro",
        "dale",
        "sale",
        "va",
        "a",
        "todos",
    ]
)


def _names_a_red_flag(detector, text: str) -> bool:
    if detector is None:
        return False
    triage = detector.triage(text)
    # a sign that may be long-standing gets a question first, and "this is usual for me" the
    # normal answer: only a sign answered at once stands for the urgent page
    return triage.action == "alert" and triage.level in ("emergency", "urgent")


def question_language(text: str, index: QuestionIndex | None, language: str | None = None) -> str:
    """The language to answer ``text`` from: the message's own when its words tell it, else
    ``language`` (the person's), when the index has that language; else its content's own language."""
    found = message_language(text) or language or "en"
    if index is None:
        return found
    return found if found in index.indexes else index.primary


def choose(
    content: Content,
    index: QuestionIndex | None,
    text: str,
    reading: str | None = None,
    detector=None,
    language: str | None = None,
) -> list[Answer]:
    """The answers to ``text``, best first; [] when nothing in the content fits.

    ``reading`` is the topic the person was reading (a follow-up question may not name it).
    ``detector``: a red-flag detector. A message it answers or asks about at the emergency or
    urgent level gets the urgent page first (in the bot such a message is triaged before it gets
    here; a "soon" sign is not one of these). ``language``: the person's language, used when the
    message's own cannot be told. Answers name ids, the same in every language.
    """
    words = plain(text)
    if not HAS_WORDS.search(text) or set(re.findall(r"[a-z]+", words)) <= NOISE:
        return []
    language = question_language(text, index, language)
    topic = content.in_language(language).find_topic(text)
    if topic is not None:  # the name of a condition: open it
        return [Answer("section", "summary", topic.id)]
    page = next((p for p, rx in ASKS_PAGE if rx.search(words)), None)
    if page is not None:
        return [Answer("page", page)]
    hits = index.search(text, reading=reading, language=language) if index is not None else []
    if ASKS_PRICE.search(words):
        hits = []  # "how much does a private consultation cost": the content never says
    asks = ASKS_URGENT_ES.search(words) if language == "es" else ASKS_URGENT.search(text)
    alert = _names_a_red_flag(detector, text)
    if asks or alert:
        return _urgent(index, text, hits, reading, language, alert)
    return [
        Answer("exercise", h.ref, h.topic_id) if h.kind == "exercise" else Answer("section", h.ref, h.topic_id)
        for h in hits
    ]


def _urgent(
    index: QuestionIndex | None, text: str, hits: list[Hit], reading: str | None, language: str, alert: bool
) -> list[Answer]:
    """The answers to a message about warning signs: the urgent page first, but for a question
    about a named topic's (or the topic being read's) signs that topic's own list first."""
    sections = [Answer("section", h.ref, h.topic_id) for h in hits if h.kind == "section"][:2]
    named = index.of(language).named_topics(text) if index is not None else set()
    about = next((a.topic_id for a in sections if a.topic_id in named), min(named, default=reading))
    if not alert and about is not None:  # "stenosis warning signs"
        own = Answer("section", "urgent", about)
        return [own, Answer("page", "urgent"), *[a for a in sections if a != own]][:3]
    return [Answer("page", "urgent"), *sections]
