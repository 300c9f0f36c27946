"""The Spanish content (content/es/): loaded with the English content, checked against it (same
ids, same section kinds, sources and a review date in every section), plain to read, and shown
through the same renderer. The loader tests write broken copies of the content into ``tmp_path``
and check that the error names the Spanish file, its line and field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import render
from content.loader import DEFAULT_CONTENT_DIR, Content, ContentError, load_content
from content.schema import Block, Signs
from tests.unit.content_texts import block_texts
from tests.unit.reading_level import fernandez_huerta, flesch

#: Plain: "normal" or easier on Fernández Huerta's scale (60-70 normal, 70-80 fairly easy).
SPANISH_MIN_EASE = 60
#: English, Flesch: every section, and so the content as a whole, at "standard" (60) or easier.
ENGLISH_MEAN_EASE, ENGLISH_MIN_EASE = 60, 60


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def es(content: Content) -> Content:
    return content.in_language("es")


def texts(content: Content, body: list[Block]) -> Iterator[str]:
    """The body's texts as shown, signs in this language's words."""
    for block in body:
        if isinstance(block, Signs):
            yield from (content.signs[s][1] for s in block.signs)
        else:
            yield from block_texts([block])


def spanish_topics(es: Content) -> list:
    return [t for t in es.topics.values() if f"topic {t.id}" not in es.untranslated]


# --- what is loaded ---------------------------------------------------------------------
def test_the_content_loads_with_its_spanish_translation(content: Content, es: Content) -> None:
    assert es is content.translations["es"] and es.language == "es" and content.language == "en"
    assert content.in_language("fr") is content and content.in_language(None) is content
    assert set(es.pages) == set(content.pages) and set(es.topics) == set(content.topics)
    assert es.pages["welcome"].title == "Bienvenido a Rootwise"
    assert es.topics["sciatica"].title.startswith("Ciática")
    assert es.sources is content.sources or es.sources == content.sources
    assert es.untranslated == ()  # every topic, page, exercise and programme is in Spanish


def test_spanish_names_find_spanish_topics_and_english_names_still_work(es: Content) -> None:
    for name, topic_id in {
        "ciática": "sciatica",
        "Ciatica": "sciatica",
        "hernia de disco": "lumbar-disc-herniation",
        "disco herniado": "lumbar-disc-herniation",
        "sciatica": "sciatica",
        "slipped disc": "lumbar-disc-herniation",
    }.items():
        found = es.find_topic(name)
        assert found is not None and found.id == topic_id, name
        assert found is es.topics[topic_id]


def test_a_spanish_topic_renders_with_spanish_signs(content: Content, es: Content) -> None:
    topic = es.topics["sciatica"]
    section = topic.section("urgent")
    count = render.section_part(es, topic, section, 0)[1]
    html = "\n".join(piece for part in range(count) for piece in render.section_part(es, topic, section, part)[0])
    assert "Ciática · Cuándo buscar ayuda ya" in html and "911" in html and "112" in html
    assert "Fuentes:" in html and "Revisado" in html and "Sources:" not in html
    assert es.signs["saddle-numbness"][1] in html and content.signs["saddle-numbness"][1] not in html


def test_spanish_pictures_are_the_english_ones(content: Content, es: Content) -> None:
    for exercise in es.exercises.values():
        assert es.picture_path(exercise) == content.picture_path(exercise)


# --- what the Spanish content says ------------------------------------------------------
def test_every_spanish_section_cites_the_english_sections_sources(content: Content, es: Content) -> None:
    for topic in spanish_topics(es):
        for section in topic.sections:
            english = content.topics[topic.id].section(section.kind)
            assert english is not None and set(english.sources) <= set(section.sources), (topic.id, section.kind)
    for page in es.pages.values():
        assert set(content.pages[page.id].sources) <= set(page.sources), page.id


def test_spanish_urgent_sections_name_both_emergency_numbers_first(es: Content) -> None:
    bodies = [(f"topic {t.id}", t.section("urgent").body) for t in spanish_topics(es)]
    bodies.append(("page urgent", es.pages["urgent"].body))
    for where, body in bodies:
        first = next(block_texts(body))
        assert first.startswith("🚨 Emergencia ahora") and "911" in first and "112" in first, where
        # Not a closed list of numbers, and a hospital's emergency department, not an urgent-care clinic.
        assert "de su país" in first and "urgencias de un hospital" in first, where
        text = " ".join(texts(es, body))
        assert "México" in text and "España" in text, f"{where}: say where each number is used"
        assert "en otro país" in text.lower(), f"{where}: say what to call in any other country"
        assert "no conduzca ni maneje" in text.lower(), f"{where}: say not to drive yourself (both words)"


#: Wording a clinical review found misleading in the Spanish topics and pages, and why.
MISREAD = {
    "casi nunca": "overstates 'mostly did not' (say 'en la mayoría de los casos no')",
    "casi siempre": "overstates 'usually' (say 'suele' or 'por lo general')",
    "para siempre": "say 'permanente'",
    "prueba es débil": "'prueba' also means a test (say 'la evidencia es limitada')",
    "pruebas son débiles": "'prueba' also means a test (say 'la evidencia es limitada')",
    "ir al baño": "ambiguous (say 'evacuar')",
    "cargarse": "regional (say 'doler o pesar')",
    "terapias de conversación": "say 'terapia psicológica'",
}


def test_spanish_topics_and_pages_avoid_wording_a_reader_may_misread(es: Content) -> None:
    """The topics' and pages' own words (the signs' words are content/es/redflags.yaml's)."""

    def own(body: list[Block]) -> Iterator[str]:
        return block_texts([b for b in body if not isinstance(b, Signs)])

    bodies = [(f"topic {t.id}.{s.kind}", [s.title, *own(s.body)]) for t in spanish_topics(es) for s in t.sections]
    bodies += [(f"page {p.id}", [p.title, *own(p.body)]) for p in es.pages.values()]
    found = [
        f"{where}: {phrase!r} {why}"
        for where, body in bodies
        for phrase, why in MISREAD.items()
        if phrase in " ".join(body).lower()
    ]
    assert not found, found


def test_spanish_help_lists_every_command(content: Content, es: Content) -> None:
    english = set(re.findall(r"/[a-z]+", " ".join(block_texts(content.pages["help"].body))))
    spanish = set(re.findall(r"/[a-z]+", " ".join(block_texts(es.pages["help"].body))))
    assert english <= spanish and "/language" in spanish


def test_spanish_is_plain_to_read(es: Content) -> None:
    scores = {
        f"topic {t.id}.{s.kind}": fernandez_huerta([s.title, *texts(es, s.body)])
        for t in spanish_topics(es)
        for s in t.sections
    }
    scores |= {f"page {p.id}": fernandez_huerta([p.title, *texts(es, p.body)]) for p in es.pages.values()}
    hard = {where: round(score, 1) for where, score in scores.items() if score < SPANISH_MIN_EASE}
    assert not hard, f"Fernández Huerta below {SPANISH_MIN_EASE}: {hard}"


def test_english_is_plain_to_read(content: Content) -> None:
    scores = {
        f"topic {t.id}.{s.kind}": flesch([s.title, *texts(content, s.body)])
        for t in content.topics.values()
        for s in t.sections
    }
    scores |= {f"page {p.id}": flesch([p.title, *texts(content, p.body)]) for p in content.pages.values()}
    hard = {where: round(score, 1) for where, score in scores.items() if score < ENGLISH_MIN_EASE}
    assert not hard, f"Flesch reading ease below {ENGLISH_MIN_EASE}: {hard}"
    assert sum(scores.values()) / len(scores) >= ENGLISH_MEAN_EASE


def test_the_reading_scores_tell_plain_from_hard_text() -> None:
    plain = ["La ciática suele mejorar en unas semanas.", "Siga con su vida normal."]
    hard = [
        "La radiculopatía lumbosacra secundaria a herniación discal posterolateral condiciona "
        "habitualmente déficits neurológicos segmentarios con alteraciones electrofisiológicas."
    ]
    assert fernandez_huerta(plain) >= SPANISH_MIN_EASE > fernandez_huerta(hard)
    assert (
        flesch(["Sciatica usually gets better in a few weeks."])
        >= 60
        > flesch(["Lumbosacral radiculopathy secondary to posterolateral intervertebral disc herniation predominates."])
    )


# --- cross-language checks: errors name the Spanish file and line ------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def line_of(path: Path, needle: str, after: int = 0) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(root: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return info.value


def test_a_missing_spanish_section_names_the_file_and_the_kind(copy: Path) -> None:
    path = copy / "es" / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - kind: questions"), len(text)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    err = load_error(copy)
    assert err.path == str(path) and err.field == "sections" and err.line == line_of(path, "sections:")
    assert "missing section(s) questions" in str(err)


def test_a_section_the_english_topic_lacks_is_refused(copy: Path) -> None:
    path = copy / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - kind: questions")], encoding="utf-8")
    err = load_error(copy)
    spanish = copy / "es" / "topics" / "sciatica.yaml"
    assert err.path == str(spanish) and err.line == line_of(spanish, "- kind: questions")
    assert "section 'questions' is not in the English topic" in str(err)


def test_a_spanish_section_without_sources_names_its_line(copy: Path) -> None:
    path = copy / "es" / "topics" / "lumbar-disc-herniation.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  - kind: questions")
    head, tail = text[:at], text[at:]
    tail = re.sub(r"    sources:\n(      - .*\n)+", "    sources: []\n", tail, count=1)
    path.write_text(head + tail, encoding="utf-8")
    err = load_error(copy)
    assert err.path == str(path) and err.field == "sections[5].sources"
    assert err.line == line_of(path, "sources: []")


def test_a_spanish_section_without_a_review_date_names_the_section(copy: Path) -> None:
    path = copy / "es" / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  - kind: causes")
    path.write_text(text[:at] + text[at:].replace("    reviewed: 2026-12-06\n", "", 1), encoding="utf-8")
    err = load_error(copy)
    assert err.path == str(path) and err.field == "sections[2].reviewed" and "Field required" in str(err)
    assert err.line == line_of(path, "- kind: causes")


def test_a_spanish_topic_the_english_content_lacks_is_refused(copy: Path) -> None:
    original = copy / "es" / "topics" / "sciatica.yaml"
    extra = copy / "es" / "topics" / "zz-coccydynia.yaml"
    extra.write_text(original.read_text(encoding="utf-8").replace("id: sciatica", "id: coccydynia"), encoding="utf-8")
    err = load_error(copy)
    assert err.path == str(extra) and err.field == "id" and err.line == line_of(extra, "id: coccydynia")
    assert "topic 'coccydynia' is not in the English content" in str(err)


def test_a_missing_spanish_topic_is_refused(copy: Path) -> None:
    (copy / "es" / "topics" / "sciatica.yaml").unlink()
    err = load_error(copy)
    assert err.path == str(copy / "es" / "topics") and "sciatica" in str(err)


def test_an_extra_or_missing_spanish_page_is_refused(copy: Path) -> None:
    path = copy / "es" / "pages.yaml"
    edit(path, "  - id: about\n", "  - id: about-us\n")
    err = load_error(copy)
    assert err.path == str(path) and err.field == "pages[4].id" and err.line == line_of(path, "id: about-us")
    assert "page 'about-us' is not in the English content" in str(err)


def test_spanish_signs_need_the_spanish_level_heading(copy: Path) -> None:
    path = copy / "es" / "topics" / "sciatica.yaml"
    edit(path, "Urgente hoy: vea a un médico hoy mismo", "Urgent today: see a doctor the same day")
    err = load_error(copy)
    assert err.path == str(path) and "'Urgente hoy'" in str(err)
    assert err.line == line_of(path, "signs: [leg-weakness")


def test_spanish_exercises_once_present_must_all_be_there(copy: Path) -> None:
    folder = copy / "es" / "exercises"
    folder.mkdir(exist_ok=True)
    for path in (copy / "exercises").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    assert load_content(copy).in_language("es").exercises.keys() == load_content(copy).exercises.keys()
    (folder / "walking.yaml").unlink()
    err = load_error(copy)
    assert err.path == str(folder) and "exercise(s) missing" in str(err) and "walking" in str(err)


def test_a_spanish_programme_must_keep_the_days_and_exercises(copy: Path) -> None:
    folder = copy / "es" / "programmes"
    folder.mkdir(exist_ok=True)
    for path in (copy / "programmes").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    path = folder / "disc.yaml"
    edit(path, "[walking, pelvic-tilt, knee-rolls, prone-press-up]", "[walking, pelvic-tilt, knee-rolls]")
    err = load_error(copy)
    assert err.path == str(path) and err.field == "days[0].exercises"
    assert err.line == line_of(path, "[walking, pelvic-tilt, knee-rolls]")
    assert "in the English content" in str(err)


def test_spanish_clumping_is_a_description_not_a_diagnosis(es: Content) -> None:
    text = " ".join(texts(es, es.topics["nerve-root-clumping"].section("summary").body))
    assert "no confirma ningún diagnóstico" in text and "No es un diagnóstico" in text
    assert "1 de cada 10" in text and "estenosis" in text and "aracnoiditis" in text
    for where, body in [(f"{t.id}.{s.kind}", s.body) for t in spanish_topics(es) for s in t.sections]:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(texts(es, body))):
            if "confirma" in sentence:
                assert re.search(r"\bno\b|\bni\b", sentence, re.I), f"{where}: {sentence}"


def test_an_unknown_source_in_a_spanish_section_names_its_line(copy: Path) -> None:
    path = copy / "es" / "topics" / "lumbar-spinal-stenosis.yaml"
    edit(path, "      - mats-2018-stenosis-exercise\n", "      - medlineplus-es-estenosis\n")
    err = load_error(copy)
    assert err.path == str(path) and err.line == line_of(path, "medlineplus-es-estenosis")
    assert "unknown source 'medlineplus-es-estenosis'" in str(err) and err.field.startswith("sections[1].sources")


def test_a_spanish_exercise_the_english_content_lacks_is_refused(copy: Path) -> None:
    extra = copy / "es" / "exercises" / "zz-plank.yaml"
    extra.write_text(
        (copy / "es" / "exercises" / "bridge.yaml").read_text(encoding="utf-8").replace("id: bridge", "id: plank")
    )
    err = load_error(copy)
    assert err.path == str(extra) and err.field == "id" and err.line == line_of(extra, "id: plank")
    assert "exercise 'plank' is not in the English content" in str(err)
