"""The red-flag detector: recall and precision over the labelled set, wording, alert text, limits."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from content.loader import ContentError
from safety.redflags import DEFAULT_PATH, MAX_CHARS, RedFlagDetector
from safety.verdict import ACTIONS, Assessment, Sign, render_alert
from tests.helpers import read_yaml

CASES = read_yaml(Path(__file__).parents[1] / "data" / "redflag_cases.yaml")["cases"]
POSITIVES = [c for c in CASES if c["level"] != "none"]
#: This older set was labelled with two levels. In the three-level vocabulary (content/redflags.yaml,
#: tests/unit/test_triage.py) leg weakness is "urgent today" and a fall that was not a serious
#: accident is a sign of its own, also "urgent today"; pain worse at night or at rest that is not new is
#: "soon" (a GP in days): those cases keep only "flagged at all".
RELABELLED = {"leg-weakness", "serious-injury", "night-rest-pain"}
SAME_SIGN = {"serious-injury": {"serious-injury", "minor-injury"}}
NEGATIVES = [c for c in CASES if c["level"] == "none"]


@cache
def detector() -> RedFlagDetector:
    return RedFlagDetector.load()


@cache
def rules_only() -> RedFlagDetector:
    """The shipped rules without the message model (loaded once: compiling them takes a second or two)."""
    return RedFlagDetector.load(with_model=False)


def found(text: str) -> set[str]:
    return {s.id for s in detector().check(text).signs}


# -- the labelled set ---------------------------------------------------------------------------


def test_the_labelled_set_is_large_and_labelled_with_known_signs():
    assert len(CASES) >= 170 and len(POSITIVES) >= 60 and len(NEGATIVES) >= 80
    known = {sign.id for sign in detector().signs}
    assert {c["sign"] for c in POSITIVES} <= known
    assert all(c["level"] in ("emergency", "urgent", "none") for c in CASES)


def test_every_red_flag_is_flagged_at_all():
    missed = [c["text"] for c in POSITIVES if not detector().check(c["text"])]
    assert not missed, f"recall {1 - len(missed) / len(POSITIVES):.3f}; missed: {missed}"


def test_emergencies_are_never_downgraded_to_urgent():
    wrong = [
        (c["text"], detector().check(c["text"]).level)
        for c in POSITIVES
        if c["level"] == "emergency" and c["sign"] not in RELABELLED
    ]
    wrong = [w for w in wrong if w[1] != "emergency"]
    assert not wrong


def test_urgent_cases_are_flagged_urgent_or_higher():
    assert all(
        detector().check(c["text"]).level in ("urgent", "emergency")
        for c in POSITIVES
        if c["level"] == "urgent" and c["sign"] not in RELABELLED
    )


def test_the_expected_sign_is_named():
    wrong = [
        (c["text"], c["sign"], found(c["text"]))
        for c in POSITIVES
        if not SAME_SIGN.get(c["sign"], {c["sign"]}) & found(c["text"])
    ]
    assert not wrong


def test_precision_is_at_least_ninety_percent():
    flagged = [c for c in CASES if detector().check(c["text"])]
    false_alarms = [c["text"] for c in flagged if c["level"] == "none"]
    precision = 1 - len(false_alarms) / len(flagged)
    assert precision >= 0.9, f"precision {precision:.3f}; false alarms: {false_alarms}"


# -- wording ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("can't feel when I wipe", "saddle-numbness"),
        ("CAN’T FEEL WHEN I WIPE", "saddle-numbness"),
        ("numb down there", "saddle-numbness"),
        ("numbess in my groin", "saddle-numbness"),
        ("Numbnéss in my grôin", "saddle-numbness"),
        ("peed myself", "bladder-control"),
        ("I wet myself", "bladder-control"),
        ("can't tell if I need a wee", "bladder-control"),
        ("my bladdar feels weird", "bladder-control"),
        ("incontinance since Friday", "bladder-control"),
        ("sciatia in both legs", "both-legs"),
        ("pain in both legs", "both-legs"),
        ("my foot is flopping", "leg-weakness"),
        ("my foot keeps slapping the ground", "leg-weakness"),
        ("my leg gave way and is getting weaker by the day", "leg-weakness"),
        ("I've started to leak when I bend over", "bladder-control"),
        ("6 weeks of physio and it's not any better", "not-improving"),
        ("2 months of tablets and zero progress", "not-improving"),
        ("my back is hurting more and more each month", "not-improving"),
        ("lying down does nothing for it", "night-rest-pain"),
        ("can't sleep cos of the sciatica", "night-rest-pain"),
        ("his back pain keeps him up most nights", "night-rest-pain"),
    ],
)
def test_plain_language_misspellings_case_and_accents(text, sign):
    assert sign in found(text)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("lost 3 kilos on my cut so far, back feels good", "weight-loss"),
        ("a bit shivery after my covid jab", "fever-unwell"),
    ],
)
def test_weight_lost_on_purpose_and_shivers_after_a_vaccine_are_not_those_signs(text, sign):
    assert sign not in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "no bladder problems",
        "I'm not numb",
        "I don't have any numbness in my groin",
        "bladder is fine",
        "No numbness, tingling or weakness in my groin",
        "I haven't wet myself",
    ],
)
def test_negated_signs_do_not_alert(text):
    assert not detector().check(text)


@pytest.mark.parametrize(
    "text",
    [
        "No numbness, but I wet myself this morning",
        "No numbness and I wet myself",
        "I'm not sure I can feel when I wipe",
        "No, I can't feel when I wipe",
    ],
)
def test_negation_does_not_reach_past_its_clause(text):
    assert detector().check(text).level == "emergency"


def test_long_standing_unchanged_symptoms_are_quiet_but_new_or_worse_ones_alert():
    assert not detector().check("I've had numb toes for years, unchanged")
    for text in (
        "I've got new numbness in my toes",
        "My toes have been numb since yesterday",
        "Suddenly my toes went numb",
        "The numbness in my toes is getting worse",
        "I've had numb toes for years but they're getting worse",
    ):
        assert "new-numbness" in found(text), text


def test_someone_elses_event_the_message_turns_away_from_is_not_the_writers():
    # Invented wordings, not taken from any vignette set.
    for text in (
        "my uncle came off his motorbike in may, he's recovering. anyway, is swimming ok for sciatica",
        "we saw a lorry crash on the way to work, awful. my own back is just stiff as usual",
        "mi primo se cayó de un andamio el año pasado, ya está bien. en fin, qué ejercicios hago",
    ):
        assert not {"serious-injury", "minor-injury"} & found(text), text
    # A carer's message about the person they look after counts in full, and so does the
    # writer's own sign next to someone else's event.
    for text in (
        "my dad fell off a ladder and cant move his legs",
        "my husband fell down the stairs last night and can't get up, anyway what do we do",
        "my mate and i crashed the car, anyway my back is killing me",
    ):
        assert "serious-injury" in found(text), text


def test_a_change_word_in_a_question_about_what_could_happen_is_no_change():
    rules = rules_only()
    # Invented wordings, not taken from any vignette set.
    assert (
        rules.triage("incontinence since my second baby 20 years ago, nothing new. could lifting make it worse?").action
        is None
    )
    assert (
        rules.triage("incontinence since my second baby 20 years ago, nothing new. it is worse today").level
        == "emergency"
    )
    assert rules.triage("numb bum back in 2019, it's no longer a problem").action is None


def test_legs_that_ache_after_hard_exercise_are_tired_muscles_but_numb_ones_are_not():
    # Invented wordings, not taken from any vignette set.
    for text in ("my legs are like jelly after the gym", "both legs sore and stiff after the 5k on saturday"):
        assert "both-legs" not in found(text), text
    for text in (
        "both legs went numb after the gym yesterday and they still are",
        "both legs gave way after my run this morning",
    ):
        assert "both-legs" in found(text), text


def test_time_and_breath_wordings_that_say_new():
    rules = rules_only()
    # Invented wordings, not taken from any vignette set.
    for text in (
        "both my legs have felt numb since i woke",
        "keep leaking wee since my sciatica flared on sunday",
        "hasnt peed since 6 this morning, hes got a bad back",
        "my back is agony and im fighting for breath",
    ):
        triage = rules.triage(text)
        assert triage.action == "alert" and triage.level == "emergency", text
    assert "sexual-function" not in found("my back is so bad i cant finish my shift")
    # "the same since" says unchanged; it is no time a sign began.
    assert rules.triage("tingly left foot, the same since the disc went in 2012").level != "urgent"


def test_regional_words_for_the_bottom_and_the_toilet():
    # Invented wordings, not taken from any vignette set.
    assert "saddle-numbness" in found("my tush has gone numb since yesterday")
    assert "saddle-numbness" in found("nyash dey numb since morning")
    assert "bladder-control" in found("been to the jacks and nothing came out since this morning")
    assert not found("i cant do jumping jacks anymore")
    assert "saddle-numbness" in found("se me entumió la pompa desde ayer")
    assert "saddle-numbness" in found("tengo el poto dormido desde esta mañana")


def test_lines_quoted_from_someone_else_are_theirs_unless_the_writer_shares_them():
    quoted = "> Sam: can't feel my bum since yesterday"
    assert detector().triage(f"{quoted}\nhope you're ok mate, get it checked").action is None
    assert not detector().check(f"{quoted}\nhope you're ok mate, get it checked")
    for text in (
        quoted,  # nothing but the quote: read as it is
        f"{quoted}\nsame here, started this morning",
        f"{quoted}\nme too",
        f"{quoted}\nmine too",
        f"{quoted}\nsame for me",
        "> Ana: no puedo orinar desde ayer\nyo también",
        f"{quoted}\nand now I can't pee either",
    ):
        triage = detector().triage(text)
        assert triage.action == "alert" and triage.level == "emergency", text


def test_a_sign_long_ago_that_went_is_past_unless_it_came_back():
    rules = rules_only()
    # Invented wordings, not taken from any vignette set.
    assert (
        rules.triage("had a numb groin in 2016 before my op, it went away after. now just a stiff back").action is None
    )
    assert rules.triage("couldn't pee properly last year, had a catheter, been fine ever since").action is None
    for text in (
        "had a numb groin in 2016 before my op, it went away after. now it's back since yesterday",
        "had a numb groin in 2016, it went away, but it came back this morning",
        "peed myself this morning, back to normal now",
    ):
        assert rules.triage(text).level == "emergency", text


def test_a_mention_followed_by_the_writer_having_it_is_theirs():
    rules = rules_only()
    # Invented wordings, not taken from any vignette set.
    claimed = "the leaflet said to call 999 if you lose bladder control, i reckon i have that now"
    assert rules.triage(claimed).level == "emergency"
    assert rules.triage("the leaflet said to call 999 if you lose bladder control").action is None
    assert rules.triage("not complaining, just worried: wet myself in the car and never felt it").level == "emergency"
    assert rules.triage("tight chest for an hour. the back ache is my usual").level == "emergency"


def test_either_foot_and_the_other_leg_too_are_both_legs():
    rules = rules_only()
    # Invented wordings, not taken from any vignette set.
    assert rules.triage("since this morning he can't lift either foot off the pedals").level == "emergency"
    assert "both-legs" not in found("it hurts on either side of my spine")
    assert rules.triage("la ciática era de la izquierda y hoy ya me duelen las dos").level == "emergency"


def test_an_accident_dated_long_ago_is_past_whatever_else_is_new():
    # Invented wordings, not taken from any vignette set.
    injuries = {"serious-injury", "minor-injury"}
    assert not injuries & found("came off my motorbike back in 2009. now my lower back aches, is that related?")
    assert not injuries & found("tuve un accidente de coche hace 5 años. Ahora me duele la espalda")
    assert "serious-injury" in found("came off my motorbike this morning and my back is agony")
    assert "serious-injury" in found("fell off a ladder at work an hour ago, i broke my leg in 2009 too")


def test_cauda_equina_signs_alert_even_when_a_duration_is_given():
    # Only an explicit "unchanged" / "normal for me" quiets a cauda equina sign, never "for years".
    assert "bladder-control" in found("I've had bladder problems for years and now I've wet myself")
    assert "saddle-numbness" in found("I've had sciatica for years and I can't feel when I wipe")


@pytest.mark.parametrize(
    "text",
    [
        "Coughing and sneezing make my sciatica worse",
        "My back hurts",
        "What are the warning signs?",
        "What are the red flags for cauda equina?",
        "Can sciatica affect the bladder?",
    ],
)
def test_not_red_flags(text):
    assert not detector().check(text)


# -- the alert ----------------------------------------------------------------------------------


def test_alert_starts_with_the_action_then_names_the_sign():
    assessment = detector().check("I can't feel when I wipe")
    text = render_alert(assessment)
    assert text.startswith("🚨")
    assert text.index(ACTIONS["emergency"]) < text.index("What you told me:") < text.index(assessment.signs[0].label)
    assert "Don't drive yourself" in text and "not a diagnosis" in text
    assert "<" not in text and ">" not in text


def test_urgent_alert_asks_for_a_doctor_today():
    text = render_alert(detector().check("I've had a fever since my epidural"))
    assert text.startswith("🚨 " + ACTIONS["urgent"])


def test_alert_with_every_sign_stays_under_1000_characters():
    signs = list(detector().signs)
    text = render_alert(Assessment(signs))
    assert len(text) < 1000 and text.startswith("🚨 " + ACTIONS["emergency"])


def test_assessment_truthiness_and_level():
    assert not Assessment() and Assessment().level is None
    urgent = Sign("x", "x", "urgent")
    assert Assessment([urgent]).level == "urgent"
    assert Assessment([urgent, Sign("y", "y", "emergency")]).level == "emergency"
    with pytest.raises(ValueError):
        render_alert(Assessment())


# -- robustness ---------------------------------------------------------------------------------

WORDS = [
    "numb",
    "groin",
    "wipe",
    "no",
    "not",
    "bladder",
    "pee",
    "both",
    "legs",
    "for",
    "years",
    "new",
    "?",
    ",",
    ".",
    "I",
    "can't",
    "feel",
    "since",
    "yesterday",
    "what",
    "is",
    "cancer",
    "fell",
    "ß",
    "é",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_random_text_never_raises(text):
    assert isinstance(detector().check(text), Assessment)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
def test_random_word_salad_never_raises(text):
    assessment = detector().check(text)
    if assessment:
        assert render_alert(assessment).startswith("🚨")


@pytest.mark.parametrize("filler", ["a ", "numb ", "wipe wipe no ", ",", "aaaa", "both legs " * 3, "🙂"])
def test_100k_character_inputs_are_read_only_as_far_as_max_chars(filler):
    """The work on a huge message is bounded by MAX_CHARS (bench/redflags.py prints the time)."""
    text = (filler * (100_000 // len(filler) + 1))[:100_000]
    assert detector().check(text) == detector().check(text[:MAX_CHARS])
    assert detector().triage(text) == detector().triage(text[:MAX_CHARS])
    assert len(detector().tokens(text)) == len(detector().tokens(text[:MAX_CHARS]))


def test_a_red_flag_in_the_first_4000_characters_is_never_dropped():
    padding = "My back has been stiff and sore, the stretches help a bit. " * 70
    text = padding[:3_950] + " I can't feel when I wipe. " + "More about my day. " * 6_000
    assert len(text) > 100_000
    assert detector().check(text).level == "emergency"
    assert MAX_CHARS >= 4_000


# -- the rules file -----------------------------------------------------------------------------


def _sign(data: dict, sign_id: str) -> dict:
    return next(sign for sign in data["signs"] if sign["id"] == sign_id)


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text("utf-8"))
    change(data)
    path = tmp_path / "redflags.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["signs"][0].update(level="critical"), "signs[0].level"),
        (lambda d: d["signs"][1].pop("label"), "signs[1].label"),
        (lambda d: d["signs"][2]["patterns"].append("{no-such-group} pain"), "signs[2].patterns"),
        (lambda d: d["signs"][0]["patterns"].append("pain ...x legs"), "signs[0].patterns"),
        (lambda d: d["signs"].append(dict(d["signs"][0])), "(file)"),
        (lambda d: d["signs"][0]["patterns"].append("literally numb"), "signs[0].patterns"),
        # "[years old]" once silently required both words: each optional word has its own brackets
        (lambda d: d["signs"][0]["patterns"].append("numb [down there] now"), "signs[0].patterns"),
        # a milder sign must name a more serious one (a faint, of a collapse)
        (lambda d: _sign(d, "fainted").update(milder_of="daily-life"), "(file)"),
        (lambda d: _sign(d, "fainted").update(milder_of="no-such-sign"), "(file)"),
    ],
)
def test_bad_rules_are_reported_with_file_and_field(tmp_path, change, where):
    path = _write(tmp_path, change)
    with pytest.raises(ContentError) as caught:
        RedFlagDetector.load(path)
    assert str(path) in str(caught.value) and where in str(caught.value)


def test_duplicate_keys_are_reported_with_their_line(tmp_path):
    path = tmp_path / "redflags.yaml"
    text = DEFAULT_PATH.read_text("utf-8")
    text = text.replace("    level: urgent\n", "    level: urgent\n    level: emergency\n", 1)
    path.write_text(text, "utf-8")
    with pytest.raises(ContentError, match=r"redflags.yaml:\d+: level: key appears twice"):
        RedFlagDetector.load(path)


def test_whole_phrase_alternatives(tmp_path):
    """(no longer|can't) is one of whole phrases: "a|b c" would mean (a|b) then c."""
    det = detector()
    assert (
        det.triage("my heel no longer comes up when I walk").alert
        or det.triage("my heel no longer comes up when I walk").unclear
    )
    data = yaml.safe_load(DEFAULT_PATH.read_text("utf-8"))
    data["signs"][0]["patterns"] = ["(unclosed phrase"]
    path = tmp_path / "redflags.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(ContentError):
        RedFlagDetector.load(path)


# -- the message model (safety/model.py) ----------------------------------------------------------


def test_the_model_only_speaks_where_the_rules_found_no_emergency():
    detector = RedFlagDetector.load()
    assert detector.model is not None
    ruled = detector.triage("can't pee since this morning")
    assert [s.id for s in ruled.alert] == ["bladder-control"]  # the rule's own sign, nothing added


class _Fixed:
    """A model that gives every message the same probabilities."""

    def __init__(self, emergency: float, urgent: float = 0.0):
        self.levels = {"emergency": emergency, "urgent": urgent}

    def chances(self, text: str) -> dict[str, float]:
        return self.levels


@pytest.mark.parametrize(
    "chance, urgent, usual, action, sign",
    [
        (0.9, 0.0, set(), "alert", "described-emergency"),  # confident: the emergency reply
        (0.9, 0.0, {"saddle-numbness"}, "ask", "ces-possible"),  # someone with usual signs is asked instead
        (0.6, 0.0, set(), "ask", "ces-possible"),  # unsure: the follow-up question
        (0.3, 0.6, set(), "alert", "described-urgent"),  # urgent, where nothing was found
        (0.3, 0.3, set(), None, None),  # below every threshold: nothing
    ],
)
def test_the_model_thresholds(chance, urgent, usual, action, sign):
    rules = rules_only()._r
    detector = RedFlagDetector(rules, model=_Fixed(chance, urgent))
    result = detector.triage("my back is sore and something feels off today", usual=usual)
    assert result.action == action
    assert [s.id for s in (*result.alert, *result.unclear)] == ([sign] if sign else [])
    assert result.action != "alert" or result.level == ("urgent" if urgent >= 0.5 else "emergency")


def test_the_model_does_not_read_a_word_or_two():
    rules = rules_only()._r
    detector = RedFlagDetector(rules, model=_Fixed(0.99, 0.99))
    assert not detector.triage("right/UTC") and not detector.triage("start")
    assert detector.triage("my legs went funny").level == "emergency"  # three words: read


def test_the_model_adds_no_urgent_reply_to_an_urgent_rule():
    rules = rules_only()._r
    result = RedFlagDetector(rules, model=_Fixed(0.1, 0.9)).triage(
        "my right foot has been dropping since yesterday and slaps when i walk"
    )
    assert [s.id for s in result.alert] == ["leg-weakness"]


def test_the_learnt_model_alarms_on_a_description_no_rule_names():
    text = "sat on the loo and it felt like my bum belonged to someone else, started after lunch"
    assert not rules_only().triage(text)
    result = detector().triage(text)
    assert result.action in ("alert", "ask") and result.level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "what does it feel like",
        "hello",
        "thanks!",
        "why do people get this",
        "how did i even get sciatica, i didnt do anything",
        # a word or two, as typed in a flow: left to the rules
        "start",
        "done",
        "right/UTC",
    ],
)
def test_ordinary_questions_are_not_taken_for_emergencies(text):
    assert not detector().triage(text)


