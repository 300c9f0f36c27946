"""/report's drawing time: bot.report.report_pdf on the sample page (tools/report_sample.py).

    python bench/report.py [--runs 5]

The first draw includes importing matplotlib and reading its font cache; the handler runs every
draw in a thread, so this is time a person waits for the document, not time the bot stops answering.
Prints figures only.
"""

from __future__ import annotations

import argparse
import runpy
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.report import report_pdf  # noqa: E402

#: The sample page's data, as tools/report_sample.py draws it (a script, not a module to import).
sample = runpy.run_path(str(ROOT / "tools" / "report_sample.py"))["sample"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    data = sample()
    start = time.perf_counter()
    size = len(report_pdf(data))
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report_pdf(data)
        times.append(time.perf_counter() - start)
    print(f"first draw (imports, font cache): {first:.2f} s")
    print(f"later draws, {runs} runs: median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    print(f"PDF size: {size / 1024:.0f} KiB, one page")


if __name__ == "__main__":
    main()
