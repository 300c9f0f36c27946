"""Reading the Dockerfile: its ENV lines, its COPY sources and its HEALTHCHECK command."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def instructions(text: str | None = None) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined, comments dropped."""
    text = DOCKERFILE.read_text() if text is None else text
    result: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1]
            continue
        line = pending + line
        pending = ""
        word, _, rest = line.strip().partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def healthcheck_code(text: str | None = None) -> str:
    """The Python code of the HEALTHCHECK's ``CMD python -c "..."``."""
    args = next(rest for word, rest in instructions(text) if word == "HEALTHCHECK")
    start = args.index('CMD python -c "') + len('CMD python -c "')
    return args[start : args.rindex('"')]


def image_env(text: str | None = None) -> dict[str, str]:
    """The ENV lines of the Dockerfile (what the container starts with)."""
    env: dict[str, str] = {}
    for word, rest in instructions(text):
        if word == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def copied_sources(text: str | None = None) -> set[str]:
    """What the COPY lines take from the build context (COPY --from=... takes nothing from it)."""
    sources: set[str] = set()
    for word, rest in instructions(text):
        if word != "COPY":
            continue
        flags = []
        while rest.startswith("--"):
            flag, _, rest = rest.partition(" ")
            flags.append(flag)
            rest = rest.strip()
        if any(flag.startswith("--from") for flag in flags):
            continue
        paths = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
        sources.update(p.removeprefix("./").strip("/") or "." for p in paths[:-1])
    return sources