def test_without_a_model_section_the_rules_stand_alone(tmp_path):
    import re

    text = (Path(__file__).resolve().parents[2] / "content" / "redflags.yaml").read_text()
    text = re.sub(r"\nmodel:\n(  .*\n)+", "\n", text)
    text = text[: text.index("  # What the message model answers with")]
    path = tmp_path / "redflags.yaml"
    path.write_text(text)
    assert RedFlagDetector.load(path).model is None


def test_every_sign_but_the_models_needs_patterns(tmp_path):
    text = (Path(__file__).resolve().parents[2] / "content" / "redflags.yaml").read_text()
    path = tmp_path / "redflags.yaml"
    path.write_text(text.replace("model:\n  sign: described-emergency", "model:\n  sign: ces-possible"))
    with pytest.raises(ContentError, match="have no patterns|needs patterns"):
        RedFlagDetector.load(path)


def test_the_learnt_model_is_kept_between_starts_and_a_damaged_copy_is_learnt_afresh(tmp_path, monkeypatch):
    import shutil

    from safety import model as message_model

    learnt_from = tmp_path / "vignettes"  # one development set: the keeping is tested, not the model
    learnt_from.mkdir()
    shutil.copy(message_model.VIGNETTES / "a.yaml", learnt_from)
    monkeypatch.setattr(message_model, "VIGNETTES", learnt_from)
    monkeypatch.setenv("ROOTWISE_MODEL_CACHE", str(tmp_path))
    text = "since this morning my bum feels numb when i sit on the loo"
    try:
        message_model.default_model.cache_clear()
        learnt = message_model.default_model()
        (kept,) = tmp_path.glob("message-model-*.joblib")
        message_model.default_model.cache_clear()
        assert message_model.default_model().chances(text) == learnt.chances(text)
        kept.write_bytes(b"not a model")
        message_model.default_model.cache_clear()
        assert message_model.default_model().chances(text) == learnt.chances(text)
        assert kept.read_bytes() != b"not a model"  # learnt afresh and kept again
    finally:
        message_model.default_model.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "Im paralysed from the waist down",
        "I am paralyzed from the waist down since this morning",
        "I can't move anything from the waist down since this morning",
        "sudden paralysis in both legs",
    ],
)
def test_paralysis_from_the_waist_down_is_an_emergency(text):
    result = detector().triage(text)
    assert result.action == "alert" and result.level == "emergency", (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "I have been paralysed from the waist down since 2005, can I still do any of the exercises",
        "my uncle was paralysed from the waist down after his accident in 1990",
        "had a nightmare my legs were paralysed",
        "sleep paralysis again last night",
        "im not paralysed, just sore",
    ],
)
def test_paralysis_long_ago_someone_elses_or_denied_is_not_an_alarm(text):
    assert detector().triage(text).level != "emergency", text


