"""The checks on a button's arguments: every field a kind of button may carry, with its bounds."""

from __future__ import annotations

import datetime as dt
import re


def parse_hhmm(value: str) -> dt.time | None:
    """The time in a button's "0730" argument; None when it is not one."""
    if len(value) != 4 or not _ascii_digits(value) or int(value[:2]) > 23 or int(value[2:]) > 59:
        return None
    return dt.time(int(value[:2]), int(value[2:]))


#: The largest id a button may name: every id column holds a signed 64-bit integer.
MAX_ID = 2**63 - 1
#: The largest programme day a button may name (programmes are weeks long, not years).
MAX_DAY = 999


def _ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def number(low: int, high: int):
    """A check for ASCII digits naming a whole number from ``low`` to ``high``."""

    def check(value: str) -> bool:
        return _ascii_digits(value) and len(value) <= 19 and low <= int(value) <= high

    return check


def pattern(regex: str):
    """A check that the whole field matches ``regex``."""
    compiled = re.compile(regex)
    return lambda value: compiled.fullmatch(value) is not None


def one_of(*allowed: str):
    """A check that the field is one of ``allowed``."""
    return lambda value: value in allowed


def _chat(value: str) -> bool:
    """A chat id: a group's or channel's is negative; never 0, within 64 bits."""
    return re.fullmatch(r"-?[0-9]{1,19}", value) is not None and 0 < abs(int(value)) <= MAX_ID


ID = number(1, MAX_ID)
DAY = number(0, MAX_DAY)
PAGE = pattern(r"[0-9]{1,60}")  # any page: one past the end is clamped to the last
PAIN = number(0, 10)
FLAG = one_of("0", "1")
HHMM = lambda value: parse_hhmm(value) is not None  # noqa: E731
NAME = pattern(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,47}")  # content ids, words, section kinds
ZONE = pattern(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}")  # checked against tzdata later
CODES = pattern(r"(?:[0-9]{1,3}(?:\.[0-9]{1,3}){0,7})?")  # red-flag sign numbers, "1.4.7"
ANSWER = pattern(r"-|[A-Za-z0-9_.-]{1,40}:[A-Za-z0-9_.-]{1,20}")
CHAT = _chat

DASH = one_of("-")
PART = number(0, 20)  # a part of a long section ("More (2/3)")
TIME_OF_DAY = pattern(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]-(?:[01][0-9]|2[0-3]):[0-5][0-9]")  # 22:00-07:00
CHANNEL_REF = pattern(r"@[A-Za-z][A-Za-z0-9_]{3,31}|-[0-9]{1,19}")
