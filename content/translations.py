"""Content in other languages: ``content/<language>/`` holds the same files as ``content/`` (pages,
topics, and once translated exercises, programmes and outcomes), validated by the same models and
checked against the English content: the same ids, the same section kinds, the same programme days
and exercise references. Sources are shared (``content/sources.yaml``), and so are the pictures.
Errors name the translated file, its line and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content.yamldoc import ContentError, Loc, YamlDoc

#: A validated item with the document and location it came from.
Item = tuple[YamlDoc, Loc, Any]


@dataclass
class Folder:
    """One language's content files, read and validated, before the checks across files."""

    root: Path
    page_doc: YamlDoc
    pages: dict[str, Any]
    topic_docs: list[Item]
    exercise_docs: list[Item]
    programme_docs: list[Item]
    #: Items taken from the English content because this language does not have them yet.
    borrowed: set[Path] = field(default_factory=set)


def translation_folders(root: Path) -> list[Path]:
    """``root``'s language folders (``es``, ...): those with topics."""
    return sorted(p for p in root.iterdir() if p.is_dir() and len(p.name) == 2 and any(p.glob("topics/*.yaml")))


def check_translation(tr: Folder, en: Folder) -> None:
    """The translation ``tr`` has what the English content ``en`` has, with the same structure."""
    _same_pages(tr, en)
    _same_topics(tr, en)
    if tr.exercise_docs:
        english = {e.id: e for _, _, e in en.exercise_docs}
        _same_ids(tr.root / "exercises", tr.exercise_docs, english, "exercise")
        for doc, _, exercise in tr.exercise_docs:
            for name in ("suits", "not_suited", "picture"):
                _same(doc, (name,), getattr(exercise, name), getattr(english[exercise.id], name))
    if tr.programme_docs:
        english = {p.id: p for _, _, p in en.programme_docs}
        _same_ids(tr.root / "programmes", tr.programme_docs, english, "programme")
        for doc, _, programme in tr.programme_docs:
            _same_days(doc, programme, english[programme.id])


def with_english(tr: Folder, en: Folder) -> Folder:
    """``tr`` completed by English items it does not have yet (in the English order)."""
    mine = {t.id: (doc, loc, t) for doc, loc, t in tr.topic_docs}
    topics = [mine.get(t.id, (doc, loc, t)) for doc, loc, t in en.topic_docs]
    exercises = tr.exercise_docs or en.exercise_docs
    programmes = tr.programme_docs or en.programme_docs
    borrowed = {doc.path for doc, _, t in topics if t.id not in mine}
    borrowed |= {doc.path for doc, _, _ in exercises + programmes if tr.root not in doc.path.parents}
    return Folder(tr.root, tr.page_doc, tr.pages, topics, exercises, programmes, borrowed)


def _same(doc: YamlDoc, loc: Loc, mine: Any, english: Any) -> None:
    if mine != english:
        raise doc.error(loc, f"is {mine!r} here but {english!r} in the English content")


def _same_pages(tr: Folder, en: Folder) -> None:
    for i, page_id in enumerate(tr.pages):
        if page_id not in en.pages:
            raise tr.page_doc.error(("pages", i, "id"), f"page {page_id!r} is not in the English content")
    for page_id in en.pages:
        if page_id not in tr.pages:
            raise tr.page_doc.error(("pages",), f"page {page_id!r} is missing (the English content has it)")


def _same_topics(tr: Folder, en: Folder) -> None:
    english = {t.id: t for _, _, t in en.topic_docs}
    _same_ids(tr.root / "topics", tr.topic_docs, english, "topic")
    for doc, _, topic in tr.topic_docs:
        theirs = [s.kind for s in english[topic.id].sections]
        mine = [s.kind for s in topic.sections]
        for i, kind in enumerate(mine):
            if kind not in theirs:
                raise doc.error(("sections", i, "kind"), f"section {kind!r} is not in the English topic")
        if missing := [k for k in theirs if k not in mine]:
            raise doc.error(("sections",), f"missing section(s) {', '.join(missing)} (the English topic has them)")
        _same(doc, ("exercises",), topic.exercises, english[topic.id].exercises)


def _same_ids(folder: Path, items: list[Item], english: dict[str, Any], kind: str) -> None:
    """The same ids as the English items: none extra, none missing."""
    ids = set()
    for doc, loc, item in items:
        if item.id not in english:
            raise doc.error((*loc, "id"), f"{kind} {item.id!r} is not in the English content")
        ids.add(item.id)
    if missing := [i for i in english if i not in ids]:
        raise ContentError(folder, None, "", f"{kind}(s) missing (the English content has them): {', '.join(missing)}")


def _same_days(doc: YamlDoc, programme: Any, english: Any) -> None:
    """The same topic and days: each day's exercises, in order, and its rest flag."""
    _same(doc, ("topic",), programme.topic, english.topic)
    if len(programme.days) != len(english.days):
        raise doc.error(("days",), f"{len(programme.days)} days here but {len(english.days)} in the English content")
    for i, (day, theirs) in enumerate(zip(programme.days, english.days, strict=True)):
        _same(doc, ("days", i, "exercises"), day.exercises, theirs.exercises)
        _same(doc, ("days", i, "rest"), day.rest, theirs.rest)
