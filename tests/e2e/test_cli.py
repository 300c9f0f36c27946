"""main.py as a person runs it: exit codes, one-line errors, content checked before connecting."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR
from tests.e2e.conftest import TOKEN
from tests.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


async def run_main(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN",)}
    base.update(env or {})
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "main.py", *args, cwd=ROOT, env=base,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, out.decode(), err.decode()


async def test_run_without_token_says_what_to_set(tmp_path: Path):
    code, out, err = await run_main("run", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"})
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0] and "console" in lines[0]


async def test_check_content_prints_a_summary():
    code, out, _ = await run_main("check-content")
    assert code == 0
    for word in ("topics", "sections", "exercises", "sources"):
        assert word in out


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda p: p.write_text(p.read_text().replace("sections:", "sections: [", 1)), "broken YAML"),
        (lambda p: p.write_text(p.read_text().replace("short_title:", "#short_title:", 1)), "short_title"),
    ],
    ids=["broken-yaml", "missing-field"],
)
async def test_invalid_content_stops_the_bot_before_it_connects(tmp_path: Path, breakage, expected):
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    broken = content / "topics" / "nerve-root-clumping.yaml"
    breakage(broken)
    async with FakeBotApi() as api:
        code, _, err = await run_main("run", env={
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url, "CONTENT_DIR": str(content),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"})
        assert code == 3
        assert "nerve-root-clumping.yaml:" in err and expected in err
        assert api.requests == 0, "the bot connected although its content is invalid"


async def test_rejected_token_gives_a_clear_error_without_the_token(tmp_path: Path):
    async with FakeBotApi() as api:
        api.fail("getMe", 401, "Unauthorized", times=5)
        code, out, err = await run_main("run", env={
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"})
    assert code == 2
    assert "rejected TELEGRAM_BOT_TOKEN" in err
    assert TOKEN not in out + err and TOKEN.split(":")[1] not in out + err
    assert TOKEN in api.tokens_seen


async def test_report_lists_sections_by_helpfulness(tmp_path: Path):
    from storage.store import Store

    url = f"sqlite+aiosqlite:///{tmp_path}/r.db"
    store = await Store.open(url)
    try:
        for _ in range(3):
            await store.count_feedback("sciatica/treatment", True)
        await store.count_feedback("stenosis/causes", False)
        await store.count_feedback("stenosis/causes", True)
    finally:
        await store.close()
    code, out, _ = await run_main("report", env={"DATABASE_URL": url})
    assert code == 0
    lines = [line.split() for line in out.strip().splitlines()[1:]]
    assert [line[0] for line in lines] == ["stenosis/causes", "sciatica/treatment"]  # least helpful first
    assert lines[0][1:] == ["1", "1", "50%"] and lines[1][1:] == ["3", "0", "100%"]
