"""Inline keyboards and the callback-data format behind their buttons.

- :mod:`bot.keyboards.callback`: the ``v1|code|arg|arg`` format, :class:`Kind` and :class:`Press`;
- :mod:`bot.keyboards.fields`: the checks on a button's arguments;
- :mod:`bot.keyboards.kinds`: every kind of button by feature, the registry and :func:`parse`;
- :mod:`bot.keyboards.menus`: the keyboards the bot sends, with their labels;
- :mod:`bot.keyboards.links`: /start payloads and t.me links.

``from bot import keyboards`` gives all of them by their names here.
"""

from bot.keyboards.callback import VERSION, Kind, Press, data
from bot.keyboards.fields import ID, MAX_DAY, MAX_ID, parse_hhmm
from bot.keyboards.kinds import (
    ALIASES,
    FIELDS,
    KINDS,
    NAMESPACES,
    Care,
    Channel,
    CheckIn,
    Clinician,
    Language,
    Patient,
    Prescribe,
    Privacy,
    Read,
    Remind,
    Safety,
    Settings,
    kinds_by_code,
    parse,
)
from bot.keyboards.links import (
    deep_link_url,
    exercise_payload,
    page_payload,
    parse_payload,
    parse_target,
    section_payload,
)
from bot.keyboards.menus import (
    EXERCISE_FEEDBACK,
    SECTION_LABELS,
    SharedKeyboard,
    back_to_menu,
    button,
    confirm,
    exercise,
    exercise_list,
    main_menu,
    more_answers,
    open_private,
    read_in_private,
    section,
    topic_exercises_picker,
    topics,
    urgent_actions,
    zone_choices,
)

__all__ = [
    "ALIASES",
    "EXERCISE_FEEDBACK",
    "FIELDS",
    "ID",
    "KINDS",
    "MAX_DAY",
    "MAX_ID",
    "NAMESPACES",
    "SECTION_LABELS",
    "VERSION",
    "Care",
    "Channel",
    "CheckIn",
    "Clinician",
    "Kind",
    "Language",
    "Patient",
    "Prescribe",
    "Press",
    "Privacy",
    "Read",
    "Remind",
    "Safety",
    "Settings",
    "SharedKeyboard",
    "back_to_menu",
    "button",
    "confirm",
    "data",
    "deep_link_url",
    "exercise",
    "exercise_list",
    "exercise_payload",
    "kinds_by_code",
    "main_menu",
    "more_answers",
    "open_private",
    "page_payload",
    "parse",
    "parse_hhmm",
    "parse_payload",
    "parse_target",
    "read_in_private",
    "section",
    "section_payload",
    "topic_exercises_picker",
    "topics",
    "urgent_actions",
    "zone_choices",
]
