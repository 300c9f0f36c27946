"""The quality bar for the medical content: sources, structure, safety wording and limits.

Every test here can fail on real content. The loader tests at the end write broken copies of
the real content folder into ``tmp_path`` and check that the error names file, line and field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from content.loader import DEFAULT_CONTENT_DIR, STALE_AFTER, Content, ContentError, load_content
from content.schema import REQUIRED_SECTIONS, Block, Bullets, Heading, Signs, Steps  # noqa: F401
from tests.unit.content_texts import block_texts

REVIEWED = dt.date(2026, 12, 7)
MESSAGE_BUDGET = 3500  # one Telegram message is 4096; leave room for markup and the footer
MARKUP_ALLOWANCE = 1.10
MIN_PROGRAMME_DAYS = 28
MAX_PICTURE_BYTES = 60_000
PICTURE_SIZE = (640, 400)

#: Where A and B sources must live: the publisher's own site, never a mirror or aggregator.
CANONICAL_DOMAINS = (
    "nice.org.uk",  # NICE guidance and CKS (cks.nice.org.uk)
    "nhs.uk",  # nhs.uk and NHS subdomains such as 111.wales.nhs.uk, rightdecisions.scot.nhs.uk
    "nhsinform.scot",
    "ncbi.nlm.nih.gov",  # PubMed, PMC and NCBI Bookshelf (StatPearls)
    "doi.org",  # journal articles by DOI
    "aomrc.org.uk",  # Academy of Medical Royal Colleges, publisher of its own guidance
    "kngf.nl",  # Royal Dutch Society for Physical Therapy, publisher of its own guideline
    "mhmedical.com",  # McGraw Hill AccessMedicine, publisher of Harrison's
    "msdmanuals.com",  # MSD Manuals, publisher of its own professional reference
    "ninds.nih.gov",  # US National Institute of Neurological Disorders and Stroke
    "medlineplus.gov",  # MedlinePlus en español, US National Library of Medicine
    "gettingitrightfirsttime.co.uk",  # GIRFT, NHS England
    "gov.scot",  # the Scottish Government, publisher of the Scottish referral guidelines for suspected cancer
)

EXPECTED_TOPICS = {
    "nerve-root-clumping",
    "lumbar-disc-herniation",
    "lumbar-spinal-stenosis",
    "sciatica",
    "arachnoiditis",
    "spinal-operation-recovery",
}
EXPECTED_ALIASES = {
    "stenosis": "lumbar-spinal-stenosis",
    "slipped disc": "lumbar-disc-herniation",
    "herniated disc": "lumbar-disc-herniation",
    "radiculopathy": "sciatica",
    "clumping": "nerve-root-clumping",
    "nerve root clumping": "nerve-root-clumping",
    "arachnoiditis": "arachnoiditis",
    "discectomy": "spinal-operation-recovery",
    "laminectomy": "spinal-operation-recovery",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


# --- helpers ----------------------------------------------------------------------------
def all_texts(content: Content) -> Iterator[tuple[str, str]]:
    """(where, text) for every user-facing string."""
    for topic in content.topics.values():
        yield f"topic {topic.id}", topic.title
        for sec in topic.sections:
            yield f"topic {topic.id}.{sec.kind}", sec.title
            for text in block_texts(sec.body):
                yield f"topic {topic.id}.{sec.kind}", text
    for page in content.pages.values():
        yield f"page {page.id}", page.title
        for text in block_texts(page.body):
            yield f"page {page.id}", text
    for ex in content.exercises.values():
        for text in [ex.name, ex.summary, *ex.steps, ex.dose, *ex.cautions, *ex.avoid_if]:
            yield f"exercise {ex.id}", text
    for prog in content.programmes.values():
        for text in [prog.title, prog.description, prog.caution or ""]:
            yield f"programme {prog.id}", text
        for i, day in enumerate(prog.days, 1):
            if day.note:
                yield f"programme {prog.id} day {i}", day.note


def rendered_size(title: str, body: list[Block]) -> int:
    return round((len(title) + sum(len(t) for t in block_texts(body))) * MARKUP_ALLOWANCE)


def cited_items(content: Content) -> Iterator[tuple[str, list[str]]]:
    """(name, source ids) for everything that must cite strong evidence."""
    for topic in content.topics.values():
        for sec in topic.sections:
            yield f"topic {topic.id}: {sec.kind}", sec.sources
    for ex in content.exercises.values():
        yield f"exercise {ex.id}", ex.sources
    for prog in content.programmes.values():
        yield f"programme {prog.id}", prog.sources
    if content.outcomes is not None:
        yield "outcomes: rmdq", content.outcomes.rmdq.sources
        yield "outcomes: messages", content.outcomes.messages.sources
        for key, rule in content.outcomes.change.items():
            yield f"outcomes: change {key}", rule.sources


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


# --- sources ----------------------------------------------------------------------------
def test_the_real_content_loads(content: Content) -> None:
    assert set(content.topics) == EXPECTED_TOPICS
    assert 10 <= len(content.exercises) <= 12
    assert len(content.programmes) >= 4


def test_everything_cites_at_least_one_grade_a_or_b_source(content: Content) -> None:
    weak = [name for name, ids in cited_items(content) if not any(content.sources[i].grade in ("A", "B") for i in ids)]
    assert not weak, f"no grade A or B source: {weak}"


def test_strong_sources_use_the_publishers_own_address(content: Content) -> None:
    bad = []
    for src in content.sources.values():
        if src.grade not in ("A", "B"):
            continue
        host = (urlparse(src.url).hostname or "").lower()
        if urlparse(src.url).scheme != "https" or not any(
            host == d or host.endswith("." + d) for d in CANONICAL_DOMAINS
        ):
            bad.append(f"{src.id}: {src.url}")
    assert not bad, f"A/B sources not on a canonical publisher domain: {bad}"


def test_doi_links_look_like_dois(content: Content) -> None:
    for src in content.sources.values():
        if "doi.org" in src.url:
            assert re.fullmatch(r"https://doi\.org/10\.\d{4,9}/\S+", src.url), src.id


def redflag_source_ids() -> set[str]:
    """Source ids cited by the red-flag rules of every language (content/redflags.yaml and
    content/<language>/redflags.yaml, read by safety/)."""
    import yaml

    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    found.update(v for v in value if isinstance(v, str))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in (DEFAULT_CONTENT_DIR / "redflags.yaml", *DEFAULT_CONTENT_DIR.glob("*/redflags.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_every_source_is_cited_somewhere(content: Content) -> None:
    versions = [content, *content.translations.values()]
    used = {i for version in versions for _, ids in cited_items(version) for i in ids}
    used |= {i for version in versions for page in version.pages.values() for i in page.sources}
    used |= redflag_source_ids()
    assert not set(content.sources) - used, f"unused sources: {sorted(set(content.sources) - used)}"


def test_no_source_is_cited_twice_in_one_list(content: Content) -> None:
    lists = [*cited_items(content), *((f"page {p.id}", p.sources) for p in content.pages.values())]
    dupes = [name for name, ids in lists if len(ids) != len(set(ids))]
    assert not dupes, dupes


# --- review dates -----------------------------------------------------------------------
def test_everything_has_a_review_date_that_is_not_in_the_future(content: Content) -> None:
    dates = [s.reviewed for t in content.topics.values() for s in t.sections]
    dates += [x.reviewed for x in (*content.exercises.values(), *content.programmes.values(), *content.pages.values())]
    assert dates and all(d <= REVIEWED for d in dates)


def test_stale_sections_reports_old_reviews(content: Content) -> None:
    assert content.stale_sections(REVIEWED) == []
    later = REVIEWED + STALE_AFTER + dt.timedelta(days=1)
    stale = content.stale_sections(later)
    sections = sum(len(t.sections) for t in content.topics.values())
    others = len(content.exercises) + len(content.programmes) + len(content.pages)
    assert len(stale) == sections + others + (content.outcomes is not None)
    assert any(s.startswith("topic nerve-root-clumping: summary") for s in stale)


# --- structure --------------------------------------------------------------------------
def test_ids_are_unique_across_each_kind(content: Content) -> None:
    for folder, items in (
        ("topics", content.topics),
        ("exercises", content.exercises),
        ("programmes", content.programmes),
    ):
        files = sorted((DEFAULT_CONTENT_DIR / folder).glob("*.yaml"))
        assert len(files) == len(items), f"{folder}: a file was dropped or ids collide"
        assert {f.stem for f in files} == set(items), f"{folder}: file names should match ids"


def test_every_topic_has_every_required_section_with_content(content: Content) -> None:
    for topic in content.topics.values():
        kinds = [s.kind for s in topic.sections]
        assert set(REQUIRED_SECTIONS) <= set(kinds), topic.id
        assert "questions" in kinds, f"{topic.id}: add 'what to ask your specialist'"
        for sec in topic.sections:
            texts = list(block_texts(sec.body))
            assert texts and all(t.strip() for t in texts), f"{topic.id}.{sec.kind} is empty"
            assert sum(len(t) for t in texts) > 200, f"{topic.id}.{sec.kind} is too thin"


def test_references_between_content_exist(content: Content) -> None:
    for topic in content.topics.values():
        assert set(topic.exercises) <= set(content.exercises), topic.id
    for ex in content.exercises.values():
        assert set(ex.suits) | set(ex.not_suited) <= set(content.topics), ex.id
        assert not set(ex.suits) & set(ex.not_suited), ex.id
    for prog in content.programmes.values():
        assert prog.topic in content.topics, prog.id
        for day in prog.days:
            assert set(day.exercises) <= set(content.exercises), prog.id


def test_every_topic_offers_exercises(content: Content) -> None:
    for topic in content.topics.values():
        offered = {e.id for e in content.exercises.values() if topic.id in e.suits} | set(topic.exercises)
        assert len(offered) >= 3, topic.id


def test_aliases_find_their_topics_and_do_not_collide(content: Content) -> None:
    for alias, topic_id in EXPECTED_ALIASES.items():
        found = content.find_topic(alias)
        assert found is not None and found.id == topic_id, alias
    owner: dict[str, str] = {}
    for topic in content.topics.values():
        for name in {topic.id, topic.title.lower(), topic.short_title.lower(), *topic.aliases}:
            assert owner.setdefault(name, topic.id) == topic.id, f"{name!r} is used twice"
            assert content.find_topic(name).id == topic.id


def test_programmes_are_long_enough_and_every_day_is_usable(content: Content) -> None:
    for prog in content.programmes.values():
        assert len(prog.days) >= MIN_PROGRAMME_DAYS, f"{prog.id} has {len(prog.days)} days"
        for n, day in enumerate(prog.days, 1):
            if day.rest:
                assert not day.exercises, f"{prog.id} day {n} is a rest day with exercises"
            else:
                assert day.exercises, f"{prog.id} day {n} has nothing to do"
        # Every day can be reached: day numbers run 1..N with no gaps, and no run of more than
        # three rest days in a row leaves someone without a plan.
        rests = "".join("r" if d.rest else "x" for d in prog.days)
        assert "rrrr" not in rests, prog.id
        assert rests.count("x") >= len(prog.days) // 2, f"{prog.id}: too few active days"


def test_programmes_progress_gradually(content: Content) -> None:
    for prog in content.programmes.values():
        first = [d for d in prog.days if not d.rest][0]
        most = max(len(d.exercises) for d in prog.days)
        assert len(first.exercises) <= 4, f"{prog.id} starts with too much"
        assert most > len(first.exercises) or prog.id == "arachnoiditis-pacing", prog.id
        weeks = [prog.days[i : i + 7] for i in range(0, len(prog.days), 7)]
        widest = [max((len(d.exercises) for d in week), default=0) for week in weeks]
        for n, (this, after) in enumerate(itertools.pairwise(widest), 1):
            assert after - this <= 2, f"{prog.id}: week {n + 1} adds too much at once"


def test_programme_exercises_suit_the_programme_topic(content: Content) -> None:
    for prog in content.programmes.values():
        for day in prog.days:
            for ex_id in day.exercises:
                ex = content.exercises[ex_id]
                assert prog.topic not in ex.not_suited, f"{prog.id}: {ex_id} is not suited"
                assert prog.topic in ex.suits, f"{prog.id}: {ex_id} does not list {prog.topic}"


def test_exercises_have_full_instructions_and_pictures(content: Content) -> None:
    for ex in content.exercises.values():
        assert 2 <= len(ex.steps) <= 6, ex.id
        assert re.search(r"\d|every day", ex.dose.lower()), f"{ex.id}: dose needs numbers or a frequency"
        assert ex.picture, f"{ex.id}: no picture"
        path = content.picture_path(ex)
        assert path is not None and path.suffix == ".png"
        assert png_size(path) == PICTURE_SIZE, ex.id
        assert path.stat().st_size < MAX_PICTURE_BYTES, ex.id


def test_exercises_that_move_the_leg_or_spine_warn_about_spreading_pain(content: Content) -> None:
    for ex in content.exercises.values():
        text = " ".join([*ex.cautions, *ex.avoid_if]).lower()
        assert "further down" in text, f"{ex.id}: say to stop if pain spreads further down the leg"


# --- safety wording ---------------------------------------------------------------------
def test_no_markup_in_plain_text(content: Content) -> None:
    markup = re.compile(r"<\s*/?\s*[a-zA-Z]|\*\*|__|`|\]\(|^#|^\s*[*]\s")
    bad = [(where, text) for where, text in all_texts(content) if markup.search(text)]
    assert not bad, bad


def test_urgent_sections_put_the_action_first(content: Content) -> None:
    bodies = [(f"topic {t.id}", t.section("urgent").body) for t in content.topics.values()]
    bodies.append(("page urgent", content.pages["urgent"].body))
    for where, body in bodies:
        first = next(block_texts(body)).lower()
        assert "a&e" in first or "ambulance" in first or "999" in first, where
        text = " ".join(block_texts(body))
        assert "999" in text and "112" in text and "911" in text, f"{where}: local emergency numbers"
        assert "drive" in text.lower(), f"{where}: say not to drive yourself"


def test_nothing_says_a_scan_confirms_a_diagnosis(content: Content) -> None:
    for where, text in all_texts(content):
        for match in re.finditer(r"confirm", text, re.IGNORECASE):
            before = text[max(0, match.start() - 12) : match.start()].lower()
            assert "not " in before or "n't " in before, f"{where}: {text!r}"


def test_clumping_is_explained_as_a_description_not_a_diagnosis(content: Content) -> None:
    summary = " ".join(block_texts(content.topics["nerve-root-clumping"].section("summary").body)).lower()
    assert "not a diagnosis" in summary
    assert "arachnoiditis" in summary and "stenosis" in summary
    assert "cauda equina" in summary and "l1" in summary
    assert "specialist" in summary


def test_the_spinal_cord_is_never_placed_at_l4_to_s1(content: Content) -> None:
    wrong = re.compile(r"(cord|emerg\w*)\W+(\w+\W+){0,4}(at|from)\W+(L[345]|S1)\b", re.IGNORECASE)
    bad = [(w, t) for w, t in all_texts(content) if wrong.search(t)]
    assert not bad, bad


def test_sciatica_treatment_follows_nice(content: Content) -> None:
    for topic_id in ("sciatica", "lumbar-disc-herniation"):
        text = " ".join(block_texts(content.topics[topic_id].section("treatment").body)).lower()
        for needle in (
            "gabapentin",
            "pregabalin",
            "steroid tablets",
            "benzodiazepines",
            "opioids",
            "exercise",
            "traction",
            "acupuncture",
            "tens",
            "alongside exercise",
        ):
            assert needle in text, f"{topic_id}: {needle}"
        assert "nice-ng59" in content.topics[topic_id].section("treatment").sources


def test_arachnoiditis_treatment_is_honest_about_the_evidence(content: Content) -> None:
    text = " ".join(block_texts(content.topics["arachnoiditis"].section("treatment").body)).lower()
    assert "no cure" in text and "controversial" in text
    assert "no research" in text or "no evidence" in text
    caution = (content.programmes["arachnoiditis-pacing"].description or "").lower()
    assert "no studies" in caution or "no research" in caution


def test_disc_programme_carries_the_direction_rule(content: Content) -> None:
    caution = (content.programmes["disc"].caution or "").lower()
    assert "further down" in caution and "stop" in caution


def test_stenosis_programme_avoids_backward_bending(content: Content) -> None:
    used = {e for d in content.programmes["stenosis-flexion"].days for e in d.exercises}
    assert "prone-press-up" not in used
    assert "lumbar-spinal-stenosis" in content.exercises["prone-press-up"].not_suited


def test_disclaimer_says_information_not_diagnosis(content: Content) -> None:
    text = " ".join(block_texts(content.pages["disclaimer"].body)).lower()
    assert "not a diagnosis" in text and "delay" in text and "replace" in text


def test_help_lists_every_command(content: Content) -> None:
    text = " ".join(block_texts(content.pages["help"].body))
    for command in ("/topics", "/symptoms", "/causes", "/treatment", "/exercises", "/urgent", "/about"):
        assert command in text


# --- Telegram limits --------------------------------------------------------------------
def test_sections_and_pages_fit_one_message(content: Content) -> None:
    sizes = {
        f"topic {t.id}.{s.kind}": rendered_size(f"{t.short_title} · {s.title}", s.body)
        for t in content.topics.values()
        for s in t.sections
    }
    sizes |= {f"page {p.id}": rendered_size(p.title, p.body) for p in content.pages.values()}
    too_long = {k: v for k, v in sizes.items() if v >= MESSAGE_BUDGET}
    assert not too_long, too_long


def test_exercise_cards_fit_one_message(content: Content) -> None:
    for ex in content.exercises.values():
        size = sum(map(len, [*ex.steps, ex.dose, *ex.cautions])) * MARKUP_ALLOWANCE
        assert size < MESSAGE_BUDGET, ex.id
        assert len(ex.name) < 200, ex.id  # the photo caption is the name


def test_programme_texts_are_short(content: Content) -> None:
    for prog in content.programmes.values():
        assert len(prog.description) + len(prog.caution or "") < 1500, prog.id
        for day in prog.days:
            assert len(day.note or "") < 400, prog.id


# --- loader errors name file, line and field --------------------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_copy_itself_loads(copy: Path) -> None:
    assert load_content(copy).summary() == load_content().summary()


def test_broken_yaml_names_file_and_line(copy: Path) -> None:
    path = copy / "topics" / "sciatica.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "short_title: Sciatica: nerve pain")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    err = info.value
    assert err.path == str(path)
    assert err.line == 6
    assert "broken YAML" in str(err) and f"sciatica.yaml:{err.line}" in str(err)


def test_missing_field_names_file_line_and_field(copy: Path) -> None:
    path = copy / "exercises" / "bridge.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^dose:.*\n", "", text), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    err = info.value
    assert err.path == str(path) and err.field == "dose" and err.line is not None
    assert "Field required" in str(err) and "bridge.yaml:" in str(err)


def test_missing_field_deep_inside_names_the_section(copy: Path) -> None:
    path = copy / "topics" / "arachnoiditis.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    title: Treatment and living with it\n", "", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    err = info.value
    assert err.field == "sections[3].title"
    assert err.line == line_of(path, "- kind: treatment")


def test_duplicate_id_names_the_second_file(copy: Path) -> None:
    original = copy / "exercises" / "bridge.yaml"
    duplicate = copy / "exercises" / "zz-bridge-again.yaml"
    duplicate.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    err = info.value
    assert err.path == str(duplicate) and err.field == "id"
    assert err.line == line_of(duplicate, "id: bridge")
    assert "duplicate exercise id 'bridge'" in str(err)


def test_unknown_exercise_in_a_programme_names_the_day(copy: Path) -> None:
    path = copy / "programmes" / "disc.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "[walking, pelvic-tilt, knee-rolls, prone-press-up]",
            "[walking, pelvic-tilt, knee-rolls, no-such-exercise]",
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as info:
        load_content(copy)
    err = info.value
    assert err.path == str(path)
    assert err.field == "days[0].exercises[3]"
    assert err.line == line_of(path, "no-such-exercise")
    assert "unknown exercise 'no-such-exercise'" in str(err)


def test_unknown_exercise_in_a_topic_is_an_error(copy: Path) -> None:
    path = copy / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("exercises: []", "exercises: [walking, hopping]", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    assert info.value.field == "exercises[1]" and info.value.line == line_of(path, "hopping")


def test_colliding_alias_is_an_error(copy: Path) -> None:
    path = copy / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - radiculopathy\n", "  - radiculopathy\n  - stenosis\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    assert "alias 'stenosis'" in str(info.value)


def test_missing_picture_is_an_error(copy: Path) -> None:
    (copy / "pictures" / "bridge.png").unlink()
    with pytest.raises(ContentError) as info:
        load_content(copy)
    assert info.value.field == "picture" and "bridge.png" in str(info.value)
