"""content/outcomes.yaml: the RMDQ in its published form, the minimal important change with its
sources, and the loader refusing broken copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR, ContentError, load_content


@pytest.fixture(scope="module")
def outcomes():
    return load_content().outcomes


def test_the_rmdq_has_its_24_published_sentences_in_order(outcomes):
    items = outcomes.rmdq.items
    assert len(items) == 24
    assert items[0] == "I stay at home most of the time because of my back."
    assert items[12] == "My back is painful almost all the time."
    assert items[23] == "I stay in bed most of the time because of my back."
    assert len(set(items)) == 24
    assert outcomes.rmdq.sources == ["roland-fairbank-2000"]


def test_the_minimal_important_change_is_the_consensus_with_its_source(outcomes):
    content = load_content()
    assert (outcomes.change["rmdq"].points, outcomes.change["rmdq"].scale) == (5, 24)
    assert (outcomes.change["pain"].points, outcomes.change["pain"].scale) == (2, 10)
    assert outcomes.change["rmdq"].percent == outcomes.change["pain"].percent == 30
    ostelo = content.sources["ostelo-2008"]
    assert ostelo.doi == "10.1097/BRS.0b013e31815e3a10" and ostelo.grade == "B"
    assert "minimal important change" in ostelo.title
    assert content.sources["roland-fairbank-2000"].doi == "10.1097/00007632-200012150-00006"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ("    - I stay in bed most of the time because of my back.\n", "", "24 sentences"),
        ("  sources: [roland-fairbank-2000]\n", "  sources: [no-such-paper]\n", "unknown source 'no-such-paper'"),
        ("    points: 5\n", "    points: 0\n", "greater than 0"),
    ],
)
def test_a_broken_outcomes_file_is_refused_with_its_line(tmp_path, old, new, problem):
    root = _copy(tmp_path)
    path = root / "outcomes.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert problem in str(caught.value) and "outcomes.yaml:" in str(caught.value)


def test_an_outcome_statement_may_not_rest_on_a_weak_source(tmp_path):
    root = _copy(tmp_path)
    sources = root / "sources.yaml"
    ostelo = "    pmid: 18165753\n    grade: B"
    text = sources.read_text()
    assert ostelo in text
    sources.write_text(text.replace(ostelo, "    pmid: 18165753\n    grade: C"))
    with pytest.raises(ContentError, match="grade A or B"):
        load_content(root)
