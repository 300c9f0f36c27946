"""Finding a person's IANA time zone from what they type or the location they share (offline).

A country or region with several time zones ("Canada", "US", "Europe") is not a zone: callers ask
:func:`zone_choices` first and offer its answer as buttons. Only names of the IANA database are
accepted (never the ``posix/`` or ``right/`` trees a system may also have), and a zone is shown to
a person by :func:`zone_label` ("UTC+2", never POSIX's inverted "Etc/GMT-2").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from importlib import resources

from rapidfuzz import fuzz, process

from scheduler.zone_names import ALIASES, BIG_CITIES, COUNTRY_ALIASES, REGIONS

_REGIONS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[_/,.]+", " ", text.lower()).split())


@functools.cache
def _names() -> dict[str, str]:
    """Searchable name -> zone: the full zone name and its city part, plus :data:`ALIASES`."""
    names: dict[str, str] = {}
    for zone in sorted(zoneinfo.available_timezones()):
        if zone.split("/", 1)[0] not in _REGIONS or "/" not in zone:
            continue  # skip legacy links such as Canada/Atlantic or US/Eastern
        names.setdefault(_normal(zone), zone)
        names.setdefault(_normal(zone.rsplit("/", 1)[1]), zone)
    names.update({_normal(k): v for k, v in ALIASES.items()})
    return names


#: Most choices offered at once (the person can always type a city instead).
MAX_CHOICES = 8
_REFUSED = ("posix/", "right/", "posixrules", "localtime", "Factory")


def _tab(name: str) -> list[list[str]]:
    """The rows of one of tzdata's ``.tab`` files (comments left out)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@functools.cache
def _countries() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(normalised country name -> ISO code, ISO code -> its zones in zone.tab's order)."""
    names = {_normal(row[1]): row[0] for row in _tab("iso3166.tab") if len(row) >= 2}
    for name, code in list(names.items()):  # "Britain (UK)" -> "britain", "Korea (South)" -> "korea south"
        names.setdefault(_normal(re.sub(r"\(.*?\)", "", name)), code)
    names.update(COUNTRY_ALIASES)
    zones: dict[str, list[str]] = {}
    for row in _tab("zone.tab"):
        if len(row) >= 3 and is_known_zone(row[2]):
            zones.setdefault(row[0], []).append(row[2])
    return names, zones


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(z for z in zoneinfo.available_timezones() if not z.startswith(_REFUSED))


def is_known_zone(name: str) -> bool:
    """Whether ``name`` is a zone of the IANA database this process can load (no posix/ or right/)."""
    if not isinstance(name, str) or name not in _known():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _offsets(zone: str) -> tuple:
    tz = zoneinfo.ZoneInfo(zone)
    return tuple(dt.datetime(2025, month, 15, 12, tzinfo=tz).utcoffset() for month in (1, 7))


def _distinct(zones: list[str] | tuple[str, ...]) -> list[str]:
    """Biggest cities first, then the rest in zone.tab's order; one zone per distinct clock (winter
    and summer offsets), so a country's choices differ from each other."""
    rank = {zone: n for n, zone in enumerate(BIG_CITIES)}
    ordered = sorted((z for z in zones if is_known_zone(z)), key=lambda z: rank.get(z, len(rank)))
    seen: set[tuple] = set()
    out = []
    for zone in ordered:
        if (clock := _offsets(zone)) not in seen:
            seen.add(clock)
            out.append(zone)
    return out


def _places(text: str) -> list[str] | None:
    """The zones of the country or region ``text`` names (biggest cities first), or None."""
    text = text.strip()
    if not text or len(text) > 64:
        return None
    key = _normal(text)
    if key in ALIASES:
        return None
    names, zones = _countries()
    code = text if re.fullmatch(r"[A-Z]{2}", text) and text in zones else names.get(key)
    if code is not None and zones.get(code):
        return _distinct(zones[code])
    if key in REGIONS:
        return [z for z in REGIONS[key] if is_known_zone(z)]
    return None


def zone_choices(text: str) -> list[str]:
    """The zones to offer as buttons when ``text`` names a country or region with several clocks,
    biggest cities first ("Canada", "US", "Europe"); [] when it does not (then :func:`find_zone`)."""
    found = _places(text) or []
    return found[:MAX_CHOICES] if len(found) > 1 else []


def zone_label(zone: str) -> str:
    """How a zone is shown to a person: "UTC+2" for ``Etc/GMT-2`` (POSIX inverts the sign), "UTC" for
    ``Etc/UTC``, otherwise its IANA name."""
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone or "")
    if match:
        return f"UTC{'-' if match.group(1) == '+' else '+'}{int(match.group(2))}"
    if zone in ("Etc/UTC", "Etc/GMT", "UTC", "Etc/GMT+0", "Etc/GMT-0", "Etc/Zulu", "Etc/Universal"):
        return "UTC"
    return zone


def city_label(zone: str) -> str:
    """A button's label for a zone: its city and its offset now, "Toronto (UTC-5)"."""
    offset = dt.datetime.now(zoneinfo.ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    clock = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return f"{zone.rsplit('/', 1)[-1].replace('_', ' ')} ({clock})"


def offset_zone(text: str) -> str | None:
    """``Etc/GMT-2`` for "UTC+2" (whole hours only; POSIX signs are inverted), else None."""
    match = _OFFSET.match(text.strip().lower())
    if not match:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if minutes or hours > 14 or (sign == "-" and hours > 12):
        return None
    if hours == 0:
        return "Etc/UTC"
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def find_zone(text: str, cutoff: float = 85.0) -> str | None:
    """The IANA zone for a typed zone name, city, country or UTC offset; None when unsure."""
    text = text.strip()
    if not text or len(text) > 64:
        return None
    if zone := offset_zone(text):
        return zone
    if "/" in text and is_known_zone(text):
        return text  # never ZoneInfo(text) on what was typed: a folder ("Canada") raises, posix/... loads
    key = _normal(text)
    names = _names()
    if key in names:
        return names[key]
    places = _places(text)
    if places is not None:
        return places[0] if len(places) == 1 else None  # several: see zone_choices
    if len(key) < 4:
        return None
    best = process.extractOne(key, names.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
    return names[best[0]] if best else None


@functools.cache
def _finder():
    from timezonefinder import TimezoneFinder

    return TimezoneFinder(in_memory=True)  # about 34 MB, loaded on the first shared location


def zone_from_location(latitude: float, longitude: float) -> str | None:
    """The zone at a shared location, computed offline."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return _finder().timezone_at(lat=latitude, lng=longitude)
