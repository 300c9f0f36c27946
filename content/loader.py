"""Load and validate the YAML content; errors name the file, the line and the field.

Layout of a content folder::

    sources.yaml            every publication the content cites
    pages.yaml              welcome, disclaimer, help, urgent, about
    topics/*.yaml           one topic a file
    exercises/*.yaml        one exercise a file
    programmes/*.yaml       one programme a file
    outcomes.yaml           the function check-in: the RMDQ and what counts as a change that matters
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ValidationError

from content.schema import (
    REQUIRED_SECTIONS,
    Exercise,
    Heading,
    OutcomesFile,
    Page,
    PagesFile,
    Programme,
    Signs,
    Source,
    SourcesFile,
    Topic,
)

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent
REQUIRED_PAGES = ("welcome", "disclaimer", "help", "urgent", "about")
STALE_AFTER = dt.timedelta(days=365)

#: Sites that publish their own material, so that a source there is at its canonical address
#: (a source elsewhere needs a DOI or a PubMed id). Mirrors, aggregators and copies of someone
#: else's text are never listed. A domain matches itself and its subdomains.
CANONICAL_PUBLISHER_DOMAINS = (
    "doi.org",  # journal articles by DOI
    "ncbi.nlm.nih.gov",  # PubMed, PMC, NCBI Bookshelf
    "nice.org.uk",  # NICE guidance and CKS
    "nhs.uk",  # nhs.uk, NHS 111 Wales, NHS trusts, Right Decisions, ICBs
    "nhsinform.scot",
    "nhsggc.scot",  # NHS Greater Glasgow and Clyde
    "ninds.nih.gov",  # US National Institute of Neurological Disorders and Stroke
    "gettingitrightfirsttime.co.uk",  # GIRFT, NHS England
    "kngf.nl",  # Royal Dutch Society for Physical Therapy, its own guideline
    "mhmedical.com",  # McGraw Hill AccessMedicine, publisher of Harrison's
    "msdmanuals.com",  # MSD Manuals, its own professional reference
    "clevelandclinic.org",
    "brainandspine.org.uk",  # The Brain and Spine Foundation
    "rarediseases.org",  # NORD, the National Organization for Rare Disorders (US)
    "hcahealthcare.co.uk",
    "radsource.us",
    "sheffieldachesandpains.com",  # NHS Sheffield MSK service
    "ahpsuffolk.co.uk",
    "purephysiotherapy.co.uk",
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
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
    #: The same content in other languages (``content/<language>/``), by language code.
    translations: dict[str, Content] = field(default_factory=dict, repr=False, compare=False)

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
        return self.root / "pictures" / exercise.picture if exercise.picture else None

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


def _unique(docs_items: Sequence[tuple[YamlDoc, Loc, Any]], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for doc, loc, item in docs_items:
        if item.id in out:
            raise doc.error((*loc, "id"), f"duplicate {kind} id {item.id!r}")
        out[item.id] = item
    return out


def load_content(root: Path | str = DEFAULT_CONTENT_DIR) -> Content:
    """Read, validate and cross-check every content file under ``root``.

    Raises:
        ContentError: on the first problem found, naming its file, line and field.
    """
    root = Path(root)
    for required in ("sources.yaml", "pages.yaml"):
        if not (root / required).is_file():
            raise ContentError(root / required, None, "", "required file is missing")

    src_doc = read_yaml(root / "sources.yaml")
    sources = _unique(
        [(src_doc, ("sources", i), s) for i, s in enumerate(validate(src_doc, SourcesFile).sources)],
        "source",
    )
    page_doc = read_yaml(root / "pages.yaml")
    pages = _unique([(page_doc, ("pages", i), p) for i, p in enumerate(validate(page_doc, PagesFile).pages)], "page")
    topic_docs = [(d, (), validate(d, Topic)) for d in map(read_yaml, _each(root / "topics"))]
    exercise_docs = [(d, (), validate(d, Exercise)) for d in map(read_yaml, _each(root / "exercises"))]
    programme_docs = [(d, (), validate(d, Programme)) for d in map(read_yaml, _each(root / "programmes"))]
    if not topic_docs:
        raise ContentError(root / "topics", None, "", "no topic files found")
    topics = _unique(topic_docs, "topic")
    exercises = _unique(exercise_docs, "exercise")
    programmes = _unique(programme_docs, "programme")

    _check_pages(page_doc, pages, sources)
    aliases = _check_topics(topic_docs, sources, exercises)
    _check_exercises(root, exercise_docs, sources, topics)
    _check_programmes(programme_docs, sources, topics, exercises)
    _check_sources(src_doc, sources, topic_docs, exercise_docs, programme_docs)
    signs = _sign_texts(root)
    _check_signs(page_doc, pages, topic_docs, signs)
    outcomes = _load_outcomes(root, sources)
    return Content(root, sources, pages, topics, exercises, programmes, aliases, signs=signs, outcomes=outcomes)


def _load_outcomes(root: Path, sources: dict[str, Source]) -> OutcomesFile | None:
    """outcomes.yaml, validated, its sources known and strong enough for clinical statements."""
    path = root / "outcomes.yaml"
    if not path.is_file():
        return None
    doc = read_yaml(path)
    outcomes = validate(doc, OutcomesFile)
    cited: list[tuple[Loc, list[str]]] = [
        (("rmdq", "sources"), outcomes.rmdq.sources),
        (("messages", "sources"), outcomes.messages.sources),
    ]
    cited += [(("change", key, "sources"), rule.sources) for key, rule in outcomes.change.items()]
    for loc, ids in cited:
        _check_refs(doc, loc, ids, sources, "source")
        if problem := citation_problem([sources[i] for i in ids]):
            raise doc.error(loc, problem)
    return outcomes


def _check_refs(doc: YamlDoc, loc: Loc, ids: list[str], known: dict[str, Any], kind: str) -> None:
    """Every id in ``ids`` names something in ``known``."""
    for i, ref in enumerate(ids):
        if ref not in known:
            raise doc.error((*loc, i), f"unknown {kind} {ref!r}")


def _check_pages(page_doc: YamlDoc, pages: dict[str, Any], sources: dict[str, Any]) -> None:
    for page_id in REQUIRED_PAGES:
        if page_id not in pages:
            raise page_doc.error(("pages",), f"page {page_id!r} is missing")
    for i, page in enumerate(pages.values()):
        _check_refs(page_doc, ("pages", i, "sources"), page.sources, sources, "source")


def _check_topics(topic_docs: list, sources: dict[str, Any], exercises: dict[str, Any]) -> dict[str, str]:
    """Sections once each and complete, references known, names unique; returns name -> topic id."""
    aliases: dict[str, str] = {}
    for doc, _, topic in topic_docs:
        seen: set[str] = set()
        for i, section in enumerate(topic.sections):
            if section.kind in seen:
                raise doc.error(("sections", i, "kind"), f"section {section.kind!r} appears twice")
            seen.add(section.kind)
            _check_refs(doc, ("sections", i, "sources"), section.sources, sources, "source")
        missing = [k for k in REQUIRED_SECTIONS if k not in seen]
        if missing:
            raise doc.error(("sections",), f"missing required section(s): {', '.join(missing)}")
        _check_refs(doc, ("exercises",), topic.exercises, exercises, "exercise")
        names = [topic.id, topic.title.lower(), topic.short_title.lower(), *topic.aliases]
        for i, name in enumerate(names):
            key = " ".join(name.split())
            if aliases.get(key, topic.id) != topic.id:
                loc: Loc = ("aliases", i - 3) if i >= 3 else ("id",)
                raise doc.error(loc, f"alias {name!r} is also used by topic {aliases[key]!r}")
            aliases[key] = topic.id
    return aliases


def _check_exercises(root: Path, exercise_docs: list, sources: dict[str, Any], topics: dict[str, Any]) -> None:
    for doc, _, exercise in exercise_docs:
        _check_refs(doc, ("sources",), exercise.sources, sources, "source")
        _check_refs(doc, ("suits",), exercise.suits, topics, "topic")
        _check_refs(doc, ("not_suited",), exercise.not_suited, topics, "topic")
        if exercise.picture and not (root / "pictures" / exercise.picture).is_file():
            raise doc.error(("picture",), f"picture file pictures/{exercise.picture} does not exist")


def _check_programmes(
    programme_docs: list, sources: dict[str, Any], topics: dict[str, Any], exercises: dict[str, Any]
) -> None:
    for doc, _, programme in programme_docs:
        _check_refs(doc, ("sources",), programme.sources, sources, "source")
        if programme.topic not in topics:
            raise doc.error(("topic",), f"unknown topic {programme.topic!r}")
        for i, day in enumerate(programme.days):
            _check_refs(doc, ("days", i, "exercises"), day.exercises, exercises, "exercise")
            if not day.rest and not day.exercises:
                raise doc.error(("days", i), "a day that is not a rest day needs at least one exercise")


def _check_sources(
    src_doc: YamlDoc, sources: dict[str, Any], topic_docs: list, exercise_docs: list, programme_docs: list
) -> None:
    """Each source is well formed, and each clinical statement cites sources good enough for it."""
    for i, source in enumerate(sources.values()):
        if problem := source_problem(source):
            raise src_doc.error(("sources", i, "url"), problem)
    for doc, loc, ids in _clinical_citations(topic_docs, exercise_docs, programme_docs):
        if problem := citation_problem([sources[i] for i in ids]):
            raise doc.error(loc, problem)


def _check_signs(page_doc: YamlDoc, pages: dict[str, Any], topic_docs: list, signs: dict[str, tuple[str, str]]) -> None:
    """Every ``signs:`` block in a topic or page names known red-flag rules under the right heading."""
    for doc, _, topic in topic_docs:
        for i, section in enumerate(topic.sections):
            _check_sign_blocks(doc, ("sections", i, "body"), section.body, signs)
    for i, page in enumerate(pages.values()):
        _check_sign_blocks(page_doc, ("pages", i, "body"), page.body, signs)


#: The words that open a level's heading, in the order of the levels.
LEVEL_HEADINGS = {"emergency": "🚨 Emergency now", "urgent": "Urgent today", "soon": "Soon"}


def _sign_texts(root: Path) -> dict[str, tuple[str, str]]:
    """id -> (level, text) of every sign in redflags.yaml (safety/rules.py validates the rest)."""
    path = root / "redflags.yaml"
    if not path.is_file():
        return {}
    doc = read_yaml(path)
    out = {}
    for i, sign in enumerate((doc.data or {}).get("signs") or []):
        if not isinstance(sign, dict) or not all(isinstance(sign.get(k), str) for k in ("id", "level", "text")):
            raise doc.error(("signs", i), "a sign needs an id, a level and a text")
        out[sign["id"]] = (sign["level"], sign["text"])
    return out


def _check_sign_blocks(doc: YamlDoc, loc: Loc, body: list, signs: dict[str, tuple[str, str]]) -> None:
    """Each Signs block names known signs of one level, under a heading that names that level."""
    heading = None
    for i, block in enumerate(body):
        if isinstance(block, Heading):
            heading = block.heading
        if not isinstance(block, Signs):
            continue
        for j, sign_id in enumerate(block.signs):
            if sign_id not in signs:
                raise doc.error((*loc, i, "signs", j), f"unknown red-flag sign {sign_id!r}")
        levels = {signs[s][0] for s in block.signs}
        if len(levels) != 1:
            raise doc.error((*loc, i, "signs"), f"signs of different levels in one list: {sorted(levels)}")
        level = levels.pop()
        if heading is None or not heading.startswith(LEVEL_HEADINGS[level]):
            raise doc.error(
                (*loc, i, "signs"), f"{level} signs must follow a heading starting {LEVEL_HEADINGS[level]!r}"
            )


# --- evidence lints (run by load_content, and so by `check-content` and at start-up) --------
def _on_domain(url: str, domains: Iterable[str]) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def source_problem(source: Source) -> str | None:
    """Why a source cannot be cited, if it cannot: it needs a DOI, a PubMed id or a canonical
    publisher address, and a DOI or PubMed id must be the address it is cited at. Grade D
    sources are exempt here (they are not canonical by definition); :func:`citation_problem`
    keeps them out of clinical content."""
    if source.doi and source.url.lower() != f"https://doi.org/{source.doi}".lower():
        return f"source {source.id!r} has DOI {source.doi} but is cited at {source.url}"
    if "doi.org/" in source.url and not source.doi:
        return f"source {source.id!r} is cited by DOI but has no doi field"
    if (
        source.grade == "B"
        and not (source.doi or source.pmid)
        and "doi.org" not in source.url
        and not _on_domain(source.url, CANONICAL_PUBLISHER_DOMAINS)
    ):
        return f"grade B source {source.id!r} has no DOI or PubMed id"
    if source.grade == "D" or source.doi or source.pmid:
        return None
    if not _on_domain(source.url, CANONICAL_PUBLISHER_DOMAINS):
        return (
            f"source {source.id!r} has no DOI, PubMed id or canonical publisher address "
            f"({source.url}); cite the publisher's own page"
        )
    return None


def citation_problem(cited: list[Source]) -> str | None:
    """Why a clinical section, exercise or programme cannot rest on these sources, if it
    cannot: it needs at least one grade A or B source and may not cite a grade D one."""
    weak = [s.id for s in cited if s.grade == "D"]
    if weak:
        return f"cites grade D source(s) {', '.join(weak)}; replace them with grade A or B sources"
    if not any(s.grade in ("A", "B") for s in cited):
        return "cites only grade C/D sources; a clinical statement needs a grade A or B source"
    return None


def _clinical_citations(topic_docs, exercise_docs, programme_docs) -> Iterator[tuple[YamlDoc, Loc, list[str]]]:
    """(document, location of the sources list, source ids) for every clinical item: each
    topic section, exercise and programme."""
    for doc, _, topic in topic_docs:
        for i, section in enumerate(topic.sections):
            yield doc, ("sections", i, "sources"), section.sources
    for doc, _, exercise in exercise_docs:
        yield doc, ("sources",), exercise.sources
    for doc, _, programme in programme_docs:
        yield doc, ("sources",), programme.sources
