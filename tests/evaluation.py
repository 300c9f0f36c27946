"""What the evaluation gates score, worked out once and kept between runs and test workers.

Scoring a whole vignette or question set takes seconds of CPU, and several tests (often in
different test workers) score the same set the same way. Each result is kept as the learnt models
are (safety/learnt.py: ``ROOTWISE_MODEL_CACHE``, default ``data/cache``) under a name made from
everything it could depend on: every file of the product's code and content (the rules, the
search, the vignettes the model learns from), the bench script, the set's own bytes and the
versions of the libraries that read them. Any change to any of these scores afresh; a cache that
cannot be read or written only costs the scoring. The tests' thresholds are applied to the result
each time, never kept.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from safety.learnt import kept

if TYPE_CHECKING:
    from safety.redflags import RedFlagDetector

ROOT = Path(__file__).resolve().parents[1]
#: Everything a set's scores could depend on: the product's code and content, and the bench scripts.
TREES = ("bench", "bot", "content", "safety", "scheduler", "storage")
FILES = ("main.py", "settings.py")
LIBRARIES = ("scikit-learn", "numpy", "scipy", "rapidfuzz", "rank-bm25", "snowballstemmer", "PyYAML", "joblib")


@functools.cache
def _product() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing\n".encode())
    paths = [ROOT / name for name in FILES]
    for tree in TREES:
        paths += (p for p in (ROOT / tree).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


@functools.cache
def _detector(with_model: bool) -> RedFlagDetector:
    from safety.redflags import RedFlagDetector

    return RedFlagDetector.load(with_model=with_model)


def _digest(name: str, set_file: Path) -> hashlib._Hash:
    return hashlib.sha256(_product() + name.encode() + b"\0" + set_file.read_bytes())


def triage_outcomes(name: str, with_model: bool = True) -> list[str]:
    """What the bot does with each message of the vignette set ``name`` (bench/triage.py's
    ``outcome``), with the shipped detector or (``with_model=False``) its rules alone."""
    from bench.triage import SETS, load, outcomes

    def score() -> list[str]:
        return outcomes(_detector(with_model), [c["text"] for c in load(name)])

    variant = "model" if with_model else "rules"
    return kept(f"triage-outcomes-{variant}", _digest(f"{name}/{variant}", SETS[name]), list, score)


def assert_floors(floors: tuple[tuple[str, float, float, float], ...]) -> None:
    """For each held-out set ``(name, emergency, urgent, false emergency)``: its emergency and
    urgent recall at least the first two, its false emergency rate at most the third."""
    from bench.triage import load, score

    for name, emergency, urgent, false in floors:
        f = score(load(name), triage_outcomes(name))
        assert f["emergency_recall"] >= emergency and f["urgent_recall"] >= urgent, (name, f)
        assert f["false_emergency"] <= false, (name, f)


def lay_figures(name: str) -> dict[str, float]:
    """bench/lay.py's figures for the question set ``name``."""
    from bench.lay import run, set_path

    return kept("lay-figures", _digest(name, set_path(name)), dict, lambda: run(name=name))


@functools.cache
def rules_only() -> RedFlagDetector:
    """The red-flag rules of every language without the message model, loaded once per worker."""
    from safety.redflags import RedFlagDetector

    return RedFlagDetector.load(with_model=False)


def rules_outcome(text: str) -> str:
    """What the rules alone do with ``text``: the level answered at once, "ask" or "nothing"."""
    result = rules_only().triage(text)
    if result.action == "alert":
        return str(result.level)
    return "ask" if result.action == "ask" else "nothing"


def assert_rules_outcome(text: str, expected: str) -> None:
    """The rules alone give ``text`` the ``expected`` outcome (``rules_outcome``), or, for "not
    emergency", anything but the emergency reply at once."""
    got = rules_outcome(text)
    if expected == "not emergency":
        assert got != "emergency", text
    else:
        assert got == expected, (text, got)


def signs_read(text: str) -> set[str]:
    """Every sign the rules alone answer at once or ask about in ``text``."""
    result = rules_only().triage(text)
    return {s.id for s in (*result.alert, *result.unclear)}
