"""/report: one A4 page to take to an appointment, drawn with matplotlib's PDF backend.

Pure: :func:`report_pdf` turns a :class:`ReportData` into PDF bytes. Black lines with different
markers and dash styles, grey hatched bars: readable when printed in black and white. Text stays
text (matplotlib's own Type 3 fonts, which carry the glyph names), so the scores are in the page's
text layer; TrueType embedding (``pdf.fonttype`` 42) also works but its font subsetting doubled the
drawing time (bench/report.py).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from dataclasses import dataclass, field

DISCLAIMER = (
    "Rootwise gives general information, not a diagnosis, and does not replace a clinician. "
    "The scores are what the person reported."
)
MEASURES = (
    "RMDQ: Roland-Morris Disability Questionnaire, 0-24, lower is better (Roland and Fairbank, Spine "
    "2000). A change that matters: 5 RMDQ points, 2 points of 0-10 pain, or 30% improvement (Ostelo "
    "and others, Spine 2008)."
)


@dataclass(frozen=True)
class CheckInRow:
    date: dt.date
    rmdq: int
    leg_pain: int | None
    back_pain: int | None
    walking_minutes: int | None = None


@dataclass(frozen=True)
class ReportData:
    """What the page shows, gathered from the store by the handler."""

    made: dt.date
    topic: str | None
    programmes: list[str]
    checkins: list[CheckInRow]
    session_pain: list[tuple[dt.date, int]] = field(default_factory=list)  # pain after exercise sessions
    weeks: list[tuple[dt.date, int]] = field(default_factory=list)  # (week ending, days done), oldest first
    goals: list[tuple[str, list[int]]] = field(default_factory=list)  # (activity, ratings oldest first)
    alerts: list[tuple[dt.datetime, str, str]] = field(default_factory=list)  # (when, level, what)
    # The plan's changes of repeats (content/progression.yaml): (day, before, after, why), oldest first.
    plan_changes: list[tuple[dt.date, int, int, str]] = field(default_factory=list)


def _lines(data: ReportData) -> list[str]:
    """The page's text, top to bottom."""
    out = [
        f"Topic: {data.topic or 'not chosen'}",
        "Programme: " + ("; ".join(data.programmes) if data.programmes else "none"),
    ]
    if data.checkins:
        out.append("Check-ins (date: RMDQ /24, leg pain /10, back pain /10, walking minutes):")
        for c in data.checkins[-8:]:
            walk = f", walks {c.walking_minutes} min" if c.walking_minutes is not None else ""
            out.append(
                f"• {c.date:%d %b %Y}: RMDQ {c.rmdq}/24, leg pain {_n(c.leg_pain)}/10, "
                f"back pain {_n(c.back_pain)}/10{walk}"
            )
    else:
        out.append("Check-ins: none yet (/checkin).")
    if data.goals:
        out.append("Personal goals (0 = cannot do it, 10 = as before; first and latest rating):")
        for activity, ratings in data.goals:
            shown = (
                f"{ratings[0]} -> {ratings[-1]}" if len(ratings) > 1 else (str(ratings[0]) if ratings else "not rated")
            )
            out.append(f"• {activity}: {shown}")
    if data.plan_changes:
        out.append("Plan changes (repeats of each exercise, by the plan's rules):")
        out += [f"• {day:%d %b %Y}: {before} -> {after}, {why}" for day, before, after, why in data.plan_changes[-4:]]
    if data.alerts:
        out.append("Warnings shown by Rootwise:")
        for when, level, what in data.alerts[-6:]:
            out.append(f"• {when:%d %b %Y %H:%M} UTC, {level}: {what}")
    else:
        out.append("Warnings shown by Rootwise: none.")
    return out


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def report_pdf(data: ReportData) -> bytes:
    """The one-page PDF."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context({"pdf.fonttype": 3, "font.size": 9, "axes.titlesize": 10}):
        figure = Figure(figsize=(8.27, 11.69))  # A4 portrait
        figure.text(0.06, 0.965, "Rootwise: report for your next appointment", fontsize=15, weight="bold")
        figure.text(0.06, 0.945, f"Made {data.made:%d %B %Y}", fontsize=9)
        _scores(figure.add_axes((0.09, 0.70, 0.82, 0.2)), data)
        _pain(figure.add_axes((0.09, 0.47, 0.38, 0.17)), data)
        _weeks(figure.add_axes((0.57, 0.47, 0.36, 0.17)), data)
        y = 0.42
        for line in _lines(data):
            figure.text(0.06, y, textwrap.shorten(line, 125, placeholder="..."), fontsize=8.5)
            y -= 0.016
        figure.text(0.06, 0.07, textwrap.fill(MEASURES, 125), fontsize=7.5, va="top")
        figure.text(0.06, 0.035, textwrap.fill(DISCLAIMER, 115), fontsize=8, va="top")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="pdf", metadata={"Title": "Rootwise report", "Creator": "Rootwise"})
    return buffer.getvalue()


def _scores(axes, data: ReportData) -> None:
    axes.set_title("Check-in scores over time (lower is better)", loc="left")
    if not data.checkins:
        axes.text(0.5, 0.5, "No check-ins yet", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    dates = [c.date for c in data.checkins]
    axes.plot(dates, [c.rmdq for c in data.checkins], color="black", marker="s", linestyle="-", label="RMDQ (0-24)")
    for c in data.checkins:
        axes.annotate(str(c.rmdq), (c.date, c.rmdq), textcoords="offset points", xytext=(0, 6), ha="center")
    axes.set_ylim(0, 24.9)
    axes.set_yticks(range(0, 25, 4))
    axes.set_ylabel("RMDQ")
    pain = axes.twinx()
    pain.plot(
        dates, [c.leg_pain for c in data.checkins], color="black", marker="o", linestyle="--", label="leg pain (0-10)"
    )
    pain.plot(
        dates,
        [c.back_pain for c in data.checkins],
        color="dimgray",
        marker="^",
        linestyle=":",
        label="back pain (0-10)",
    )
    pain.set_ylim(0, 10.4)
    pain.set_ylabel("pain")
    handles = axes.get_legend_handles_labels()[0] + pain.get_legend_handles_labels()[0]
    axes.legend(handles=handles, loc="upper right", frameon=False, fontsize=8)
    _dates(axes, dates)


def _pain(axes, data: ReportData) -> None:
    axes.set_title("Pain after exercise sessions (0-10)", loc="left")
    if not data.session_pain:
        axes.text(0.5, 0.5, "No pain scores yet", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    axes.plot(
        [d for d, _ in data.session_pain],
        [p for _, p in data.session_pain],
        color="black",
        marker="o",
        markersize=3,
        linestyle="-",
    )
    axes.set_ylim(0, 10.4)
    _dates(axes, [d for d, _ in data.session_pain])


def _weeks(axes, data: ReportData) -> None:
    axes.set_title("Exercise days done, per week (ending)", loc="left")
    if not data.weeks:
        axes.text(0.5, 0.5, "No exercise days recorded", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    labels = [f"{end:%d %b}" for end, _ in data.weeks]
    counts = [n for _, n in data.weeks]
    bars = axes.bar(range(len(counts)), counts, color="lightgray", edgecolor="black", hatch="//")
    axes.bar_label(bars, labels=[str(n) for n in counts], fontsize=7)
    axes.set_xticks(range(len(counts)), labels, rotation=45, ha="right", fontsize=7)
    axes.set_ylim(0, 7.5)


def _dates(axes, dates: list[dt.date]) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    if max(dates) - min(dates) < dt.timedelta(days=7):  # one check-in, or a few days: show a fortnight around them
        middle = min(dates) + (max(dates) - min(dates)) / 2
        axes.set_xlim(middle - dt.timedelta(days=7), middle + dt.timedelta(days=7))

    locator = AutoDateLocator(maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
