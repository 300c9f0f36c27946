"""Whether a rule's match in a message counts: negation, mentions, general questions and time.

The detector (safety/redflags.py) finds where a rule's phrases occur; this module decides which of
those matches are the person's own, present sign: it drops a match that is negated ("no bladder
problems"), a general question ("what is cauda equina?"), only a mention ("my physio said to
watch for..."), a story on a screen, excluded by its rule, or not the person's matter now
(safety/timing.py: long-standing and unchanged where the sign allows that, gone, dated and
over), and tells whether the message says the sign is new or worse.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from safety.document import BREAKS, LIST_WORDS, SENTENCE_END, WONT, Document, Span
from safety.rules import Pattern, Rule, Rules
from safety.timing import Timing

NOR = frozenset({"ni", "nor", "neither", "ninguno", "ninguna", "ningun"})  # a list of things not felt or not done
#: Words from a sign to its sentence's end in a question on how one would know it ("... if I had
#: saddle numbness?"): more, and the writer goes on to tell theirs ("... as it feels like ...").
RECOGNITION_TAIL = 7
NEGATION_REACH = 6  # words a negation reaches forward ("I don't have any numbness in ...")
MENTION_REACH = 12
BESIDE_REACH = 4  # words between a condition's "causes" and the sign it leads into


#: "Now" alone, as in "and now I'm paranoid": the time of the worry, not of a sign.
NOW_WORDS = frozenset({"now", "ahora", "ya"})
#: After "gone", a state it has gone into, not a going away: "bleeding heavily and has gone grey".
GONE_INTO = frozenset(
    {"grey", "gray", "pale", "white", "blue", "cold", "floppy", "limp", "purple", "clammy", "sweaty", "yellow", "quiet"}
)


class Scope:
    """Reads a message (a Document) with one language's cue phrases and words."""

    def __init__(self, rules: Rules):
        self._r = rules
        self._words = rules.cue_words
        #: When each sign happened (safety/timing.py).
        self.time = Timing(rules)
        #: Words a sign said in the negative opens with ("no siento", "can't feel").
        self._negative_led = rules.cue_words["negators"] | WONT
        #: What ends a story for a symptom: a word of now, the writer or someone new coming in.
        self._story_ends = rules.cue_words["story_break"] | rules.cue_words["writer"] | rules.cue_words["new_subject"]
        #: Words that end a long sentence's run of one person's signs: someone else, a "but".
        self._wide_stops = rules.cue_words["apart"] | rules.cue_words["clause_break"] | SENTENCE_END

    def set_aside(self, doc: Document) -> bool:
        """Whether ``doc`` names an emergency sign in words that deny it or are not about the
        person now: negated ("no numbness down there"), a general question ("what is cauda
        equina?"), only a mention ("my physio said to watch for..."), words the sign's rule
        excepts or, for a sign never long-standing, an ``unless`` that holds ("I can't do this
        exercise anymore", "one of my usual seizures, came round like normal"), or a numbness that
        goes on standing ("my legs go numb on long flights, it passes when I walk"): then the
        message model asks, never alarms."""
        for rule in self._r.rules:
            if rule.level != "emergency" or not rule.listed or not rule.may_match(doc):
                continue
            # A figure of speech the sign's rule excepts ("I can't do this exercise anymore"); only
            # for signs that are never long-standing, whose exceptions are such figures of speech.
            excepts = [span for rx in rule.excepts for span in doc.find(rx)] if rule.chronic == "never" else []
            for pattern in (*rule.patterns, *rule.clear):
                for parts in self.matches(doc, pattern):
                    start, end = parts[0][0], max(e for _, e in parts)
                    sentence = doc.sentence[start]
                    if (
                        any(s < end and start < e for s, e in excepts)
                        or (
                            rule.chronic == "never"
                            and rule.unless
                            and self._unless_holds(
                                doc,
                                rule,
                                start,
                                sentence,
                                self.time.changing(doc, sentence - 1, sentence + 1),
                                doc.sentence[end - 1],
                            )
                        )
                        or self._negated(doc, parts)
                        or (not rule.questions_are_own and self._general_question(doc, doc.sentence[start], start))
                        or self._aside(doc, rule, start, end)
                        or (rule.positional and self.time.relieved(doc, start, doc.sentence[start]))
                    ):
                        return True
        return False

    def hits(self, doc: Document, rule: Rule) -> Iterator[tuple[bool, bool]]:
        """For each of ``rule``'s matches that survives negation, mentions, exceptions and
        chronicity: (answered at once?, said to be new or worse?)."""
        if not rule.may_match(doc):
            return
        excepts: list[Span] | None = None  # read at the first match: most rules have none
        patterns = [(p, True, True) for p in rule.clear] + [(p, not rule.ask, False) for p in rule.patterns]
        for pattern, clear, listed_clear in patterns:
            for parts in self.matches(doc, pattern, wide=self._wide_stops):
                start, end = parts[0][0], max(e for _, e in parts)
                sentence = doc.sentence[start]
                if excepts is None:
                    excepts = [span for rx in rule.excepts for span in doc.find(rx)]
                if any(s < end and start < e for s, e in excepts):
                    continue
                if (
                    (not rule.questions_are_own and self._general_question(doc, sentence, start))
                    or self._aside(doc, rule, start, end)
                    or self._negated(doc, parts)
                ):
                    continue
                changing = self.time.changing(doc, sentence - 1, sentence + 1)
                # needs_change: a sign asked about counts without the change (it asks), one of its
                # clear phrases only with it ("needed a catheter this morning, first time ever")
                if pattern.needs_change and not changing and (listed_clear or not rule.ask):
                    continue
                if self._unless_holds(doc, rule, start, sentence, changing, doc.sentence[end - 1]):
                    continue
                if self.time.not_now(doc, rule, start, end):
                    continue
                changed = changing or self.time.changing(doc, 0, len(doc.sentences))
                if any(self._affirmed(doc, s, sentence) for rx in rule.ask_unless for s in doc.find(rx)) or any(
                    self._leads_into(doc, s, start, end) for rx in rule.ask_beside for s in doc.find(rx)
                ):
                    if self._is_question(doc, sentence) and not changed:
                        continue  # "why does walking make my legs numb?" asks for an explanation
                    clear = False  # "both legs go numb when I walk": ask, unless it says new or worse
                if rule.chronic == "strict" and not changed and self.time.lasting(doc, start, end):
                    clear = False  # "bowel incontinence for 7 years": long-standing by its words: ask
                yield clear or changed, changed

    @staticmethod
    def matches(doc: Document, pattern: Pattern, wide: frozenset[str] = frozenset()) -> Iterator[list[Span]]:
        """Each way the pattern's parts occur in one sentence, close enough together (or, for a
        pattern that allows it, in sentences at most ``pattern.sentences`` apart). Given ``wide``
        (words that end one person's run of signs: someone else, a reason, a "but"), a pattern that
        allows sentences apart also takes its parts far apart in one long sentence with none of
        them between ("fiebre de 40, escalofríos ..., y ahora estoy como confundida"); only for
        finding a sign, never for setting one aside."""
        spans = []
        for part in pattern.parts:
            found = doc.find(part)
            if not found:
                return  # every part must occur: the rest need not be looked for
            spans.append(found)
        for combo in itertools.product(*spans):
            ordered = sorted(combo)
            if any(a_end > b_start for (_, a_end), (b_start, _) in itertools.pairwise(ordered)):
                continue
            first, last = doc.sentence[ordered[0][0]], doc.sentence[ordered[-1][0]]
            if first != last:  # parts in sentences apart: near enough only where the pattern allows it
                if last - first <= pattern.sentences:
                    yield ordered
                continue
            start, end = ordered[0][0], max(e for _, e in ordered)
            gap = end - start - sum(e - s for s, e in ordered)
            if gap <= pattern.within or (
                wide and pattern.sentences and not any(t in wide for t in doc.tokens[start:end])
            ):
                yield ordered

    def _unless_holds(self, doc: Document, rule: Rule, start: int, sentence: int, changing: bool, last: int) -> bool:
        """An ``unless`` of the rule, not itself negated, is in the sign's sentence, and nothing there
        overrides it: a change (``change_overrides_unless``), a numbness that does not go on standing
        (a positional sign), or a serious feature the rule names (``unless_gives_way_to``) anywhere
        from the sign's sentence to the last one its match runs into (``last``; "mi abuelo se cayó
        de la cama. No lo podemos levantar.")."""
        return (
            any(self._affirmed(doc, s, sentence) for rx in rule.unless for s in doc.find(rx))
            and not (rule.change_overrides_unless and changing)
            and not (rule.positional and self._unrelieved(doc, start, sentence))
            and not any(doc.in_sentences(doc.find(rx), sentence, last) for rx in rule.unless_gives_way_to)
        )

    def _unrelieved(self, doc: Document, start: int, sentence: int) -> bool:
        """After the sign, in its sentence or the next, the message says it does not go when the
        person stands up or moves (cues.unrelieved): "se me duerme el culo y no se me quita aunque
        me pare, supongo que es de estar sentado" is no numbness of sitting."""
        return any(s > start and doc.sentence[s] <= sentence + 1 for s, _ in doc.find(self._r.cues["unrelieved"]))

    def _is_question(self, doc: Document, sentence: int) -> bool:
        """The sentence opens like a question ("why does walking make my legs numb", "¿se puede...?");
        not "have to strain to..." nor "se tomó todas sus pastillas y no responde", which tell."""
        first, last = doc.sentences[sentence]
        words = [t for t in doc.tokens[first:last] if t not in (",", ".", "?")]
        if not words or words[0] not in self._words["question_start"]:
            return False
        if words[0] in ("have", "has", "had") and words[1:2] == ["to"]:
            return False
        return not (
            words[0] == "se" and words[1:2] and words[1] not in self._words["modal"] and doc.tokens[last - 1] != "?"
        )

    def _general_question(self, doc: Document, sentence: int, start: int) -> bool:
        """A question about the signs in general: starts like a question and names no one; or
        asks what might happen to the sign at ``start`` ("what if I can't pee after the block
        tomorrow?")."""
        if self._hypothetical(doc, sentence, start):
            return True
        if not self._is_question(doc, sentence):
            return False
        first, last = doc.sentences[sentence]
        if any(t in self._words["still"] for t in doc.tokens[first:last]):
            return False  # "¿qué pasa si mañana sigo con la zona genital dormida?" is the writer's
        # the sign must be what the question asks about, right after its words ("how would I know if
        # I had saddle numbness?"), not told after it ("... cauda equina, numb bum and can't pee")
        asking = [
            (s, e)
            for s, e in doc.find(self._r.cues["recognition"])
            if s == first
            and e <= start <= e + 1
            and "," not in doc.tokens[e:start]
            and last - start <= RECOGNITION_TAIL
        ]
        person = doc.find(self._r.cues["person"])
        if any(first <= s < last and not any(a <= s and e <= b for a, b in asking) for s, e in person):
            return False
        if asking and self.time.changing(doc, sentence, sentence):
            return False  # "how would I know if I had saddle numbness, it started this morning"
        # "is numbness between your legs normal with a disc? mine started yesterday": a general
        # question followed by the person's own change is about them.
        later = range(sentence + 1, len(doc.sentences))
        if not later:
            return True
        own = doc.find(self._r.cues["own"])
        changes = self.time.changes(doc) if person or asking else []
        # after a question on how one would know a sign, a time or a change alone is the answer:
        # "how would I know if I had saddle numbness? Since lunch."
        return not any(
            doc.in_sentences(own, i, i)
            or (
                (asking or doc.in_sentences(person, i, i))
                and doc.in_sentences(changes, i, i)
                and not self._worry(doc, i, changes)
            )
            for i in later
        )

    def _worry(self, doc: Document, sentence: int, changes: list[Span]) -> bool:
        """The sentence tells only the writer's worry now ("and now I'm paranoid"): a word of worry
        and no time or change (``changes``, the message's) but "now" ("... got worse today and now
        I'm worried", "... changes down there since yesterday" are the writer's own)."""
        first, last = doc.sentences[sentence]
        if not any(t in self._words["feelings"] for t in doc.tokens[first:last]):
            return False
        told = [doc.tokens[s:e] for s, e in changes if first <= s < last]
        return all(len(words) <= 2 and words[-1] in NOW_WORDS for words in told)  # "now", "and now"

    def _hypothetical(self, doc: Document, sentence: int, start: int) -> bool:
        """The sentence asks what might happen to the sign at ``start`` at a time still to come
        ("what if I can't pee after the block tomorrow?", "¿y si no puedo orinar después de la
        infiltración?"): it opens with the question, ends with "?", says nothing is new, and no
        comma or clause break stands between the question's words and the sign's ("what if it's
        cauda equina, I can't pee" tells what is happening)."""
        first, last = doc.sentences[sentence]
        if doc.tokens[last - 1 : last] != ["?"]:
            return False
        # a change in the sign's clause says it is happening; one after it is what the question
        # asks about ("if sciatica went into both legs, would that mean the disc is worse?")
        breaks = self._words["clause_break"] | {","}
        clause_end = next((i for i in range(start, last) if doc.tokens[i] in breaks), last)
        if any(first <= c[0] < clause_end and not self.time.length_only(doc, c) for c in self.time.changes(doc)):
            return False
        # the writer then says it is happening: "... would that mean cauda equina? Because I can't,
        # since this morning", "... asking cos that's what's happening rn"
        if any(s > start for s, _ in self._claims(doc)) or self._says_own_now(doc, sentence + 1):
            return False
        if any(t in self._words["ongoing"] for t in doc.tokens[first:last]):
            return False  # "what if I still can't pee tomorrow?", "what if I ignore it till Monday?"
        if not any(first <= s and e <= last for s, e in doc.find(self._r.cues["to_come"])):
            return False
        stops = SENTENCE_END | self._words["clause_break"] | {","}
        return any(
            s == first and not any(t in stops for t in doc.tokens[e:start])
            for s, e in doc.find(self._r.cues["hypothetical"])
        )

    def _says_own_now(self, doc: Document, sentence: int) -> bool:
        """The sentence tells the writer's own state now, in the negative and with a time ("I haven't
        been since last night", "no he podido desde ayer"): after a what-if question, the answer."""
        if sentence >= len(doc.sentences) or not self.time.changing(doc, sentence, sentence):
            return False
        first, last = doc.sentences[sentence]
        words = set(doc.tokens[first:last])
        return bool(words & self._words["writer"]) and bool(words & self._negative_led)

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

    def _aside(self, doc: Document, rule: Rule, start: int, end: int) -> bool:
        """Not about anyone now: only a mention, or someone else's event the message turns from;
        for a sign told by a bystander (``rule.bystander``), only a story, a screen or a dream."""
        if rule.bystander:
            return self._in_story(doc, start, self._words["story_break"]) or self._shared(doc, start, end)
        # a symptom in a story whose subject is someone in it ("watching Casualty and a fella came in
        # unable to pee"), until the writer or someone new comes in ("... and I can't feel my bum")
        return (
            self._mentioned(doc, start, end)
            or self._shared(doc, start, end)
            or self._someone_elses(doc, start)
            or (
                self._in_story(doc, start, self._story_ends, self._words["third_person"])
                and not self._told_as_own(doc, start)
            )
        )

    def _shared(self, doc: Document, start: int, end: int) -> bool:
        """A sign listed in a post that shares a page, an article or a reminder (cues.shared) that
        comes before it: the sign's sentence lists signs (two of ",", "or", "and"), says no time and
        names no one after the post's words, and no claim, turn or words of the writer's own
        follow. "Sharing this NHS page: numbness down below, can't pee or both legs weak" is the
        page's list; "Admin reminder, took a whole box of co-codamol tonight", "Sharing this page.
        Took 40 co-codamol tonight." and "please read, my husband can't move his legs" are someone's."""
        found = [e for _, e in doc.find(self._r.cues["shared"]) if e <= start]
        if not found:
            return False
        first, last = doc.sentences[doc.sentence[start]]
        listed = sum(1 for t in doc.tokens[first:last] if t in (",", ";", "or", "o", "and", "y")) >= 2
        if not listed or any(first <= c0 < last for c0, _ in self.time.change_cues(doc)):
            return False
        after = max(found[0], first)  # the post's own words may name the writer ("sharing my ...")
        if any(after <= p0 < last for p0, _ in doc.find(self._r.cues["person"])):
            return False
        own = [*self._claims(doc), *doc.find(self._r.cues["turn"]), *doc.find(self._r.cues["own"])]
        return not any(found[0] <= s for s, _ in own)

    def _told_as_own(self, doc: Document, start: int) -> bool:
        """After a sign in a story, the writer takes it as theirs ("... that's exactly what's happening
        to me", "same here", "y yo igual") or says it is new ("... since yesterday")."""
        later = [s for s, _ in (*self._claims(doc), *doc.find(self._r.cues["own"])) if s > start]
        sentence = doc.sentence[start]
        change = [c for c in self.time.change_cues(doc) if c[0] > start]  # not "watching it last night"
        return bool(later) or doc.in_sentences(change, sentence, sentence + 1)

    def _in_story(
        self, doc: Document, start: int, breaks: frozenset[str], subjects: frozenset[str] | None = None
    ) -> bool:
        """A story, a screen or a dream earlier in the sign's sentence, with none of ``breaks``
        between it and the sign (and, given ``subjects``, one of them: someone in the story)."""
        first, _ = doc.sentences[doc.sentence[start]]
        return any(
            first <= s
            and e <= start
            and not any(t in breaks for t in doc.tokens[e:start])
            and (subjects is None or any(t in subjects for t in doc.tokens[s:start]))
            for s, e in doc.find(self._r.cues["story"])
        )

    def _mentioned(self, doc: Document, start: int, end: int) -> bool:
        """Only a mention ("my physio said to watch for ..."), unless the writer then says they
        have it ("... i think i've got it now": cues.claim)."""
        begin = self._clause_start(doc, start, MENTION_REACH, commas=True, subjects=False)
        mentions = [(s, e) for s, e in doc.find(self._r.cues["mention"]) if begin <= s and e <= start]
        if not mentions:
            return False
        first_said = mentions[0][0]
        said = {e for _, e in mentions}
        sentence = doc.sentence[start]
        first, last = doc.sentences[sentence]
        if any(t in self._words["ongoing"] for t in doc.tokens[max(first, start - 2) : end]):
            return False  # "what happens if my bum is still numb after the weekend?"
        if doc.tokens[last - 1 : last] == ["?"] and self.time.changing(doc, sentence + 1, sentence + 1):
            return False  # "what happens if I can't pee after the injection? I haven't been since last night"
        anchored = self._words["anchored"]
        if any(
            (any(t in anchored for t in doc.tokens[c0:c1]) or self.time.counted_back(doc, (c0, c1)))
            for c0, c1 in self.time.change_cues(doc)
            if first_said < c0 and c1 <= last and not (c0 in said and c1 <= start)  # "dreamt last night I ..."
        ):
            return False  # "what happens if the numbness I've had since Tuesday is still there?"
        said_end = max(said)  # after the last mention
        claims = self._claims(doc)
        if any(said_end <= s < start for s, _ in (*claims, *doc.find(self._r.cues["turn"]))):
            return False  # "reading about it made me think, I can't feel my bum when I wipe"
        writer = self._words["writer"]
        if any(t == "," and after in writer for t, after in itertools.pairwise(doc.tokens[said_end:start])):
            return False  # the writer's own clause after the mention: "some people say ..., I want to die"
        return not any(s > start for s, _ in claims)

    def _claims(self, doc: Document) -> list[Span]:
        """The writer taking a sign mentioned as theirs (cues.claim), not one that goes on to say
        it was fine: "dreamt I couldn't move my legs, woke up and they were fine"."""
        fine = doc.find(self._r.cues["negation_after"])
        return [
            (s, e)
            for s, e in doc.find(self._r.cues["claim"])
            if not any(e <= fs <= e + 3 and doc.sentence[fs] == doc.sentence[s] for fs, _ in fine)
        ]

    def _someone_elses(self, doc: Document, start: int) -> bool:
        """Another person's event that the message then turns away from, to the writer's own
        matter: "my cousin was in a car crash last week, hope she's ok. anyway, how long does
        sciatica last". Someone else named in the sign's sentence, no "i" or "me" before the sign
        in it, nothing in it about how that person is now, and a turn after the sign. A carer's
        message about the person they look after ("my dad fell off a ladder and can't move his
        legs, anyway what do we do") counts in full."""
        sentence = doc.sentence[start]
        first = doc.sentences[sentence][0]
        if not doc.in_sentences(doc.find(self._r.cues["others"]), sentence, sentence):
            return False
        if doc.in_sentences(doc.find(self._r.cues["present"]), sentence, sentence):
            return False
        if any(t in self._words["writer"] for t in doc.tokens[first:start]):
            return False
        return any(s > start for s, _ in doc.find(self._r.cues["turn"]))

    def _negated(self, doc: Document, parts: list[Span]) -> bool:
        hedges = doc.find(self._r.cues["hedge"])
        cues = [(s, e) for s, e in doc.find(self._r.cues["negation"]) if not any(a < e and s < b for a, b in hedges)]
        start, end = parts[0][0], max(e for _, e in parts)
        begin = self._clause_start(doc, start, NEGATION_REACH, commas=False, subjects=True)
        # a subject word between a negating verb and a pain word is the pain's article: "no tengo el
        # dolor" (not after "sin": "sin el bastón no puede con las piernas")
        if (
            0 < begin == start < len(doc.tokens)
            and doc.tokens[begin - 1] in self._words["subject"]
            and doc.tokens[begin] in self._words["pain_words"]
        ):
            begin = min((s for s, e in cues if e == begin - 1 and e - s > 1), default=begin)
        before = [e for s, e in cues if begin <= s and e <= start]
        # a sign itself said in the negative ("not breathing", "no pulse") after a list word is not
        # denied by the negative before it: "not moving and not breathing" names two signs, where
        # "it's not that there's no point" denies one
        listed = doc.tokens[start] in self._words["negators"] and any(
            t in LIST_WORDS for t in doc.tokens[max(before, default=start) : start]
        )
        if before and not listed:
            return True
        # Between the parts, or in a phrase's "..." gap: "groin is not numb", "I have never had cancer".
        gaps = [(a_end, b_start) for (_, a_end), (b_start, _) in itertools.pairwise(parts)]
        gaps += [gap for part in parts for gap in doc.gaps.get(part, ())]
        # a sign said in the negative goes on past "ni"/"nor": "no siento las piernas ni el culo"
        said_negative = doc.tokens[start] in self._negative_led
        for gap_start, gap_end in gaps:
            for s, e in cues:
                if said_negative and e - s == 1 and doc.tokens[s] in NOR:
                    continue
                if gap_start <= s < gap_end and self._trailing_nor(doc, gap_start, s, cues):
                    return True  # "no es que me desmaye ni nada, es el cansancio de aguantar el dolor"
                if gap_start <= s and e <= gap_end and self._reaches(doc, (s, e), gap_end):
                    return True
        first, last = doc.sentences[doc.sentence[start]]
        if doc.tokens[last - 1 : last] == ["?"]:
            return False  # "is numbness there normal?" asks; it does not say all is well
        for s, e in doc.find(self._r.cues["negation_after"]):  # "bladder control is fine"
            if (
                end <= s <= end + 1
                and not any(t == "," or t in SENTENCE_END or t in BREAKS for t in doc.tokens[end:s])
                and doc.tokens[s - 1] not in self._words["negators"]
                and not (doc.tokens[e - 1] == "gone" and doc.tokens[e : e + 1] and doc.tokens[e] in GONE_INTO)
            ):
                return True
        return False

    def _trailing_nor(self, doc: Document, part_end: int, nor: int, cues: list[Span]) -> bool:
        """A "ni"/"nor" that ends the clause of the part before it, close after it ("no es que me
        desmaye ni nada, ..."): that part was said in the negative, whatever follows."""
        if doc.tokens[nor] not in NOR or nor - part_end > 2:
            return False
        after = doc.tokens[nor + 1 : nor + 2]
        if after and not (after[0] == "," or after[0] in SENTENCE_END or after[0] in BREAKS):
            return False
        between = range(part_end, nor)
        return not any(doc.tokens[i] == "," for i in between) and not any(part_end <= s < nor for s, _ in cues)

    def _reaches(self, doc: Document, negation: Span, part_start: int) -> bool:
        """A negation between a sign's parts governs the part after it: in that part's clause, at
        most NEGATION_REACH words before it (``_clause_start``: no sentence end, clause break or
        comma but a negated list's between), and with no clause of a new subject opening between
        ("I haven't slept at all and now I'm confused"; not "not what I would call confused")."""
        s, e = negation
        if self._clause_start(doc, part_start, NEGATION_REACH + e - s, commas=False, subjects=False) > s:
            return False
        between = doc.tokens[e:part_start]
        return not any(a in LIST_WORDS and b in self._words["new_subject"] for a, b in itertools.pairwise(between))

    def _leads_into(self, doc: Document, span: Span, start: int, end: int) -> bool:
        """The words at ``span`` run into the match at ``start``..``end``, or stand at most
        BESIDE_REACH words before or after it ("my arachnoiditis causes burning in both legs",
        "the numbness in my saddle area is part of my arachnoiditis"), with no comma, "and" or
        clause break between."""
        s, e = span
        if doc.sentence[s] != doc.sentence[start]:
            return False
        between = doc.tokens[e:start] if s < start else doc.tokens[end:s] if s >= end else []
        return len(between) <= BESIDE_REACH and not any(
            t in LIST_WORDS or t in SENTENCE_END or t in self._words["clause_break"] for t in between
        )

    def _affirmed(self, doc: Document, span: Span, sentence: int) -> bool:
        """An ``unless`` cue in the sentence that is not itself negated ("not dieting")."""
        s, _ = span
        return doc.sentence[s] == sentence and not any(
            t in self._words["negators"] for t in doc.tokens[max(0, s - 3) : s]
        )
