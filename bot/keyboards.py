"""Inline keyboards and the callback-data format behind their buttons.

Callback data is plain text (``v1|kind|arg|arg``) rather than python-telegram-bot's arbitrary
callback data, so a button keeps working after a restart: everything a press needs is in it.
Data that does not parse, or names content that no longer exists, is answered as an expired menu.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from content.loader import Content
from content.schema import SECTION_ORDER, Topic

VERSION = "v1"

SECTION_LABELS = {
    "summary": "Overview",
    "symptoms": "Symptoms",
    "causes": "Causes",
    "treatment": "Treatment",
    "urgent": "🚨 Get help now",
    "questions": "Questions to ask",
}


@dataclass(frozen=True)
class Press:
    """A parsed button press: what it asks for and its arguments."""

    kind: str
    args: tuple[str, ...]


def data(kind: str, *args: str) -> str:
    """Callback data for a button (at most 64 bytes, as Telegram requires)."""
    value = "|".join((VERSION, kind, *args))
    if len(value.encode()) > 64:
        raise ValueError(f"callback data too long: {value!r}")
    return value


def parse(raw: str | None) -> Press | None:
    """Parse callback data; ``None`` when it is not ours, from an older format, or forged.

    Every field of every kind is checked here against :data:`FIELDS` (its shape and its bounds),
    so a handler gets only arguments it can turn into numbers, times and names without raising:
    ASCII digits only ("²".isdigit() is true), ids within 64 bits, days and scores in range.
    """
    if not raw or len(raw) > 64:
        return None
    parts = raw.split("|")
    if len(parts) < 2 or parts[0] != VERSION or not parts[1]:
        return None
    kind, args = parts[1], tuple(parts[2:])
    shapes = FIELDS.get(kind)
    if shapes is None or not any(_fits(shape, args) for shape in shapes):
        return None
    return Press(kind, args)


def _fits(shape: tuple, args: tuple[str, ...]) -> bool:
    return len(shape) == len(args) and all(check(arg) for check, arg in zip(shape, args))


def parse_hhmm(value: str) -> dt.time | None:
    """The time in a button's "0730" argument; None when it is not one."""
    if len(value) != 4 or not _ascii_digits(value) or int(value[:2]) > 23 or int(value[2:]) > 59:
        return None
    return dt.time(int(value[:2]), int(value[2:]))


# ---- the fields of every kind of button ------------------------------------------------------

#: The largest id a button may name: every id column holds a signed 64-bit integer.
MAX_ID = 2**63 - 1
#: The largest programme day a button may name (programmes are weeks long, not years).
MAX_DAY = 999


def _ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _number(low: int, high: int):
    def check(value: str) -> bool:
        return _ascii_digits(value) and len(value) <= 19 and low <= int(value) <= high
    return check


def _pattern(regex: str):
    compiled = re.compile(regex)
    return lambda value: compiled.fullmatch(value) is not None


def _one_of(*allowed: str):
    return lambda value: value in allowed


def _chat(value: str) -> bool:
    """A chat id: a group's or channel's is negative; never 0, within 64 bits."""
    return re.fullmatch(r"-?[0-9]{1,19}", value) is not None and 0 < abs(int(value)) <= MAX_ID


ID = _number(1, MAX_ID)
DAY = _number(0, MAX_DAY)
PAGE = _pattern(r"[0-9]{1,60}")  # any page: one past the end is clamped to the last
PAIN = _number(0, 10)
FLAG = _one_of("0", "1")
HHMM = lambda value: parse_hhmm(value) is not None  # noqa: E731
NAME = _pattern(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,47}")  # content ids, words, section kinds
ZONE = _pattern(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}")  # checked against tzdata later
CODES = _pattern(r"(?:[0-9]{1,3}(?:\.[0-9]{1,3}){0,7})?")  # red-flag sign numbers, "1.4.7"
ANSWER = _pattern(r"-|[A-Za-z0-9_.-]{1,40}:[A-Za-z0-9_.-]{1,20}")
CHAT = _chat

