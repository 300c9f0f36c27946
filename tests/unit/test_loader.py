"""The loader's own checks that the content tests do not already cover."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.loader import DEFAULT_CONTENT_DIR, ContentError, load_content


def test_a_key_written_twice_is_an_error_not_a_silent_overwrite(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    topic = root / "topics" / "sciatica.yaml"
    lines = topic.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("short_title:"))
    lines.insert(at + 1, "short_title: Something else")
    topic.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    error = caught.value
    assert error.path.endswith("sciatica.yaml") and error.line == at + 2
    assert error.field == "short_title" and "twice" in error.problem
