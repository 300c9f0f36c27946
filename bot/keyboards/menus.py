"""The keyboards the bot sends (menus, sections, exercises, confirmations) and their labels."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, gettext_for
from bot.keyboards.callback import Kind
from bot.keyboards.kinds import Privacy, Read
from bot.keyboards.links import deep_link_url
from bot.replies import JsonFormOnce
from content.loader import Content
from content.schema import SECTION_ORDER, Topic
from scheduler.zones import city_label

SECTION_LABELS = {
    "summary": N_("Overview"),
    "symptoms": N_("Symptoms"),
    "causes": N_("Causes"),
    "treatment": N_("Treatment"),
    "urgent": N_("🚨 Get help now"),
    "questions": N_("Questions to ask"),
}


def zone_choices(kind: Kind, zones: list[str], *args: str) -> InlineKeyboardMarkup:
    """One button per zone (its city and offset), two a row; each press is ``kind|*args|zone``."""
    return InlineKeyboardMarkup(_rows([button(city_label(z), kind, *args, z) for z in zones]))


def button(label: str, kind: Kind, *args: str) -> InlineKeyboardButton:
    """An inline button that presses ``kind`` with ``args``."""
    return InlineKeyboardButton(label, callback_data=kind(*args))


def confirm(yes: str, kind: Kind, *args: str, no: str = "No, keep it") -> InlineKeyboardMarkup:
    """A confirmation: ``yes`` presses ``kind``; ``no`` changes nothing."""
    return InlineKeyboardMarkup([[button(yes, kind, *args), button(no, Privacy.KEEP)]])


def _rows(buttons: list[InlineKeyboardButton], width: int = 2) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def main_menu(language: str | None = None) -> InlineKeyboardMarkup:
    _ = gettext_for(language)
    return InlineKeyboardMarkup(
        [
            [button(_("📚 Topics"), Read.TOPICS), button(_("🧘 Exercises"), Read.EXERCISES)],
            [button(_("🚨 When to get help now"), Read.URGENT)],
            [button(_("ℹ️ About"), Read.ABOUT), button(_("❓ Help"), Read.HELP)],
        ]
    )


def topics(content: Content, kind: str = "summary", language: str | None = None) -> InlineKeyboardMarkup:
    """One button per topic, each opening its ``kind`` section."""
    buttons = [button(t.short_title, Read.SECTION, t.id, kind) for t in content.topics.values()]
    return InlineKeyboardMarkup([*_rows(buttons, 1), [button(gettext_for(language)(N_("🏠 Menu")), Read.MENU)]])


def topic_exercises_picker(content: Content, language: str | None = None) -> InlineKeyboardMarkup:
    buttons = [button(t.short_title, Read.EXERCISES, t.id) for t in content.topics.values()]
    return InlineKeyboardMarkup([*_rows(buttons, 1), [button(gettext_for(language)(N_("🏠 Menu")), Read.MENU)]])


class SharedKeyboard(JsonFormOnce, InlineKeyboardMarkup):
    """An inline keyboard sent unchanged with many messages (see ``Content.memo``): its JSON form,
    and the text a request carries, are made once (:class:`bot.replies.JsonFormOnce`)."""

    __slots__ = ("_json_form", "_json_text")


def section(topic: Topic, current: str, part: int = 0, total: int = 1, language: str | None = None) -> SharedKeyboard:
    """The other sections of the same topic, its exercises, and the way back; for an answer in
    parts, "More" last (the other buttons keep their places)."""
    _ = gettext_for(language)
    others = [
        button(_(SECTION_LABELS[k]), Read.SECTION, topic.id, k)
        for k in SECTION_ORDER
        if k != current and topic.section(k) is not None
    ]
    more_label = _("➡️ More ({part}/{total})").format(part=part + 2, total=total)
    more = [[button(more_label, Read.SECTION, topic.id, current, str(part + 1))]] if part + 1 < total else []
    return SharedKeyboard(
        [
            [
                button(_("👍 Helpful"), Read.FEEDBACK, topic.id, current, "1"),
                button(_("👎 Not helpful"), Read.FEEDBACK, topic.id, current, "0"),
            ],
            *_rows(others),
            [button(_("🧘 Exercises"), Read.EXERCISES, topic.id), button(_("📚 Other topics"), Read.TOPICS)],
            *more,
        ]
    )


def exercise_list(
    content: Content, topic: Topic, exercise_ids: list[str], language: str | None = None
) -> InlineKeyboardMarkup:
    buttons = [button(content.exercises[i].name, Read.EXERCISE, i, topic.id) for i in exercise_ids]
    topics_button = button(gettext_for(language)(N_("📚 Topics")), Read.TOPICS)
    return InlineKeyboardMarkup(
        [*_rows(buttons, 1), [button(f"↩️ {topic.short_title}", Read.SECTION, topic.id, "summary"), topics_button]]
    )


def exercise(topic: Topic | None, exercise_id: str | None = None, language: str | None = None) -> InlineKeyboardMarkup:
    """Was it helpful (counted per exercise), and where to go next."""
    _ = gettext_for(language)
    votes = (
        [
            [
                button(_("👍 Helpful"), Read.FEEDBACK, EXERCISE_FEEDBACK, exercise_id, "1"),
                button(_("👎 Not helpful"), Read.FEEDBACK, EXERCISE_FEEDBACK, exercise_id, "0"),
            ]
        ]
        if exercise_id
        else []
    )
    if topic is None:
        return InlineKeyboardMarkup([*votes, [button(_("📚 Topics"), Read.TOPICS), button(_("🏠 Menu"), Read.MENU)]])
    return InlineKeyboardMarkup(
        [
            *votes,
            [
                button(_("↩️ More exercises"), Read.EXERCISES, topic.id),
                button(f"📖 {topic.short_title}", Read.SECTION, topic.id, "summary"),
            ],
            [button(_("📚 Topics"), Read.TOPICS)],
        ]
    )


#: The first argument of an exercise's feedback button (topic ids are never this).
EXERCISE_FEEDBACK = "x"


READ_FULL = N_("📖 Read the full answer")


def read_in_private(
    bot_username: str, payload: str, label: str = READ_FULL, language: str | None = None
) -> InlineKeyboardMarkup:
    """A link to ``payload`` in a private chat; ``label`` is translated into ``language``."""
    url = deep_link_url(bot_username, payload)
    return InlineKeyboardMarkup([[InlineKeyboardButton(gettext_for(language)(label), url=url)]])


def open_private(bot_username: str, language: str | None = None) -> InlineKeyboardMarkup:
    label = gettext_for(language)(N_("💬 Open Rootwise"))
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=deep_link_url(bot_username, "hello"))]])


def more_answers(content: Content, hits, language: str | None = None) -> InlineKeyboardMarkup:
    """Buttons to the other search hits (sections or exercises)."""
    _ = gettext_for(language)
    rows = []
    for hit in hits:
        if hit.kind == "exercise":
            rows.append([button(f"🧘 {content.exercises[hit.ref].name}", Read.EXERCISE, hit.ref, hit.topic_id or "-")])
        else:
            topic = content.topics[hit.topic_id]
            label = f"{topic.short_title}: {_(SECTION_LABELS[hit.ref])}"
            rows.append([button(label, Read.SECTION, topic.id, hit.ref)])
    return InlineKeyboardMarkup([*rows, [button(_("📚 Topics"), Read.TOPICS)]])


def urgent_actions(language: str | None = None) -> InlineKeyboardMarkup:
    _ = gettext_for(language)
    return InlineKeyboardMarkup(
        [[button(_("🚨 When to get help now"), Read.URGENT)], [button(_("🏠 Menu"), Read.MENU)]]
    )


def back_to_menu(language: str | None = None) -> InlineKeyboardMarkup:
    _ = gettext_for(language)
    return InlineKeyboardMarkup([[button(_("📚 Topics"), Read.TOPICS), button(_("🏠 Menu"), Read.MENU)]])
