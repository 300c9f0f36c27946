#!/usr/bin/env python3
"""One-command set-up for Rootwise: makes ./.venv, installs the project, then runs it.

    python3 dev.py test [pytest args]    install (with test tools) and run the whole test suite
    python3 dev.py run [main.py args]    install and run the bot (needs TELEGRAM_BOT_TOKEN)
    python3 dev.py console               install and chat with the bot offline in this terminal
    python3 dev.py lint                  install (with dev tools) and run ruff (lint, format check) and mypy

Only Python 3.11+ is needed. Installs again only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_installed(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 the machine has
        sys.exit("Rootwise needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("Installing Rootwise and its dependencies ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "test":
        ensure_installed("dev")
        # pytest keeps each test module with its asserts rewritten as a .pyc file; where the
        # environment asks for no bytecode, every test worker rewrote all of them at every run
        # (about 7 s of CPU each, before the first test)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "lint":
        ensure_installed("dev")
        # both run, so one report shows every problem; the configuration is in pyproject.toml
        lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", *rest, "."], cwd=ROOT)
        layout = subprocess.call([str(PYTHON), "-m", "ruff", "format", "--check", "."], cwd=ROOT)
        types = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT)
        return lint or layout or types
    if command in ("run", "console", "check-content", "report"):
        ensure_installed("")
        return subprocess.call([str(PYTHON), "main.py", command, *rest], cwd=ROOT)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
