"""The red-flag rules file's schema: what ``content/redflags.yaml`` may say, checked with pydantic.

safety/rules.py reads a rules file against it and compiles the phrases; a problem is reported as
a ContentError naming the file, the line and the field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Level = Literal["emergency", "urgent", "soon"]
#: Most serious first.
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "soon")
Loc = tuple[str | int, ...]
CUE_PHRASES = (
    "negation",
    "hedge",
    "negation_after",
    "change",
    "stable",
    "duration",
    "mention",
    "story",
    "person",
    "own",
    "resolved",
    "others",
    "turn",
    "present",
    "back",
    "claim",
    "past",
    "over",
    "hypothetical",
    "recognition",
    "relief",
    "to_come",
    "health",
    "complaint",
    "back_fine",
    "activity",
    "unrelieved",
    "shared",
    "long_known",
    "since_risk",
    "numbing",
    "age",
    "cleared",
)
CUE_WORDS = (
    "negators",
    "question_start",
    "clause_break",
    "subject",
    "writer",
    "modal",
    "story_break",
    "onset",
    "time_units",
    "partly",
    "pain_words",
    "treatments",
    "procedures",
    "new_subject",
    "third_person",
    "ongoing",
    "anchored",
    "still",
    "length_units",
    "quantities",
    "since_then",
    "counted_back",
    "faculties",
    "feelings",
    "posture",
    "apart",
)


# -- schema -------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class Combo(_Model):
    """Phrases that must all occur in one sentence, at most ``within`` words apart."""

    all: list[Phrase] = Field(min_length=1, max_length=4)
    within: int = Field(default=4, ge=0, le=16)
    needs_change: bool = False  # only counts when the text says it is new or getting worse
    #: How many sentences apart the phrases may be (0: one sentence, at most ``within`` words
    #: apart; more: each in its own sentence, ``within`` not applying): "He had a fever last
    #: night. Today he's confused."
    sentences: int = Field(default=0, ge=0, le=3)


class SignRule(_Model):
    id: Id
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=140)]
    #: The sign as /urgent and the topics' urgent sections list it, in plain words.
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    level: Level
    #: What to do for this sign besides the level's action, as one line of the reply, shown after
    #: the action (safety/verdict.py render_alert): "take the packets with you", "call an
    #: ambulance". ``{number}`` is the person's emergency number and ``{crisis_line}`` their
    #: country's crisis line (bot/emergency.py); the sign's ``sources`` are its sources.
    advice: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)] | None = None
    #: Where the level comes from: ids in content/sources.yaml (NHS, NICE NG59, GIRFT ...).
    sources: list[Id] = Field(min_length=1)
    chronic: Literal["never", "lenient", "strict"] = "never"
    #: The sign may be long-standing for some people (bladder, bowel, numbness, both legs,
    #: weakness): a match of ``patterns`` in a message that says neither "new or worse" nor
    #: "long-standing" gets a follow-up question instead of a guess. ``clear`` patterns are
    #: answered at once all the same ("can't pee since this morning").
    ask: bool = False
    #: False for a safety-net rule that /urgent does not list (the signs it may be are listed).
    listed: bool = True
    #: A sign that may be long-standing for someone: its short name on the /usual screen, where
    #: a person records it as usual for them (then "worse than usual?" is asked instead).
    usual: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40)] | None = None
    clear: list[Phrase | Combo] = []
    #: At least one, except for the sign the message model answers with (``model.sign``).
    patterns: list[Phrase | Combo] = []
    except_: list[Phrase] = Field(default=[], alias="except")
    unless: list[Phrase] = []
    #: Like ``unless``, but the match is asked about ("Is this new?") instead of dropped.
    ask_unless: list[Phrase] = []
    change_overrides_unless: bool = False
    #: Words of a serious feature that an ``unless`` gives way to in the sentence: a usual seizure
    #: "that has been going 8 minutes", a usual angina "the spray hasn't settled", costochondritis
    #: "with pain down my left arm and sweating".
    unless_gives_way_to: list[Phrase] = []
    #: The sign is an event (an accident, a fall): when its own sentence dates it in the past
    #: ("in 2010", "years ago", "when I was 12": cues.past) and nothing in that sentence says
    #: recent, it is past, whatever other sentences say is new ("Now I've got sciatica").
    event: bool = False
    #: A question in the sign's words is the person's own, never a general question: "what's the
    #: point anymore?", "can sciatica make you want to end it all?" (thoughts of suicide).
    questions_are_own: bool = False
    #: A sign usually told by someone who sees it happen to another person ("my friend just
    #: collapsed", "someone at the bus stop is fitting"): a mention or someone else's event does
    #: not set it aside, as it does for symptoms ("my sister has numbness down there, anyway...").
    bystander: bool = False
    #: The milder form of another, more serious sign (a faint someone came round from, of a
    #: collapse; a minor fall, of a serious accident): not named in a reply at that sign's level
    #: or above, where it would contradict the reply ("came round quickly" under the 🚨).
    milder_of: Id | None = None
    #: Numbness that may come from sitting or lying on it: set aside when the message says it
    #: goes as soon as the person stands or moves (cues.relief) and nothing after says otherwise
    #: ("numb bum after three hours on the bleachers, fine once I stood up").
    positional: bool = False
    #: A sign about medicines (an overdose): a length of time beside a medicine is the sign's
    #: ("two extra tablets a day for years"), where for any other sign it is the medicine's
    #: ("on steroids for years, slipped and can't get up").
    medicines: bool = False
    #: A sign that still counts when the message says it has gone: signs that come and go are
    #: the warning (NHS: call 999 for the signs of a stroke even if they pass, a TIA). Only a
    #: date long past, or its own ``except`` and ``unless``, set it aside.
    transient: bool = False
    #: For a ``transient`` sign, the words that name its diagnosis ("a stroke", "a TIA"): a named
    #: illness told as over ("had a TIA in the summer, all good since") is history, as for any sign.
    named: list[Phrase] = []
    #: A sign found when others are found together: one sign of each group ("cancer-history", and
    #: "leg-weakness" or "new-numbness"); it is answered at once when each group's sign is and one
    #: is new or worse, and asked about otherwise. It may have patterns of its own too (a carer's
    #: account: "mum has cancer, since last night she can't lift her leg").
    together: list[list[Id]] = Field(default=[], max_length=4)
    #: Something that makes back pain urgent (cancer in the past, a weakened immune system, thin
    #: bones or long-term steroids, a recent infection), not urgent when nothing hurts and nothing
    #: is new: set aside when no other urgent sign is answered at once and the message names no
    #: complaint (cues.complaint: pain, the back, a leg ...) outside words saying the back is fine
    #: with nothing new (cues.back_fine): "since the chemo my fingertips are numb, any gadgets?",
    #: "I had breast cancer 10 years ago, my back is fine, does it matter?"; not "my back is fine,
    #: it's the pain down my leg". A sign found together with it is found all the same.
    risk_factor: bool = False
    #: A risk factor that back pain said to be the same for years (cues.long_known) does not make
    #: urgent: a cancer treated long ago beside the usual pain from a disc.
    aside_when_long_known: bool = False
    #: Like ``ask_unless``, but only for a match these words lead straight into, in the same
    #: clause ("my arachnoiditis causes burning in both legs"; not "my fibromyalgia causes pain
    #: everywhere and I can't pee").
    ask_beside: list[Phrase] = []


class Cues(_Model):
    negation: list[Phrase]
    hedge: list[Phrase]
    negation_after: list[Phrase]
    negators: list[str]
    change: list[Phrase]
    stable: list[Phrase]
    duration: list[Phrase]
    mention: list[Phrase]
    person: list[Phrase]
    own: list[Phrase] = []  # after a general question: "that's what I get", "mine does"
    resolved: list[Phrase] = []  # after a sign's words: it has gone ("back to normal by dinner")
    back: list[Phrase] = []  # after it has gone: it has come back ("it's back", "again")
    claim: list[Phrase] = []  # after a mention of a sign: the writer has it ("i think i've got it now")
    past: list[Phrase] = []  # a date long past ("in 2010", "years ago"): see SignRule.event
    #: After a sign placed long ago by a date in its sentence: it is over ("fully recovered",
    #: "desde entonces nada"). Read only beside such a date, never alone.
    over: list[Phrase] = []
    #: a procedure whose numbness wears off in hours: a spinal anaesthetic, an epidural, a nerve block
    numbing: list[Phrase] = []
    #: a child's age ("mi hija de 15 meses"): not how long a sign has lasted
    age: list[Phrase] = []
    #: checked by a doctor or in hospital and found clear ("scan was clear"): a sign gone since is over
    cleared: list[Phrase] = []
    #: Opening a question about what might happen ("what if I can't pee after the block?",
    #: "¿y si no puedo orinar?"): the sign in it is not the writer's now.
    hypothetical: list[Phrase] = []
    #: Opening a question on how one would know a sign ("how would I know if I had saddle
    #: numbness?", "¿cómo sabría yo si tengo anestesia en silla de montar?"): the person in it
    #: is the question's, not someone telling a sign, unless another person word stands beside.
    recognition: list[Phrase] = []
    #: After a numbness: it goes when the person stands up or moves (for ``positional`` signs).
    relief: list[Phrase] = []
    #: After a numbness: it does not go when the person stands up or moves ("no se me quita aunque
    #: me pare"): a sitting or a ride the sign's ``unless`` names does not explain it away.
    unrelieved: list[Phrase] = []
    #: A post that shares a page, an article or a reminder ("sharing this NHS page on the warning
    #: signs", "les comparto este artículo", "admin reminder"): the signs after it are the page's
    #: list, not anyone's, until the writer claims one ("... this is exactly what I have now").
    shared: list[Phrase] = []
    #: A complaint said to be the same over years ("the usual one from my disc, same as it's been
    #: for years", "la hernia que tengo desde hace 10 años, igualito"): a risk factor beside it
    #: (cancer in the past) does not make it urgent, unless it began with the risk (since_risk).
    long_known: list[Phrase] = []
    #: A complaint that began with the risk factor or its treatment ("since the chemo", "desde la
    #: radioterapia"): never set aside as long known.
    since_risk: list[Phrase] = []
    #: The length of something done ("a 12 hour shift", "una reunión de tres horas"): a length of
    #: time inside one says how long the person worked, drove or sat, nothing new.
    activity: list[Phrase] = []
    #: A time still to come ("after the block", "tomorrow"): a hypothetical question needs one.
    to_come: list[Phrase] = []
    #: A story, a screen or a dream the sign's sentence is told in ("watched a documentary about a
    #: man who collapsed", "dreamt I had a fit"): for a sign told by a bystander, which a mention
    #: or someone else's event does not set aside.
    story: list[Phrase] = []
    #: Words that end the story and begin what is happening now ("watching a film about dogs
    #: when my husband collapsed"): a story cue before one of them sets nothing aside.
    story_break: list[str] = []
    #: Someone other than the writer as the one a sign happened to ("my cousin", "saw a crash") ...
    others: list[Phrase] = []
    #: ... and the message turning from it to the writer's own matter ("anyway", "my own back").
    turn: list[Phrase] = []
    #: ... unless the sign's sentence says how that person is now ("can't get up", "in agony").
    present: list[Phrase] = []
    #: Words about the body, symptoms, medicines, injuries, care or a crisis. The message model
    #: reads only a message with one of them: "¿cómo está el clima en Bogotá?" is no emergency,
    #: however its words weigh in the model. Empty: the model reads every message.
    health: list[Phrase] = []
    question_start: list[str]
    clause_break: list[str]
    subject: list[str]
    #: The writer as subject or object ("i", "me"): a sign after one of these is the writer's own.
    writer: list[str] = []
    #: Words that open a question about what could happen ("can a disc make it worse?"): a
    #: change word in such a question does not say anything is new or worse.
    modal: list[str] = []
    #: Words of a beginning ("started", "empezó"): one dated long ago in its clause ("started
    #: years ago", "in 2012, that's when this began") says nothing is new.
    onset: list[str] = []
    #: Units of a length of time ("hours", "minutos"): "3 hours" beside a numbness that goes on
    #: standing is how long the person sat, not a sign of something new.
    time_units: list[str] = []
    #: Words of a partial relief ("goes a bit when I walk", "se me pasa un poco"): not gone.
    partly: list[str] = []
    #: Pain words: a relief after one is the pain's ("the back pain eases when I walk").
    pain_words: list[str] = []
    #: Medicines and treatments: "for years" or "long term" beside one is the treatment's, not a
    #: sign's ("on steroids for years", "long-term steroids").
    treatments: list[str] = []
    #: Operations: a length of time in the next sentence after one is the operation's ("...; he
    #: had his back operated on last year"), not the sign's.
    procedures: list[str] = []
    #: Words that open a new clause after a comma ("..., I've just swallowed", "..., his face"):
    #: a time cue before them is not about a sign after them.
    new_subject: list[str] = []
    #: Someone in a story on a screen: a symptom there is set aside only with one as its subject.
    third_person: list[str] = []
    #: Words that say a sign is here now: a question about what might happen with one is not
    #: hypothetical ("what if I still can't pee tomorrow?").
    ongoing: list[str] = []
    #: Words that tie a change to the writer's own time ("since Tuesday", "desde ayer"): a question
    #: after a mention with one of them is about the writer's own sign.
    anchored: list[str] = []
    #: Words of a sign going on ("still", "sigo"): a question with one is the writer's own.
    still: list[str] = []
    #: How long something lasted, in words ("a few weeks", "un par de horas"): units and the
    #: words that count them. In a sentence dated long ago it is the episode's length, not news.
    length_units: list[str] = []
    quantities: list[str] = []
    #: "Since then" ("desde entonces"): after a date long past in its sentence, not something new.
    since_then: list[str] = []
    #: Words that count a length back from now ("the last 2 days", "llevo 3 días"): not an old episode's.
    counted_back: list[str] = []
    #: What a sign takes away (feeling, strength, control): "the feeling never came back" is no sign gone.
    faculties: list[str] = []
    #: Worry named as the writer's state ("now I'm paranoid", "ahora estoy asustada"): after a
    #: general question about the signs, a sentence of worry is not the writer telling a sign.
    feelings: list[str] = []
    #: Sitting, riding or lying a while ("on the bleachers", "a 60 mile ride", "en el sofá"): in
    #: the sentence of a numbness that may come from sitting on it, "it's gone now" after it says
    #: it went, as standing up does ("numb bum after 3 hours on the bleachers, it's gone now").
    posture: list[str] = []
    #: Words that end one person's run of signs in a long sentence ("my son had a fever all
    #: weekend and I'm so confused because ..."): a pattern that allows its parts in sentences
    #: apart takes them far apart in one sentence only with none of these between.
    apart: list[str] = []
    #: Pain, the back or a leg named at all: a ``risk_factor`` sign needs one in the message ...
    complaint: list[Phrase] = []
    #: ... besides the words saying the back is fine ("my back is fine", "la espalda la tengo
    #: bien"), which name the back without complaining of it.
    back_fine: list[Phrase] = []


class CheckItem(_Model):
    """One question of the cauda equina check-in (/check), asking about one sign."""

    sign: Id
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=300)]


class ModelUse(_Model):
    """How the message model (safety/model.py) adds to the rules where they found no emergency."""

    #: The sign its emergency reply names: a rule with no patterns of its own.
    sign: Id
    #: The sign its follow-up question asks about ("Is this new, or worse than usual?").
    ask_sign: Id
    #: Emergency probability at or above which it answers with the emergency reply (also where the
    #: only emergency sign the rules found is the safety net's question: two readers agree) ...
    alarm: float = Field(gt=0, le=1)
    #: ... and at or above which (below ``alarm``) with the follow-up question.
    ask: float = Field(gt=0, le=1)
    #: The sign its urgent reply names (a rule with no patterns), where the rules found nothing
    #: urgent or more and the urgent probability is at or above ``urgent``.
    urgent_sign: Id | None = None
    urgent: float | None = Field(default=None, gt=0, le=1)
    #: Shorter messages are left to the rules: on a word or two ("start", "right/UTC") the
    #: model has too little to read and guesses from letter runs.
    min_words: int = Field(default=3, ge=1)


class RedFlagFile(_Model):
    groups: dict[Id, list[Phrase]]
    misspellings: dict[str, str] = {}
    fillers: list[str] = []
    softeners: list[str] = []
    negatives: list[str] = []
    fuzzy_words: list[str] = []
    protected_words: list[str] = []
    cues: Cues
    signs: list[SignRule] = Field(min_length=1)
    #: The cauda equina check-in: the warning-card questions, in the order they are asked.
    check: list[CheckItem] = Field(default=[], max_length=8)
    model: ModelUse | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> RedFlagFile:
        ids = [sign.id for sign in self.signs]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate sign id {duplicates[0]!r}")
        unknown = [item.sign for item in self.check if item.sign not in ids]
        if unknown:
            raise ValueError(f"check names an unknown sign {unknown[0]!r}")
        model_signs = {self.model.sign, self.model.urgent_sign} - {None} if self.model else set()
        if self.model:
            if not model_signs | {self.model.ask_sign} <= set(ids):
                raise ValueError("model names an unknown sign")
            if (self.model.urgent_sign is None) != (self.model.urgent is None):
                raise ValueError("model: urgent_sign and urgent go together")
            if self.model.ask > self.model.alarm:
                raise ValueError("model: the ask threshold must not be above the alarm threshold")
        levels: dict[str, Level] = {sign.id: sign.level for sign in self.signs}
        for sign in self.signs:
            stronger = levels.get(sign.milder_of or "")
            # LEVELS is most serious first: the sign named must come before this one's
            if sign.milder_of is not None and (stronger is None or LEVELS.index(stronger) >= LEVELS.index(sign.level)):
                raise ValueError(f"sign {sign.id!r}: milder_of must name a more serious sign")
            if sign.id in model_signs and sign.patterns:
                raise ValueError(f"sign {sign.id!r}: the model's signs have no patterns")
            if not (sign.patterns or sign.together or sign.id in model_signs):
                raise ValueError(f"sign {sign.id!r}: a sign needs patterns, or signs it is found together with")
            earlier = set(ids[: ids.index(sign.id)]) if sign.together else set()
            if any(not group or not set(group) <= earlier for group in sign.together):
                raise ValueError(f"sign {sign.id!r}: together: must name earlier signs, in groups of one or more")
        return self
