"""The Spanish exercise cards, programmes and two topics match the English ones in all but the words.

Every English exercise and programme has a Spanish file of the same name under ``content/es/``,
valid against the same model, with the same id, picture, numbers, topics, days and exercise
references, at least the English file's sources (all listed in sources.yaml), and the same one
pain rule and screening line where the English has them. The Spanish arachnoiditis and
spinal-operation topics have the English sections in order, the same red-flag signs and sources.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR, read_yaml, validate
from content.schema import Exercise, Programme, Signs, SourcesFile, Topic

ES_DIR = DEFAULT_CONTENT_DIR / "es"

PAIN_RULE_EN = "Some discomfort is fine, up to 4 out of 10, if it settles within 45 minutes"
PAIN_RULE_ES = (
    "Es normal sentir algo de molestia, hasta 4 de 10, si se calma en 45 minutos y no afecta su "
    "sueño ni el día siguiente. Si no es así, haga menos."
)
SCREENING_EN = "Before you start, check with your physiotherapist or GP"
SCREENING_ES = (
    "Antes de empezar, consulte a su fisioterapeuta o médico si lo operaron de la columna en los "
    "últimos meses, si tiene una prótesis de cadera, o si tiene osteoporosis o una fractura en una vértebra."
)


def _files(kind: str) -> list[str]:
    return sorted(p.name for p in (DEFAULT_CONTENT_DIR / kind).glob("*.yaml"))


def _pair(kind: str, name: str, model):
    english = validate(read_yaml(DEFAULT_CONTENT_DIR / kind / name), model)
    spanish_path = ES_DIR / kind / name
    assert spanish_path.is_file(), f"no Spanish {kind} file {spanish_path}"
    return english, validate(read_yaml(spanish_path), model)


def _numbers(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\d+", text or ""))


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    doc = read_yaml(DEFAULT_CONTENT_DIR / "sources.yaml")
    return {s.id for s in validate(doc, SourcesFile).sources}


def _check_sources(english, spanish, source_ids: set[str]) -> None:
    assert spanish.sources
    assert set(english.sources) <= set(spanish.sources), set(english.sources) - set(spanish.sources)
    assert set(spanish.sources) <= source_ids, set(spanish.sources) - source_ids


def test_both_languages_have_the_same_files():
    for kind in ("exercises", "programmes"):
        assert _files(kind), kind
        assert sorted(p.name for p in (ES_DIR / kind).glob("*.yaml")) == _files(kind), kind


@pytest.mark.parametrize("name", _files("exercises"))
def test_a_spanish_exercise_matches_its_english_card(name: str, source_ids: set[str]):
    english, spanish = _pair("exercises", name, Exercise)
    assert (spanish.id, spanish.picture) == (english.id, english.picture)
    assert (spanish.suits, spanish.not_suited) == (english.suits, english.not_suited)
    assert _numbers(spanish.dose) == _numbers(english.dose), spanish.dose
    for field in ("steps", "cautions", "avoid_if"):
        en_items, es_items = getattr(english, field), getattr(spanish, field)
        assert len(es_items) == len(en_items), field
        for en_text, es_text in zip(en_items, es_items, strict=True):
            assert _numbers(es_text) == _numbers(en_text), es_text
            assert ("/urgent" in es_text) == ("/urgent" in en_text), es_text
            assert (PAIN_RULE_ES in es_text) == (PAIN_RULE_EN in en_text), es_text
    _check_sources(english, spanish, source_ids)
    assert spanish.reviewed >= english.reviewed


@pytest.mark.parametrize("name", _files("programmes"))
def test_a_spanish_programme_matches_its_english_plan(name: str, source_ids: set[str]):
    english, spanish = _pair("programmes", name, Programme)
    assert (spanish.id, spanish.topic) == (english.id, english.topic)
    assert len(spanish.days) == len(english.days)
    for number, (en_day, es_day) in enumerate(zip(english.days, spanish.days, strict=True), start=1):
        assert (es_day.exercises, es_day.rest) == (en_day.exercises, en_day.rest), f"day {number}"
        assert (es_day.note is None) == (en_day.note is None), f"day {number}"
        assert _numbers(es_day.note) == _numbers(en_day.note), f"day {number}: {es_day.note}"
    assert (spanish.caution is None) == (english.caution is None)
    caution = _squash(spanish.caution)
    assert (PAIN_RULE_ES in caution) == (PAIN_RULE_EN in _squash(english.caution))
    assert (SCREENING_ES in caution) == (SCREENING_EN in _squash(english.caution))
    assert ("/urgent" in caution) == ("/urgent" in _squash(english.caution))
    assert _numbers(spanish.caution) == _numbers(english.caution)
    assert _numbers(spanish.description) == _numbers(english.description)
    _check_sources(english, spanish, source_ids)
    assert spanish.reviewed >= english.reviewed


def test_the_spanish_files_are_not_the_english_text():
    for kind in ("exercises", "programmes"):
        for name in _files(kind):
            english = (DEFAULT_CONTENT_DIR / kind / name).read_text(encoding="utf-8")
            spanish = Path(ES_DIR / kind / name).read_text(encoding="utf-8")
            assert " the " in english and " the " not in spanish, name


@pytest.mark.parametrize("topic_id", ["arachnoiditis", "spinal-operation-recovery"])
def test_a_spanish_topic_has_the_english_sections_signs_and_sources(topic_id: str, source_ids: set[str]):
    english, spanish = _pair("topics", f"{topic_id}.yaml", Topic)
    assert (spanish.id, spanish.exercises) == (english.id, english.exercises)
    assert [s.kind for s in spanish.sections] == [s.kind for s in english.sections]
    for en_section, es_section in zip(english.sections, spanish.sections, strict=True):
        signs = [[b.signs for b in s.body if isinstance(b, Signs)] for s in (en_section, es_section)]
        assert signs[1] == signs[0], es_section.kind
        _check_sources(en_section, es_section, source_ids)
        assert es_section.reviewed >= en_section.reviewed


def test_spanish_arachnoiditis_says_clumping_alone_does_not_confirm_it():
    topic = validate(read_yaml(ES_DIR / "topics" / "arachnoiditis.yaml"), Topic)
    summary = " ".join(b for b in topic.sections[0].body if isinstance(b, str))
    assert "no confirma una aracnoiditis" in _squash(summary)
    assert "La resonancia sola no basta." in _squash(summary)
