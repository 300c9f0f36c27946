"""Finding a person's IANA time zone from what they type or the location they share (offline)."""

from __future__ import annotations

import functools
import re
import unicodedata
import zoneinfo

from rapidfuzz import fuzz, process

#: Common names people type that are not the city in the zone's name.
ALIASES = {
    "uk": "Europe/London", "england": "Europe/London", "scotland": "Europe/London", "wales": "Europe/London",
    "britain": "Europe/London", "great britain": "Europe/London", "gb": "Europe/London",
    "northern ireland": "Europe/London", "manchester": "Europe/London", "birmingham": "Europe/London",
    "glasgow": "Europe/London", "edinburgh": "Europe/London", "cardiff": "Europe/London", "leeds": "Europe/London",
    "ireland": "Europe/Dublin", "france": "Europe/Paris", "germany": "Europe/Berlin", "spain": "Europe/Madrid",
    "italy": "Europe/Rome", "netherlands": "Europe/Amsterdam", "holland": "Europe/Amsterdam",
    "portugal": "Europe/Lisbon", "poland": "Europe/Warsaw", "sweden": "Europe/Stockholm",
    "norway": "Europe/Oslo", "denmark": "Europe/Copenhagen", "finland": "Europe/Helsinki",
    "greece": "Europe/Athens", "turkey": "Europe/Istanbul", "ukraine": "Europe/Kyiv", "kiev": "Europe/Kyiv",
    "india": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata", "japan": "Asia/Tokyo", "china": "Asia/Shanghai", "beijing": "Asia/Shanghai",
    "new zealand": "Pacific/Auckland", "nz": "Pacific/Auckland", "wellington": "Pacific/Auckland",
    "australia": "Australia/Sydney", "canberra": "Australia/Sydney",
    "new york city": "America/New_York", "nyc": "America/New_York", "washington": "America/New_York",
    "boston": "America/New_York", "miami": "America/New_York", "atlanta": "America/New_York",
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles", "california": "America/Los_Angeles",
    "texas": "America/Chicago", "dallas": "America/Chicago", "houston": "America/Chicago",
    "canada": "America/Toronto", "montreal": "America/Toronto", "ottawa": "America/Toronto",
    "brazil": "America/Sao_Paulo", "rio": "America/Sao_Paulo", "mexico": "America/Mexico_City",
    "south africa": "Africa/Johannesburg", "cape town": "Africa/Johannesburg", "nigeria": "Africa/Lagos",
    "kenya": "Africa/Nairobi", "egypt": "Africa/Cairo", "israel": "Asia/Jerusalem", "uae": "Asia/Dubai",
    "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong", "korea": "Asia/Seoul",
    "pakistan": "Asia/Karachi", "bangladesh": "Asia/Dhaka", "philippines": "Asia/Manila",
    "munich": "Europe/Berlin", "munchen": "Europe/Berlin", "cologne": "Europe/Berlin",
    "tokio": "Asia/Tokyo", "peking": "Asia/Shanghai", "moscow": "Europe/Moscow", "russia": "Europe/Moscow",
    "gmt": "Etc/UTC", "utc": "Etc/UTC", "bst": "Europe/London", "cet": "Europe/Paris",
    "est": "America/New_York", "pst": "America/Los_Angeles", "cst": "America/Chicago", "ist": "Asia/Kolkata",
}

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
    try:
        zoneinfo.ZoneInfo(text)
        if "/" in text:
            return text
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    key = _normal(text)
    names = _names()
    if key in names:
        return names[key]
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
