"""When a sign in a message happened: new or worse, long-standing, over, dated long ago.

Scope (safety/scope.py) decides whose sign a match is and whether it is denied; this module
decides whether it is the person's matter now: said to be new or worse (cues.change), or
long-standing and unchanged (cues.stable, cues.duration), gone (cues.resolved), an event dated
long ago (cues.past), dated and over (cues.over), or numbness that goes on standing (cues.relief).
"""

from __future__ import annotations

import itertools

from safety.document import LIST_WORDS, SENTENCE_END, WONT, Document, Span, overlap, strictly_inside
from safety.rules import NUMBER_WORDS, Rule, Rules

#: At most this many words between a date long past and "since then" for the two to go together
#: ("se cayó en 2015 de una escalera y desde entonces"; not "... en 2015 y el domingo me caí y desde entonces").
SINCE_THEN_REACH = 5
#: At most this many words between a length of time and a date long past after it.
DATED_AFTER_REACH = 4

LASTING_REACH = 8  # words from a sign to how long it has lasted ("incontinence ... for 7 years")
#: A pain's own words, after a change cue: the pain is what changed ("ahora me duele la ciática").
#: Not the back itself ("desde ayer la espalda y ..." may begin the sign).
PAIN_CHANGE = frozenset(
    {
        "pain",
        "pains",
        "painful",
        "hurts",
        "hurting",
        "aches",
        "aching",
        "sciatica",
        "flare",
        "dolor",
        "duele",
        "duelen",
        "ciatica",
    }
)
#: Taking a medicine, just before how long: "on long-term steroids", "con corticoides desde hace años".
TAKING = frozenset({"on", "taking", "takes", "take", "using", "uses", "con", "tomando", "toma", "tomo"})
#: A medicine prescribed: "now I've been prescribed pregabalin", "ahora me han recetado pregabalina".
PRESCRIBED = frozenset({"prescribed", "recetado", "recetada", "recetaron", "receto", "mandaron", "mando"})
#: Words that tell how long something lasted: "for a few hours", "durante unas horas".
FOR_A_WHILE = frozenset({"for", "durante"})
#: Before a time, words that make it when a numbness ended: "numb till the evening".
UNTIL = frozenset({"till", "until", "til", "by", "hasta", "the", "la", "el"})
LATER_TODAY = frozenset(
    {
        "teatime",
        "lunchtime",
        "lunch",
        "dinnertime",
        "dinner",
        "evening",
        "afternoon",
        "tonight",
        "bedtime",
        "night",
        "the",
        "tarde",
        "noche",
        "mediodia",
        "la",
        "el",
        "this",
        "esta",
    }
)
#: Units of how long a nerve block or a spinal anaesthetic's numbness lasts, and the most of them.
HOURS = frozenset({"hour", "hours", "hr", "hrs", "minutes", "mins", "min", "hora", "horas", "minuto", "minutos"})
MAX_BLOCK_HOURS = 12
#: Before a numbing procedure, words that make it not the writer's own, had: waited for, feared,
#: someone else's ("I'm on the waiting list for an epidural", "my mum had an epidural when she had me").
NOT_HAD = frozenset(
    {
        "waiting",
        "scared",
        "afraid",
        "worried",
        "booked",
        "due",
        "considering",
        "offered",
        "mum",
        "mom",
        "mother",
        "wife",
        "sister",
        "friend",
        "espera",
        "miedo",
        "programada",
        "programado",
        "mama",
        "madre",
        "hermana",
        "amiga",
    }
)
#: Days, between a numbness and its going: longer than any anaesthetic lasts.
DAYS = frozenset(
    {
        "day",
        "days",
        "week",
        "weeks",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "dia",
        "dias",
        "semana",
        "semanas",
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "sabado",
        "domingo",
    }
)
#: Words of today after a going: how the person is now ("se me pasó, hoy ando normal").
TODAY = frozenset({"today", "now", "hoy", "ahora", "ya"})
#: A going told in the present or to come: in a question it asks whether the sign will go ("is this
#: a side effect that goes away?"), it does not say it went.
GOING = frozenset({"goes", "go", "going", "wear", "wears", "wearing"})
#: Before a going, words that make it hoped for, expected or told: "it should go away", "the
#: leaflet said it goes away", "hopefully it wears off" (not that it went).
HOPED = frozenset(
    {
        "should",
        "will",
        "might",
        "may",
        "hopefully",
        "hope",
        "hoping",
        "supposed",
        "meant",
        "said",
        "says",
        "told",
        "expect",
        "expected",
        "until",
        "till",
        "would",
        "ought",
        "must",
        "debe",
        "deberia",
        "deberian",
        "ojala",
        "espero",
        "dicen",
        "dijo",
        "dijeron",
    }
)
#: The perfect after a word of hope or expectation: "should have worn off", "would've gone".
PERFECT = frozenset({"have", "ve", "of", "wouldve", "shouldve", "couldve", "mustve", "haber", "habia", "habria"})
#: Words that open a question: "is this ... that goes away?", "will it go away?".
ASKING = frozenset({"is", "does", "do", "will", "would", "can", "could", "should", "are", "how", "when", "whether"})
#: The words before such a going that make it the question's: "that goes away", "will it go away".
ASKED_BEFORE_GOING = frozenset(
    {"that", "which", "it", "they", "does", "do", "will", "would", "to", "ever", "eventually"}
)
LASTING_BEFORE = 3  # words from how long it has lasted to a sign after it ("llevo 6 años con el culo dormido")


