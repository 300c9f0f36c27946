"""Telegram's ``initData`` check for the Mini App (core.telegram.org/bots/webapps, "Validating
data received via the Mini App").

The page sends ``Authorization: tma <initData>``; ``initData`` is a query string signed by
Telegram: ``hash`` is the hex HMAC-SHA256 of the data-check string (every other field as
``key=value``, sorted by key, joined by line feeds) under the key HMAC-SHA256("WebAppData", bot
token). ``auth_date`` (Unix time) must be no older than the allowed age. No third-party library:
python-telegram-bot has none, and the check is a dozen lines of the standard library.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

#: ``WEBAPP_AUTH_MAX_AGE``'s default: a day.
DEFAULT_MAX_AGE = 24 * 3600
#: A little clock skew is forgiven (a signature from the near future).
FUTURE_SKEW = 60


class InitDataError(ValueError):
    """``initData`` is missing, malformed, forged, tampered with or too old."""


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The person the signed ``initData`` names."""

    id: int
    first_name: str
    auth_date: int


def secret_key(token: str) -> bytes:
    """HMAC-SHA256 of the bot token under the key "WebAppData"."""
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def _check_string(pairs: dict[str, str]) -> bytes:
    return "\n".join(f"{k}={pairs[k]}" for k in sorted(pairs) if k != "hash").encode()


def sign(fields: dict[str, str], token: str) -> str:
    """``fields`` as Telegram would send them, with their ``hash`` (for local use and tests)."""
    digest = hmac.new(secret_key(token), _check_string(fields), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def signed_init_data(user_id: int, token: str, *, first_name: str = "Test", now: float | None = None) -> str:
    """A signed ``initData`` for ``user_id``, dated ``now`` (default: the current time)."""
    user = json.dumps({"id": user_id, "first_name": first_name}, separators=(",", ":"))
    return sign(
        {"auth_date": str(int(time.time() if now is None else now)), "query_id": f"local-{user_id}", "user": user},
        token,
    )


def check(
    init_data: str | None, token: str, *, max_age: float = DEFAULT_MAX_AGE, now: float | None = None
) -> WebAppUser:
    """The user named by ``init_data`` if Telegram signed it for this bot within ``max_age``
    seconds (0: any age); else :class:`InitDataError`."""
    if not init_data:
        raise InitDataError("no initData")
    try:
        pairs = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        raise InitDataError("initData is not a query string") from None
    given = pairs.get("hash", "")
    expected = hmac.new(secret_key(token), _check_string(pairs), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise InitDataError("bad signature")
    try:
        auth_date = int(pairs["auth_date"])
        user = json.loads(pairs["user"])
        user_id = user["id"]
    except (KeyError, ValueError, TypeError):
        raise InitDataError("no user or auth_date") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InitDataError("no user id")
    current = time.time() if now is None else now
    if max_age and current - auth_date > max_age:
        raise InitDataError("initData too old")
    if auth_date - current > FUTURE_SKEW:
        raise InitDataError("initData from the future")
    return WebAppUser(user_id, str(user.get("first_name", "")), auth_date)


def from_header(
    value: str | None, token: str, *, max_age: float = DEFAULT_MAX_AGE, now: float | None = None
) -> WebAppUser:
    """:func:`check` on an ``Authorization: tma <initData>`` header."""
    scheme, _, data = (value or "").partition(" ")
    if scheme.lower() != "tma":
        raise InitDataError("no tma authorization")
    return check(data.strip(), token, max_age=max_age, now=now)
