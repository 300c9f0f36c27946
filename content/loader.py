"""Load and validate the YAML content; errors name the file, the line and the field.

Layout of a content folder::

    sources.yaml            every publication the content cites (shared by every language)
    pages.yaml              welcome, disclaimer, help, urgent, about
    topics/*.yaml           one topic a file
    exercises/*.yaml        one exercise a file
    programmes/*.yaml       one programme a file
    outcomes.yaml           the function check-in: the RMDQ and what counts as a change that matters
    redflags.yaml           the red-flag rules (safety/rules.py); their texts fill ``signs:`` blocks
    es/                     the same files in Spanish (content/translations.py), without sources.yaml
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from content.checks import (
    HEADINGS_BY_LANGUAGE,
    LEVEL_HEADINGS,
    REQUIRED_PAGES,
    check_exercises,
    check_pages,
    check_programmes,
    check_refs,
    check_signs,
    check_topics,
    load_outcomes,
    sign_texts,
)
from content.progression import Progression, load_progression
from content.schema import Exercise, OutcomesFile, Page, PagesFile, Programme, Source, SourcesFile, Topic
from content.sources_check import (
    CANONICAL_PUBLISHER_DOMAINS,
    check_citations,
    check_sources,
    citation_problem,
    source_problem,
)
from content.translations import Folder, Item, check_translation, translation_folders, with_english
from content.yamldoc import ContentError, YamlDoc, read_yaml, validate

__all__ = [
    "CANONICAL_PUBLISHER_DOMAINS",
    "DEFAULT_CONTENT_DIR",
    "LEVEL_HEADINGS",
    "REQUIRED_PAGES",
    "STALE_AFTER",
    "Content",
    "ContentError",
    "YamlDoc",
    "citation_problem",
    "load_content",
    "read_yaml",
    "source_problem",
    "validate",
]

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent
STALE_AFTER = dt.timedelta(days=365)
_check_refs = check_refs  # the name content/progression.py imports
T = TypeVar("T")


@dataclass
class Content:
    """All validated content, indexed for the bot."""

    root: Path
    sources: dict[str, Source]
    pages: dict[str, Page]
    topics: dict[str, Topic]
    exercises: dict[str, Exercise]
    programmes: dict[str, Programme]
    _aliases: dict[str, str] = field(default_factory=dict)
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)
    #: Red-flag signs from redflags.yaml: id -> (level, plain-words text), for Signs blocks.
    signs: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The function check-in (/checkin), when the folder has an outcomes.yaml.
    outcomes: OutcomesFile | None = None
    #: How plans adapt (progression.yaml, content/progression.py), when the folder has one.
    progression: Progression | None = None
    #: The same content in other languages (``content/<language>/``), by language code.
    translations: dict[str, Content] = field(default_factory=dict, repr=False, compare=False)
    #: The language of this content, and where its exercises' pictures are (shared by all languages).
    language: str = "en"
    pictures: Path | None = None
    #: In a translation, the items still shown in English ("topic arachnoiditis", ...).
    untranslated: tuple[str, ...] = ()

    def in_language(self, language: str | None) -> Content:
        """This content in ``language`` when it has been translated, else this (English) content."""
        return self.translations.get(language or "", self)

    def memo(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()``, worked out once per ``key`` for this content (which never changes once
        loaded): for answers rendered from it, the same for everyone who asks."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value

    def find_topic(self, text: str) -> Topic | None:
        """The topic named by ``text`` (an id, a title or an alias, any case), if any."""
        key = " ".join(text.lower().replace("_", " ").split())
        topic_id = self._aliases.get(key) or self._aliases.get(key.replace(" ", "-"))
        return self.topics.get(topic_id) if topic_id else None

    def picture_path(self, exercise: Exercise) -> Path | None:
        """Where the exercise's picture is stored, if it has one."""
        return (self.pictures or self.root / "pictures") / exercise.picture if exercise.picture else None

    def stale_sections(self, today: dt.date) -> list[str]:
        """Names of sections, exercises and programmes last reviewed over 12 months ago."""
        old = today - STALE_AFTER
        found = [
            f"topic {t.id}: {s.kind} (reviewed {s.reviewed})"
            for t in self.topics.values()
            for s in t.sections
            if s.reviewed < old
        ]
        for kind, items in (("exercise", self.exercises), ("programme", self.programmes), ("page", self.pages)):
            found += [f"{kind} {i.id} (reviewed {i.reviewed})" for i in items.values() if i.reviewed < old]
        if self.outcomes is not None and self.outcomes.reviewed < old:
            found.append(f"outcomes (reviewed {self.outcomes.reviewed})")
        return found

    def latest_review(self) -> dt.date:
        """The most recent review date across all content."""
        dates = [s.reviewed for t in self.topics.values() for s in t.sections]
        dates += [p.reviewed for p in self.pages.values()]
        return max(dates)

    def summary(self) -> dict[str, int]:
        """Counts for ``check-content``."""
        return {
            "topics": len(self.topics),
            "sections": sum(len(t.sections) for t in self.topics.values()),
            "exercises": len(self.exercises),
            "programmes": len(self.programmes),
            "programme days": sum(len(p.days) for p in self.programmes.values()),
            "sources": len(self.sources),
        }