@pytest.mark.parametrize(
    "text", ["something changed with my bladder", "my bladder has changed", "my bowels changed this week"]
)
def test_a_change_said_in_plain_words_about_the_bladder_or_bowel_is_asked_about(text):
    result = detector().triage(text)
    assert result.action in ("ask", "alert") and result.level == "emergency", (text, result)


@pytest.mark.parametrize("text", ["I changed my toilet seat", "we are changing the bathroom next week"])
def test_changing_a_toilet_is_not_a_sign(text):
    assert not detector().triage(text), text


@pytest.mark.parametrize(
    "text",
    [
        # a question about the sign, then the writer's own flare
        "is tingling round your bum normal with a disc? mine's playing up",
        "could a disc make you wee yourself? mine has flared and I'm worried",
        "can a bad back stop you peeing? asking for myself",
        "does a slipped disc ever stop you from weeing? asking for me",
        # "is it normal with ..." asks; it does not say all is well
        "is it normal with sciatica that you can't wee? drank loads",
        # the same flare as before, except one thing is new
        "usual flare, same as always, except this time my privates feel numb",
        "same as before but this time I cant feel the paper when I wipe",
        # a change in feeling when wiping, said loosely
        "when I wipe it feels sort of muffled",
        # an emptying problem named after the bladder
        "bladder has always been a bit lazy but today I can't empty it at all",
    ],
)
def test_an_own_sign_asked_as_a_question_or_new_this_time_is_answered(text):
    result = rules_only().triage(text)
    assert result.action in ("alert", "ask") and result.level == "emergency", (text, result)


