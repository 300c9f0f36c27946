"""Rule matching speed: the red-flag rules' time per message, this tree against a baseline tree.

    git archive COMMIT | tar -x -C /tmp/old
    python bench/rules_speed.py --baseline /tmp/old [--reps 3]

Each tree is timed in a process of its own, interleaved, over every development message (the
message model read ahead, so only the rules are timed; the detector's memo of short texts off).
Prints CPU milliseconds per message (the median of the repetitions) and the ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TIMER = r"""
import sys, time, glob, yaml
sys.path.insert(0, ".")
from safety.redflags import RedFlagDetector
detector = RedFlagDetector.load()
texts = []
for path in sorted(glob.glob(sys.argv[1] + "/safety/vignettes/*.yaml")):
    texts += [c["text"] for c in yaml.safe_load(open(path, encoding="utf-8"))["cases"]]
detector.read_ahead(texts)
readers = [detector, *detector.others.values()]
for reader in readers:
    reader._seen.clear()
started = time.process_time()
for text in texts:
    detector.triage(text)
    for reader in readers:
        reader._seen.clear()
print(len(texts), (time.process_time() - started) / len(texts) * 1000)
"""


def timed(tree: Path, messages: Path) -> tuple[int, float]:
    out = subprocess.run(
        [sys.executable, "-c", TIMER, str(messages)], cwd=tree, capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="an older tree (git archive ... | tar -x)")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[float]] = {"baseline": [], "this tree": []}
    count = 0
    for rep in range(args.reps):
        for name, tree in (("baseline", args.baseline), ("this tree", ROOT)):
            count, ms = timed(tree, ROOT)  # both read this tree's messages
            runs[name].append(ms)
            print(f"rep {rep + 1} {name:<10} {ms:.2f} CPU ms/message")
    base, now = (statistics.median(runs[n]) for n in ("baseline", "this tree"))
    print(
        f"\n{count} messages, medians of {args.reps}: baseline {base:.2f}, this tree {now:.2f} CPU ms/message "
        f"({base / now:.1f}x faster)"
    )


if __name__ == "__main__":
    main()
