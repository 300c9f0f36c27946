"""main.py as a person runs it: exit codes, one-line errors, content checked before connecting."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import shutil
from asyncio.subprocess import PIPE
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import make_services, running
from bot.console import CONSOLE_CHAT_ID, RULE, Console, run_console
from content.loader import DEFAULT_CONTENT_DIR
from settings import Settings
from tests.e2e.helpers import ROOT, TOKEN
from tests.e2e.helpers_process import run_main, start
from tests.fake_bot_api import FakeBotApi


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
        code, _, err = await run_main(
            "run",
            env={
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "CONTENT_DIR": str(content),
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
            },
        )
        assert code == 3
        assert f"{broken.name}:" in err and expected in err
        assert len(err.strip().splitlines()) == 1, err  # one clear line, no traceback
        assert api.requests == 0, "the bot connected although its content is invalid"


async def test_rejected_token_gives_a_clear_error_without_the_token(tmp_path: Path):
    async with FakeBotApi() as api:
        api.fail("getMe", 401, "Unauthorized", times=5)
        code, out, err = await run_main(
            "run",
            env={
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
            },
        )
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
            await store.care.count_feedback("sciatica/treatment", True)
        await store.care.count_feedback("stenosis/causes", False)
        await store.care.count_feedback("stenosis/causes", True)
    finally:
        await store.close()
    code, out, _ = await run_main("report", env={"DATABASE_URL": url})
    assert code == 0
    lines = [line.split() for line in out.strip().splitlines()[1:]]
    assert [line[0] for line in lines] == ["stenosis/causes", "sciatica/treatment"]  # least helpful first
    assert lines[0][1:] == ["1", "1", "50%"] and lines[1][1:] == ["3", "0", "100%"]


# ---- the console ----------------------------------------------------------------------------

CLUMPING = "nerve-root-clumping"
START = dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)  # 06:00 in London


@contextlib.asynccontextmanager
async def console_of(tmp_path: Path, services) -> AsyncIterator[tuple[Console, list[str]]]:
    """A console on its own database, its output collected, its files saved under tmp_path."""
    out: list[str] = []
    console = Console(services, write=out.append, colour=False, files=tmp_path / "files")
    async with running(console.application, polling=False):
        yield console, out


async def say(console: Console, out: list[str], line: str) -> str:
    """Type a line; what the console printed in answer."""
    before = len(out)
    console.submit(line)
    await console.settle()
    return "\n".join(out[before:])


def key(output: str, label: str) -> str:
    """The key printed for the button labelled ``label`` (the last one if several are)."""
    keys = re.findall(r"\[([A-Z]+\d+)\] " + re.escape(label) + r"(?=\s{3}|$)", output, re.M)
    assert keys, f"no button {label!r} in:\n{output}"
    return keys[-1]


@pytest.fixture
def services(tmp_path: Path, content, detector, questions):
    """What the console's bot needs, on a database of its own (the red-flag rules and index shared)."""
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", rate_limit=False)
    return make_services(settings, content, detector=detector, questions=questions)


def test_console_transcript(tmp_path: Path, content, services):
    inputs = iter(["/symptoms clumping", "4", "/exercises", "/about", "/quit"])
    out: list[str] = []

    async def read(_prompt: str) -> str | None:
        return next(inputs, None)

    asyncio.run(run_console(services, read=read, write=out.append, colour=False, files=tmp_path / "files"))
    transcript = "\n".join(out)
    topic = content.topics[CLUMPING]
    assert content.pages["welcome"].title in transcript
    assert topic.section("symptoms").title in transcript
    # the symptoms section is the second message with buttons (after the welcome's): B
    assert "[B1] 👍 Helpful" in transcript and "[B4] Causes" in transcript
    # "4" pressed the fourth button under the newest message: Causes
    assert topic.section("causes").title in transcript
    assert not re.search(r"<(b|i|a)[ >]", transcript), "HTML tags leaked into the terminal"
    # one rule after every message the bot sent
    assert transcript.count(RULE) >= 5
    assert not any(line and line.startswith("you>") for line in out)


async def test_buttons_of_every_message_can_be_pressed_and_toasts_are_shown(tmp_path: Path, content, services):
    topic = content.topics[CLUMPING]
    async with console_of(tmp_path, services) as (console, out):
        welcome = await say(console, out, "/start")
        symptoms = await say(console, out, "/symptoms clumping")
        causes = await say(console, out, "/causes clumping")
        assert key(welcome, "📚 Topics").startswith("A") and key(causes, "👍 Helpful").startswith("C")
        # a button of an older message: the symptoms section's "Treatment"
        answer = await say(console, out, key(symptoms, "Treatment").lower())  # keys are not case-sensitive
        assert "pressed “Treatment”" in answer and topic.section("treatment").title in answer
        # the welcome's Topics button, three messages up
        answer = await say(console, out, key(welcome, "📚 Topics"))
        assert "pressed “📚 Topics”" in answer and topic.short_title in answer
        # a vote on the causes section: Telegram's toast is printed
        answer = await say(console, out, key(causes, "👍 Helpful"))
        assert "[notice] Thank you for your feedback" in answer
        # a key no message shows is typed text, as in Telegram
        answer = await say(console, out, "Z9")
        assert "pressed" not in answer and answer.strip()


async def test_typing_a_number_under_the_pain_scale_records_that_number(tmp_path: Path, services):
    async with console_of(tmp_path, services) as (console, out):
        engine = console.application.bot_data["services"].engine
        engine.clock = lambda: START
        await say(console, out, "/start")
        await say(console, out, "/remind")
        await say(console, out, "1")  # I agree (the privacy notice)
        await say(console, out, "1")  # the first plan
        await say(console, out, "7:30")
        answer = await say(console, out, "Europe/London")
        assert "07:30" in answer and "Europe/London" in answer
        await engine.tick(START + dt.timedelta(hours=1, minutes=31))  # the reminder is due at 07:30 London
        await console.settle()
        reminder = "\n".join(out)
        assert "[picture saved to " in reminder
        answer = await say(console, out, key(reminder, "✅ Done"))
        scale = re.search(r"\[([A-Z]+)0\] 0 ", answer)
        assert scale, answer
        # the scale's keys are its numbers; the other buttons of its message are numbered after them
        letter = scale.group(1)
        assert re.search(rf"\[{letter}5\] 5$", answer, re.M) and re.search(rf"\[{letter}10\] 10$", answer, re.M)
        assert f"[{letter}11] 🙂 Easier" in answer
        answer = await say(console, out, "5")
        assert "[notice] Pain 5/10 noted" in answer
        answer = await say(console, out, "/mydata")
    path = Path(re.search(r"\[file saved to (\S+)\]", answer).group(1))
    assert path.parent == tmp_path / "files"
    ratings = json.loads(path.read_text())["stored"]["ratings"]
    assert [r["pain"] for r in ratings] == [5]
    assert f'  |   "chat_id": {CONSOLE_CHAT_ID},' in answer  # the start of the document is printed too


async def test_the_console_has_its_own_database(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN")}
    env["ROOTWISE_MODEL_CACHE"] = str(ROOT / "data" / "cache")  # not learnt afresh in tmp_path
    process = await start(str(ROOT / "main.py"), "console", cwd=tmp_path, env=env, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    stdout, stderr = await asyncio.wait_for(process.communicate(b"/help\n/quit\n"), 120)
    assert process.returncode == 0, stderr.decode()
    assert "/help" in stdout.decode() and RULE in stdout.decode()
    assert (tmp_path / "data" / "console.db").is_file()
    assert not (tmp_path / "data" / "rootwise.db").exists()
