"""Red-flag detector figures over tests/data/redflag_cases.yaml: recall, precision, confusion, speed.

    python bench/redflags.py [--misses] [--repeat N]

Prints figures only; tests/unit/test_redflags.py holds the thresholds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safety.redflags import RedFlagDetector  # noqa: E402

CASES = ROOT / "tests" / "data" / "redflag_cases.yaml"
LEVELS = ("emergency", "urgent", "none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the set for the speed figure")
    args = parser.parse_args()

    started = time.perf_counter()
    detector = RedFlagDetector.load()
    load_ms = (time.perf_counter() - started) * 1000
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]

    confusion: Counter[tuple[str, str]] = Counter()
    wrong = []
    for case in cases:
        assessment = detector.check(case["text"])
        got = assessment.level or "none"
        confusion[case["level"], got] += 1
        sign_ok = case["level"] == "none" or case["sign"] in {s.id for s in assessment.signs}
        if got != case["level"] or not sign_ok:
            wrong.append((case, got, [s.id for s in assessment.signs]))

    positives = [c for c in cases if c["level"] != "none"]
    flagged = sum(n for (want, got), n in confusion.items() if got != "none")
    true_flags = sum(n for (want, got), n in confusion.items() if got != "none" and want != "none")
    caught = sum(n for (want, got), n in confusion.items() if want != "none" and got != "none")
    right_level = sum(confusion[level, level] for level in ("emergency", "urgent"))

    print(f"cases: {len(cases)} ({len(positives)} red flags, {len(cases) - len(positives)} without)")
    print(f"recall (red flag flagged at all):      {caught / len(positives):.3f}  ({caught}/{len(positives)})")
    print(f"recall (right level):                  {right_level / len(positives):.3f}")
    print(f"precision (flagged that were red flags): {true_flags / flagged:.3f}  ({true_flags}/{flagged})")
    print("\nconfusion (rows: expected, columns: detected)")
    print(f"{'':>12}" + "".join(f"{level:>11}" for level in LEVELS))
    for want in LEVELS:
        print(f"{want:>12}" + "".join(f"{confusion[want, got]:>11}" for got in LEVELS))

    texts = [c["text"] for c in cases]
    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            detector.check(text)
    elapsed = time.perf_counter() - started
    long_text = " ".join(texts) * 20
    started = time.perf_counter()
    detector.check(long_text)
    long_ms = (time.perf_counter() - started) * 1000
    print(
        f"\nspeed: {len(texts) * args.repeat / elapsed:,.0f} messages/s "
        f"(mean {elapsed / (len(texts) * args.repeat) * 1e6:,.0f} µs); "
        f"{len(long_text):,}-character text: {long_ms:.1f} ms; load: {load_ms:.0f} ms"
    )

    if args.misses or wrong:
        print(f"\nwrong answers: {len(wrong)}")
        for case, got, signs in wrong:
            print(f"  expected {case['level']}/{case.get('sign', '-')}, got {got} {signs}: {case['text'][:110]!r}")


if __name__ == "__main__":
    main()