class Timing:
    """Reads a message's time with one language's cue phrases and words."""

    def __init__(self, rules: Rules):
        self._r = rules
        self._words = rules.cue_words
        #: Words that deny what follows them ("not", "won't go away"), read once rather than per cue.
        self._denials = rules.cue_words["negators"] | WONT
        #: Before a "gone", words that make it the pain's or a faculty's, not the sign's ("the
        #: sciatica went completely", "the feeling never came back").
        self._not_the_sign = rules.cue_words["pain_words"] | rules.cue_words["faculties"]

    def not_now(self, doc: Document, rule: Rule, start: int, end: int) -> bool:
        """Whether the sign matched at ``start``..``end`` is not the person's matter now: quiet
        (long-standing and unchanged), gone, an event dated long ago, numbness that goes on
        standing, or dated and over."""
        sentence = doc.sentence[start]
        # a named stroke or TIA told as over is history, unless its sentence says it was recent
        # ("tuvo un AIT hace una hora, ya está bien")
        transient = rule.transient and (
            not any(overlap((start, end), n) for rx in rule.named for n in doc.find(rx))
            or self.changing(doc, sentence, sentence)
        )
        if self._quiet(doc, rule, sentence, (start, end), transient) or (
            rule.chronic != "never" and not transient and self._resolved(doc, start, end)
        ):
            return True
        if rule.event and self._dated_event(doc, start) and not self.changing(doc, sentence, sentence):
            return True  # "I was in a car accident in 2010": dated, and nothing recent beside it
        if rule.positional and self.relieved(doc, start, sentence):
            return True  # "numb bum after three hours on the bleachers, fine once I stood up"
        return self._long_over(doc, rule, start, sentence)  # "in 2021 I wet myself, fully recovered"

    def long_standing(self, doc: Document) -> bool:
        """Whether the message says its symptoms are long-standing or unchanged ("for years", "as
        always") and nothing in it says new or worse."""
        said = [
            cue
            for cue in (*doc.find(self._r.cues["stable"]), *self._durations(doc))
            if not self._treatments(doc, cue, None)
        ]
        return bool(said) and not self.changing(doc, 0, len(doc.sentences))

    def lasting(self, doc: Document, start: int, end: int) -> bool:
        """Words just after the sign, in its clause, say how long it has lasted ("bowel
        incontinence for 7 years", "has been part of my life since 2019"), or just before it
        ("llevo 6 años con el culo dormido"); not "... will be permanent", a fear, nor a time
        after a comma, another symptom's."""
        stops = SENTENCE_END | self._words["clause_break"] | self._words["modal"] | LIST_WORDS
        return any(
            (0 <= s - end <= LASTING_REACH and not any(t in stops for t in doc.tokens[end:s]))
            # just before it: "llevo 6 años con el culo dormido", "for 6 years my bum has been numb"
            or (0 <= start - e <= LASTING_BEFORE and not any(t in stops for t in doc.tokens[e:start]))
            for s, e in self._durations(doc)
            if not self._treatments(doc, (s, e), (start, end))
        )

    def _dated_event(self, doc: Document, start: int) -> bool:
        """A date long past in the event's sentence, not cut off from it by a clause break or a word
        of now, nor (after it) by a comma and a new subject: "in 1998, I had a fall" is dated; "had
        sepsis in 2019, fully recovered, now feverish and confused" is not; nor is a medicine's date
        ("on steroids since years ago, slipped and can't get up")."""
        now = self._words["clause_break"] | self._words["ongoing"]
        return any(
            doc.sentence[s] == doc.sentence[start]
            and not self._treatments(doc, (s, e), None)
            and (
                # after the event, unless someone's own clause brings it: "mum just fainted in the
                # kitchen, she had a heart attack last year"
                (e > start and not self._new_clause(doc.tokens[start:s]))
                or (e <= start and not any(t in now for t in doc.tokens[e:start]))
            )
            for s, e in doc.find(self._r.cues["past"])
        )

    def relieved(self, doc: Document, start: int, sentence: int) -> bool:
        """After the sign, in its sentence or the next, the message says it goes when the person
        stands up or moves (cues.relief), or, in a sentence about sitting, riding or lying a while
        (cue words posture), that it has gone (cues.resolved); and nothing after that says new,
        worse or back."""
        not_gone = self._denials | self._words["partly"]
        said = doc.find(self._r.cues["relief"])
        first, last = doc.sentences[sentence]
        words = doc.tokens[first:last]
        # a posture ("on the bleachers", "a saddle"), not the saddle area of the body
        if any(t in self._words["posture"] and words[i + 1 : i + 2] != ["area"] for i, t in enumerate(words)):
            said = [*said, *doc.find(self._r.cues["resolved"])]  # "after 3 hours on the bleachers, it's gone now"
        relief = sorted((s, e) for s, e in said if s > start and doc.sentence[s] <= sentence + 1)

        # "once I walked it was not fine", "stood up and it's still there", "se me pasa un poco",
        # "numb bum, the back pain goes when I walk" (the pain's relief, not the numbness's)
        def around(s: int, e: int) -> list[str]:
            """A few words either side, in the relief's own sentence, and after it only up to a comma
            ("fine as soon as I get off, no other problems": that "no" is not the relief's)."""
            begin, end = doc.sentences[doc.sentence[s]]
            after = doc.tokens[e : min(end, e + 3)]
            if "," in after:
                after = after[: after.index(",")]
            return [*doc.tokens[max(begin, s - 3) : e], *after]

        if not relief or any(t in not_gone for s, e in relief for t in around(s, e)):
            return False
        if any(t in self._words["pain_words"] for t in doc.tokens[start : relief[0][1]]):
            return False
        _, last = doc.sentences[doc.sentence[relief[0][0]]]
        if any(t in self._words["clause_break"] for t in doc.tokens[relief[0][1] : last]):
            return False  # "al levantarme se me pasa, pero luego me caigo"
        # how long the person sat ("3 hours", "for half an hour") is no change; anything else new,
        # worse or back is ("for a couple of days" is how long the numbness has been there)
        units = self._words["time_units"]

        def sat(c: Span) -> bool:
            return doc.tokens[c[1] - 1] in units and (c[1] - c[0] <= 2 or self._lasted(doc, c))

        change = [c for c in self.change_cues(doc) if not sat(c)]
        return not change and not any(s > relief[0][0] for s, _ in doc.find(self._r.cues["back"]))

    def _long_over(self, doc: Document, rule: Rule, start: int, sentence: int) -> bool:
        """A sign placed long ago by a date in its sentence ("back in 2018", "hace 5 años") that the
        message then says is over ("fully recovered", "desde entonces nada"), with nothing in its
        sentence new and nothing after saying it came back. Not for a sign that is never
        long-standing (``chronic: never``)."""
        if rule.chronic == "never" or not doc.in_sentences(doc.find(self._r.cues["past"]), sentence, sentence):
            return False
        stops = SENTENCE_END | self._words["clause_break"] | LIST_WORDS
        dated = any(
            not any(t in stops for t in doc.tokens[min(e, start) : max(s, start)])
            for s, e in doc.find(self._r.cues["past"])
        )  # the date is the sign's, in its clause: not "can't pee, had my op in 2023"
        endings = [*doc.find(self._r.cues["resolved"]), *doc.find(self._r.cues["over"])]
        over = [
            s for s, _ in endings if s > start and not any(t in self._denials for t in doc.tokens[max(0, s - 3) : s])
        ]
        if not dated or not over:
            return False
        change = [c for c in self.changes(doc) if not any(overlap(c, e) for e in endings)]
        if doc.in_sentences(change, sentence, sentence):  # "desde entonces nada" is no change
            return False
        # "will it happen again if I get the other knee done?" asks; it does not say it came back
        return not any(
            b[0] > min(over) and not any(overlap(b, e) for e in endings) and not self._what_if(doc, doc.sentence[b[0]])
            for b in doc.find(self._r.cues["back"])
        )

    def changing(self, doc: Document, first: int, last: int) -> bool:
        """Whether sentences first..last say something is new or worse ("not worse" does not count)."""
        return doc.in_sentences(self.changes(doc), first, last)

    def change_cues(self, doc: Document) -> list[Span]:
        """The words of change or time (cues.change), without a length of time that is how long
        something done lasted, or being new to a group (cues.activity: "after a 12 hour shift",
        "una reunión de tres horas", "new to the group")."""
        activity = doc.find(self._r.cues["activity"])
        found = doc.find(self._r.cues["change"])
        return [c for c in found if not any(overlap(c, a) for a in activity)] if activity else found

    def changes(self, doc: Document) -> list[Span]:
        """The change cues that say new or worse: not "not worse", a question about what could
        happen, a beginning dated long ago, or an old episode's length."""
        stable = doc.find(self._r.cues["stable"])
        # A stable cue cancels a change cue it overlaps ("not worse"), unless the change cue holds
        # it whole ("not my usual" holds "my usual" and is a change).
        return [
            c
            for c in self.change_cues(doc)
            if not any(overlap(c, st) and not strictly_inside(st, c) for st in stable)
            and not self._what_if(doc, doc.sentence[c[0]])
            and not self._dated_onset(doc, c)
            and not self._episode_length(doc, c)
        ]

    def _episode_length(self, doc: Document, change: Span) -> bool:
        """A change cue that is only a length of time ("a few weeks", "un par de días") tied to a
        date long past in its clause, after it ("after my epidural in 2016 I had a numb patch for a
        few weeks") or a few words before it ("for a few weeks after radiotherapy in 2015"): how
        long that old episode lasted, not something new. Not across a comma, "and",
        "but" or another time ("I had my op in 2015 and for 2 days both legs have been numb"), nor
        a length counted back from now ("the last 2 days", "llevo 3 días", "3 days ago").

        "Since then" ("desde entonces") after such a date, with no other time between, is the old
        event's lasting mark ("se cayó en 2015 y desde entonces usa bastón"), not something new."""
        start, end = change
        words = doc.tokens[start:end]
        if not words:
            return False
        since_then = all(w in self._words["since_then"] for w in words)
        if not since_then and not self._length(words, number_words=False):
            return False
        before, after = doc.tokens[max(0, start - 2) : start], doc.tokens[end : end + 1]
        if any(t in self._words["counted_back"] for t in (*before, *after)):
            return False
        if since_then:
            stops = SENTENCE_END | self._words["clause_break"]
        elif self._dated_after(doc, end):
            return True  # "a numb patch for a few weeks after radiotherapy in 2015"
        else:
            stops = SENTENCE_END | self._words["clause_break"] | LIST_WORDS | {","}
        others = [c for c in self.change_cues(doc) if c != change]
        for s, e in doc.find(self._r.cues["past"]):
            between = doc.tokens[e:start]
            if e > start or doc.sentence[s] != doc.sentence[start] or any(t in stops for t in between):
                continue
            if any(e <= c0 and c1 <= start for c0, c1 in others):
                continue  # another time between: "en 2015 y el domingo me caí y desde entonces"
            # the date's own event, then "and since then": a few words, one "and" at most
            if since_then and (len(between) > SINCE_THEN_REACH or sum(t in LIST_WORDS for t in between) > 1):
                continue
            return True
        return False

    def _dated_after(self, doc: Document, end: int) -> bool:
        """A date long past a few words after a length of time, in its clause, with no one new
        between ("for a few weeks after radiotherapy in 2015"; not "for a few weeks like I had in 2019")."""
        stops = SENTENCE_END | self._words["clause_break"] | LIST_WORDS | {","} | self._words["writer"]
        return any(
            s >= end and s - end <= DATED_AFTER_REACH and not any(t in stops for t in doc.tokens[end:s])
            for s, _ in doc.find(self._r.cues["past"])
        )

    def _dated_onset(self, doc: Document, change: Span) -> bool:
        """A change cue that opens with a word of beginning, dated long ago in its clause: "my
        erection problems started years ago", "a fall in 2012, that's where this started", "two
        years ago I woke up with both legs numb"."""
        start, end = change
        if doc.tokens[start] not in self._words["onset"]:  # "started", "woke up with"
            return False
        stops = SENTENCE_END | self._words["clause_break"]
        return any(
            not any(t in stops for t in doc.tokens[min(s, start) : max(e, end)])
            for s, e in doc.find(self._r.cues["past"])
        )

    @staticmethod
    def _hoped(doc: Document, at: int) -> bool:
        """A going at ``at``, told in the present or to come, that is only hoped for, expected or told,
        by a word at most three before it in its clause: "it should go away", "the leaflet said it
        goes away" (not "like they said, all back to normal", nor "they said it went away")."""
        before = doc.tokens[max(0, at - 4) : at]
        if "," in before:
            before = before[len(before) - before[::-1].index(",") :]
        if doc.tokens[at] not in GOING:
            # "should have worn off", "was meant to have gone back to normal": expected, not gone
            return any(t in PERFECT for t in before) and any(t in HOPED for t in before)
        return any(t in HOPED for t in before[-3:])

    @staticmethod
    def _asks_if_going(doc: Document, at: int) -> bool:
        """A going at ``at`` that a question asks about ("is this a side effect that goes away?",
        "will it go away?"): a present or future going, right after words that make it the
        question's, in a sentence that ends with "?" (not "numb bum, goes away when I stand, is that
        normal?", which tells it)."""
        first, last = doc.sentences[doc.sentence[at]]
        if doc.tokens[at] not in GOING or doc.tokens[last - 1 : last] != ["?"]:
            return False
        # the going's own clause is the question: it opens with a word that asks ("is this ... that
        # goes away?", "will it go away?"), not "it goes away when I stand up, is that normal?"
        clause = max((i + 1 for i in range(first, at) if doc.tokens[i] == ","), default=first)
        if any(t == "," for t in doc.tokens[at:last]):
            return False
        return doc.tokens[clause] in ASKING and (doc.tokens[at - 1] in ASKED_BEFORE_GOING or at - 1 == clause)

    def _what_if(self, doc: Document, sentence: int) -> bool:
        """A question about what could happen: "can a slipped disc make it worse?"."""
        first, last = doc.sentences[sentence]
        words = [t for t in doc.tokens[first:last] if t != ","]
        return len(words) > 1 and words[0] in self._words["modal"] and words[-1] == "?"

    def _resolved(self, doc: Document, start: int, end: int) -> bool:
        """The message says the symptom matched at ``start``..``end`` has gone (in its sentence or
        the next) and nothing in it says new, recent or worse ("peed myself this morning, fine now"
        still counts). A "gone" inside the match is the sign's own word ("the feeling down below is
        gone since last night"), not the symptom going."""
        sentence = doc.sentence[start]
        gone = [
            r
            for r in doc.find(self._r.cues["resolved"])
            if r[0] >= end
            and self._beside(doc, r, start)
            and doc.sentence[r[0]] <= sentence + 1
            and not any(t in self._denials for t in doc.tokens[max(0, r[0] - 2) : r[0]])
            and not any(t in self._not_the_sign for t in doc.tokens[max(end, r[0] - 3) : r[0]])
            and not self._asks_if_going(doc, r[0])
            and not self._hoped(doc, r[0])
        ]  # "it won't go away" does not say it went; nor "the sciatica went completely" that the
        # numbness did; "the feeling never came back" says the sign stayed; nor "is it a side
        # effect that goes away?" that it went
        if not gone:
            return False
        resolved = doc.find(self._r.cues["resolved"])
        units = self._words["time_units"]
        change = [
            c
            for c in self.change_cues(doc)
            if not any(overlap(c, r) for r in resolved)
            and not (c[0] > gone[0][0] and any(t in units for t in doc.tokens[c[0] : c[1]]))
            and not self._episode_length(doc, c)
            and not (
                c[1] <= gone[0][0]
                and self._lasted(doc, c)
                and self._dated_event(doc, start)
                and not self._dated_between(doc, c[1], gone[0][0])
            )
            and not (c[0] > gone[0][0] and self._what_if(doc, doc.sentence[c[0]]))
        ]  # "wore off within a few hours" tells how soon it went, not that something is new;
        # "when I was pregnant ... couldn't feel my legs for a few hours, fine after" how long an
        # episode dated long ago lasted (one this week that went still counts); a time in a
        # question after it about what to do ("can I have a bath tonight?") is none either
        if any(
            b[0] > gone[0][0]
            and not any(overlap(b, r) for r in resolved)
            and not self._what_if(doc, doc.sentence[b[0]])
            for b in doc.find(self._r.cues["back"])
        ):
            return False  # it came back: "fine once I walk around, then it goes numb again" (not "will it come back?")
        # gone, with nothing new, or only an anaesthetic wearing off, or since it was checked and
        # found clear ("scan was clear ... peeing fine now"), however recent
        if not change or self._wore_off(doc, start, gone[0], change) or self._cleared(doc, start, gone[0]):
            return True
        # A sign placed long ago in its own sentence ("a numb bum in 2020, it went once I had the
        # op. Now just normal back pain"): a change word elsewhere is about something else.
        return doc.in_sentences(self._durations(doc), sentence, sentence) and not doc.in_sentences(
            change, sentence, sentence
        )

    def _cleared(self, doc: Document, start: int, gone: Span) -> bool:
        """Between the sign at ``start`` and its going (``gone``), the message says it was checked and
        found clear (cues.cleared): "couldn't pee, they catheterised me in A&E, scan was clear ...
        peeing fine now" (not a scan clear a year before a sign that is new)."""
        return any(start < s and e <= gone[1] for s, e in doc.find(self._r.cues["cleared"]))

    def _durations(self, doc: Document) -> list[Span]:
        """How long something has lasted (cues.duration), without a child's age (cues.age: "mi hija
        de 15 meses", "my 15 month old"), which says nothing of how long a sign has been there."""
        ages = doc.find(self._r.cues["age"])
        found = doc.find(self._r.cues["duration"])
        return [d for d in found if not any(overlap(d, a) for a in ages)] if ages else found

    def _wore_off(self, doc: Document, start: int, gone: Span, change: list[Span]) -> bool:
        """A numbness (or the like) beside a numbing procedure (cues.numbing: a spinal anaesthetic,
        an epidural, a nerve block) named before it in its sentence or the one before, or after it
        before its going, said to have gone in the sign's own sentence: the anaesthetic wearing off
        ("spinal for my knee op yesterday, legs were numb till teatime then back to normal", "legs
        numb for a few hours after the epidural but it wore off"). Its times must be the
        procedure's own (at most one, in the procedure's clause), how long the numbness lasted (some
        hours, or till when, between the sign and its going) or today's after it ("hoy ando
        normal"); any other ("an epidural 3 weeks ago and yesterday I lost feeling in my bum",
        "numb for 2 days after the spinal") says something else than an anaesthetic wearing off."""
        sentence = doc.sentence[start]
        if doc.sentence[gone[0]] != sentence or any(t in DAYS for t in doc.tokens[start : gone[0]]):
            return False  # "numb until wednesday", "dormidas dos días": no anaesthetic lasts days
        numbing = [
            n
            for n in doc.find(self._r.cues["numbing"])
            if n[1] <= gone[0]
            and sentence - 1 <= doc.sentence[n[0]] <= sentence
            and not overlap(n, (start, start + 1))
            # one the writer had, not one waited for, feared or someone else's ("my mum had an epidural")
            and not any(t in NOT_HAD for t in doc.tokens[max(doc.sentences[doc.sentence[n[0]]][0], n[0] - 5) : n[0]])
        ]
        if not numbing:
            return False
        before = [n for n in numbing if n[1] <= start]
        after = (before[-1] if before else numbing[0])[1]  # the nearest before the sign, else the first after
        stops = SENTENCE_END | LIST_WORDS | self._words["clause_break"] | {","}
        clause_end = next((i for i in range(after, len(doc.tokens)) if doc.tokens[i] in stops), len(doc.tokens))
        own = [(c0, c1) for c0, c1 in change if after <= c0 and c1 <= clause_end]
        return len(own) <= 1 and all(
            (c0, c1) in own
            or (
                start < c0 and c1 <= gone[0] and (self._hours(doc.tokens[c0:c1]) or self._till_later_today(doc, c0, c1))
            )
            or (c0 >= gone[1] and all(t in TODAY for t in doc.tokens[c0:c1]))  # "... se me pasó, hoy ando normal"
            for c0, c1 in change
        )

    @staticmethod
    def _till_later_today(doc: Document, c0: int, c1: int) -> bool:
        """A time at ``c0``..``c1`` after "till" that is later the same day ("numb till teatime",
        "hasta la tarde"), not another day ("until Wednesday")."""
        return doc.tokens[c0 - 1] in UNTIL and all(t in LATER_TODAY for t in doc.tokens[c0:c1])

    def _hours(self, words: list[str]) -> bool:
        """``words`` are some hours or minutes, at most MAX_BLOCK_HOURS ("3 hours", "a few hours",
        "unas horas"): how long an anaesthetic lasts, not days of it."""
        return (
            self._length(words)
            and words[-1] in HOURS
            and all(not w.isdigit() or int(w) <= MAX_BLOCK_HOURS for w in words[:-1])
        )

    def _dated_between(self, doc: Document, start: int, end: int) -> bool:
        """A date long past between ``start`` and ``end``: the going that follows it is that old
        event's ("couldn't pee for 2 days, had that back in 2020 and fully recovered")."""
        return any(start <= s and e <= end for s, e in doc.find(self._r.cues["past"]))

    def _length(self, words: list[str], number_words: bool = True) -> bool:
        """``words`` are only a length of time: a number or quantity, then a unit ("a few hours",
        "12 hours", "twelve hours"; ``number_words``: numbers written out beyond the quantities)."""
        numbers = NUMBER_WORDS if number_words else ()
        return (
            bool(words)
            and words[-1] in self._words["length_units"]
            and all(w.isdigit() or w in self._words["quantities"] or w in numbers for w in words[:-1])
        )

    def counted_back(self, doc: Document, change: Span) -> bool:
        """A length of time counted back from now: "haven't peed in 14 hours", "llevo 14 horas"
        (not "for 8 hours after the op", how long something would last)."""
        start, end = change
        if not doc.tokens[start:end] or doc.tokens[end - 1] not in self._words["length_units"]:
            return False
        return any(t in self._words["counted_back"] or t == "in" for t in doc.tokens[max(0, start - 1) : start])

    def length_only(self, doc: Document, change: Span) -> bool:
        """A change cue that is only a length of time not counted back from now ("for eight hours",
        "ocho horas"): in a question about what might happen, how long it would last."""
        start, end = change
        return self._length(doc.tokens[start:end]) and not self.counted_back(doc, change)

    def _lasted(self, doc: Document, change: Span) -> bool:
        """A change cue that is only a length of time told with "for" or "durante" ("for a few
        hours", "durante unas horas"), not counted back from now ("for the last 2 days")."""
        start, end = change
        words = doc.tokens[start:end]
        if not self._length(words):
            return False
        before = doc.tokens[max(0, start - 2) : start]
        if any(t in self._words["counted_back"] for t in (*before, *doc.tokens[end : end + 1])):
            return False
        return any(t in FOR_A_WHILE for t in (*before, *words[:1]))

    def _beside(self, doc: Document, cue: Span, start: int) -> bool:
        """Whether a cue of time in the sign's sentence is about the sign at ``start``. One before
        the sign is not when a clause break stands between ("had a stroke years ago and recovered,
        but my face is drooping"), nor a comma and a new subject ("took an overdose 2 years ago
        and recovered, I've just swallowed 30 paracetamol")."""
        s, e = cue
        if doc.sentence[s] != doc.sentence[start]:
            return True
        if e > start:  # after the sign, a "but" brings the time: "foot drop, but it recovered in 2021",
            # unless it is about an old event told in a clause of its own between: "can't pee, they
            # operated in 2019 and I recovered well"
            own = doc.find(self._r.cues["own"])  # "..., me pasa desde hace años" is the sign's
            return not any(
                start < ps
                and pe <= e
                and self._new_clause(doc.tokens[start:ps])
                and not any(start < os and oe <= ps for os, oe in own)
                for ps, pe in doc.find(self._r.cues["past"])
            )  # the cue may be that date itself: "legs weak and numb, I broke my back in 2015"
        between = doc.tokens[e:start]
        if any(t in self._words["clause_break"] for t in between):
            return False
        return not self._new_clause(between)

    def _new_clause(self, tokens: list[str]) -> bool:
        """A comma followed by a new subject among ``tokens`` (", I've just", ", his face", ", me caí")."""
        return any(t == "," and after in self._words["new_subject"] for t, after in itertools.pairwise(tokens))

    def _stable_beside(self, doc: Document, start: int, sign: Span | None = None) -> list[Span]:
        """The stable cues about the sign at ``start`` ("my usual" in "not my usual" is not one;
        "hoy otra vez igual" is back, not unchanged; nor is one just after a pain word, which is
        the pain's: "numb between my legs and my sciatica as always")."""
        change = self.change_cues(doc)
        back = doc.find(self._r.cues["back"])
        return [
            st
            for st in doc.find(self._r.cues["stable"])
            if not any(strictly_inside(st, c) for c in change)
            and not any(overlap(st, b) for b in back)
            and self._beside(doc, st, start)
            # the pain's, not the sign's: "la entrepierna dormida y la ciática de siempre"
            and not (st[0] > start and self._after_pain_word(doc, st, start + 1))
            and not (sign and self._treatments(doc, st, sign))
        ]

    def _treatments(self, doc: Document, cue: Span, sign: Span | None) -> bool:
        """A medicine or treatment in the two words before ``cue`` or just after it: the cue is the
        treatment's ("on steroids for years", "long-term steroids", "con corticoides desde hace
        años"), not a sign's. Not where the sign itself names a medicine (an overdose: "two extra
        tablets a day for years")."""
        if sign is not None and any(t in self._words["treatments"] for t in doc.tokens[sign[0] : sign[1]]):
            return False
        first = max(0, cue[0] - 2)
        for i in range(cue[0] - 1, first - 1, -1):  # "... the meds, nothing new": the meds' clause ends
            if doc.tokens[i] in SENTENCE_END or doc.tokens[i] == ",":
                first = i + 1
                break
        # the medicine just after only where the cue is how it is taken ("on long-term steroids"),
        # not a sign's length run into a medicine ("numb bum for years tablets don't touch it")
        taken = cue[0] > 0 and doc.tokens[cue[0] - 1] in TAKING
        near = (*doc.tokens[first : cue[0]], *(doc.tokens[cue[1] : cue[1] + 1] if taken else ()))
        return any(t in self._words["treatments"] for t in near)

    def _next_sentences_own(self, doc: Document, cue: Span) -> bool:
        """A length of time in the sentence after the sign's that belongs to what that sentence
        names before it: a pain ("her legs won't hold her. sciatica for months") or an operation
        ("se le torció la boca. Lo operaron de la columna el año pasado")."""
        opens = doc.sentences[doc.sentence[cue[0]]][0]
        return self._after_pain_word(doc, cue, opens) or any(
            t in self._words["procedures"] for t in doc.tokens[opens : cue[0]]
        )

    def _after_pain_word(self, doc: Document, cue: Span, floor: int) -> bool:
        """A pain word in the two words before ``cue`` (none before ``floor``): the cue is the
        pain's ("la ciática de siempre", "sciatica for months"), not a sign's."""
        return any(t in self._words["pain_words"] for t in doc.tokens[max(floor, cue[0] - 2) : cue[0]])

    def _quiet(self, doc: Document, rule: Rule, sentence: int, sign: Span, transient: bool = False) -> bool:
        """True when a long-standing, unchanged symptom should not alert: a stable or (for a
        lenient sign) a duration cue beside the sign at ``start``, in its sentence or the next.
        For a sign that counts when gone (``transient``), words that say it went ("back to
        normal") are not words that say it is usual. A length of time beside a medicine is the
        medicine's, unless the sign is about medicines (``medicines``)."""
        chronic, start = rule.chronic, sign[0]
        if chronic == "never":
            return False
        mine = None if rule.medicines else sign  # a medicine's length of time is an overdose's own
        stable = self._stable_beside(doc, start, mine)
        if transient:
            gone = doc.find(self._r.cues["resolved"])
            stable = [s for s in stable if not any(overlap(s, g) for g in gone)]
        quiet = doc.in_sentences(stable, sentence, sentence + 1)
        if chronic == "lenient":
            lasting = [
                d
                for d in self._durations(doc)
                if self._beside(doc, d, start)
                and not (mine and self._treatments(doc, d, mine))
                and not (doc.sentence[d[0]] > sentence and self._next_sentences_own(doc, d))
            ]
            quiet = quiet or doc.in_sentences(lasting, sentence, sentence + 1)
            return quiet and not self._sign_changing(doc, sentence - 1, sentence + 1, sentence)
        # strict (cauda equina): only "unchanged" / "normal for me", and nothing anywhere new or worse
        return quiet and not self._sign_changing(doc, 0, len(doc.sentences), sentence)

    def _sign_changing(self, doc: Document, first: int, last: int, sentence: int) -> bool:
        """``changing``, but for a pain's own change in a sentence other than the sign's, beside a
        sign said to be unchanged ("los pies dormidos, igual que siempre. Ahora me duele la ciática")."""
        every = self.changes(doc)
        changes = [c for c in every if doc.sentence[c[0]] == sentence or not self._pain_change(doc, c, every)]
        return doc.in_sentences(changes, first, last)

    def _pain_change(self, doc: Document, change: Span, changes: list[Span]) -> bool:
        """A change cue about a pain or a medicine, in the words just after it ("now my sciatica
        hurts", "ahora me duele la ciática", "hoy tengo una lumbalgia", "ahora me han recetado
        pregabalina"), not about the sign said to be unchanged; not when another change follows in
        its sentence ("ahora me duele más y se me está extendiendo")."""
        start, end = change
        _, last = doc.sentences[doc.sentence[end - 1]]
        after = doc.tokens[end : min(last, end + 3)]
        medicine = any(t in PRESCRIBED or t in self._words["treatments"] for t in doc.tokens[end : min(last, end + 4)])
        if not medicine and not any(t in PAIN_CHANGE or t.startswith(("lumbalg", "lumbag")) for t in after):
            return False
        return not any(start < c0 < last for c0, _ in changes if c0 >= end)