def _each(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _unique(docs_items: Sequence[Item], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for doc, loc, item in docs_items:
        if item.id in out:
            raise doc.error((*loc, "id"), f"duplicate {kind} id {item.id!r}")
        out[item.id] = item
    return out


def load_content(root: Path | str = DEFAULT_CONTENT_DIR) -> Content:
    """Read, validate and cross-check every content file under ``root``, and its translations
    (``root/<language>/``) into ``Content.translations``.

    Raises:
        ContentError: on the first problem found, naming its file, line and field.
    """
    root = Path(root)
    if not (root / "sources.yaml").is_file():
        raise ContentError(root / "sources.yaml", None, "", "required file is missing")
    src_doc = read_yaml(root / "sources.yaml")
    sources = _unique(
        [(src_doc, ("sources", i), s) for i, s in enumerate(validate(src_doc, SourcesFile).sources)],
        "source",
    )
    check_sources(src_doc, sources)
    english_folder = _read_folder(root)
    english = _build(english_folder, sources, root / "pictures", "en")
    for path in translation_folders(root):
        folder = _read_folder(path)
        check_translation(folder, english_folder)
        translated = _build(with_english(folder, english_folder), sources, root / "pictures", path.name, english)
        english.translations[path.name] = translated
    return english


def _read_folder(root: Path) -> Folder:
    """One language's pages, topics, exercises and programmes, each file validated."""
    if not (root / "pages.yaml").is_file():
        raise ContentError(root / "pages.yaml", None, "", "required file is missing")
    page_doc = read_yaml(root / "pages.yaml")
    pages = _unique([(page_doc, ("pages", i), p) for i, p in enumerate(validate(page_doc, PagesFile).pages)], "page")
    topic_docs: list[Item] = [(d, (), validate(d, Topic)) for d in map(read_yaml, _each(root / "topics"))]
    if not topic_docs:
        raise ContentError(root / "topics", None, "", "no topic files found")
    exercise_docs: list[Item] = [(d, (), validate(d, Exercise)) for d in map(read_yaml, _each(root / "exercises"))]
    programme_docs: list[Item] = [(d, (), validate(d, Programme)) for d in map(read_yaml, _each(root / "programmes"))]
    return Folder(root, page_doc, pages, topic_docs, exercise_docs, programme_docs)


def _build(
    folder: Folder, sources: dict[str, Source], pictures: Path, language: str, english: Content | None = None
) -> Content:
    """The checked :class:`Content` of one language's folder (a translation falls back on
    ``english`` for the red-flag texts and the check-in it does not have yet)."""
    topics = _unique(folder.topic_docs, "topic")
    exercises = _unique(folder.exercise_docs, "exercise")
    programmes = _unique(folder.programme_docs, "programme")
    check_pages(folder.page_doc, folder.pages, sources)
    aliases = check_topics(folder.topic_docs, sources, exercises)
    check_exercises(pictures, folder.exercise_docs, sources, topics)
    check_programmes(folder.programme_docs, sources, topics, exercises)
    check_citations(sources, folder.topic_docs, folder.exercise_docs, folder.programme_docs)
    signs = sign_texts(folder.root) or (english.signs if english else {})
    own = [item for item in folder.topic_docs if item[0].path not in folder.borrowed]
    check_signs(folder.page_doc, folder.pages, own, signs, HEADINGS_BY_LANGUAGE[language])
    outcomes = load_outcomes(folder.root, sources) or (english.outcomes if english else None)
    progression = load_progression(folder.root, sources, programmes, exercises)
    if english is not None:
        aliases = {**english._aliases, **aliases}  # English names find the translated topics too
        progression = progression or english.progression
    return Content(
        folder.root, sources, folder.pages, topics, exercises, programmes, aliases,
        signs=signs, outcomes=outcomes, progression=progression, language=language, pictures=pictures,
        untranslated=tuple(f"{path.parent.name.rstrip('s')} {path.stem}" for path in sorted(folder.borrowed)),
    )  # fmt: skip
