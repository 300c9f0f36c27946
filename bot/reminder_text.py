"""What a reminder and a daily post say: the rendering the reminder engine's sender
(bot/delivery.py) sends, in the chat's language. Pure: content in, HTML and buttons out."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardMarkup

from bot import render
from bot.i18n import N_, gettext_for
from bot.keyboards import Read, Remind, button
from content.loader import Content
from content.schema import Bullets, Exercise, Heading, Programme, ProgrammeDay, Section, Topic


def programme_day(programme: Programme, day: int) -> tuple[ProgrammeDay, bool]:
    """The day to send and whether the programme is finished (then its last week repeats)."""
    days = programme.days
    if day < len(days):
        return days[day], False
    week = days[-7:] if len(days) >= 7 else days
    return week[(day - len(days)) % len(week)], True


def reminder_keyboard(
    sub_id: int,
    day: int,
    exercises: Sequence[Exercise] = (),
    webapp_url: str | None = None,
    language: str | None = None,
) -> InlineKeyboardMarkup:
    """A button per exercise (its steps, dose and cautions: the ``ex`` button of /exercises), then
    Done, Snooze, Skip and Stop (their callback data unchanged, so old reminders' buttons work).
    With ``webapp_url`` (a private chat, WEBAPP_URL set), "▶ Start session" opens the Mini App
    next to Done."""
    reminder, today, _ = str(sub_id), str(day), gettext_for(language)
    done = button(_("✅ Done"), Remind.DONE, reminder, today)
    snooze = button(_("⏰ Snooze 30 min"), Remind.SNOOZE, reminder, today)
    skip = button(_("⏭ Skip today"), Remind.SKIP, reminder, today)
    stop = button(_("🛑 Stop reminders"), Remind.STOP, reminder)
    steps = [
        [button(_("📖 {exercise}: steps").format(exercise=ex.name), Read.EXERCISE, ex.id, "-")] for ex in exercises
    ]
    if webapp_url:
        from bot.webapp.api import start_button

        return InlineKeyboardMarkup([*steps, [start_button(webapp_url, sub_id), done], [snooze, skip], [stop]])
    return InlineKeyboardMarkup([*steps, [done, snooze], [skip, stop]])


def fit(fragments: Sequence[tuple[str, int]], limit: int = render.CAPTION_LIMIT) -> str:
    """The fragments (HTML, each balanced) joined by blank lines, within ``limit`` (a caption:
    1,024), counting the HTML itself, tags too (never more than Telegram counts). Each fragment
    has a rank: 0 is always kept; others are left out while the text is too long, the highest
    rank first (the last of equals first). Kept ones that still do not fit are cut at a line."""
    kept = list(fragments)
    while render.tg_len("\n\n".join(f for f, _ in kept)) > limit:
        optional = [(rank, i) for i, (_, rank) in enumerate(kept) if rank]
        if not optional:
            return render.pack(["\n\n".join(f for f, _ in kept)], limit=limit)[0]
        del kept[max(optional)[1]]
    return "\n\n".join(f for f, _ in kept)


def reminder_caption(
    content: Content,
    programme: Programme,
    day: int,
    level: int | None = None,
    language: str | None = None,
    warned: str | None = None,
) -> str:
    """Today's reminder as one caption (at most 1,024 characters) in ``language``: which day it
    is, each exercise with how much (the repeats the person's plan asks for now, once it adapted:
    ``level``), the plan's caution, and ``warned`` (the line after a recent red-flag warning:
    content/progression.yaml); the steps and cautions are behind the exercises' buttons."""
    _ = gettext_for(language)
    today, finished = programme_day(programme, day)
    title = _("🧘 {plan} · day {day}").format(plan=escape(programme.title, quote=False), day=day + 1)
    parts = [(f"<b>{title}</b>", 0)]
    if warned:  # first, so that a long caption never loses it
        parts.append((f"⚠️ <b>{escape(warned, quote=False)}</b>", 0))
    if finished:
        done = _("You have finished the plan. Well done! These are the last week's exercises, to keep going.")
        parts.append((escape(done, quote=False), 1))
    if today.note:
        parts.extend((p, 2) for p in render.paragraph(today.note))
    if today.rest or not today.exercises:
        parts.append((escape(_("Today is a rest day. Keep gently active with everyday things."), quote=False), 0))
    if today.exercises:
        parts.append(
            (
                "\n".join(_exercise_line(content, programme, day, e, level) for e in today.exercises),
                0,
            )
        )
    if programme.caution:
        parts.append((f"<i>{escape(programme.caution, quote=False)}</i>", 0))
    if today.exercises:
        parts.append((_("Tap an exercise for its steps and cautions."), 3))
    return fit(parts)


