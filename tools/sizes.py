#!/usr/bin/env python3
"""Modules and functions over the size the code keeps to: modules over 400 lines, functions over 40.

    python tools/sizes.py [--modules N] [--functions N] [paths...]   (default: the whole repository)

A function's lines run from its ``def`` (decorators excluded) to its last line, docstring
included; a nested function counts inside its parent and on its own. Exits 0 either way: the
list is for reading, not a gate.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", ".git", "data", "build", "dist", "node_modules", "__pycache__"}


def python_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file() and path.suffix == ".py":
            yield path
        elif path.is_dir():
            for found in sorted(path.rglob("*.py")):
                if not SKIPPED & set(found.relative_to(path).parts):
                    yield found


def functions(tree: ast.AST) -> Iterator[tuple[str, int, int]]:
    """(qualified name, first line, number of lines) of every function in ``tree``."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                yield name, child.lineno, (child.end_lineno or child.lineno) - child.lineno + 1
                yield from walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--modules", type=int, default=400, help="list modules over this many lines")
    parser.add_argument("--functions", type=int, default=40, help="list functions over this many lines")
    args = parser.parse_args(argv)
    long_modules, long_functions = [], []
    for path in python_files(args.paths):
        text = path.read_text("utf-8")
        shown = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        lines = len(text.splitlines())
        if lines > args.modules:
            long_modules.append((lines, str(shown)))
        for name, line, size in functions(ast.parse(text, str(path))):
            if size > args.functions:
                long_functions.append((size, f"{shown}:{line} {name}"))
    print(f"Modules over {args.modules} lines: {len(long_modules)}")
    for lines, where in sorted(long_modules, reverse=True):
        print(f"  {lines:5d}  {where}")
    print(f"Functions over {args.functions} lines: {len(long_functions)}")
    for size, where in sorted(long_functions, reverse=True):
        print(f"  {size:5d}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
