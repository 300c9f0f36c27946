"""The emergency number and the crisis line to name in the 🚨 reply, from the person's time zone,
and each sign's own line of advice in the reply.

``content/emergency_numbers.yaml`` lists, with its sources, the number of each country checked
and the crisis line of each country checked; tzdata's ``zone.tab`` gives the country of a zone. A
zone of a country not listed, or no zone, gives None: the reply then keeps its own wording, which
names several numbers, and names every crisis line with the country it answers in.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bot.i18n import N_
from content.yamldoc import load_yaml
from safety.verdict import ACTIONS

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parent.parent / "content" / "emergency_numbers.yaml"
#: The emergency action with the one number of the person's country.
EMERGENCY_WITH_NUMBER = N_(
    "Emergency now: call {number} (the emergency number where you are) or go to A&E / the emergency "
    "department now. Don't drive yourself."
)
#: A sign's advice names the emergency number as {number}: this when the country is not known.
YOUR_NUMBER = N_("your local emergency number")
#: ... and the crisis line as {crisis_line}: the person's country's ...
CRISIS_LINE = N_("{name} on {number}")
#: ... or, with no country known, every line the table has, each with where it answers.
CRISIS_LINES = N_("a crisis line in your country ({lines})")
CRISIS_LINE_WHERE = N_("{name} on {number} in {where}")


class EmergencyNumber(str):
    """An emergency number that also knows its country (ISO code), when one country has it."""

    country: str | None = None

    @classmethod
    def of(cls, number: str, country: str | None) -> EmergencyNumber:
        made = cls(number)
        made.country = country
        return made


@dataclass(frozen=True)
class CrisisLine:
    number: str
    countries: tuple[str, ...]
    name: dict[str, str]
    where: dict[str, str]


@functools.cache
def _numbers(path: Path = TABLE) -> dict[str, str]:
    """Country code -> emergency number, from the table (checked: every number has a source)."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for entry in data["numbers"]:
        missing = [s for s in entry["sources"] if s not in data["sources"]]
        if not entry["sources"] or missing:
            raise ValueError(f"{path}: number {entry['number']} needs known sources, not {missing}")
        for country in entry["countries"]:
            if country in found:
                raise ValueError(f"{path}: {country} is listed twice")
            found[country] = str(entry["number"])
    return found


@functools.cache
def _crisis_lines(path: Path = TABLE) -> tuple[CrisisLine, ...]:
    """The crisis lines, checked: every line has known sources, every country one line, and a
    name and a place in English."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    lines: list[CrisisLine] = []
    seen: set[str] = set()
    for entry in data.get("crisis_lines", []):
        missing = [s for s in entry["sources"] if s not in data["sources"]]
        if not entry["sources"] or missing:
            raise ValueError(f"{path}: crisis line {entry['number']} needs known sources, not {missing}")
        if "en" not in entry["name"] or "en" not in entry["where"]:
            raise ValueError(f"{path}: crisis line {entry['number']} needs an English name and place")
        twice = seen & set(entry["countries"])
        if twice:
            raise ValueError(f"{path}: {sorted(twice)[0]} has two crisis lines")
        seen |= set(entry["countries"])
        lines.append(CrisisLine(str(entry["number"]), tuple(entry["countries"]), entry["name"], entry["where"]))
    return tuple(lines)


def crisis_line(country: str | None) -> CrisisLine | None:
    """The crisis line of ``country`` (ISO code), when the table has one."""
    return next((line for line in _crisis_lines() if country in line.countries), None)


def crisis_line_text(gettext: Callable[[str], str], language: str | None, country: str | None) -> str:
    """The crisis line to name: the person's own ("Samaritans on 116 123"), or with no country
    known every line the table has, each with where it answers (never only one country's)."""

    def pick(words: dict[str, str]) -> str:
        return words.get(language or "en") or words["en"]

    line = crisis_line(country)
    if line is not None:
        return gettext(CRISIS_LINE).format(name=pick(line.name), number=line.number)
    each = [
        gettext(CRISIS_LINE_WHERE).format(name=pick(x.name), number=x.number, where=pick(x.where))
        for x in _crisis_lines()
    ]
    return gettext(CRISIS_LINES).format(lines="; ".join(each))


def advice_for(
    gettext: Callable[[str], str], language: str | None, number: str | None, words: dict[str, str]
) -> Callable[[str], str | None]:
    """A sign id -> its advice line from ``words`` (the rules' ``advice:`` lines, by sign id, in
    ``language``), with the person's emergency number and crisis line filled in."""
    country = getattr(number, "country", None)

    def advice(sign_id: str) -> str | None:
        text = words.get(sign_id)
        if text is None:
            return None
        if "{number}" in text:
            text = text.replace("{number}", number or gettext(YOUR_NUMBER))
        if "{crisis_line}" in text:
            text = text.replace("{crisis_line}", crisis_line_text(gettext, language, country))
        return text

    return advice


@functools.cache
def _countries() -> dict[str, str]:
    """Zone -> country code, from tzdata's zone.tab (empty if tzdata is missing)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def _zone_bytes(zone: str) -> bytes | None:
    try:
        return resources.files("tzdata").joinpath("zoneinfo", *zone.split("/")).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, OSError, ValueError):
        return None


@functools.cache
def _by_rules() -> dict[bytes, frozenset[str]]:
    """A zone file's bytes -> the countries whose zones have exactly those rules."""
    found: dict[bytes, frozenset[str]] = {}
    for zone, country in _countries().items():
        data = _zone_bytes(zone)
        if data is not None:
            found[data] = found.get(data, frozenset()) | {country}
    return found


@functools.lru_cache(maxsize=512)
def emergency_number(zone: str | None) -> EmergencyNumber | None:
    """The emergency number of the country of ``zone`` (an IANA name), when the table has it, with
    that country. An old alias that zone.tab does not list (Europe/Belfast, US/Eastern) takes the
    number of the zones with the very same rules, when they all have one and the same number (and
    their country, when they are all one country's)."""
    zone = zone or ""
    if zone in _countries():
        country = _countries()[zone]
        number = _numbers().get(country)
        return EmergencyNumber.of(number, country) if number is not None else None
    if not zone or ".." in zone or zone.startswith("/"):
        return None
    data = _zone_bytes(zone)
    countries = _by_rules().get(data, frozenset()) if data else frozenset()
    numbers = {_numbers().get(country) for country in countries}
    if len(numbers) != 1 or (number := numbers.pop()) is None:
        return None
    return EmergencyNumber.of(number, next(iter(countries)) if len(countries) == 1 else None)


def with_number(gettext: Callable[[str], str], number: str | None) -> Callable[[str], str]:
    """``gettext`` that words the emergency action with ``number`` (unchanged without one)."""
    if number is None:
        return gettext

    def translate(message: str) -> str:
        if message == ACTIONS["emergency"]:
            return gettext(EMERGENCY_WITH_NUMBER).format(number=number)
        return gettext(message)

    return translate


async def number_for_chat(store, chat_id: int) -> EmergencyNumber | None:
    """The emergency number for a chat's stored time zone (its own, else its first reminder's), with
    its country (for the crisis line); None when none is known or the database cannot say: the
    reply never waits on it."""
    if store is None:
        return None
    try:
        zone = await store.chats.get_zone(chat_id)
        if zone is None:
            reminders = await store.reminders.list_subscriptions(chat_id)
            zone = reminders[0].zone if reminders else None
    except Exception:  # noqa: BLE001 - the alarm goes out with the general wording
        log.warning("could not read the time zone for the emergency number", exc_info=True)
        return None
    return emergency_number(zone)
