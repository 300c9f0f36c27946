"""Inline keyboards and the callback-data format behind their buttons.

Callback data is plain text (``v1|kind|arg|arg``) rather than python-telegram-bot's arbitrary
callback data, so a button keeps working after a restart: everything a press needs is in it.
Data that does not parse, or names content that no longer exists, is answered as an expired menu.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from content.loader import Content
from content.schema import SECTION_ORDER, Topic
from scheduler.zones import city_label

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
    """A parsed button press: its kind's wire code (an old code already read as its new one) and
    its arguments."""

    kind: str
    args: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of button: its short wire code (Telegram carries at most 64 bytes of callback
    data), the shapes its arguments may take (one tuple of field checks per shape), and whether a
    press counts once per message (a vote, Done, a pain score). Its readable name, such as
    ``Remind.SKIP``, is the attribute it is declared as."""

    code: str
    shapes: tuple[tuple, ...]
    counted: bool = False
    name: str = field(default="", init=False)

    def __set_name__(self, owner: type, attribute: str) -> None:
        object.__setattr__(self, "name", f"{owner.__name__}.{attribute}")

    def __call__(self, *args: str) -> str:
        """The callback data of a press of this kind with ``args``."""
        return data(self.code, *args)

    def fits(self, *args: str) -> bool:
        """Whether a press of this kind with ``args`` fits in Telegram's 64 bytes."""
        return len("|".join((VERSION, self.code, *args)).encode()) <= 64

    def __repr__(self) -> str:
        return f"<Kind {self.name} {self.code!r}>"


def data(kind: str | Kind, *args: str) -> str:
    """Callback data for a button (at most 64 bytes, as Telegram requires)."""
    code = kind.code if isinstance(kind, Kind) else kind
    value = "|".join((VERSION, code, *args))
    if len(value.encode()) > 64:
        raise ValueError(f"callback data too long: {value!r}")
    return value


def parse(raw: str | None) -> Press | None:
    """Parse callback data; ``None`` when it is not ours, from an older format, or forged.

    Every field of every kind is checked here against its :class:`Kind`'s shapes and bounds, so a
    handler gets only arguments it can turn into numbers, times and names without raising: ASCII
    digits only ("²".isdigit() is true), ids within 64 bits, days and scores in range. A code that
    was renamed (:data:`ALIASES`) is read as the kind it became, so buttons already sent keep working.
    """
    if not raw or len(raw) > 64:
        return None
    parts = raw.split("|")
    if len(parts) < 2 or parts[0] != VERSION or not parts[1]:
        return None
    kind, args = KINDS.get(parts[1]) or ALIASES.get(parts[1]), tuple(parts[2:])
    if kind is None or not any(_fits(shape, args) for shape in kind.shapes):
        return None
    return Press(kind.code, args)


def _fits(shape: tuple, args: tuple[str, ...]) -> bool:
    return len(shape) == len(args) and all(check(arg) for check, arg in zip(shape, args, strict=True))


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

DASH = _one_of("-")
PART = _number(0, 20)  # a part of a long section ("More (2/3)")
TIME_OF_DAY = _pattern(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:[01][0-9]|2[0-3]):[0-5][0-9]")  # 22:00-07:00
CHANNEL_REF = _pattern(r"@[A-Za-z][A-Za-z0-9_]{3,31}|-[0-9]{1,19}")


# ---- every kind of button, by feature ------------------------------------------------------


class Read:
    """Reading the content."""

    SECTION = Kind("sec", ((NAME, NAME), (NAME, NAME, PART)))  # topic, section kind[, part]
    EXERCISES = Kind("exlist", ((), (NAME,)))  # [topic]
    EXERCISE = Kind("ex", ((NAME, NAME), (NAME, DASH)))  # exercise, topic or "-"
    MENU = Kind("menu", ((),))
    TOPICS = Kind("topics", ((),))
    URGENT = Kind("urgent", ((), (_one_of("1"),)))  # [the second part]
    ABOUT = Kind("about", ((),))
    HELP = Kind("help", ((),))
    FEEDBACK = Kind("fb", ((NAME, NAME, FLAG),), counted=True)  # topic or "x", section or exercise, helpful