#: Every kind of button and the shapes of its arguments (one tuple per accepted shape).
FIELDS: dict[str, tuple[tuple, ...]] = {
    # reading
    "sec": ((NAME, NAME), (NAME, NAME, _number(0, 20))), "exlist": ((), (NAME,)), "ex": ((NAME, NAME), (NAME, _one_of("-"))),
    "menu": ((),), "topics": ((),), "urgent": ((), (_one_of("1"),)), "about": ((),), "help": ((),),
    "fb": ((NAME, NAME, FLAG),),
    # consent and privacy
    # "I agree" names what to do next: nothing, /remind, /prescribe, a prescription, a channel, quiet hours
    "agree": ((), (_one_of("remind", "prescribe"),), (_one_of("rx"), ID),
              (_one_of("connect"), _pattern(r"@[A-Za-z][A-Za-z0-9_]{3,31}|-[0-9]{1,19}")),
              (_one_of("quiet"), _pattern(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:[01][0-9]|2[0-3]):[0-5][0-9]")),
              (_one_of("usual"), CODES), (_one_of("weekly"), _one_of("-")), (_one_of("checkin", "offer"), _one_of("-"))),
    "forget": ((),),
    # reminders
    "rp": ((NAME,),), "rt": ((NAME, HHMM),), "rok": ((NAME, HHMM),), "rzl": ((NAME, HHMM),), "rzc": ((ZONE,),),
    "rpa": ((ID,),), "rre": ((ID,),), "rc": ((ID,),), "rct": ((ID, HHMM),), "rdel": ((ID,),), "rdel2": ((ID,),),
    "rkeep": ((),), "rstop": ((),), "rd": ((ID, DAY),), "rz": ((ID, DAY),), "rk": ((ID, DAY),), "rx": ((ID,),),
    # care
    "pn": ((ID, PAIN),), "pf": ((ID, NAME),), "resumeall": ((),),
    # red flags' follow-up question
    "tq": ((_one_of("y"), CODES, CODES), (_one_of("n"), CODES, CODES, ANSWER), (_one_of("u"), CODES),
           (_one_of("c"),)),
    "ck": ((_number(0, 7), _pattern(r"[yn]{1,8}")), (_one_of("w"),), (_one_of("x"),)),  # the cauda equina check-in: step, answers so far
    # the function check-in: start, the two-weekly offer on/off, an RMDQ answer, a rating, goals named
    "oc": ((_one_of("start", "w", "x"),), (ID, _pattern(r"i(?:1?[0-9]|2[0-3])"), _one_of("y", "n")),
           (ID, _one_of("leg", "back", "goal0", "goal1", "goal2"), PAIN), (ID, _one_of("walk"), _number(0, 90))),
    "ocg": ((ID,),),
    # prescriptions
    "pxp": ((NAME,),), "pxd": ((NAME, DAY),), "pxt": ((NAME, DAY, HHMM),), "pxn": ((NAME, DAY, HHMM),),
    "pxl": ((PAGE,),), "pxr": ((ID,),), "pxr2": ((ID,),), "pxa": ((ID,),), "pxz": ((ID,),),
    "pxzc": ((ID, ZONE),), "pxs": ((ID, FLAG),),
    # groups and channels
    **{kind: ((CHAT,),) for kind in ("gm", "gtm", "gty", "gzm", "gzl", "gzt", "gfm", "gqm", "gpa", "gre", "gx",
                                     "gcc", "gcd", "gcd2")},
    "gk": ((CHAT, NAME),), "gt": ((CHAT, HHMM),), "gzc": ((CHAT, ZONE),), "gf": ((CHAT, NAME),),
    "gq": ((CHAT, _one_of("we", "none", *map(str, range(7)))),),
}


def zone_choices(kind: str, zones: list[str], *args: str) -> InlineKeyboardMarkup:
    """One button per zone (its city and offset), two a row; each press is ``kind|*args|zone``."""
    from scheduler.zones import city_label

    return InlineKeyboardMarkup(_rows([_button(city_label(z), kind, *args, z) for z in zones]))


def _button(label: str, kind: str, *args: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data(kind, *args))


def _rows(buttons: list[InlineKeyboardButton], width: int = 2) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [_button("📚 Topics", "topics"), _button("🧘 Exercises", "exlist")],
        [_button("🚨 When to get help now", "urgent")],
        [_button("ℹ️ About", "about"), _button("❓ Help", "help")],
    ])


def topics(content: Content, kind: str = "summary") -> InlineKeyboardMarkup:
    """One button per topic, each opening its ``kind`` section."""
    buttons = [_button(t.short_title, "sec", t.id, kind) for t in content.topics.values()]
    return InlineKeyboardMarkup([*_rows(buttons, 1), [_button("🏠 Menu", "menu")]])


def topic_exercises_picker(content: Content) -> InlineKeyboardMarkup:
    buttons = [_button(t.short_title, "exlist", t.id) for t in content.topics.values()]
    return InlineKeyboardMarkup([*_rows(buttons, 1), [_button("🏠 Menu", "menu")]])


class SharedKeyboard(InlineKeyboardMarkup):
    """An inline keyboard sent unchanged with many messages (see ``Content.memo``).

    python-telegram-bot turns a keyboard into its JSON form (``to_dict``) for every message that
    carries it, and only reads that form (it is JSON-encoded); this one does it once.
    """

    __slots__ = ("_json_form",)

    def to_dict(self, recursive: bool = True) -> dict:
        if not recursive:
            return super().to_dict(recursive=False)
        try:
            return self._json_form
        except AttributeError:
            form = super().to_dict()
            with self._unfrozen():
                self._json_form = form
            return form


