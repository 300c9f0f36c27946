"""Typed-question search figures over content/search/questions/qa_cases.yaml: top-1 and top-3, speed.

    python bench/qa.py [--misses] [--repeat N]

Prints figures only; tests/unit/test_search.py holds the thresholds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from content.loader import load_content  # noqa: E402
from content.search import Hit, QuestionIndex  # noqa: E402

CASES = ROOT / "content" / "search" / "questions" / "qa_cases.yaml"


def accepted(case: dict) -> set[str]:
    """Every right answer as "topic/section" or "exercise/id"."""
    first = f"exercise/{case['exercise']}" if "exercise" in case else f"{case['topic']}/{case['section']}"
    return {first, *case.get("also", [])}


def answer(hit: Hit) -> str:
    return f"exercise/{hit.ref}" if hit.kind == "exercise" else f"{hit.topic_id}/{hit.ref}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every question not answered first time")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the set for the speed figure")
    args = parser.parse_args()

    content = load_content()
    started = time.perf_counter()
    index = QuestionIndex.build(content)
    build_ms = (time.perf_counter() - started) * 1000
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    questions, outside = data["questions"], data["out_of_scope"]

    top1 = top3 = 0
    misses = []
    for case in questions:
        hits = index.search(case["q"])
        got = [answer(h) for h in hits]
        ok = accepted(case)
        top1 += bool(got) and got[0] in ok
        top3 += bool(ok & set(got))
        if not got or got[0] not in ok:
            misses.append((case["q"], sorted(ok), got))
    answered_outside = [(q, [answer(h) for h in index.search(q)]) for q in outside if index.search(q)]

    print(f"questions: {len(questions)}; out of scope: {len(outside)}")
    print(f"top-1 accuracy: {top1 / len(questions):.3f}  ({top1}/{len(questions)})")
    print(f"top-3 accuracy: {top3 / len(questions):.3f}  ({top3}/{len(questions)})")
    print(f"out-of-scope questions answered (should be 0): {len(answered_outside)}/{len(outside)}")

    every = [c["q"] for c in questions] + outside
    started = time.perf_counter()
    for _ in range(args.repeat):
        for q in every:
            index.search(q)
    elapsed = time.perf_counter() - started
    print(
        f"speed: {len(every) * args.repeat / elapsed:,.0f} queries/s "
        f"(mean {elapsed / (len(every) * args.repeat) * 1000:.2f} ms); index build: {build_ms:.0f} ms"
    )

    if args.misses:
        print(f"\nnot first: {len(misses)}")
        for q, ok, got in misses:
            print(f"  {q!r}\n      want {ok}\n      got  {got}")
        for q, got in answered_outside:
            print(f"  out of scope {q!r} got {got}")


if __name__ == "__main__":
    main()