class Privacy:
    """Consent, /forget, and the "No, keep it" of every confirmation."""

    # "I agree" names what to do next: nothing, /remind, /prescribe, a prescription, a channel,
    # quiet hours, signs to note as usual, the weekly check-in.
    AGREE = Kind(
        "agree",
        (
            (),
            (_one_of("remind", "prescribe"),),
            (_one_of("rx"), ID),
            (_one_of("connect"), CHANNEL_REF),
            (_one_of("quiet"), TIME_OF_DAY),
            (_one_of("usual"), CODES),
            (_one_of("weekly"), DASH),
            (_one_of("checkin", "offer"), DASH),
            (_one_of("language"), _one_of("en", "es")),
        ),
    )
    FORGET = Kind("forget", ((),))
    KEEP = Kind("keep", ((),))  # nothing changes


class Remind:
    """/remind, /reminders, /stop and the buttons under a reminder."""

    PROGRAMME = Kind("rp", ((NAME,),))
    TIME = Kind("rt", ((NAME, HHMM),))  # programme, time
    KNOWN_ZONE = Kind("rok", ((NAME, HHMM),))
    LONDON = Kind("rzl", ((NAME, HHMM),))
    CHOSEN_ZONE = Kind("rzc", ((ZONE,),))  # one of a typed country's zones
    PAUSE = Kind("rpa", ((ID,),))
    RESUME = Kind("rre", ((ID,),))
    CHANGE_TIME = Kind("rc", ((ID,),))
    NEW_TIME = Kind("rct", ((ID, HHMM),))
    DELETE = Kind("rdel", ((ID,),))
    DELETE_CONFIRMED = Kind("rdel2", ((ID,),))
    STOP_ALL = Kind("rstop", ((),))
    DONE = Kind("rd", ((ID, DAY),), counted=True)  # reminder, programme day
    SNOOZE = Kind("rz", ((ID, DAY),))
    SKIP = Kind("rk", ((ID, DAY),))
    STOP = Kind("rx", ((ID,),))


class Care:
    """How a session went, and coming back after a block."""

    PAIN = Kind("pn", ((ID, PAIN),), counted=True)  # rating, score
    FEELING = Kind("pf", ((ID, NAME),), counted=True)
    RESUME_ALL = Kind("resumeall", ((),))


class Language:
    """/language: the language a person is answered in."""

    CHOOSE = Kind("lang", ((_one_of("en", "es"),),))


class Safety:
    """The red flags' follow-up question, /usual and the cauda equina check-in."""

    # yes (unclear signs, clear signs) | no (the same, the answer the message would have had)
    # | remember as usual (signs) | clear the usual signs
    QUESTION = Kind(
        "tq",
        ((_one_of("y"), CODES, CODES), (_one_of("n"), CODES, CODES, ANSWER), (_one_of("u"), CODES), (_one_of("c"),)),
    )
    # an answer (step, answers so far) | every week | stop the weekly check-in
    CHECK = Kind("ck", ((_number(0, 7), _pattern(r"[yn]{1,8}")), (_one_of("w"),), (_one_of("x"),)))


class CheckIn:
    """The function check-in (/checkin) and its two-weekly offer."""

    # start, the offer on (w) or off (x) | an RMDQ answer | a 0-10 rating | walking minutes
    ANSWER = Kind(
        "oc",
        (
            (_one_of("start", "w", "x"),),
            (ID, _pattern(r"i(?:1?[0-9]|2[0-3])"), _one_of("y", "n")),
            (ID, _one_of("leg", "back", "goal0", "goal1", "goal2"), PAIN),
            (ID, _one_of("walk"), _number(0, 90)),
        ),
    )
    GOALS_DONE = Kind("ocg", ((ID,),))  # goals named (Skip, Done): on to rating them


class Clinician:
    """Alerts to the prescribing clinician, only with the patient's consent."""

    CHOICE = Kind("ca", ((ID, FLAG),))  # the patient: yes (1) or stop (0), per prescription
    SUMMARY = Kind("cs", ((ID,),))  # the prescriber: the patient's summary, while the consent stands


