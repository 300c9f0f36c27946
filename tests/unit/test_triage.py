"""Triage: the three levels on the vignette sets, the follow-up question, one vocabulary with /urgent.

Sets A-D (safety/vignettes/) were each scored first on the rules as they stood when the set
arrived, and then used to develop the rules; set F (safety/vignettes/f.yaml) was scored on arrival
and is learnt from by the message model (safety/model.py), as are A-D; sets E, G and H
(tests/data/triage_vignettes_*.yaml) are held back: scored, never read, never learnt from. Their
figures are printed by ``python bench/triage.py`` (``--cv``: each development set scored by the
model learnt without it) and kept with their history in docs/triage.md.
"""

from __future__ import annotations

from functools import cache

import pytest

from bench.triage import load, score
from bot import render
from content.loader import load_content
from safety.redflags import RedFlagDetector
from tests.evaluation import assert_floors, lay_figures, triage_outcomes

DEVELOPMENT = ("a", "b", "c", "d")  # the rules were developed on these
LEARNT = ("f", "i", "j")  # scored on arrival, then learnt from by the message model only
HELD_OUT = ("e", "g", "h")


@cache
def detector() -> RedFlagDetector:
    return RedFlagDetector.load()


@cache
def rules_only() -> RedFlagDetector:
    return RedFlagDetector.load(with_model=False)


@cache
def figures(name: str) -> dict[str, float]:
    return score(load(name), triage_outcomes(name))


def test_the_vignette_sets_are_large_and_labelled():
    cases = [c for name in (*DEVELOPMENT, *LEARNT, *HELD_OUT) for c in load(name)]
    assert len(cases) >= 2270
    assert {c["level"] for c in cases} == {"emergency", "urgent", "soon", "none"}
    for name in (*DEVELOPMENT, *LEARNT, *HELD_OUT):
        texts = [c["text"] for c in load(name)]
        assert len(set(texts)) == len(texts), name


def test_development_sets_gate():
    """The issue's gate on the sets the rules were developed on: every emergency that is clear
    gets the emergency reply at once (the two misses left are messages whose own label says a
    question was right: a general question about leaking, tingling legs after training)."""
    cases = [c for name in DEVELOPMENT for c in load(name)]
    outcomes = [got for name in DEVELOPMENT for got in triage_outcomes(name)]
    f = score(cases, outcomes)
    clear = [(c, got) for c, got in zip(cases, outcomes, strict=True) if c["level"] == "emergency" and not c.get("ask")]
    missed = [c["text"] for c, got in clear if got != "emergency"]
    assert not missed, missed
    assert f["emergency_recall"] >= 0.99, f
    assert f["urgent_recall"] >= 0.95, f
    assert f["false_emergency"] <= 0.05, f
    assert f["clear_emergency_asked"] == 0, f


