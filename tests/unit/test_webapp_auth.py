"""The Mini App's initData check (bot/webapp/auth.py), against Telegram's algorithm."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from bot.webapp import auth

TOKEN = "123456:test-token-for-webapp"
NOW = 1_800_000_000

# A published example (aiogram's tests of the same algorithm): token "42:TEST".
PUBLISHED = (
    "auth_date=1650385342&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Test%22%7D&query_id=test"
    "&hash=46d2ea5e32911ec8d30999b56247654460c0d20949b6277af519e76271182803"
)


def by_hand(fields: dict[str, str], token: str) -> str:
    """Telegram's documented steps, written out independently of the module."""
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    return hmac.new(key, check.encode(), hashlib.sha256).hexdigest()


def fields(user_id: int = 777, auth_date: int = NOW - 60, **more: str) -> dict[str, str]:
    return {
        "auth_date": str(auth_date),
        "query_id": "AAH",
        "user": json.dumps({"id": user_id, "first_name": "Ann"}),
        **more,
    }


def signed(f: dict[str, str], token: str = TOKEN) -> str:
    return urlencode({**f, "hash": by_hand(f, token)})


def test_published_example_passes_with_its_token():
    user = auth.check(PUBLISHED, "42:TEST", now=1650385342 + 10)
    assert (user.id, user.first_name, user.auth_date) == (42, "Test", 1650385342)


def test_published_example_fails_with_another_token():
    with pytest.raises(auth.InitDataError):
        auth.check(PUBLISHED, "42:INVALID", now=1650385342 + 10)


def test_signature_field_is_part_of_the_check_string():
    f = fields(signature="abc_DEF-123")
    assert auth.check(signed(f), TOKEN, now=NOW).id == 777
    tampered = urlencode({**f, "signature": "other", "hash": by_hand(f, TOKEN)})
    with pytest.raises(auth.InitDataError):
        auth.check(tampered, TOKEN, now=NOW)


def test_sign_matches_the_documented_algorithm():
    f = fields()
    assert dict(parse_qsl(auth.sign(f, TOKEN)))["hash"] == by_hand(f, TOKEN)


def test_signed_init_data_round_trips():
    data = auth.signed_init_data(4242, TOKEN, now=NOW)
    assert auth.check(data, TOKEN, now=NOW + 5).id == 4242


def _tampered_user() -> str:
    f = fields()
    good = by_hand(f, TOKEN)
    return urlencode({**f, "user": json.dumps({"id": 778, "first_name": "Ann"}), "hash": good})


def _tampered_date() -> str:
    f = fields()
    return urlencode({**f, "auth_date": str(NOW), "hash": by_hand(f, TOKEN)})


def _extra_field() -> str:
    f = fields()
    return urlencode({**f, "chat_type": "private", "hash": by_hand(f, TOKEN)})


@pytest.mark.parametrize(
    ("case", "init_data"),
    [
        ("missing", ""),
        ("none", None),
        ("no hash", urlencode(fields())),
        ("empty hash", urlencode({**fields(), "hash": ""})),
        ("tampered user", _tampered_user()),
        ("tampered auth_date", _tampered_date()),
        ("field added after signing", _extra_field()),
        ("wrong bot token", signed(fields(), "654321:another-bot")),
        ("old auth_date", signed(fields(auth_date=NOW - auth.DEFAULT_MAX_AGE - 1))),
        ("from the future", signed(fields(auth_date=NOW + 3600))),
        ("no user", signed({"auth_date": str(NOW)})),
        ("user without id", signed({"auth_date": str(NOW), "user": json.dumps({"first_name": "Ann"})})),
        ("user id not a number", signed(fields() | {"user": json.dumps({"id": "777"})})),
        ("not a query string", "%%%" + quote("&&==")),
        ("hash in upper case", signed(fields()).rsplit("=", 1)[0] + "=" + by_hand(fields(), TOKEN).upper()),
    ],
)
def test_refused(case, init_data):
    with pytest.raises(auth.InitDataError):
        auth.check(init_data, TOKEN, now=NOW)


def test_age_window_is_the_setting():
    data = signed(fields(auth_date=NOW - 3600))
    assert auth.check(data, TOKEN, now=NOW).id == 777  # default: a day
    with pytest.raises(auth.InitDataError):
        auth.check(data, TOKEN, max_age=600, now=NOW)
    assert auth.check(signed(fields(auth_date=1)), TOKEN, max_age=0, now=NOW).id == 777  # 0: any age


@pytest.mark.parametrize("header", [None, "", "Bearer x", "tma", "tma "])
def test_header_without_tma_data_is_refused(header):
    with pytest.raises(auth.InitDataError):
        auth.from_header(header, TOKEN, now=NOW)


def test_header_with_tma_data():
    assert auth.from_header("tma " + signed(fields()), TOKEN, now=NOW).id == 777
    assert auth.from_header("TMA " + signed(fields()), TOKEN, now=NOW).id == 777