@pytest.mark.parametrize(
    "text",
    [
        "like a dentists drill going into my buttock, pain all the way to my foot",
        "cant sit on the loo without yelping, back went yesterday",
        "couldnt get up off the toilet this morning, my back is that stiff",
        "sat on the bathroom floor because I couldnt get my socks on, flare day 3",
        "I dont have any tingling down below or trouble weeing, just the back pain",
        "the numbness in my foot since my 2019 op is just the same, no new symptoms",
    ],
)
def test_ordinary_flare_words_near_a_sign_are_not_an_alarm(text):
    assert not rules_only().triage(text), text


#: Real emergencies beside the ordinary flare words set aside above: they still alarm at once.
FLARE_WORDS_BESIDE_EMERGENCIES = [
    "like a dentist drilling in my bum and now I can't feel it when I wipe",
    "can't get off the toilet, nothing's coming out and it's numb down there",
    "I'm on the bathroom floor and I can't pee at all since last night",
    "I don't have back pain or problems peeing... actually I can't pee at all since last night",
    "No numbness, but I have had problems peeing since yesterday",
    "scared I'm developing cauda equina, what are the signs",
    "I've been reading about cauda equina and I think I have it",
    "Read about cauda equina, worried I've got it",
    "been reading about cauda equina symptoms and I have all of them",
    "no new symptoms except my groin's gone numb",
    "nothing new happened, I just woke up unable to pee",
]


