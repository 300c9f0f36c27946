"""Pure rendering: content -> HTML strings that fit Telegram's limits. Every string is escaped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from html import escape

from bot.i18n import N_, gettext_for
from content.loader import Content
from content.schema import Block, Bullets, Exercise, Heading, Page, Section, Signs, Source, Steps, Topic

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _split_plain(text: str, limit: int) -> list[str]:
    """Split plain text at whitespace so that each piece, once escaped, fits ``limit``."""
    pieces, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if tg_len(escape(candidate)) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while tg_len(escape(word)) > limit:  # one enormous "word": cut it hard
            cut = limit // 6 or 1
            pieces.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        pieces.append(current)
    return pieces


def paragraph(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Escape ``text`` as one or more HTML fragments, each under ``limit``."""
    return [escape(p, quote=False) for p in _split_plain(text, limit)]


def pack(fragments: Iterable[str], limit: int = MESSAGE_LIMIT, sep: str = "\n\n") -> list[str]:
    """Join self-contained HTML fragments into as few messages as fit under ``limit``."""
    messages: list[str] = []
    current = ""
    for fragment in fragments:
        if tg_len(fragment) > limit and "\n" in fragment:
            # Our fragments are balanced line by line, so a long one may break between lines.
            lines = pack(fragment.split("\n"), limit, sep="\n")
            messages.extend(m for m in [current, *lines[:-1]] if m)
            current = lines[-1]
            continue
        candidate = f"{current}{sep}{fragment}" if current else fragment
        if tg_len(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = fragment
    if current:
        messages.append(current)
    return messages


def _block(block: Block, signs: dict[str, tuple[str, str]] | None = None) -> list[str]:
    if isinstance(block, Signs):  # red-flag signs in the rules' own words (content/redflags.yaml)
        texts = [(signs or {}).get(s, ("", ""))[1] for s in block.signs]
        return ["\n".join(f"• {escape(t, quote=False)}" for t in texts if t)]
    if isinstance(block, str):
        return paragraph(block)
    if isinstance(block, Heading):
        return [f"<b>{escape(block.heading, quote=False)}</b>"]
    if isinstance(block, Bullets):
        return ["\n".join(f"• {escape(item, quote=False)}" for item in block.bullets)]
    if isinstance(block, Steps):
        return ["\n".join(f"{n}. {escape(item, quote=False)}" for n, item in enumerate(block.steps, 1))]
    raise TypeError(f"unknown block {block!r}")


def blocks(body: Iterable[Block], signs: dict[str, tuple[str, str]] | None = None) -> list[str]:
    """HTML fragments for a body of blocks; a long list is split item by item."""
    out: list[str] = []
    for block in body:
        for fragment in _block(block, signs):
            if tg_len(fragment) <= MESSAGE_LIMIT:
                out.append(fragment)
            else:
                out.extend(line for line in fragment.split("\n"))
    return out


def source_link(source: Source) -> str:
    return (
        f'<a href="{escape(source.url, quote=True)}">{escape(source.publisher, quote=False)}: '
        f"{escape(source.title, quote=False)}</a>"
    )


def long_date(day: dt.date, language: str | None = None) -> str:
    """A date in words in ``language``: "01 March 2025", "1 de marzo de 2025"."""
    if not language or language == "en":
        return f"{day:%d %B %Y}"
    from babel.dates import format_date

    return format_date(day, "long", locale=language)


def footer(content: Content, source_ids: Iterable[str], reviewed: dt.date, language: str | None = None) -> str:
    links = "\n".join(f"– {source_link(content.sources[s])}" for s in source_ids if s in content.sources)
    language = language or content.language  # a translated content's footer in its own language
    _ = gettext_for(language)
    when = _("Reviewed {date}.").format(date=long_date(reviewed, language))
    heading = _("Sources:")
    return f"<i>{heading}</i>\n{links}\n<i>{when}</i>" if links else f"<i>{when}</i>"


#: About one phone screen of text: a longer answer is shown in parts with a "More" button.
SCREEN = 1100


def visible_len(html: str) -> int:
    return tg_len(re.sub(r"<[^>]+>", "", html))


def parts(body: list[Block], signs: dict | None = None, limit: int = SCREEN) -> list[list[str]]:
    """``body``'s fragments in parts of about one screen each, split only before a heading (a
    part that is one long heading's worth stays whole, so a list is never cut in two)."""
    chunks: list[list[str]] = [[]]
    for block in body:
        if isinstance(block, Heading) and chunks[-1]:
            chunks.append([])
        chunks[-1].extend(_block(block, signs))
    out: list[list[str]] = []
    for chunk in chunks:
        if out and sum(map(visible_len, out[-1])) + sum(map(visible_len, chunk)) <= limit:
            out[-1].extend(chunk)
        else:
            out.append(list(chunk))
    return [p for p in out if p] or [[]]


def section_part(
    content: Content, topic: Topic, sec: Section, part: int, language: str | None = None
) -> tuple[list[str], int]:
    """Part ``part`` (0-based) of a section's messages, and how many parts it has. The title
    opens every part; the sources close the last."""
    pieces = parts(sec.body, content.signs)
    part = max(0, min(part, len(pieces) - 1))
    title = f"<b>{escape(topic.short_title, quote=False)} · {escape(sec.title, quote=False)}</b>"
    if len(pieces) > 1:
        title += f" <i>({part + 1}/{len(pieces)})</i>"
    tail = [footer(content, sec.sources, sec.reviewed, language)] if part == len(pieces) - 1 else []
    return pack([title, *pieces[part], *tail]), len(pieces)


SHORT_LIMIT = 700


def section_short(content: Content, topic: Topic, sec: Section, language: str | None = None) -> str:
    """A group-sized answer: the title and the section's opening, cut at a word."""
    title = f"<b>{escape(topic.short_title, quote=False)} · {escape(sec.title, quote=False)}</b>"
    opening = next((b for b in sec.body if isinstance(b, str)), None)
    if opening is None:
        first = next((b for b in sec.body if isinstance(b, (Bullets, Steps))), None)
        items = first.bullets if isinstance(first, Bullets) else (first.steps if first else [])
        opening = " ".join(items[:2])
    if len(opening) > SHORT_LIMIT:
        opening = opening[:SHORT_LIMIT].rsplit(" ", 1)[0] + "…"
    note = gettext_for(language)(N_("The full answer, with its sources, is in a private chat."))
    return f"{title}\n\n{escape(opening, quote=False)}\n\n<i>{note}</i>"


def page_short(pg: Page, headings: int = 0, max_blocks: int | None = None) -> str:
    """A group-sized page: its title and the blocks before heading number ``headings`` + 1
    (0: before the first heading), at most ``max_blocks`` of them; at least its first paragraph."""
    kept: list = []
    seen = 0
    for block in pg.body:
        if isinstance(block, Heading):
            seen += 1
            if seen > headings:
                break
        kept.append(block)
    kept = kept[:max_blocks]
    if not kept:
        kept = [b for b in pg.body if isinstance(b, str)][:1]
    return "\n\n".join([f"<b>{escape(pg.title, quote=False)}</b>", *blocks(kept)])


#: The levels in the order the urgent page's first headings name them.
URGENT_LEVELS = ("emergency", "urgent", "soon")


def urgent_page(
    content: Content, signs_by_level: dict[str, list[str]], levels: int = 3, pg: Page | None = None
) -> list[str]:
    """The fragments of /urgent: under each of the page's first three headings (one per level,
    most serious first) its paragraph, then that level's signs from the red-flag rules.
    ``levels`` < 3 keeps only the first levels and leaves out the rest of the page (a group).
    ``pg``: the page in the reader's language (else the content's own)."""
    pg = pg or content.pages["urgent"]
    out, heading = [f"<b>{escape(pg.title, quote=False)}</b>"], -1

    def flush() -> None:
        if 0 <= heading < len(URGENT_LEVELS) and signs_by_level.get(URGENT_LEVELS[heading]):
            out.append("\n".join(f"• {escape(t, quote=False)}" for t in signs_by_level[URGENT_LEVELS[heading]]))

    for block in pg.body:
        if isinstance(block, Heading):
            flush()
            heading += 1
            if heading >= levels:
                return out
        out.extend(_block(block))
    flush()
    return out


def exercise_short(ex: Exercise, language: str | None = None) -> str:
    """A group-sized exercise: its name and what it is for."""
    note = gettext_for(language)(N_("The steps, how much to do and who should not do it are in a private chat."))
    return "\n\n".join([f"<b>{escape(ex.name, quote=False)}</b>", *paragraph(ex.summary), f"<i>{note}</i>"])


def page(content: Content, pg: Page, extra: Iterable[str] = (), language: str | None = None) -> list[str]:
    """The messages for a fixed page such as /help (its footer in ``language``)."""
    tail = [footer(content, pg.sources, pg.reviewed, language)] if pg.sources else []
    return pack([f"<b>{escape(pg.title, quote=False)}</b>", *blocks(pg.body), *extra, *tail])


def exercise(content: Content, ex: Exercise, language: str | None = None) -> list[str]:
    """The messages for one exercise: steps, dose, cautions, who should avoid it."""
    _ = gettext_for(language)
    steps = "\n".join(f"{n}. {escape(s, quote=False)}" for n, s in enumerate(ex.steps, 1))
    how, much, care, avoid = _("How to do it"), _("How much:"), _("Take care"), _("Don't do this exercise if")
    parts = [
        f"<b>{escape(ex.name, quote=False)}</b>",
        *paragraph(ex.summary),
        f"<b>{how}</b>\n{steps}",
        f"<b>{much}</b> {escape(ex.dose, quote=False)}",
        f"<b>{care}</b>\n" + "\n".join(f"⚠️ {escape(c, quote=False)}" for c in ex.cautions),
        f"<b>{avoid}</b>\n" + "\n".join(f"• {escape(a, quote=False)}" for a in ex.avoid_if),
    ]
    not_for = [content.topics[t].short_title for t in ex.not_suited if t in content.topics]
    if not_for:
        topics = escape(", ".join(not_for), quote=False)
        parts.append("<i>" + _("Often not suitable for: {topics}.").format(topics=topics) + "</i>")
    parts.append(footer(content, ex.sources, ex.reviewed, language))
    return pack(parts)


def exercise_caption(ex: Exercise) -> str:
    return f"<b>{escape(ex.name, quote=False)}</b>"


def exercises_for(content: Content, topic: Topic) -> list[Exercise]:
    """Exercises offered for a topic: the topic's own list, then any exercise that suits it."""
    ids = list(dict.fromkeys([*topic.exercises, *(e.id for e in content.exercises.values() if topic.id in e.suits)]))
    return [content.exercises[i] for i in ids if topic.id not in content.exercises[i].not_suited]


def exercise_list(content: Content, topic: Topic, language: str | None = None) -> list[str]:
    _ = gettext_for(language)
    items = exercises_for(content, topic)
    head = "<b>" + _("Exercises for {topic}").format(topic=escape(topic.short_title, quote=False)) + "</b>"
    if not items:
        return [head + "\n\n" + _("There are no exercises listed for this topic yet.")]
    lines = "\n".join(f"• {escape(e.name, quote=False)} — {escape(e.summary, quote=False)}" for e in items)
    advice = _(
        "Start gently. Stop any exercise that sends pain further down your leg, and ask your "
        "physiotherapist or doctor before starting if you are unsure."
    )
    return pack([head, lines, escape(advice, quote=False), _("Pick one to see the steps:")])


#: How many sources /about names: the few behind the answers, best first, not every one.
ABOUT_SOURCES = 6


def _best_sources(content: Content, ids) -> list[Source]:
    """The sources ``ids`` name, strongest grade first, then the most cited, at most ABOUT_SOURCES."""
    counts: dict[str, int] = {}
    for source_id in ids:
        counts[source_id] = counts.get(source_id, 0) + 1
    known = [content.sources[i] for i in counts if i in content.sources]
    known.sort(key=lambda src: (src.grade, -counts[src.id]))
    return known[:ABOUT_SOURCES]


def about(content: Content, topic: Topic | None, language: str | None = None, pg: Page | None = None) -> list[str]:
    """/about: the about page (``pg``, in the reader's language), the review date, and the few
    strongest sources of the topic being read (or of all the content); each answer lists its own
    section's sources."""
    _ = gettext_for(language)
    reviewed = _("Content last reviewed {date}.").format(date=long_date(content.latest_review(), language))
    extra = [f"<i>{reviewed}</i>"]
    if topic is not None:
        best = _best_sources(content, [s for sec in topic.sections for s in sec.sources])
        heading = _("Main sources for {topic}").format(topic=escape(topic.short_title, quote=False))
    else:
        cited = [s for t in content.topics.values() for sec in t.sections for s in sec.sources]
        best = _best_sources(content, cited)
        heading = _("Main sources")
    extra.append(f"<b>{heading}</b>\n" + "\n".join(f"– {source_link(s)}" for s in best))
    extra.append("<i>" + _("Each answer lists the sources behind it.") + "</i>")
    return page(content, pg or content.pages["about"], extra, language)
