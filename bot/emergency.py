"""The emergency number to name in the 🚨 reply, from the person's time zone.

``content/emergency_numbers.yaml`` lists, with its sources, the number of each country checked;
tzdata's ``zone.tab`` gives the country of a zone. A zone of a country not listed, or no zone,
gives None: the reply then keeps its own wording, which names several numbers.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import yaml

from bot.i18n import N_
from safety.verdict import ACTIONS

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parent.parent / "content" / "emergency_numbers.yaml"
#: The emergency action with the one number of the person's country.
EMERGENCY_WITH_NUMBER = N_(
    "Emergency now: call {number} (the emergency number where you are) or go to A&E / the emergency "
    "department now. Don't drive yourself."
)


@functools.cache
def _numbers(path: Path = TABLE) -> dict[str, str]:
    """Country code -> emergency number, from the table (checked: every number has a source)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
def emergency_number(zone: str | None) -> str | None:
    """The emergency number of the country of ``zone`` (an IANA name), when the table has it. An old
    alias that zone.tab does not list (Europe/Belfast, US/Eastern) takes the number of the zones with
    the very same rules, when they all have one and the same number."""
    zone = zone or ""
    if zone in _countries():
        return _numbers().get(_countries()[zone])
    if not zone or ".." in zone or zone.startswith("/"):
        return None
    data = _zone_bytes(zone)
    numbers = {_numbers().get(country) for country in _by_rules().get(data, ())} if data else set()
    return numbers.pop() if len(numbers) == 1 else None


def with_number(gettext: Callable[[str], str], number: str | None) -> Callable[[str], str]:
    """``gettext`` that words the emergency action with ``number`` (unchanged without one)."""
    if number is None:
        return gettext

    def translate(message: str) -> str:
        if message == ACTIONS["emergency"]:
            return gettext(EMERGENCY_WITH_NUMBER).format(number=number)
        return gettext(message)

    return translate


async def number_for_chat(store, chat_id: int) -> str | None:
    """The emergency number for a chat's stored time zone (its own, else its first reminder's);
    None when none is known or the database cannot say: the reply never waits on it."""
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