#: A trip that put someone on the ground is a fall.
TRIPS_TO_THE_GROUND = [
    "tripped on the kerb and went down hard, back has been agony since",
    "stumbled over a toy on the stairs and came down on my side, now my lower back is killing me",
]


def test_pain_going_down_a_leg_after_a_slipped_disc_is_not_a_fall():
    assert not rules_only().triage("slipped disc last month, the pain went down my leg all night")


#: More wordings of cauda equina signs: they alarm at once.
MORE_CAUDA_EQUINA_WORDINGS = [
    # a "gone" that is the sign's own word, not the symptom going
    "the sensation in my groin has gone since this morning, like it belongs to someone else",
    # "the bottom of me" is the saddle, not the bottom of the back
    "the bottom of me has felt dead and rubbery since tuesday",
    # numbness now in, or back round, the saddle
    "the numb feeling has come back round my backside since last night",
    "the numb feeling is now round my bum, since yesterday",
    # bladder: the full feeling gone; unable to go for a wee all day; used to be able to tell
    "the bladder full feeling is gone, it just dribbles now",
    "I haven't been able to go for a wee since breakfast",
    "I used to be able to feel when I needed to wee, not any more",
    # both legs: giving way after a gap, can't feel feet or legs, won't push, nearly went over
    "my legs are both sort of giving way",
    "since lunch i cant feel my toes or legs on both sides",
    "her legs won't push her up off the chair",
    "both my feet are prickly right up to the ankles and I almost went over in the kitchen",
    "can't go up on my tiptoes on either leg since this morning",
    "my back's gone and now it's both legs",
]