def test_held_out_set_floor():
    """Sets E, G and H, wording nobody tuning the rules or the model has read: below the targets
    (docs/triage.md). Floors under today's figures that catch a regression, not claims."""
    e, g, h = figures("e"), figures("g"), figures("h")
    assert e["emergency_recall"] >= 0.87 and g["emergency_recall"] >= 0.93 and h["emergency_recall"] >= 0.95
    # H urgent 0.927 -> 0.909 once the model learnt Z (long-standing look-alikes)
    assert e["urgent_recall"] >= 0.95 and g["urgent_recall"] >= 0.94 and h["urgent_recall"] >= 0.90, (e, g, h)
    assert e["false_emergency"] <= 0.07 and g["false_emergency"] <= 0.07 and h["false_emergency"] <= 0.07, (e, g, h)
    # E's emergencies reached: 0.978 until the model learnt the flare set, 0.966 since, 0.955 once it
    # learnt the sets of ordinary messages (plain, es-plain)
    assert min(e["emergency_reached"], g["emergency_reached"], h["emergency_reached"]) >= 0.95, (e, g, h)
    # M and N (held out, written for later rounds): under M now (0.967 / 0.982 / 0.000) and N on
    # arrival (0.918 / 0.982 / 0.053)
    m, n = figures("m"), figures("n")
    assert m["emergency_recall"] >= 0.95 and m["urgent_recall"] >= 0.97 and m["false_emergency"] <= 0.02, m
    assert n["emergency_recall"] >= 0.90 and n["urgent_recall"] >= 0.97 and n["false_emergency"] <= 0.07, n
    # Q (held out, 240): on arrival 0.881 / 0.887 / 0.063, after learning P 0.893 / 0.906 / 0.063;
    # after learning R 0.905 / 0.906 / 0.076 (one more false emergency, from the model); after
    # learning U and the flare set 0.881 / 0.925 / 0.063 (two emergencies fewer, one urgent more);
    # after learning W (collapse, faints and fits) 0.869 (one emergency fewer, from the model)
    q = figures("q")
    assert q["emergency_recall"] >= 0.86 and q["urgent_recall"] >= 0.89 and q["false_emergency"] <= 0.08, q
    # S (held out, 240): on arrival 0.833 / 0.981 / 0.076; after R's changes 0.869 / 0.981 / 0.076;
    # 0.857 once the model learnt Z and ES-T (two emergencies fewer, from the model); false emergency
    # 0.076 -> 0.089 with the fixes from the second review of the readings of old and imagined signs
    s = figures("s")
    assert s["emergency_recall"] >= 0.85 and s["urgent_recall"] >= 0.96 and s["false_emergency"] <= 0.09, s
    # "acute" (severe ordinary back pain, 200; scored, partly read, not learnt from): on arrival
    # 0.933 / 1.000 / 0.252; since the model learnt the flare set and U's rules, 1.000 / 1.000 / 0.076
    acute = figures("acute")
    assert acute["emergency_recall"] >= 0.96 and acute["false_emergency"] <= 0.08, acute
    # (emergency, urgent, false emergency) floors under each later held-out set's figures
    floors = (
        # T (held out, 200), written after that round, on arrival: 0.900 / 1.000 / 0.091
        ("t", 0.89, 0.97, 0.10),
        # V (held out, 220), written before U's and the flare set's round, on arrival: 0.922 / 1.000 /
        # 0.068; after that round: 0.935 / 1.000 / 0.055
        ("v", 0.92, 0.97, 0.06),
        # X (held out, 200; half about collapse, faints and fits), on arrival 0.771 / 1.000 / 0.037;
        # with the collapse sign 0.957 / 1.000 / 0.087 (five everyday messages read as a collapse)
        ("x", 0.94, 0.97, 0.09),
        # AA (held out, 200; a third long-standing look-alikes), on arrival 0.971 / 1.000 / 0.129;
        # with dated-and-over, long-standing, hypothetical and positional readings 0.971 / 1.000 /
        # 0.100; after AC's round 0.086
        ("aa", 0.95, 0.97, 0.10),
        # AB (held out, 200; after surgery or injections, other long-term conditions), on arrival
        # 0.957 / 0.975 / 0.171; after learning AC and its round 0.957 / 1.000 / 0.143
        ("ab", 0.94, 0.97, 0.15),
        # AD (held out, 200), written after the round as a last check, on arrival 0.929 / 1.000 /
        # 0.100 (the rules and model at the round's start: 0.929 / 1.000 / 0.171)
        ("ad", 0.91, 0.97, 0.11),
        # AE (held out, 200; several questions with the sign hidden among them), on arrival 0.958 /
        # 1.000 / 0.132; written to be learnt, held out since learning it lost one urgent answer
        ("ae", 0.94, 0.97, 0.14),
        # AG (held out, 200; every level and kind, told by what people cannot do or feel), written
        # before the next round's changes, on arrival 0.971 / 0.975 / 0.071; the same at its end
        ("ag", 0.95, 0.95, 0.08),
        # AI (held out, 200; every kind, with cancer and a newly weak leg, past suicidal thoughts
        # now well, Pidgin and Jamaican English), written after the round's last rule change:
        # with the round's starting rules 0.871 / 1.000 / 0.043, at its end 0.914 / 1.000 / 0.043
        ("ai", 0.90, 0.97, 0.05),
        # AJ (held out, 200; every level and kind, patients, carers and support-group replies from
        # twelve countries), written before the next round's changes, on arrival 0.914 / 0.950 / 0.071
        ("aj", 0.90, 0.95, 0.08),
        # AL (held out, 200; every kind, many from people living with long-standing conditions),
        # written after the round's changes as a last check: with the round's starting rules
        # 0.886 / 0.950 / 0.100, on arrival 0.929 / 0.950 / 0.100
        ("al", 0.92, 0.95, 0.11),
        # AO (held out, 200; every level and kind from eleven countries, some by voice-to-text),
        # written before the next round's changes, on arrival 0.957 / 1.000 / 0.100
        ("ao", 0.95, 0.97, 0.10),
        # AQ (held out, 200; every kind from sixteen countries, a third of the emergencies hidden in
        # long messages), written after the round's changes: with the round's starting rules
        # 0.957 / 1.000 / 0.129, on arrival 0.971 / 1.000 / 0.114
        ("aq", 0.96, 0.97, 0.12),
        # AS (held out, 200; every kind from seventeen countries, some typed in a hurry or by
        # voice), written after the round's reviews: with the round's starting rules 0.914 /
        # 1.000 / 0.129, on arrival 0.943 / 1.000 / 0.114
        ("as", 0.94, 0.97, 0.12),
        # AU (held out, 200; half cauda equina, half every other kind, fifteen countries), written
        # after the round's last change: with the round's starting rules 0.971 / 1.000 / 0.086, on
        # arrival 0.986 / 1.000 / 0.057
        ("au", 0.98, 0.97, 0.06),
        # AW (held out, 200; every kind from sixteen countries, many look-alikes), written before
        # the next round's changes, on arrival 0.943 / 1.000 / 0.129
        ("aw", 0.94, 0.97, 0.13),
        # AY (held out, 200; every kind from eighteen countries, with stroke signs that passed and
        # trouble after a needle into the spine), written after the round's first changes: with
        # the round's starting rules 0.914 / 0.975 / 0.071, on arrival 0.914 / 1.000 / 0.071
        ("ay", 0.91, 0.97, 0.08),
        # AZ (held out, 200; every kind from seventeen countries, many look-alikes), written after
        # the round's second reviews: with the round's starting rules 0.929 / 1.000 / 0.114, on
        # arrival (5e44dfa) 0.957 / 1.000 / 0.100
        ("az", 0.95, 0.97, 0.12),
        # BA (held out, 200; late-night messages from people with several long-standing
        # conditions, an old sign beside a new one, signs told as gone or someone else's), written
        # before the next round's changes, on arrival 0.871 / 1.000 / 0.057
        ("ba", 0.87, 0.97, 0.06),
        # BD (held out, 200; every kind from sixteen countries, many look-alikes), written after the
        # round's first changes: with the round's starting rules 0.929 / 0.950 / 0.000, on arrival
        # (fcb4936) the same
        ("bd", 0.94, 0.95, 0.01),
        # BE (held out, 200; every kind as typed on phones, with fevers, falls, weak immune
        # systems, crises, strokes and chest pain), written after the round's reviews: with the
        # round's starting rules 0.914 / 0.975 / 0.071, on arrival (cc40e01) 0.929 / 0.975 / 0.071
        ("be", 0.92, 0.97, 0.08),
        # BG (held out, 200; every kind from seven countries, many emergencies told indirectly or
        # beside long-standing conditions), written before the next round's changes, on arrival
        # 0.929 / 0.950 / 0.100
        ("bg", 0.92, 0.95, 0.10),
        # BI (held out, 200; every kind from ten countries, with medicines' harms, crises told
        # without the obvious words, older people's falls and fevers beside other illnesses),
        # written after the round's first changes: with the round's starting rules 0.929 / 1.000 /
        # 0.071, on arrival (e546a39) 0.957 / 1.000 / 0.071
        ("bi", 0.95, 0.97, 0.08),
        # BJ (held out, 200; every kind from nine countries, very short and very long messages,
        # several topics in one), written after the round's reviews: with the round's starting
        # rules 0.957 / 0.900 / 0.057, on arrival (7b11a11) the same
        ("bj", 0.95, 0.90, 0.06),
        # BK (held out, 200; every kind from nine countries as typed on phones at odd hours,
        # half the level-none messages with red-flag words), written after the round's second
        # review: with the round's starting rules 0.971 / 1.000 / 0.014, on arrival (728b00b) the same
        ("bk", 0.97, 0.97, 0.02),
        # BL (held out, 200; every kind as the public writes, a quarter for or about someone else,
        # cauda equina in everyday words the largest share of the emergencies), written before the
        # next round's changes, on arrival 0.929 / 1.000 / 0.057, at the round's end 0.943 / 1.000 / 0.043
        ("bl", 0.94, 0.97, 0.05),
        # BN (held out, 200; every kind from people of every age, many naming a diagnosis or a
        # treatment in passing), written after the round's first changes: with the round's
        # starting rules 0.957 / 0.925 / 0.057, on arrival (1fdc81c) the same
        ("bn", 0.95, 0.92, 0.06),
        # BO (held out, 200; asking whether to go to hospital, what is usual and what is new, how
        # one would know a warning sign), written before the next round's changes: on arrival
        # 0.957 / 0.975 / 0.114, at the round's end the same
        ("bo", 0.95, 0.97, 0.12),
        # BR (held out, 200; every level, repeating what a clinician, a leaflet or a group said,
        # replies in a chat), written after the round's first changes: with the round's starting
        # rules and on arrival (2a63ce0) 0.900 / 0.925 / 0.071, at the round's end the same
        ("br", 0.90, 0.92, 0.08),
        # BS (held out, 200; long messages listing what people have and have not, checklists
        # answered item by item, corrections, medicines' side effects), written before the next
        # round's changes: on arrival 0.871 / 0.925 / 0.029, at the round's end 0.900 / 0.925 / 0.029
        ("bs", 0.90, 0.92, 0.03),
        # BU (held out, 200; around operations, injections, pregnancy, birth and hospital stays),
        # written before the next round's changes: on arrival 0.957 / 0.900 / 0.071, at the
        # round's end 0.957 / 0.925 / 0.071
        ("bu", 0.95, 0.92, 0.08),
    )
    assert_floors(floors)


