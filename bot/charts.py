"""The /progress chart: a PNG of the last four weeks, drawn with matplotlib (imported lazily)."""

from __future__ import annotations

import datetime as dt
import io

COLOURS = {"done": "#2e7d32", "skipped": "#9e9e9e", "snoozed": "#f9a825", "none": "#eeeeee"}


def day_status(answers: set[str]) -> str:
    """One word for a day: done wins over snoozed, snoozed over skipped."""
    for status in ("done", "snoozed", "skipped"):
        if status in answers:
            return status
    return "none"


def progress_chart(
    history: dict[dt.date, set[str]], today: dt.date, days: int = 28, pain: list[tuple[dt.date, int]] | None = None
) -> bytes:
    """A PNG bar chart: one bar per day of the last ``days``, coloured by what was done,
    with the pain scores (0-10) as a line on a second axis when there are any."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    dates = [today - dt.timedelta(days=days - 1 - i) for i in range(days)]
    statuses = [day_status(history.get(d, set())) for d in dates]
    figure = Figure(figsize=(8, 3), dpi=100)
    axes = figure.subplots()
    axes.bar(
        range(days), [1 if s != "none" else 0.15 for s in statuses], color=[COLOURS[s] for s in statuses], width=0.8
    )
    axes.set_xticks(range(0, days, 7), [d.strftime("%d %b") for d in dates[::7]])
    axes.set_yticks([])
    axes.set_title("Your last four weeks")
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    handles = [Patch(color=COLOURS[s], label=s) for s in ("done", "snoozed", "skipped")]
    points = [(dates.index(d), p) for d, p in (pain or []) if d in dates]
    if points:
        trend = axes.twinx()
        (line,) = trend.plot(
            [x for x, _ in points], [p for _, p in points], color="#c62828", marker="o", label="pain (0-10)"
        )
        trend.set_ylim(0, 10.5)
        trend.set_ylabel("pain")
        handles.append(line)  # type: ignore[arg-type]  # a Line2D is a legend handle too
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def weekly_done(history: dict[dt.date, set[str]], today: dt.date, weeks: int = 4) -> list[int]:
    """Days with exercises done in each of the last ``weeks`` weeks, oldest first."""
    counts = []
    for w in range(weeks - 1, -1, -1):
        end = today - dt.timedelta(days=7 * w)
        counts.append(sum("done" in history.get(end - dt.timedelta(days=i), set()) for i in range(7)))
    return counts