def test_the_bridge_and_it_being_easier_is_a_crisis():
    text = "keep staring at the bridge on the drive home and thinking it would all just be easier"
    result = rules_only().triage(text)
    assert result.action == "alert" and result.level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "what are the warning signs of cauda equina because I've wet myself twice today without knowing",
        "I've been reading about cauda equina because since last night I can't feel my privates",
        "no different from last week except I can't feel when I need to wee now",
    ],
)
def test_a_question_or_reading_about_the_signs_never_hides_ones_own(text):
    assert detector().triage(text).level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "can sciatica cause numbness down below? mine never has, just curious",
        "took my tumble dryer to the tip",
        "petrol prices took a tumble this week",
    ],
)
def test_a_denied_sign_and_a_tumble_dryer_are_no_alarm(text):
    assert detector().triage(text).level not in ("emergency", "urgent")


def test_erection_trouble_asked_about_then_said_to_be_ones_own_is_asked():
    result = rules_only().triage("can a bulging disc cause trouble getting hard? mine isn't what it was")
    assert result.action in ("alert", "ask") and result.level == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "the tingling round my bum went away after a few minutes",
        "both legs ache after the gym and I nearly fell asleep on the sofa",
        "pain right at the bottom of my back, no numbness anywhere",
    ],
)
def test_those_wordings_leave_ordinary_messages_alone(text):
    assert rules_only().triage(text).level != "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        # a crash on screen, and someone else's fall before the writer turns to their sciatica
        "saw a documentary with a horrific motorbike crash in it last night, gripping stuff",
        "saw a nasty crash on the A1 this morning, horrible. my sciatica is grumbling as normal",
        # startled, hands asleep, leg day
        "the dog jumped out at me and I nearly had a heart attack lol",
        "my hands go numb in both if I lie on my arms at night",
        "leg day wrecked me, both legs like jelly on the stairs",
    ],
)
def test_everyday_sayings_and_others_news_are_not_an_alarm(text):
    assert rules_only().triage(text).level != "emergency", text