def test_the_model_adds_to_the_rules_on_unseen_wording():
    """The message model's share on the held-out sets: more emergencies reached than the rules
    alone (on H the rules alone catch more, so less is left to add), and no more than one extra
    false emergency per set."""
    for name, gain in zip(HELD_OUT, (0.1, 0.1, 0.04), strict=True):
        cases = load(name)
        rules = score(cases, triage_outcomes(name, with_model=False))
        both = figures(name)
        assert both["emergency_recall"] >= rules["emergency_recall"] + gain, (name, rules, both)
        none = sum(1 for c in cases if c["level"] == "none")
        assert (both["false_emergency"] - rules["false_emergency"]) * none <= 1.001, (name, rules, both)


def test_the_model_asks_where_the_rules_set_a_sign_aside_or_it_is_long_standing():
    """However sure the message model is, it does not raise the alarm where the rules read an
    emergency sign and set it aside (negated, past, someone else's) or the message says its
    symptoms are long-standing and nothing is new: it asks. Elsewhere a sure model alarms."""
    import copy

    class Sure:
        def chances(self, text: str) -> dict[str, float]:
            return {"emergency": 0.99, "urgent": 0.0, "soon": 0.0, "none": 0.01}

    sure = copy.copy(RedFlagDetector.load(with_model=False))
    sure.model, sure.models, sure._read = Sure(), {}, {}  # type: ignore[assignment]
    for text in (
        "I do not have any numbness in my groin, just back pain",
        "my wife had a car crash last year",
        "both feet tingle, always have since my diagnosis, nothing new",
        "tengo estenosis desde hace años, me duelen las piernas al caminar",
    ):
        assert sure.triage(text).action == "ask", text
    for text in ("my bladder is acting up since yesterday", "something changed with my bowels this week"):
        result = sure.triage(text)
        assert result.action == "alert" and result.level == "emergency", text


