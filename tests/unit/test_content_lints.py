"""The evidence lints that `check-content` runs, and the clinical wording they protect.

The lints (content/loader.py: source_problem, citation_problem) are tested on small sources
and on broken copies of the real content folder; the wording tests hold the corrections that a
clinical review asked for: the L4/L5/S1 root table, the lying nerve slider's steps, the
arachnoiditis medicine line, one pain rule across exercise cards and plans, and screening
before a plan starts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from content.loader import (
    DEFAULT_CONTENT_DIR,
    Content,
    ContentError,
    citation_problem,
    load_content,
    source_problem,
)
from content.schema import Block, Bullets, Heading, Signs, Source, Steps  # noqa: F401
from tests.unit.content_texts import block_texts

ROOT = Path(__file__).resolve().parents[2]

#: The one pain rule: every card or plan that names a pain score says exactly this.
PAIN_RULE = (
    "Some discomfort is fine, up to 4 out of 10, if it settles within 45 minutes and does "
    "not affect your sleep or the next day. If it does, do less."
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def texts(body: list[Block]) -> list[str]:
    return list(block_texts(body))


def squash(text: str) -> str:
    return " ".join(text.lower().split())


def source(**fields) -> Source:
    base = {"id": "x", "title": "A title", "publisher": "A publisher", "url": "https://www.nhs.uk/x/", "grade": "A"}
    return Source(**(base | fields))


# --- source_problem ------------------------------------------------------------------------
def test_a_source_on_a_canonical_publisher_site_passes():
    assert source_problem(source()) is None
    assert source_problem(source(url="https://cks.nice.org.uk/topics/sciatica/")) is None


def test_a_source_on_a_mirror_or_aggregator_fails():
    problem = source_problem(source(url="https://globalgenes.org/disease/arachnoiditis/", grade="C"))
    assert problem and "no DOI, PubMed id or canonical publisher address" in problem


def test_a_paper_needs_its_doi_and_is_cited_at_it():
    ok = source(grade="B", url="https://doi.org/10.1093/bja/aeh009", doi="10.1093/bja/aeh009", pmid=14665562)
    assert source_problem(ok) is None
    no_field = source(grade="B", url="https://doi.org/10.1093/bja/aeh009")
    assert "no doi field" in source_problem(no_field)
    elsewhere = source(grade="B", url="https://pmc.example.org/123", doi="10.1093/bja/aeh009")
    assert "is cited at" in source_problem(elsewhere)
    no_id = source(grade="B", url="https://journals.example.com/paper")
    assert "no DOI or PubMed id" in source_problem(no_id)


def test_a_paper_with_a_pubmed_id_only_passes():
    assert source_problem(source(grade="B", url="https://pubmed.ncbi.nlm.nih.gov/15564907/", pmid=15564907)) is None


def test_grade_d_sources_are_left_to_the_citation_lint():
    assert source_problem(source(grade="D", url="https://lyndhurstchiro.co.uk/?p=778")) is None


# --- citation_problem ----------------------------------------------------------------------
def test_a_clinical_section_needs_a_grade_a_or_b_source():
    c = source(id="c", grade="C")
    b = source(id="b", grade="B", url="https://doi.org/10.1000/x", doi="10.1000/x")
    assert citation_problem([b, c]) is None
    assert "only grade C/D" in citation_problem([c])


def test_a_clinical_section_may_not_cite_a_grade_d_source():
    a, d = source(id="a"), source(id="d", grade="D", url="https://blog.example.com/")
    assert "grade D" in citation_problem([a, d])


# --- the lints run in load_content, so `check-content` fails ---------------------------------
@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def test_the_real_content_passes_the_lints(content: Content):
    assert all(source_problem(s) is None for s in content.sources.values())


def test_a_section_citing_only_grade_c_fails_and_names_the_line(copy: Path):
    path = copy / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    sources:\n      - nice-ng59\n      - nice-cks-sciatica\n"
    assert old in text
    path.write_text(text.replace(old, "    sources:\n      - cuh-back-mobility\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    assert info.value.path == str(path) and "only grade C/D" in str(info.value)
    assert info.value.field.startswith("sections[") and info.value.field.endswith("].sources")


def test_an_exercise_citing_a_grade_d_source_fails(copy: Path):
    sources = copy / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + (
            "  - id: some-clinic-blog\n    title: A clinic blog\n    publisher: A clinic\n"
            "    url: https://clinic.example.com/blog\n    grade: D\n"
        ),
        encoding="utf-8",
    )
    path = copy / "exercises" / "bridge.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^sources: \[", "sources: [some-clinic-blog, ", text)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    assert info.value.path == str(path) and "grade D" in str(info.value)


def test_a_source_without_doi_pmid_or_canonical_address_fails(copy: Path):
    path = copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    url: https://www.msdmanuals.com/"
    assert old in text
    path.write_text(text.replace(old, "    url: https://www.mirror-of-manuals.example/", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(copy)
    assert info.value.path == str(path) and info.value.field.endswith(".url")
    assert "msd-lumbosacral-radiculopathy" in str(info.value)


def test_check_content_exits_non_zero_on_a_lint(copy: Path):
    path = copy / "topics" / "sciatica.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("      - nice-ng59\n      - nice-cks-sciatica\n", "      - cuh-back-mobility\n", 1),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "main.py", "check-content"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"CONTENT_DIR": str(copy), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert run.returncode == 3, run.stderr
    assert "only grade C/D" in run.stderr


# --- sources: real titles, ids, strongest first ---------------------------------------------
def test_every_paper_has_a_doi_or_pubmed_id(content: Content):
    papers = [s for s in content.sources.values() if s.grade == "B" and "doi.org" in s.url]
    assert len(papers) >= 10
    assert all(s.doi for s in papers)


def test_no_grade_d_source_is_cited_by_clinical_content(content: Content):
    cited = [i for t in content.topics.values() for s in t.sections for i in s.sources]
    cited += [i for e in content.exercises.values() for i in e.sources]
    cited += [i for p in content.programmes.values() for i in p.sources]
    assert not [i for i in cited if content.sources[i].grade == "D"]


def test_local_and_commissioning_pages_are_grade_c(content: Content):
    for source_id in ("nhs-llr-epidurals", "nhs-dynamic-stenosis"):
        assert content.sources[source_id].grade == "C", source_id


def test_sciatica_injections_cite_ng59_not_guidance_for_back_pain_without_sciatica(content: Content):
    for topic_id in ("sciatica", "lumbar-disc-herniation"):
        section = content.topics[topic_id].section("treatment")
        assert "epidural" in " ".join(texts(section.body)).lower()
        assert section.sources[0] == "nice-ng59"
        assert "aomrc-injections" not in section.sources


def test_each_clinical_item_lists_a_strong_source_first(content: Content):
    """Answers show the few sources behind them, best first: the first is grade A or B."""
    items = [(f"{t.id}.{s.kind}", s.sources) for t in content.topics.values() for s in t.sections]
    items += [(e.id, e.sources) for e in content.exercises.values()]
    items += [(p.id, p.sources) for p in content.programmes.values()]
    for name, ids in items:
        assert content.sources[ids[0]].grade in ("A", "B"), name


# --- the corrections, held to the review's wording ------------------------------------------
def test_clumping_is_often_crowding_and_only_sometimes_arachnoiditis(content: Content):
    summary = squash(" ".join(texts(content.topics["nerve-root-clumping"].section("summary").body)))
    assert "most often it points to adhesive arachnoiditis" not in summary
    assert "can also be a sign of adhesive arachnoiditis" in summary
    assert "narrowed" in summary and "1 in 10" in summary
    assert "arachnoiditis is rare; narrowing is common" in summary
    assert "the scan, your history and an examination" in summary
    assert content.topics["nerve-root-clumping"].section("summary").sources[0] == "jackson-1994"


ROOT_TABLE = {
    "L4 root": ["straightening the knee", "lifting the foot up at the ankle", "knee-jerk reflex", "inner shin"],
    "L5 root": ["lifting the big toe", "and often the foot", "no reliable reflex", "top of the foot"],
    "S1 root": ["standing on tiptoe", "ankle-jerk reflex", "outer foot and the sole"],
}


def root_blocks(body: list[Block]) -> dict[str, str]:
    """Heading text -> the bullets under it."""
    out: dict[str, str] = {}
    current = None
    for block in body:
        if isinstance(block, Heading):
            current = block.heading
        elif isinstance(block, Bullets) and current:
            out[current] = squash(" ".join(block.bullets))
    return out


def test_the_root_table_matches_the_neurology(content: Content):
    section = content.topics["sciatica"].section("symptoms")
    blocks = root_blocks(section.body)
    for root, needles in ROOT_TABLE.items():
        heading = next(h for h in blocks if h.startswith(root))
        for needle in needles:
            assert needle in blocks[heading], f"{root}: {needle!r}"
    # L4 is the root for lifting the foot at the ankle; the big toe belongs to L5.
    l4 = blocks[next(h for h in blocks if h.startswith("L4 root"))]
    assert "big toe" not in l4
    # ISNCSCI key muscles: L4 ankle dorsiflexors, L5 long toe extensors, S1 ankle plantar flexors
    assert {"msd-lumbosacral-radiculopathy", "isncsci-2019"} <= set(section.sources)


def test_the_disc_topic_uses_the_same_root_patterns(content: Content):
    text = squash(" ".join(texts(content.topics["lumbar-disc-herniation"].section("symptoms").body)))
    for needle in (
        "lifting the big toe",
        "top of the foot",
        "no reliable reflex",
        "standing on tiptoe",
        "ankle-jerk reflex",
        "outer foot and the sole",
    ):
        assert needle in text, needle


def test_the_lying_nerve_slider_is_a_slider(content: Content):
    ex = content.exercises["lying-nerve-slider"]
    steps = [squash(s) for s in ex.steps]
    straighten = next(s for s in steps if "straighten your knee" in s)
    bend = next(s for s in steps if "bend your knee" in s)
    # One end moves while the other is released: knee straightens as the toes point ...
    assert "toes pointed" in straighten or "point" in straighten
    assert "pull your toes up" not in straighten
    # ... and bends as the toes come up.
    assert "pull your toes up" in bend
    cautions = squash(" ".join(ex.cautions))
    assert "never straighten your knee and pull your toes up at the same time" in cautions
    assert ex.sources[0] == "coppieters-2008-sliders"
    assert "arachnoiditis" not in ex.suits  # no source supports it there


def test_the_sitting_nerve_glide_is_a_slider_too(content: Content):
    ex = content.exercises["seated-nerve-glide"]
    steps = [squash(s) for s in ex.steps]
    assert any("straighten" in s and "look up" in s for s in steps)
    assert any("bend" in s and "tuck your chin" in s for s in steps)
    assert any("hour or two" in c and "because" not in c or "stiffer" in c for c in map(squash, ex.cautions))


def test_the_arachnoiditis_medicine_line(content: Content):
    section = content.topics["arachnoiditis"].section("treatment")
    text = squash(" ".join(texts(section.body)))
    assert "medicines for nerve pain follow the nice guideline on nerve (neuropathic) pain" in text
    assert "the nice advice on medicines for sciatica does not apply to arachnoiditis" in text
    assert (
        "tell every clinician you have arachnoiditis before an epidural, lumbar puncture, injection or spinal surgery"
    ) in text
    assert "nice-cg173" in section.sources and "nice-ng59" not in section.sources
    assert "steroid injections and electrical stimulation still need proper trials" not in text


def test_arachnoiditis_causes_cite_ninds_and_weigh_the_compression_claim(content: Content):
    section = content.topics["arachnoiditis"].section("causes")
    text = squash(" ".join(texts(section.body)))
    assert section.sources[0] == "ninds-arachnoiditis"
    assert "long-term pressure" in text and "the evidence is weak" in text


def test_sciatica_prognosis_says_it_can_last_longer(content: Content):
    for topic_id in ("sciatica", "lumbar-disc-herniation"):
        text = squash(" ".join(texts(content.topics[topic_id].section("summary").body)))
        assert "4 to 6 weeks" in text and "can last longer" in text, topic_id


def test_the_press_up_is_tried_and_kept_only_if_it_helps(content: Content):
    card = content.exercises["prone-press-up"]
    cautions = squash(" ".join(card.cautions))
    assert "keep it only if your leg pain moves up towards your back or eases" in cautions
    disc = content.programmes["disc"]
    first = disc.days[0]
    assert "prone-press-up" in first.exercises and "keep it only if" in squash(first.note or "")
    later = [d for d in disc.days[1:] if "prone-press-up" in d.exercises]
    assert later and all("only if it eased" in squash(d.note or "") for d in later[:1])
    assert "long-2004-directional-preference" in content.sources


def test_one_pain_rule_everywhere(content: Content):
    places = [(f"exercise {e.id}", t) for e in content.exercises.values() for t in [*e.steps, e.dose, *e.cautions]]
    places += [(f"programme {p.id}", f"{p.description} {p.caution or ''}") for p in content.programmes.values()]
    places += [(f"programme {p.id} day", d.note or "") for p in content.programmes.values() for d in p.days]
    places += [
        (f"topic {t.id}", x)
        for t in content.topics.values()
        for s in t.sections
        if s.kind != "urgent"
        for x in texts(s.body)
    ]
    scores = [(where, text) for where, text in places if re.search(r"\d+ out of 10", text)]
    assert scores
    for where, text in scores:
        assert squash(PAIN_RULE) in squash(text), f"{where}: {text!r}"
    for prog in content.programmes.values():
        assert squash(PAIN_RULE) in squash(prog.caution or ""), prog.id


def test_plans_screen_before_they_start(content: Content):
    for prog in content.programmes.values():
        caution = squash(prog.caution or "")
        for needle in ("spinal surgery", "hip replacement", "osteoporosis", "bone in your spine"):
            assert needle in caution, f"{prog.id}: {needle}"
    for ex_id in ("knee-to-chest", "bottom-to-heels"):
        assert "hip replacement" in squash(" ".join(content.exercises[ex_id].avoid_if)), ex_id
    for ex_id in ("knee-to-chest", "seated-forward-bend"):
        assert "osteoporosis" in squash(" ".join(content.exercises[ex_id].avoid_if)), ex_id


def test_rules_come_with_their_reasons(content: Content):
    for ex_id, needle in (
        ("knee-to-chest", "because"),
        ("seated-forward-bend", "because"),
        ("pelvic-tilt", "because"),
        ("bridge", "because"),
    ):
        exercise = content.exercises[ex_id]
        assert needle in squash(" ".join([*exercise.cautions, *exercise.avoid_if])), ex_id


def test_the_stenosis_plan_never_arches_the_back(content: Content):
    prog = content.programmes["stenosis-flexion"]
    caution = squash(prog.caution or "")
    assert "avoid bending your back backwards" in caution
    assert "in the pelvic tilt, only flatten your back" in caution
    uses_tilt = [d for d in prog.days if "pelvic-tilt" in d.exercises]
    assert uses_tilt and all("flatten your back only" in squash(d.note or "") for d in uses_tilt)
    assert "don't arch your back" in squash(" ".join(content.exercises["pelvic-tilt"].cautions))


def test_missing_items_are_covered(content: Content):
    def section(topic_id: str, kind: str) -> str:
        return squash(" ".join(texts(content.topics[topic_id].section(kind).body)))

    sciatica = section("sciatica", "treatment")
    for needle in (
        "moving may hurt, but it is not harming you",
        "stay at work",
        "sleep",
        "cognitive behavioural",
        "coming back",
    ):
        assert needle in sciatica, needle
    ces = section("lumbar-disc-herniation", "causes")
    assert "urgent mri scan" in ces and "don't wait until the next day or after the weekend" in ces
    stenosis = section("lumbar-spinal-stenosis", "symptoms")
    assert "peripheral arterial disease" in stenosis and "tell your gp" in stenosis
    arach = section("arachnoiditis", "treatment")
    for needle in ("flares", "continence", "urologist", "sitting", "mood and sleep", "brain and spine foundation"):
        assert needle in arach, needle
    surgery = content.topics["spinal-operation-recovery"]
    assert {s.kind for s in surgery.sections} >= {"summary", "symptoms", "causes", "treatment", "urgent", "questions"}
    urgent = squash(" ".join(texts(surgery.section("urgent").body)))
    for needle in ("wound", "temperature", "weakness", "genitals", "calf", "breathlessness"):
        assert needle in urgent, needle
