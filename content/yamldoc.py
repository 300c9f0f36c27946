"""Reading YAML with the line of every field, and validating it; errors name the file, the line
and the field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


class ContentError(Exception):
    """Content that cannot be used; the message names file, line and field."""

    def __init__(self, path: Path | str, line: int | None, field_path: str, message: str):
        self.path, self.line, self.field, self.problem = str(path), line, field_path, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {field_path or '(file)'}: {message}")


@dataclass(frozen=True)
class YamlDoc:
    path: Path
    data: Any
    lines: dict[Loc, int]

    def line(self, loc: Iterable[str | int]) -> int | None:
        """The line of the deepest part of ``loc`` that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def error(self, loc: Loc, message: str) -> ContentError:
        return ContentError(self.path, self.line(loc), _dotted(loc), message)


def _dotted(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_map(node: yaml.Node, loc: Loc = ()) -> Iterator[tuple[Loc, int]]:
    yield loc, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _line_map(value, (*loc, key.value))
            yield (*loc, key.value), key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _line_map(item, (*loc, index))


def _duplicate_key(node: yaml.Node | None) -> yaml.Node | None:
    """A mapping key written a second time in its mapping (PyYAML would silently keep the last)."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                return key  # the second one, which would have won
            seen.add(key.value)
            if (found := _duplicate_key(value)) is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if (found := _duplicate_key(item)) is not None:
                return found
    return None


def read_yaml(path: Path) -> YamlDoc:
    """Parse a YAML file, keeping the line of every field; broken YAML or a key written twice
    is a :class:`ContentError` naming the file and the line."""
    try:
        node, data = _parse(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError(path, line, "", f"broken YAML: {exc.problem or exc}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(path, None, "", f"cannot read: {exc}") from None
    if node is None:
        raise ContentError(path, 1, "", "the file is empty")
    doc = YamlDoc(path, data, dict(_line_map(node)))
    if (duplicate := _duplicate_key(node)) is not None:
        raise ContentError(path, duplicate.start_mark.line + 1, str(duplicate.value), "key appears twice")
    return doc


#: libyaml's parser when PyYAML was built with it (the usual wheels are), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of one YAML document, read with libyaml where PyYAML has it: about ten times
    faster than ``yaml.safe_load``'s pure-Python parser, for files read at every start (the
    labelled questions the search learns from, the vignettes, the emergency numbers)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for lines and duplicate keys) and its data, from one parse."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _model_part(part: str | int) -> bool:
    """Parts of a pydantic error location that name a model or validator, not a field."""
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part == "str")


def validate(doc: YamlDoc, model: type[M]) -> M:
    """Validate a document against ``model``; the first error names its file, line and field."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if not _model_part(p))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise doc.error(loc, first["msg"] + more) from None