def test_the_learnt_set_floor():
    f, i, j = figures("f"), figures("i"), figures("j")
    assert f["emergency_recall"] >= 0.95 and f["false_emergency"] <= 0.05, f
    assert i["emergency_recall"] >= 0.97 and i["urgent_recall"] >= 0.95 and i["false_emergency"] <= 0.08, i
    # J (300, learnt from): under today's 0.991 / 1.000 / 0.033, reached 1.000
    assert j["emergency_recall"] >= 0.98 and j["urgent_recall"] >= 0.97 and j["false_emergency"] <= 0.05, j
    assert j["emergency_reached"] >= 0.99, j


@pytest.mark.parametrize(
    "text",
    [
        "can't pee since this morning",
        "I can't feel when I wipe",
        "haven't had a wee all day and my back is killing me",
        "My sciatica was in my left leg. Now the right one hurts too.",
        "car crash on the motorway an hour ago and my lower back is agony",
    ],
)
def test_clear_emergencies_are_answered_at_once(text):
    result = detector().triage(text)
    assert result.action == "alert" and result.level == "emergency", result


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("my right leg is numb", "urgent"),
        ("I leak a bit of wee", "emergency"),
        ("both my legs feel weak", "emergency"),
    ],
)
def test_signs_that_may_be_long_standing_get_the_question(text, level):
    result = detector().triage(text)
    assert result.action == "ask" and result.level == level, result


