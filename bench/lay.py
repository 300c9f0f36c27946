"""Typed questions in lay words (content/search/questions, tests/data/lay_questions_*.yaml): top-1 and top-3, no-answer.

    python bench/lay.py [--misses] [--set NAME ...] [--without DEV]

``--without DEV``: the learnt ranker learns from every development set but DEV (and none of the
scored set's own questions), for leave-one-set-out figures.

Every question goes through content.answers.choose, as the bot's free-text handler does, with the
topic the person was reading when the case names one. Prints figures only; tests/unit/test_search.py
holds the thresholds.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from content.answers import choose  # noqa: E402
from content.loader import Content, load_content  # noqa: E402
from content.search import QuestionIndex  # noqa: E402
from content.search.ranker import learn  # noqa: E402
from content.yamldoc import load_yaml  # noqa: E402
from safety.redflags import RedFlagDetector  # noqa: E402

DATA = ROOT / "tests" / "data"
#: Development sets, which the search also learns from (content/search/ranker.py).
DEVELOPMENT = ROOT / "content" / "search" / "questions"


def set_path(name: str) -> Path:
    """Where the set ``name`` is: a development set with the search, a held-out one in tests/data."""
    own = DEVELOPMENT / f"{name}.yaml"
    return own if own.is_file() else DATA / f"{name}.yaml"


def accepted(case: dict) -> set[str]:
    """Every right answer as "topic/section", "exercise/id" or "page/id"."""
    if "page" in case or "exercise" in case:
        kind = "page" if "page" in case else "exercise"
        first = f"{kind}/{case[kind]}"
    else:
        first = f"{case['topic']}/{case['section']}"
    return {first, *case.get("also", [])}


def relearnt(index: QuestionIndex, language: str | None, without: str, scored: list[dict]) -> None:
    """The ranker of ``language`` learnt again from the development sets but ``without``, leaving
    out the ``scored`` questions wherever they appear."""
    own = {str(c["q"]).strip().lower() for c in scored}
    with tempfile.TemporaryDirectory() as folder:
        for path in DEVELOPMENT.glob("*.yaml"):
            if path.stem == without:
                continue
            data = load_yaml(path.read_text(encoding="utf-8"))
            kept = [c for c in data.get("questions", []) if str(c["q"]).strip().lower() not in own]
            (Path(folder) / path.name).write_text(yaml.safe_dump({"questions": kept}), encoding="utf-8")
        own_index = index.of(language)
        own_index.ranker = learn(own_index.docs, own_index.analyser, Path(folder))


@functools.cache
def _shipped() -> tuple[Content, QuestionIndex, RedFlagDetector]:
    """The shipped content, its search and the red-flag detector, built once per process: each set
    is scored on the same ones, as the bot answers every question with the same ones."""
    content = load_content()
    return content, QuestionIndex.build(content), RedFlagDetector.load()


def run(misses: bool = False, name: str = "lay_questions", without: str | None = None) -> dict[str, float]:
    content, index, detector = _shipped()
    if without is not None:  # its ranker is learnt again below: a search of its own
        index = QuestionIndex.build(content)
    data = load_yaml(set_path(name).read_text(encoding="utf-8"))
    # a Spanish set stands for people whose language is Spanish
    language = "es" if name.startswith("es_") else None
    if without is not None:
        relearnt(index, language, without, data["questions"])
    # a set lists messages that need no answer under no_answer, or as questions with topic none
    cases = data["questions"]
    questions = [c for c in cases if c.get("topic") != "none"]
    silent = list(data.get("no_answer", [])) + [c["q"] for c in cases if c.get("topic") == "none"]
    top1 = top3 = 0
    wrong = []
    for case in questions:
        got = [a.key for a in choose(content, index, case["q"], case.get("reading"), detector, language)]
        ok = accepted(case)
        top1 += bool(got) and got[0] in ok
        top3 += bool(ok & set(got))
        if not got or got[0] not in ok:
            wrong.append((case, sorted(ok), got))
    answered = [(q, [a.key for a in choose(content, index, str(q), None, detector, language)]) for q in silent]
    answered = [(q, got) for q, got in answered if got]
    print(f"{name}: questions: {len(questions)}; messages that need no answer: {len(silent)}")
    print(f"top-1: {top1 / len(questions):.3f}  ({top1}/{len(questions)})")
    print(f"top-3: {top3 / len(questions):.3f}  ({top3}/{len(questions)})")
    print(f"no-answer messages answered (should be 0): {len(answered)}/{len(silent)}")
    if misses:
        for case, ok, got in wrong:
            print(f"  {case['q']!r} (reading {case.get('reading')})\n      want {ok}\n      got  {got}")
        for q, got in answered:
            print(f"  no-answer {q!r} got {got}")
    return {"top1": top1 / len(questions), "top3": top3 / len(questions), "answered_silent": len(answered)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every question not answered first time")
    parser.add_argument(
        "--set",
        action="append",
        dest="sets",
        help="a set in content/search/questions or tests/data (default: lay_questions, lay_questions_2)",
    )
    parser.add_argument("--without", help="a development set the learnt ranker does not learn from")
    options = parser.parse_args()
    for name in options.sets or ["lay_questions", "lay_questions_2"]:
        run(options.misses, name, options.without)