#: Real emergencies beside the everyday sayings set aside above: they still alarm at once.
SAYINGS_BESIDE_EMERGENCIES = [
    "we were in a car crash on the way back from the film, my legs are tingling and weak",
    "my wife crashed the car this morning, she can't feel her legs. my sciatica is the least of it",
    "I nearly had a heart attack, my chest is crushing and I'm sweating",
    "did leg day yesterday and now I can't feel either leg and I wet myself",
    "numb feet same as last week but now I can't feel my bum and can't pee",
    "pins and needles in both hands and both legs since this morning",
]


#: A tumble, or a slip off a step, is a fall.
TUMBLES_AND_SLIPS = [
    "my gran took a nasty tumble in the street yesterday and her back is agony",
    "slipped off the stepladder at work, back has hurt ever since",
    "mum slid out of bed onto her bottom last night and now she cant get up without crying",
    "my neighbour is 88, she had a tumble this morning and her lower back is killing her",
]


@pytest.mark.parametrize(
    "text", [*FLARE_WORDS_BESIDE_EMERGENCIES, *MORE_CAUDA_EQUINA_WORDINGS, *SAYINGS_BESIDE_EMERGENCIES]
)
def test_real_emergencies_alarm_at_once_on_the_rules_alone(text):
    result = rules_only().triage(text)
    assert result.action == "alert" and result.level == "emergency", (text, result)


