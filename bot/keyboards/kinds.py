"""Every kind of button, by feature, in one registry; and reading a press back from its data.

Data that does not parse, or names content that no longer exists, is answered as an expired menu.
"""

from __future__ import annotations

from bot.keyboards.callback import VERSION, Kind, Press
from bot.keyboards.fields import (
    ANSWER,
    CHANNEL_REF,
    CHAT,
    CODES,
    DASH,
    DAY,
    FLAG,
    HHMM,
    ID,
    NAME,
    PAGE,
    PAIN,
    PART,
    TIME_OF_DAY,
    ZONE,
    number,
    one_of,
    pattern,
)


class Read:
    """Reading the content."""

    SECTION = Kind("sec", ((NAME, NAME), (NAME, NAME, PART)))  # topic, section kind[, part]
    EXERCISES = Kind("exlist", ((), (NAME,)))  # [topic]
    EXERCISE = Kind("ex", ((NAME, NAME), (NAME, DASH)))  # exercise, topic or "-"
    MENU = Kind("menu", ((),))
    TOPICS = Kind("topics", ((),))
    URGENT = Kind("urgent", ((), (one_of("1"),)))  # [the second part]
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
            (one_of("remind", "prescribe"),),
            (one_of("rx"), ID),
            (one_of("connect"), CHANNEL_REF),
            (one_of("quiet"), TIME_OF_DAY),
            (one_of("usual"), CODES),
            (one_of("weekly"), DASH),
            (one_of("checkin", "offer"), DASH),
            (one_of("language"), one_of("en", "es")),
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

    CHOOSE = Kind("lang", ((one_of("en", "es"),),))


class Safety:
    """The red flags' follow-up question, /usual and the cauda equina check-in."""

    # yes (unclear signs, clear signs) | no (the same, the answer the message would have had; "m":
    # the clear signs' reply was sent with the question) | remember as usual (signs) | clear the
    # usual signs or show /usual's screen | tick or untick one sign on that screen
    QUESTION = Kind(
        "tq",
        (
            (one_of("y"), CODES, CODES),
            (one_of("n", "m"), CODES, CODES, ANSWER),
            (one_of("u"), CODES),
            (one_of("c", "s"),),
            (one_of("t"), CODES),
        ),
    )
    # an answer (step, answers so far) | every week | stop the weekly check-in
    CHECK = Kind("ck", ((number(0, 7), pattern(r"[yn]{1,8}")), (one_of("w"),), (one_of("x"),)))


class CheckIn:
    """The function check-in (/checkin) and its two-weekly offer."""

    # start, the offer on (w) or off (x) | an RMDQ answer | a 0-10 rating | walking minutes
    ANSWER = Kind(
        "oc",
        (
            (one_of("start", "w", "x"),),
            (ID, pattern(r"i(?:1?[0-9]|2[0-3])"), one_of("y", "n")),
            (ID, one_of("leg", "back", "goal0", "goal1", "goal2"), PAIN),
            (ID, one_of("walk"), number(0, 90)),
        ),
    )
    GOALS_DONE = Kind("ocg", ((ID,),))  # goals named (Skip, Done): on to rating them
    PLAN_UNDO = Kind("pu", ((ID,),))  # undo a change of the plan's repeats (its id)


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
    QUIET = Kind("gq", ((CHAT, one_of("we", "none", *map(str, range(7)))),))
    PAUSE = Kind("gpa", ((CHAT,),))
    RESUME = Kind("gre", ((CHAT,),))
    DONE = Kind("gx", ((CHAT,),))
    LANGUAGE = Kind("gl", ((CHAT, one_of("en", "es")),))


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