class Prescribe:
    """/prescribe and /prescriptions, for prescribers."""

    PROGRAMME = Kind("pxp", ((NAME,),))
    DAY = Kind("pxd", ((NAME, DAY),))  # programme, start day
    TIME = Kind("pxt", ((NAME, DAY, HHMM),))
    LAST_NAME = Kind("pxn", ((NAME, DAY, HHMM),))  # use the display name given last time
    PAGE = Kind("pxl", ((PAGE,),))
    REVOKE = Kind("pxr", ((ID,),))
    REVOKE_CONFIRMED = Kind("pxr2", ((ID,),))


class Patient:
    """A patient's buttons under a prescribed programme."""

    START = Kind("pxa", ((ID,),))  # prescription
    LONDON = Kind("pxz", ((ID,),))
    CHOSEN_ZONE = Kind("pxzc", ((ID, ZONE),))
    SHARE = Kind("pxs", ((ID, FLAG),))


class Settings:
    """A group's or channel's daily post (every press checked for an admin of that chat)."""

    MENU = Kind("gm", ((CHAT,),))
    POST_KIND = Kind("gk", ((CHAT, NAME),))
    TIME_MENU = Kind("gtm", ((CHAT,),))
    TIME = Kind("gt", ((CHAT, HHMM),))
    TYPE_TIME = Kind("gty", ((CHAT,),))
    ZONE_MENU = Kind("gzm", ((CHAT,),))
    LONDON = Kind("gzl", ((CHAT,),))
    TYPE_ZONE = Kind("gzt", ((CHAT,),))
    CHOSEN_ZONE = Kind("gzc", ((CHAT, ZONE),))
    FOCUS_MENU = Kind("gfm", ((CHAT,),))
    FOCUS = Kind("gf", ((CHAT, NAME),))
    QUIET_MENU = Kind("gqm", ((CHAT,),))
    QUIET = Kind("gq", ((CHAT, _one_of("we", "none", *map(str, range(7)))),))
    PAUSE = Kind("gpa", ((CHAT,),))
    RESUME = Kind("gre", ((CHAT,),))
    DONE = Kind("gx", ((CHAT,),))


class Channel:
    """Connecting and disconnecting a channel."""

    CONNECT = Kind("gcc", ((CHAT,),))
    DISCONNECT = Kind("gcd", ((CHAT,),))
    DISCONNECT_CONFIRMED = Kind("gcd2", ((CHAT,),))


#: The features' button namespaces, in one list.
NAMESPACES: tuple[type, ...] = (
    Read,
    Privacy,
    Remind,
    Care,
    Language,
    Safety,
    CheckIn,
    Clinician,
    Prescribe,
    Patient,
    Settings,
    Channel,
)


def kinds_by_code(namespaces: tuple[type, ...]) -> dict[str, Kind]:
    """Every kind declared in ``namespaces`` by its wire code; a code or name used twice is an error."""
    found: dict[str, Kind] = {}
    for namespace in namespaces:
        for kind in vars(namespace).values():
            if not isinstance(kind, Kind):
                continue
            if kind.code in found:
                raise ValueError(f"callback code {kind.code!r} is used by both {found[kind.code].name} and {kind.name}")
            found[kind.code] = kind
    return found


#: Every kind of button by its wire code: the one registry of callback kinds.
KINDS: dict[str, Kind] = kinds_by_code(NAMESPACES)

#: Codes of buttons already sent that were renamed since: old code -> the kind it is now.
ALIASES: dict[str, Kind] = {
    "rkeep": Privacy.KEEP,  # "No, keep it" was a reminder's; every confirmation uses it
}

#: The shapes of the arguments of every code a press may carry (renamed ones too).
FIELDS: dict[str, tuple[tuple, ...]] = {code: kind.shapes for code, kind in {**KINDS, **ALIASES}.items()}


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
    from bot.i18n import gettext_for

    _ = gettext_for(language)
    return InlineKeyboardMarkup(
        [
            [button(_("📚 Topics"), Read.TOPICS), button(_("🧘 Exercises"), Read.EXERCISES)],
            [button(_("🚨 When to get help now"), Read.URGENT)],
            [button(_("ℹ️ About"), Read.ABOUT), button(_("❓ Help"), Read.HELP)],
        ]
    )


