"""Draw docs/report-sample.png: the /report page for made-up data (four check-ins two weeks apart),
through the same bot.report.report_pdf the bot uses, rendered by pdftoppm (poppler-utils).

    python tools/report_sample.py [out.png]
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.report import CheckInRow, ReportData, report_pdf  # noqa: E402


def sample() -> ReportData:
    start = dt.date(2026, 10, 11)
    scores = [(14, 7, 5, 10), (12, 6, 5, 15), (9, 5, 4, 20), (7, 4, 3, 30)]
    return ReportData(
        made=dt.date(2026, 12, 6),
        topic="Lumbar spinal stenosis",
        programmes=["Four-week forward-bending plan for spinal stenosis (day 38, active)"],
        checkins=[CheckInRow(start + dt.timedelta(days=14 * i), *s) for i, s in enumerate(scores)],
        session_pain=[(start + dt.timedelta(days=i), max(0, 7 - i // 9)) for i in range(0, 56, 2)],
        weeks=[(start + dt.timedelta(days=7 * i + 6), n) for i, n in enumerate([2, 3, 3, 4, 5, 3, 5, 6])],
        goals=[("walk to the shops", [2, 4, 6, 7]), ("sit through a film", [3, 3, 5, 6])],
        alerts=[(dt.datetime(2026, 10, 20, 18, 5, tzinfo=dt.UTC), "soon", "Pain not better after several weeks")],
    )


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/report-sample.png")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(report_pdf(sample()))
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-singlefile", str(pdf), str(out.with_suffix(""))], check=True)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