@pytest.mark.parametrize("text", [*TRIPS_TO_THE_GROUND, *TUMBLES_AND_SLIPS])
def test_a_trip_tumble_or_slip_to_the_ground_is_a_fall(text):
    result = rules_only().triage(text)
    assert result.level in ("urgent", "emergency") and result.action in ("alert", "ask"), (text, result)


@pytest.mark.parametrize("text", ["I stumbled over my words in the interview", "the puppy took a tumble down the step"])
def test_stumbling_over_words_or_a_pets_tumble_is_not_a_fall(text):
    assert not rules_only().triage(text), text


@pytest.mark.parametrize(
    ("text", "alarms"),
    [
        # a sign said in the negative after a list word is a sign of its own
        ("no pulse and not breathing", True),
        ("he's not awake and not responding", True),
        ("No tiene pulso y no respira", True),
        # a negative before it, with no list between, still denies it
        ("I'm fine, it's not that there's no point in living", False),
        ("No I haven't got no feeling in my saddle area", False),
        ("No es que no pueda orinar, orino bien", False),
    ],
)
def test_a_negative_sign_after_a_list_word_is_not_under_the_negative_before_it(text, alarms):
    triage = detector().triage(text)
    assert (triage.action == "alert" and triage.level == "emergency") == alarms, (text, triage)
