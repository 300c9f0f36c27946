"""Checks within one language's content: references known, sections complete, names unique, red-flag
sign lists under the heading of their level. Errors name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from content.schema import REQUIRED_SECTIONS, Heading, OutcomesFile, Signs, Source
from content.sources_check import citation_problem
from content.yamldoc import Loc, YamlDoc, read_yaml, validate

REQUIRED_PAGES = ("welcome", "disclaimer", "help", "urgent", "about")

#: The words that open a level's heading, in the order of the levels, in each language.
LEVEL_HEADINGS = {"emergency": "🚨 Emergency now", "urgent": "Urgent today", "soon": "Soon"}
HEADINGS_BY_LANGUAGE = {
    "en": LEVEL_HEADINGS,
    "es": {"emergency": "🚨 Emergencia ahora", "urgent": "Urgente hoy", "soon": "Pronto"},
}


def check_refs(doc: YamlDoc, loc: Loc, ids: list[str], known: dict[str, Any], kind: str) -> None:
    """Every id in ``ids`` names something in ``known``."""
    for i, ref in enumerate(ids):
        if ref not in known:
            raise doc.error((*loc, i), f"unknown {kind} {ref!r}")


def check_pages(page_doc: YamlDoc, pages: dict[str, Any], sources: dict[str, Any]) -> None:
    for page_id in REQUIRED_PAGES:
        if page_id not in pages:
            raise page_doc.error(("pages",), f"page {page_id!r} is missing")
    for i, page in enumerate(pages.values()):
        check_refs(page_doc, ("pages", i, "sources"), page.sources, sources, "source")


def check_topics(topic_docs: list, sources: dict[str, Any], exercises: dict[str, Any]) -> dict[str, str]:
    """Sections once each and complete, references known, names unique; returns name -> topic id."""
    aliases: dict[str, str] = {}
    for doc, _, topic in topic_docs:
        seen: set[str] = set()
        for i, section in enumerate(topic.sections):
            if section.kind in seen:
                raise doc.error(("sections", i, "kind"), f"section {section.kind!r} appears twice")
            seen.add(section.kind)
            check_refs(doc, ("sections", i, "sources"), section.sources, sources, "source")
        missing = [k for k in REQUIRED_SECTIONS if k not in seen]
        if missing:
            raise doc.error(("sections",), f"missing required section(s): {', '.join(missing)}")
        check_refs(doc, ("exercises",), topic.exercises, exercises, "exercise")
        names = [topic.id, topic.title.lower(), topic.short_title.lower(), *topic.aliases]
        for i, name in enumerate(names):
            key = " ".join(name.split())
            if aliases.get(key, topic.id) != topic.id:
                loc: Loc = ("aliases", i - 3) if i >= 3 else ("id",)
                raise doc.error(loc, f"alias {name!r} is also used by topic {aliases[key]!r}")
            aliases[key] = topic.id
    return aliases


def check_exercises(pictures: Path, exercise_docs: list, sources: dict[str, Any], topics: dict[str, Any]) -> None:
    for doc, _, exercise in exercise_docs:
        check_refs(doc, ("sources",), exercise.sources, sources, "source")
        check_refs(doc, ("suits",), exercise.suits, topics, "topic")
        check_refs(doc, ("not_suited",), exercise.not_suited, topics, "topic")
        if exercise.picture and not (pictures / exercise.picture).is_file():
            raise doc.error(("picture",), f"picture file pictures/{exercise.picture} does not exist")


def check_programmes(
    programme_docs: list, sources: dict[str, Any], topics: dict[str, Any], exercises: dict[str, Any]
) -> None:
    for doc, _, programme in programme_docs:
        check_refs(doc, ("sources",), programme.sources, sources, "source")
        if programme.topic not in topics:
            raise doc.error(("topic",), f"unknown topic {programme.topic!r}")
        for i, day in enumerate(programme.days):
            check_refs(doc, ("days", i, "exercises"), day.exercises, exercises, "exercise")
            if not day.rest and not day.exercises:
                raise doc.error(("days", i), "a day that is not a rest day needs at least one exercise")


def load_outcomes(root: Path, sources: dict[str, Source]) -> OutcomesFile | None:
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
        check_refs(doc, loc, ids, sources, "source")
        if problem := citation_problem([sources[i] for i in ids]):
            raise doc.error(loc, problem)
    return outcomes


# --- red-flag signs in topics and pages ----------------------------------------------------
def sign_texts(root: Path) -> dict[str, tuple[str, str]]:
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


def check_signs(
    page_doc: YamlDoc,
    pages: dict[str, Any],
    topic_docs: list,
    signs: dict[str, tuple[str, str]],
    headings: dict[str, str] = LEVEL_HEADINGS,
) -> None:
    """Every ``signs:`` block in a topic or page names known red-flag rules under the right heading."""
    for doc, _, topic in topic_docs:
        for i, section in enumerate(topic.sections):
            _check_sign_blocks(doc, ("sections", i, "body"), section.body, signs, headings)
    for i, page in enumerate(pages.values()):
        _check_sign_blocks(page_doc, ("pages", i, "body"), page.body, signs, headings)


def _check_sign_blocks(
    doc: YamlDoc, loc: Loc, body: list, signs: dict[str, tuple[str, str]], headings: dict[str, str]
) -> None:
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
        if heading is None or not heading.startswith(headings[level]):
            raise doc.error((*loc, i, "signs"), f"{level} signs must follow a heading starting {headings[level]!r}")
