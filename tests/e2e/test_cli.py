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


TOPIC_FILE = Path("topics") / "nerve-root-clumping.yaml"


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def break_yaml(content: Path) -> tuple[Path, str]:
    path = content / TOPIC_FILE
    path.write_text(path.read_text().replace("sections:", "sections: [", 1))
    return path, "broken YAML"


def drop_a_field(content: Path) -> tuple[Path, str]:
    path = content / TOPIC_FILE
    path.write_text(path.read_text().replace("short_title:", "#short_title:", 1))
    return path, "short_title"


def duplicate_an_id(content: Path) -> tuple[Path, str]:
    """A second topic file with the same id: the error names the second file, its id line and the id."""
    path = content / "topics" / "zz-second-copy.yaml"
    path.write_text((content / TOPIC_FILE).read_text())
    return path, f"{path}:{line_of(path, 'id: nerve-root-clumping')}: id: duplicate topic id 'nerve-root-clumping'"


def refer_to_an_unknown_exercise(content: Path) -> tuple[Path, str]:
    """A topic listing an exercise no file defines: the error names the file, the line and the list item."""
    path = content / TOPIC_FILE
    path.write_text(path.read_text().replace("exercises: []", "exercises: [walking, no-such-exercise]", 1))
    return path, f"{path}:{line_of(path, 'no-such-exercise')}: exercises[1]: unknown exercise 'no-such-exercise'"


@pytest.mark.parametrize(
    "breakage",
    [break_yaml, drop_a_field, duplicate_an_id, refer_to_an_unknown_exercise],
    ids=["broken-yaml", "missing-field", "duplicate-id", "unknown-exercise"],
)
async def test_invalid_content_stops_the_bot_before_it_connects(tmp_path: Path, breakage):
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    broken, expected = breakage(content)
    async with FakeBotApi() as api:
        code, _, err = await run_main("run", env={
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url, "CONTENT_DIR": str(content),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"})
        assert code == 3
        assert f"{broken.name}:" in err and expected in err
        assert len(err.strip().splitlines()) == 1, err  # one clear line, no traceback
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