@pytest.mark.parametrize(
    "text",
    [
        "I had a fall last year",
        "Cramps in both calves at night, every night",
        "my 4 year old wet the bed again",
        "my arachnoiditis has caused burning in both legs for years, same as always",
    ],
)
def test_past_and_other_peoples_events_do_not_alarm(text):
    assert detector().triage(text).level != "emergency"


@pytest.mark.parametrize(
    ("text", "alarm"),
    [
        ("i had numbness in my groin for a few minutes after cycling, went away once i got off", False),
        ("had a bit of numbness round my bum last year but it went away completely after the surgery", False),
        ("it went numb down there once on a long bike ride but came back straight away. nothing since", False),
        ("peed myself this morning, back to normal now", True),  # recent: it still counts
        ("numb down below since this morning and it wont go away", True),
        ("my bum went numb yesterday, went away, but now it is back and worse", True),
    ],
)
def test_a_sign_said_to_have_gone_does_not_alarm_unless_it_is_recent(text, alarm):
    assert (rules_only().triage(text).level == "emergency") == alarm, text


def test_a_usual_sign_is_asked_about_unless_it_is_new():
    assert detector().triage("I can't feel when I wipe", usual={"saddle-numbness"}).action == "ask"
    result = detector().triage("I can't feel when I wipe, worse since yesterday", usual={"saddle-numbness"})
    assert result.action == "alert" and result.level == "emergency"


def test_urgent_page_lists_every_sign_under_its_own_level():
    """One vocabulary: the page's level headings hold exactly the rules' signs of that level."""
    content = load_content()
    by_level: dict[str, list[str]] = {}
    for sign in detector().signs:
        by_level.setdefault(sign.level, []).append(detector().text_of(sign.id))
    page = "\n".join(render.urgent_page(content, by_level))
    headings = [page.index(h) for h in ("Emergency now", "Urgent today", "Soon:")]
    assert headings == sorted(headings)
    ends = [*headings[1:], len(page)]
    for level, start, end in zip(("emergency", "urgent", "soon"), headings, ends, strict=True):
        for other, texts in by_level.items():
            for text in texts:
                inside = f"• {text}" in page[start:end].replace("&#x27;", "'")
                assert inside == (other == level), (level, other, text)


def test_every_rule_names_sources_the_content_has():
    content = load_content()
    for sign_id, sources in detector().sources.items():
        assert sources and set(sources) <= set(content.sources), sign_id
        assert any(content.sources[s].grade == "A" for s in sources), sign_id


