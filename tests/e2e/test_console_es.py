"""The offline console in Spanish: ``python3 dev.py console --lang es`` chats as a person whose
Telegram is in Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import make_services
from bot.console import run_console
from main import _parser
from settings import Settings


@pytest.fixture
def services(tmp_path: Path, content, detector, questions):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", rate_limit=False)
    return make_services(settings, content, detector=detector, questions=questions)


def test_the_console_takes_a_language():
    assert _parser().parse_args(["console", "--lang", "es"]).lang == "es"
    assert _parser().parse_args(["console"]).lang == "en"


async def test_the_console_in_spanish(tmp_path: Path, services):
    inputs = iter(["/topics", "1", "/quit"])
    out: list[str] = []

    async def read(_prompt: str) -> str | None:
        return next(inputs, None)

    await run_console(services, read=read, write=out.append, colour=False, files=tmp_path / "files", language="es")
    transcript = "\n".join(out)
    assert "Consola de Rootwise" in transcript and "Bienvenido a Rootwise" in transcript, transcript
    assert "¿Sobre qué problema quiere leer?" in transcript and "👍 Me sirvió" in transcript, transcript
    assert "Which condition" not in transcript