def topics(content: Content, kind: str = "summary") -> InlineKeyboardMarkup:
    """One button per topic, each opening its ``kind`` section."""
    buttons = [button(t.short_title, Read.SECTION, t.id, kind) for t in content.topics.values()]
    return InlineKeyboardMarkup([*_rows(buttons, 1), [button("🏠 Menu", Read.MENU)]])


def topic_exercises_picker(content: Content) -> InlineKeyboardMarkup:
    buttons = [button(t.short_title, Read.EXERCISES, t.id) for t in content.topics.values()]
    return InlineKeyboardMarkup([*_rows(buttons, 1), [button("🏠 Menu", Read.MENU)]])


class SharedKeyboard(InlineKeyboardMarkup):
    """An inline keyboard sent unchanged with many messages (see ``Content.memo``).

    python-telegram-bot turns a keyboard into its JSON form (``to_dict``) for every message that
    carries it, and only reads that form (it is JSON-encoded); this one does it once.
    """

    __slots__ = ("_json_form",)
    _json_form: dict

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
        button(SECTION_LABELS[k], Read.SECTION, topic.id, k)
        for k in SECTION_ORDER
        if k != current and topic.section(k) is not None
    ]
    more = (
        [[button(f"➡️ More ({part + 2}/{total})", Read.SECTION, topic.id, current, str(part + 1))]]
        if part + 1 < total
        else []
    )
    return SharedKeyboard(
        [
            [
                button("👍 Helpful", Read.FEEDBACK, topic.id, current, "1"),
                button("👎 Not helpful", Read.FEEDBACK, topic.id, current, "0"),
            ],
            *_rows(others),
            [button("🧘 Exercises", Read.EXERCISES, topic.id), button("📚 Other topics", Read.TOPICS)],
            *more,
        ]
    )


def exercise_list(content: Content, topic: Topic, exercise_ids: list[str]) -> InlineKeyboardMarkup:
    buttons = [button(content.exercises[i].name, Read.EXERCISE, i, topic.id) for i in exercise_ids]
    return InlineKeyboardMarkup(
        [
            *_rows(buttons, 1),
            [button(f"↩️ {topic.short_title}", Read.SECTION, topic.id, "summary"), button("📚 Topics", Read.TOPICS)],
        ]
    )


def exercise(topic: Topic | None, exercise_id: str | None = None) -> InlineKeyboardMarkup:
    """Was it helpful (counted per exercise), and where to go next."""
    votes = (
        [
            [
                button("👍 Helpful", Read.FEEDBACK, EXERCISE_FEEDBACK, exercise_id, "1"),
                button("👎 Not helpful", Read.FEEDBACK, EXERCISE_FEEDBACK, exercise_id, "0"),
            ]
        ]
        if exercise_id
        else []
    )
    if topic is None:
        return InlineKeyboardMarkup([*votes, [button("📚 Topics", Read.TOPICS), button("🏠 Menu", Read.MENU)]])
    return InlineKeyboardMarkup(
        [
            *votes,
            [
                button("↩️ More exercises", Read.EXERCISES, topic.id),
                button(f"📖 {topic.short_title}", Read.SECTION, topic.id, "summary"),
            ],
            [button("📚 Topics", Read.TOPICS)],
        ]
    )


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
            rows.append([button(f"🧘 {content.exercises[hit.ref].name}", Read.EXERCISE, hit.ref, hit.topic_id or "-")])
        else:
            topic = content.topics[hit.topic_id]
            rows.append([button(f"{topic.short_title}: {SECTION_LABELS[hit.ref]}", Read.SECTION, topic.id, hit.ref)])
    return InlineKeyboardMarkup([*rows, [button("📚 Topics", Read.TOPICS)]])


def urgent_actions() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button("🚨 When to get help now", Read.URGENT)], [button("🏠 Menu", Read.MENU)]])


def back_to_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button("📚 Topics", Read.TOPICS), button("🏠 Menu", Read.MENU)]])
