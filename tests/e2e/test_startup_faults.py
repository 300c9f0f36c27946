"""Start-up with the database or Telegram unreachable: retried for STARTUP_RETRY_SECONDS, then one
clear line (JSON with LOG_FORMAT=json), a documented exit code, no traceback, no unclosed session."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from pathlib import Path

import pytest

import main
from bot import app
from tests.e2e.helpers import TOKEN
from tests.e2e.helpers_process import run_main
from tests.fake_bot_api import FakeBotApi

RETRY = 1.0


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env(**values: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "STARTUP_RETRY_SECONDS": str(RETRY),
        "LOG_FORMAT": "json",
        "REMINDER_TICK_SECONDS": "3600",
        **values,
    }


def check_exit(code: int, out: str, err: str, expected: int, words: tuple[str, ...], took: float) -> dict:
    assert code == expected, (code, err[-2000:])
    assert "Traceback" not in err + out and "Unclosed" not in err + out, err[-3000:]
    assert TOKEN not in err + out
    lines = [json.loads(line) for line in err.strip().splitlines()]  # every line is JSON
    last = lines[-1]
    assert last["level"] == "CRITICAL", last
    for word in words:
        assert word in last["message"], last
    assert f"code {expected}" in last["message"]
    assert took >= RETRY  # the whole run, the process's start included
    # it gave up once the retry time was over: from its first line to its last (its start excluded,
    # which on a busy machine takes longer than the retries)
    first, end = (dt.datetime.fromisoformat(line["time"]) for line in (lines[0], last))
    assert (end - first).total_seconds() < RETRY + 20, (lines[0], last)
    return last


def test_exit_codes_agree():
    assert (main.EXIT_DATABASE, main.EXIT_TELEGRAM) == (app.EXIT_DATABASE, app.EXIT_TELEGRAM)


async def test_telegram_unreachable_at_start(tmp_path: Path):
    started = time.monotonic()
    code, out, err = await run_main(
        "run",
        env=env(
            TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{closed_port()}/bot",
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/x.db",
        ),
    )
    check_exit(code, out, err, main.EXIT_TELEGRAM, ("Telegram", "unreachable"), time.monotonic() - started)


@pytest.mark.parametrize("where", ["read-only folder", "unreachable server", "missing database"])
async def test_database_unreachable_at_start(api: FakeBotApi, tmp_path: Path, where: str, postgres_url=None):
    if where == "read-only folder":
        url = "sqlite+aiosqlite:////proc/rootwise/nowhere/x.db"  # no folder can be made there, even by root
    elif where == "unreachable server":
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/test"
    else:
        url = "postgresql+asyncpg://postgres@127.0.0.1:5432/rootwise_no_such_database"
    started = time.monotonic()
    code, out, err = await run_main("run", env=env(TELEGRAM_API_BASE_URL=api.base_url, DATABASE_URL=url))
    check_exit(code, out, err, main.EXIT_DATABASE, ("database", "unreachable"), time.monotonic() - started)