def section(topic: Topic, current: str, part: int = 0, total: int = 1) -> SharedKeyboard:
    """The other sections of the same topic, its exercises, and the way back; for an answer in
    parts, "More" last (the other buttons keep their places)."""
    others = [
        _button(SECTION_LABELS[k], "sec", topic.id, k)
        for k in SECTION_ORDER
        if k != current and topic.section(k) is not None
    ]
    more = [[_button(f"➡️ More ({part + 2}/{total})", "sec", topic.id, current, str(part + 1))]] \
        if part + 1 < total else []
    return SharedKeyboard([
        [_button("👍 Helpful", "fb", topic.id, current, "1"), _button("👎 Not helpful", "fb", topic.id, current, "0")],
        *_rows(others),
        [_button("🧘 Exercises", "exlist", topic.id), _button("📚 Other topics", "topics")],
        *more,
    ])


def exercise_list(content: Content, topic: Topic, exercise_ids: list[str]) -> InlineKeyboardMarkup:
    buttons = [_button(content.exercises[i].name, "ex", i, topic.id) for i in exercise_ids]
    return InlineKeyboardMarkup([
        *_rows(buttons, 1),
        [_button(f"↩️ {topic.short_title}", "sec", topic.id, "summary"), _button("📚 Topics", "topics")],
    ])


def exercise(topic: Topic | None, exercise_id: str | None = None) -> InlineKeyboardMarkup:
    """Was it helpful (counted per exercise), and where to go next."""
    votes = ([[_button("👍 Helpful", "fb", EXERCISE_FEEDBACK, exercise_id, "1"),
               _button("👎 Not helpful", "fb", EXERCISE_FEEDBACK, exercise_id, "0")]] if exercise_id else [])
    if topic is None:
        return InlineKeyboardMarkup([*votes, [_button("📚 Topics", "topics"), _button("🏠 Menu", "menu")]])
    return InlineKeyboardMarkup([
        *votes,
        [_button("↩️ More exercises", "exlist", topic.id), _button(f"📖 {topic.short_title}", "sec", topic.id, "summary")],
        [_button("📚 Topics", "topics")],
    ])


#: The first argument of an exercise's feedback button (topic ids are never this).
EXERCISE_FEEDBACK = "x"


def section_payload(topic_id: str, kind: str) -> str:
    """The /start payload that opens one section (letters, digits, - and _ only)."""
    return f"s_{topic_id}_{kind}"


def parse_payload(payload: str) -> tuple[str, str] | None:
    """(topic id, section kind) from a /start payload made by :func:`section_payload`."""
    parts = payload.split("_")
    return (parts[1], parts[2]) if len(parts) == 3 and parts[0] == "s" else None


def page_payload(page_id: str) -> str:
    """The /start payload that opens a fixed page (urgent, about, help)."""
    return f"p_{page_id}"


def exercise_payload(exercise_id: str) -> str:
    """The /start payload that opens one exercise."""
    return f"x_{exercise_id}"


def parse_target(payload: str) -> tuple[str, str] | None:
    """("page", id) or ("exercise", id) from :func:`page_payload` / :func:`exercise_payload`."""
    kind, _, ref = payload.partition("_")
    if ref and kind in ("p", "x"):
        return ("page" if kind == "p" else "exercise"), ref
    return None


def deep_link_url(bot_username: str, payload: str) -> str:
    """A t.me link that opens a private chat with the bot and sends /start <payload>."""
    return f"https://t.me/{bot_username}?start={payload}"


def read_in_private(bot_username: str, payload: str, label: str = "📖 Read the full answer") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=deep_link_url(bot_username, payload))]])


def open_private(bot_username: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("💬 Open Rootwise", url=deep_link_url(bot_username, "hello"))]])


def more_answers(content: Content, hits) -> InlineKeyboardMarkup:
    """Buttons to the other search hits (sections or exercises)."""
    rows = []
    for hit in hits:
        if hit.kind == "exercise":
            rows.append([_button(f"🧘 {content.exercises[hit.ref].name}", "ex", hit.ref, hit.topic_id or "-")])
        else:
            topic = content.topics[hit.topic_id]
            rows.append([_button(f"{topic.short_title}: {SECTION_LABELS[hit.ref]}", "sec", topic.id, hit.ref)])
    return InlineKeyboardMarkup([*rows, [_button("📚 Topics", "topics")]])


def urgent_actions() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("🚨 When to get help now", "urgent")], [_button("🏠 Menu", "menu")]])


def back_to_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("📚 Topics", "topics"), _button("🏠 Menu", "menu")]])