# ---- group and channel posts ------------------------------------------------------------------


def _exercise_line(content: Content, programme: Programme, day: int, exercise_id: str, level: int | None) -> str:
    ex, rules = content.exercises[exercise_id], content.progression
    now = (
        rules.for_now(programme.id, exercise_id, rules.level_of(programme, day, exercise_id, level)) if rules else None
    )
    dose = escape(ex.dose, quote=False)
    return f"• <b>{escape(ex.name, quote=False)}</b> — " + (f"<b>{now}</b>. {dose}" if now else dose)


def post_exercises(content: Content, topic: Topic | None) -> list[Exercise]:
    """The exercises a daily post rotates through: the topic's (when it has some), else all."""
    items = render.exercises_for(content, topic) if topic is not None else []
    return items or list(content.exercises.values())


def post_tips(content: Content, topic: Topic | None) -> list[tuple[Topic, Section, str, Bullets]]:
    """The tips a daily post rotates through: each bulleted list of the treatment and summary
    sections, with the heading it stands under, so no item is shown out of its context."""
    per_topic = []
    for t in [topic] if topic is not None else content.topics.values():
        tips = []
        for section in filter(None, (t.section("treatment"), t.section("summary"))):
            heading = section.title
            for block in section.body:
                if isinstance(block, Heading):
                    heading = block.heading
                elif isinstance(block, Bullets):
                    tips.append((t, section, heading, block))
        per_topic.append(tips)
    # Round the topics, so that a group about every topic gets a different one each day.
    return [tip for turn in itertools.zip_longest(*per_topic) for tip in turn if tip is not None]


def exercise_post_caption(content: Content, ex: Exercise, topic: Topic | None, language: str | None = None) -> str:
    """Exercise of the day, as the caption of its picture: what it is, how much, its cautions and
    sources; the steps are in a private chat, behind the post's button."""
    _ = gettext_for(language)
    head = "<b>" + _("🧘 Exercise of the day") + "</b>"
    if topic is not None:
        head += f" · {escape(topic.short_title, quote=False)}"
    much, care = _("How much:"), _("Take care")
    return fit(
        [
            (f"{head}\n<b>{escape(ex.name, quote=False)}</b>", 0),
            *((p, 2) for p in render.paragraph(ex.summary)),
            (f"<b>{much}</b> {escape(ex.dose, quote=False)}", 1),
            (f"<b>{care}</b>\n" + "\n".join(f"⚠️ {escape(c, quote=False)}" for c in ex.cautions), 0),
            (render.footer(content, ex.sources, ex.reviewed, language), 0),
        ]
    )


def render_tip_post(
    content: Content, tip: tuple[Topic, Section, str, Bullets], language: str | None = None
) -> list[str]:
    """Tip of the day: one list from a section, word for word, with the section's sources."""
    _ = gettext_for(language)
    topic, section, heading, block = tip
    items = "\n".join(f"• {escape(item, quote=False)}" for item in block.bullets)
    title = _("💡 Tip of the day · {topic}").format(topic=escape(topic.short_title, quote=False))
    return render.pack(
        [
            f"<b>{title}</b>",
            f"<b>{escape(heading, quote=False)}</b>\n{items}",
            render.footer(content, section.sources, section.reviewed, language),
            "<i>" + _("General information, not a diagnosis.") + "</i>",
        ]
    )


STEPS_IN_PRIVATE = N_("📖 Steps and how much, in a private chat")
