"""Every third-party import is a declared dependency, each declared once, and the lock file pins them all."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME = ["bot", "content", "safety", "scheduler", "storage", "main.py", "settings.py"]
DEVELOPMENT = ["tests", "bench", "tools", "dev.py"]
# Run with an interpreter of their own, on purpose (docs/benchmarks.md says how to install it).
NOT_DECLARED = {"aiogram": "bench/bots/aiogram_echo.py, a bare aiogram bot to compare against"}
LOCK = ROOT / "requirements.lock"


def name_of(requirement: str) -> str:
    """The normalised distribution name of a PEP 508 requirement ('Pillow>=10; ...' -> 'pillow')."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, f"not a requirement: {requirement!r}"
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def declared(*groups: str) -> list[str]:
    project = PYPROJECT["project"]
    names = [name_of(r) for r in project["dependencies"]] if "runtime" in groups else []
    for group in groups:
        if group != "runtime":
            names += [name_of(r) for r in project["optional-dependencies"][group]]
    return names


def python_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for path in map(ROOT.joinpath, paths):
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def imported_modules(source: str) -> set[str]:
    """Top-level names of every absolute import, at module level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def third_party(paths: list[str]) -> dict[str, set[str]]:
    """Distribution name -> the files importing it, for imports that are neither stdlib nor this project's."""
    own = {p.parent.name for p in ROOT.glob("*/__init__.py")} | {p.stem for p in ROOT.glob("*.py")}
    own |= {p.stem for folder in ("bench", "tools") for p in (ROOT / folder).glob("*.py")}  # scripts' modules
    distributions = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for file in python_files(paths):
        beside = {p.stem for p in file.parent.glob("*.py")}  # a script's sibling modules (bench/)
        for module in imported_modules(file.read_text()) - set(sys.stdlib_module_names) - own - beside:
            # A module no installed distribution provides is reported under its own name (so it fails too).
            for dist in distributions.get(module, [module]):
                found.setdefault(name_of(dist), set()).add(str(file.relative_to(ROOT)))
    return found


def test_every_runtime_import_is_a_runtime_dependency():
    missing = {dist: files for dist, files in third_party(RUNTIME).items() if dist not in declared("runtime")}
    assert not missing, f"imported at run time but not in [project].dependencies: {missing}"


def test_every_import_of_the_tests_and_tools_is_declared():
    allowed = set(declared("runtime", "dev")) | set(NOT_DECLARED)
    missing = {dist: files for dist, files in third_party(DEVELOPMENT).items() if dist not in allowed}
    assert not missing, f"imported by tests or tools but declared nowhere: {missing}"


def test_the_import_check_sees_an_undeclared_import():
    source = "import PIL.Image\ndef f():\n    from yarl import URL\nfrom . import x\n"
    assert imported_modules(source) == {"PIL", "yarl"}
    assert name_of("Pillow>=10; sys_platform != 'win32'") == "pillow"
    assert name_of("python_telegram.bot[job-queue]") == "python-telegram-bot"


def test_each_dependency_is_listed_once():
    names = declared("runtime", *PYPROJECT["project"]["optional-dependencies"])
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_python_telegram_bot_is_pinned_to_its_minor_version():
    """bot/request.py imports private modules of python-telegram-bot, which may change in any minor release."""
    (ptb,) = [r for r in PYPROJECT["project"]["dependencies"] if name_of(r) == "python-telegram-bot"]
    assert re.search(r"(~=\s*\d+\.\d+\.\d+|<\s*\d+\.\d+(?!\d|\.))", ptb), ptb


def locked() -> dict[str, list[str]]:
    """Package name -> the lines of its entry in the lock file."""
    entries: dict[str, list[str]] = {}
    current: list[str] = []
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            current = entries.setdefault(name_of(line), [])
        current.append(line)
    return entries


def test_the_lock_file_pins_every_runtime_dependency_with_hashes():
    entries = locked()
    assert set(declared("runtime")) <= set(entries), set(declared("runtime")) - set(entries)
    for name, lines in entries.items():
        assert "==" in lines[0], f"{name} is not pinned to one version in {LOCK.name}: {lines[0]}"
        assert any("--hash=sha256:" in line for line in lines), f"{name} has no hash in {LOCK.name}"