def test_lay_questions_floor():
    """Typed questions in lay words (tests/data/lay_questions.yaml, written before any search
    change): top-1 0.506 before; a floor under today's figure, below the 0.90 target."""
    figures = lay_figures("lay_questions")
    assert figures["top1"] >= 0.85 and figures["answered_silent"] == 0, figures
    held_out = lay_figures("lay_questions_2")
    assert held_out["top1"] >= 0.68 and held_out["answered_silent"] == 0, held_out


def test_topic_urgent_sections_use_the_rules_signs_under_their_own_level():
    """Every topic's urgent section lists signs by their rule id, under the heading of the rule's
    level (the loader refuses anything else); every emergency sign of cauda equina is in each."""
    from content.schema import Heading, Signs

    content = load_content()
    ces = {"saddle-numbness", "bladder-control", "bowel-control", "sexual-function", "both-legs"}
    for topic in content.topics.values():
        body = topic.section("urgent").body
        listed: dict[str, str] = {}
        heading = ""
        for block in body:
            if isinstance(block, Heading):
                heading = block.heading
            if isinstance(block, Signs):
                for sign_id in block.signs:
                    listed[sign_id] = heading
        assert ces <= set(listed), topic.id
        for sign_id, under in listed.items():
            level = {s.id: s.level for s in detector().signs}[sign_id]
            assert under.startswith({"emergency": "🚨 Emergency now", "urgent": "Urgent today", "soon": "Soon"}[level])


def test_a_sign_listed_under_the_wrong_level_is_refused(tmp_path):
    import shutil

    from content.loader import ContentError

    root = tmp_path / "content"
    shutil.copytree(load_content().root, root)
    path = root / "topics" / "sciatica.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("signs: [leg-weakness,", "signs: [saddle-numbness, leg-weakness,", 1), "utf-8")
    with pytest.raises(ContentError, match="different levels"):
        load_content(root)


@pytest.mark.parametrize(
    "text",
    [
        "¿cómo está el clima en Bogotá?",
        "¿quién ganó el partido del América ayer?",
        "como esta todo por alla",
        "la app va lentísima hoy",
        "this chat thing doesn't understand my accent",
    ],
)
def test_an_off_topic_message_is_not_read_by_the_message_model(text):
    """With no word about the body, symptoms, medicines, injuries, care or a crisis (cues.health),
    the model does not read a message: before, "¿cómo está el clima en Bogotá?" got the
    emergency reply from the Spanish model (its function words weigh towards emergency)."""
    result = detector().triage(text)
    assert result.action is None and not result.unclear, result


def test_the_model_still_reads_a_message_with_a_health_word():
    result = detector().triage("my legs have gone funny since this morning")
    assert result.action == "alert" and result.level == "emergency", result


def test_reading_many_messages_together_gives_the_same_outcomes():
    """bench/triage.py and the gates let the message model read a set's messages together
    (``read_ahead``): every outcome and every reading is what reading each alone gives."""
    import copy

    from bench.triage import outcome, outcomes

    texts = [c["text"] for name in ("a", "esa") for c in load(name)][::3] + ["x" * 400 + " numb groin"]
    alone, together = copy.copy(detector()), copy.copy(detector())
    alone._read, together._read = {}, {}
    together.read_ahead(texts)
    assert len(together._read) >= 120  # the short ones were read ahead
    read_ahead = dict(together._read)
    assert [outcome(alone, t) for t in texts] == outcomes(together, texts)
    for key, chances in read_ahead.items():
        assert alone._chances(*key) == pytest.approx(chances, abs=1e-12), key


def test_ordinary_messages_held_out_are_not_sent_to_a_doctor():
    """The held-out sets of ordinary back-pain messages (no warning sign): floors under today's
    share of level-none messages given the emergency or the urgent reply (docs/triage.md): plain-b
    0.023, es-plain-b 0.079, es-plain-c 0.129 (the Spanish model still reads some plain pain as
    urgent)."""
    for name, most in (("plainb", 0.04), ("esplainb", 0.09), ("esplainc", 0.14)):
        f = figures(name)
        assert f["false_emergency"] <= 0.01 and f["false_alert"] <= most, (name, f)
