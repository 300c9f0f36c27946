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
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.i18n import N_, gettext_for

DISCLAIMER = N_(
    "Rootwise gives general information, not a diagnosis, and does not replace a clinician. "
    "The scores are what the person reported."
)
MEASURES = N_(
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
    #: The page's language (its labels, headings and dates); English without one.
    language: str | None = None


#: Warning levels as the page names them.
LEVELS = {
    "emergency": N_("emergency"),
    "urgent": N_("urgent"),
    "soon": N_("see a doctor soon"),
    "worsening": N_("worsening"),
}


#: The page's date patterns (CLDR, for babel) and their English strftime forms.
ENGLISH = {"d MMM y": "%d %b %Y", "d MMM": "%d %b", "d MMMM y": "%d %B %Y", "d MMM y HH:mm": "%d %b %Y %H:%M"}


def day_text(day: dt.date, language: str | None, pattern: str = "d MMM y") -> str:
    """A date on the page: "01 Oct 2026" in English (as before), else in ``language``'s own words."""
    if not language or language == "en":
        return day.strftime(ENGLISH[pattern])
    from babel.dates import format_date, format_datetime

    if isinstance(day, dt.datetime):
        return format_datetime(day, pattern, tzinfo=dt.UTC, locale=language)
    return format_date(day, "long" if pattern == "d MMMM y" else pattern, locale=language)  # "1 de octubre de 2026"


def _lines(data: ReportData) -> list[str]:
    """The page's text, top to bottom, in the page's language."""
    _, language = gettext_for(data.language), data.language
    out = [
        _("Topic: {topic}").format(topic=data.topic or _("not chosen")),
        _("Programme: {plans}").format(plans="; ".join(data.programmes) if data.programmes else _("none")),
    ]
    if data.checkins:
        out.append(_("Check-ins (date: RMDQ /24, leg pain /10, back pain /10, walking minutes):"))
        row = _("• {date}: RMDQ {rmdq}/24, leg pain {leg}/10, back pain {back}/10")
        for c in data.checkins[-8:]:
            walk = _(", walks {n} min").format(n=c.walking_minutes) if c.walking_minutes is not None else ""
            date = day_text(c.date, language)
            out.append(row.format(date=date, rmdq=c.rmdq, leg=_n(c.leg_pain), back=_n(c.back_pain)) + walk)
    else:
        out.append(_("Check-ins: none yet (/checkin)."))
    out += _goal_lines(data, _)
    if data.plan_changes:
        out.append(_("Plan changes (repeats of each exercise, by the plan's rules):"))
        out += [
            f"• {day_text(day, language)}: {before} -> {after}, {why}"
            for day, before, after, why in data.plan_changes[-4:]
        ]
    if data.alerts:
        out.append(_("Warnings shown by Rootwise:"))
        for when, level, what in data.alerts[-6:]:
            shown = _(LEVELS[level]) if level in LEVELS else level
            out.append(f"• {day_text(when, language, 'd MMM y HH:mm')} UTC, {shown}: {what}")
    else:
        out.append(_("Warnings shown by Rootwise: none."))
    return out


def _goal_lines(data: ReportData, _: Callable[[str], str]) -> list[str]:
    if not data.goals:
        return []
    out = [_("Personal goals (0 = cannot do it, 10 = as before; first and latest rating):")]
    for activity, ratings in data.goals:
        shown = (
            f"{ratings[0]} -> {ratings[-1]}" if len(ratings) > 1 else (str(ratings[0]) if ratings else _("not rated"))
        )
        out.append(f"• {activity}: {shown}")
    return out


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def report_pdf(data: ReportData) -> bytes:
    """The one-page PDF."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    _ = gettext_for(data.language)
    with rc_context({"pdf.fonttype": 3, "font.size": 9, "axes.titlesize": 10}):
        figure = Figure(figsize=(8.27, 11.69))  # A4 portrait
        figure.text(0.06, 0.965, _("Rootwise: report for your next appointment"), fontsize=15, weight="bold")
        made = _("Made {date}").format(date=day_text(data.made, data.language, "d MMMM y"))
        figure.text(0.06, 0.945, made, fontsize=9)
        _scores(figure.add_axes((0.09, 0.70, 0.82, 0.2)), data)
        _pain(figure.add_axes((0.09, 0.47, 0.38, 0.17)), data)
        _weeks(figure.add_axes((0.57, 0.47, 0.36, 0.17)), data)
        y = 0.42
        for line in _lines(data):
            figure.text(0.06, y, textwrap.shorten(line, 125, placeholder="..."), fontsize=8.5)
            y -= 0.016
        figure.text(0.06, 0.07, textwrap.fill(_(MEASURES), 125), fontsize=7.5, va="top")
        figure.text(0.06, 0.035, textwrap.fill(_(DISCLAIMER), 115), fontsize=8, va="top")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="pdf", metadata={"Title": _("Rootwise report"), "Creator": "Rootwise"})
    return buffer.getvalue()


def _scores(axes, data: ReportData) -> None:
    _ = gettext_for(data.language)
    axes.set_title(_("Check-in scores over time (lower is better)"), loc="left")
    if not data.checkins:
        axes.text(0.5, 0.5, _("No check-ins yet"), ha="center", va="center", transform=axes.transAxes)
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
    leg = _("leg pain (0-10)")
    pain.plot(dates, [c.leg_pain for c in data.checkins], color="black", marker="o", linestyle="--", label=leg)
    pain.plot(
        dates,
        [c.back_pain for c in data.checkins],
        color="dimgray",
        marker="^",
        linestyle=":",
        label=_("back pain (0-10)"),
    )
    pain.set_ylim(0, 10.4)
    pain.set_ylabel(_("pain"))
    handles = axes.get_legend_handles_labels()[0] + pain.get_legend_handles_labels()[0]
    axes.legend(handles=handles, loc="upper right", frameon=False, fontsize=8)
    _dates(axes, dates, data.language)


def _pain(axes, data: ReportData) -> None:
    _ = gettext_for(data.language)
    axes.set_title(_("Pain after exercise sessions (0-10)"), loc="left")
    if not data.session_pain:
        axes.text(0.5, 0.5, _("No pain scores yet"), ha="center", va="center", transform=axes.transAxes)
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
    _dates(axes, [d for d, _p in data.session_pain], data.language)


def _weeks(axes, data: ReportData) -> None:
    _ = gettext_for(data.language)
    axes.set_title(_("Exercise days done, per week (ending)"), loc="left")
    if not data.weeks:
        axes.text(0.5, 0.5, _("No exercise days recorded"), ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    labels = [day_text(end, data.language, "d MMM") for end, _n in data.weeks]
    counts = [n for _, n in data.weeks]
    bars = axes.bar(range(len(counts)), counts, color="lightgray", edgecolor="black", hatch="//")
    axes.bar_label(bars, labels=[str(n) for n in counts], fontsize=7)
    axes.set_xticks(range(len(counts)), labels, rotation=45, ha="right", fontsize=7)
    axes.set_ylim(0, 7.5)


def _dates(axes, dates: list[dt.date], language: str | None = None) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, num2date
    from matplotlib.ticker import FuncFormatter

    if max(dates) - min(dates) < dt.timedelta(days=7):  # one check-in, or a few days: show a fortnight around them
        middle = min(dates) + (max(dates) - min(dates)) / 2
        axes.set_xlim(middle - dt.timedelta(days=7), middle + dt.timedelta(days=7))

    locator = AutoDateLocator(maxticks=6)
    axes.xaxis.set_major_locator(locator)
    if not language or language == "en":
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    else:  # the month names in the page's language
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: day_text(num2date(x).date(), language, "d MMM")))
