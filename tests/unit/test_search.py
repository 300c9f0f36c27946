"""Typed-question search: accuracy over the labelled questions, no answer when off topic, speed."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.loader import Content, load_content
from content.schema import Section, Topic
from content.search import Hit, QuestionIndex, stem
from tests.helpers import read_yaml

DATA = read_yaml(Path(__file__).parents[2] / "content" / "search" / "questions" / "qa_cases.yaml")


def accepted(case: dict) -> set[str]:
    """Every right answer as "topic/section" or "exercise/id"."""
    first = f"exercise/{case['exercise']}" if "exercise" in case else f"{case['topic']}/{case['section']}"
    return {first, *case.get("also", [])}


def answer(hit: Hit) -> str:
    return f"exercise/{hit.ref}" if hit.kind == "exercise" else f"{hit.topic_id}/{hit.ref}"


@cache
def index() -> QuestionIndex:
    return QuestionIndex.build(load_content())


def test_the_question_set_is_large_enough_and_points_at_real_content():
    content = load_content()
    assert len(DATA["questions"]) >= 60 and len(DATA["out_of_scope"]) >= 10
    for case in DATA["questions"]:
        for ref in accepted(case):
            kind, _, rest = ref.partition("/")
            if kind == "exercise":
                assert rest in content.exercises, ref
            else:
                assert content.topics[kind].section(rest) is not None, ref


def test_top1_accuracy_is_at_least_80_percent():
    wrong = []
    for case in DATA["questions"]:
        hits = index().search(case["q"])
        if not hits or answer(hits[0]) not in accepted(case):
            wrong.append((case["q"], [answer(h) for h in hits]))
    accuracy = 1 - len(wrong) / len(DATA["questions"])
    assert accuracy >= 0.8, f"top-1 accuracy {accuracy:.3f}; wrong: {wrong}"


@pytest.mark.parametrize("question", DATA["out_of_scope"])
def test_out_of_scope_questions_get_no_answer(question):
    assert index().search(question) == []


@pytest.mark.parametrize("question", ["", "   ", "?!", "2+2", "the of and", "a" * 10_000])
def test_empty_or_meaningless_questions_get_no_answer(question):
    assert index().search(question) == []


def test_hits_are_ordered_limited_and_typed():
    hits = index().search("treatment for sciatica", limit=2)
    assert 1 <= len(hits) <= 2
    assert hits[0] == Hit("section", "treatment", "sciatica", hits[0].score)
    assert hits[0].section_kind == "treatment"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(type(h.score) is float for h in hits)


def test_exercise_hits_name_the_exercise_and_a_topic_it_suits():
    hit = index().search("how do I do the bridge exercise for stenosis")[0]
    assert (hit.kind, hit.ref, hit.section_kind) == ("exercise", "bridge", None)
    assert hit.topic_id == "lumbar-spinal-stenosis"
    assert index().search("how do I do the bridge exercise")[0].topic_id is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    hits = index().search(text)
    assert all(isinstance(h, Hit) for h in hits)


# -- a tiny content set, independent of the real content ----------------------------------------


def _section(kind: str, title: str, *body: str) -> Section:
    return Section(kind=kind, title=title, body=list(body), sources=["s"], reviewed=dt.date(2026, 1, 1))


def _tiny() -> QuestionIndex:
    topic = Topic(
        id="gout",
        title="Gout (crystal arthritis)",
        short_title="Gout",
        aliases=["podagra"],
        sections=[
            _section("summary", "What gout is", "Gout is a type of arthritis where crystals form in a joint."),
            _section("symptoms", "Symptoms", "A hot, swollen, very painful big toe joint that comes on overnight."),
            _section("causes", "What causes it", "Too much uric acid in the blood; beer and red meat raise it."),
            _section(
                "treatment",
                "Treatment",
                "Anti-inflammatory tablets or colchicine for attacks; allopurinol to prevent them.",
            ),
            _section("urgent", "When to get help now", "A hot joint with a high temperature needs help the same day."),
        ],
    )
    return QuestionIndex.build(Content(Path("."), {}, {}, {"gout": topic}, {}, {}))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what is gout", "summary"),
        ("what causes podagra", "causes"),
        ("colchicine or allopurinol tablets?", "treatment"),
        ("my big toe is swollen, is that a symptom", "symptoms"),
        ("gout with a temperature, is it an emergency", "urgent"),
    ],
)
def test_intent_and_words_pick_the_section(question, kind):
    assert _tiny().search(question)[0].section_kind == kind


def test_light_stemming_matches_word_forms():
    assert stem("walking") == stem("walks") == stem("walk")
    assert stem("diagnosed") == stem("diagnose")
    assert stem("injections") == stem("injection")


# -- Spanish -------------------------------------------------------------------------------------


def test_the_spanish_analyser_folds_accents_and_stems():
    from content.search.analysis import SPANISH

    assert SPANISH.terms("Ciática") == SPANISH.terms("ciaticas") == SPANISH.terms("CIATICA")
    assert SPANISH.terms("me duele la espalda") == ["duel", "espald"]
    assert "orin" in SPANISH.terms("no puedo hacer pis", expand=True)


def test_a_question_is_searched_in_its_own_language():
    from content.answers import choose, question_language

    content = load_content()
    assert set(index().indexes) >= {"en", "es"}
    assert question_language("qué es la ciática y por qué duele", index()) == "es"
    assert question_language("ciática", index(), "es") == "es"  # too short to tell: the person's
    assert question_language("what is sciatica", index(), "es") == "en"  # sure enough: the message's
    assert question_language("qué es la ciática", index(), "fr") == "es"
    assert question_language("hmm", index(), "fr") == "en"  # no index for it
    got = choose(content, index(), "qué puede causar una hernia de disco en la espalda")
    assert got and got[0].key == "lumbar-disc-herniation/causes"
    got = choose(content, index(), "y cuánto tiempo dura, se quita solo?", reading="sciatica", language="es")
    assert got and got[0].key == "sciatica/summary"


@pytest.mark.parametrize("message", ["hola", "gracias!!", "buenos días a todos", "adiós", "jajaja", "¿qué hora es?"])
def test_spanish_chat_gets_no_answer(message):
    from content.answers import choose

    assert choose(load_content(), index(), message, language="es") == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_in_spanish(text):
    assert all(isinstance(h, Hit) for h in index().search(text, language="es"))


def test_an_index_of_the_spanish_content_alone_reads_spanish():
    from content.answers import choose

    spanish = load_content().in_language("es")
    alone = QuestionIndex.build(spanish)
    assert alone.primary == "es" and alone.of("en") is alone.of("es")
    got = choose(spanish, alone, "tratamiento de la aracnoiditis")
    assert got and got[0].key == "arachnoiditis/treatment"


@pytest.mark.parametrize(
    ("message", "first"),
    [
        ("what commands are there", "page/help"),
        ("is this real medical advice", "page/disclaimer"),
        ("who wrote all this", "page/about"),
        ("stenosis warning signs", "lumbar-spinal-stenosis/urgent"),  # the topic's own list first
        ("red flags for back pain", "page/urgent"),
    ],
)
def test_questions_about_the_bot_and_warning_signs(message, first):
    from content.answers import choose

    got = choose(load_content(), index(), message)
    assert got and got[0].key == first


@pytest.mark.parametrize("message", ["cauda equina", "qué es la cauda equina", "sindrome de cauda equina"])
def test_cauda_equina_asked_in_spanish_gets_the_urgent_page_first_as_in_english(message):
    from content.answers import choose

    got = choose(load_content(), index(), message, language="es")
    assert got and got[0].key == "page/urgent", [a.key for a in got]


def test_html_entities_do_not_make_a_message_english():
    """plain() reads "&" as "and" (for "A&E"); two of them made "&amp; &lt;" English for a Spanish
    speaker."""
    from content.answers import question_language
    from safety.language import message_language

    assert message_language("&amp; &lt;") is None
    assert question_language("&amp; &lt;", index(), "es") == "es"
    assert message_language("where is the nearest A&E and how do I get there") == "en"


def test_the_learnt_ranker_reads_labels_and_survives_its_cache(tmp_path, monkeypatch):
    import pickle

    from content.search.analysis import SPANISH
    from content.search.ranker import answer_key, labelled, learn

    assert answer_key({"q": "x", "topic": "sciatica", "section": "causes"}) == "sciatica/causes"
    assert answer_key({"q": "x", "exercise": "bridge"}) == "exercise/bridge"
    assert answer_key({"q": "x", "topic": "exercise", "section": "bridge"}) == "exercise/bridge"
    assert answer_key({"q": "x", "page": "urgent", "also": ["sciatica/urgent"]}) is None
    assert answer_key({"q": "x", "topic": "none"}) is None
    assert labelled(tmp_path, "en") == []
    monkeypatch.setenv("ROOTWISE_MODEL_CACHE", str(tmp_path / "cache"))
    spanish = index().of("es")
    ranker = learn(spanish.docs, SPANISH)
    assert ranker is not None and list((tmp_path / "cache").glob("question-ranker-*.joblib"))
    again = pickle.loads(pickle.dumps(ranker))
    assert again.analyser is SPANISH
    chances = again.chances("¿qué causa la ciática?")
    assert max(chances, key=chances.__getitem__).startswith("sciatica/")
