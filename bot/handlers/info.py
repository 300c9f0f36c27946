"""/topics /symptoms /causes /treatment /exercises /urgent /about, and the buttons that lead there."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import keyboards, render
from bot.context import Ctx
from bot.emergency import crisis_line_text, number_for_chat
from bot.handlers.common import content_for, current_topic, is_private, language_of, remember_topic, send
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for, pages
from bot.keyboards import Read, button
from content.loader import Content
from content.schema import Page, Topic

SECTION_COMMANDS = {"symptoms": "symptoms", "causes": "causes", "treatment": "treatment"}
WHICH = N_("Which condition would you like to read about?")
WHICH_EXERCISES = N_("Exercises for which condition?")


async def _topic_from_args(update: Update, context: Ctx, kind: str) -> Topic | None:
    """The topic named in the command, else the chat's current one; asks when there is none."""
    chat_id, language = update.effective_chat.id, await language_of(update, context)
    content, _ = context.content.in_language(language), gettext_for(language)
    wanted = " ".join(context.args or []).strip()
    if wanted:
        # A topic's name in either language finds it (someone may type the English name).
        topic = content.find_topic(wanted) or context.content.find_topic(wanted)
        if topic is None:
            text = _("I don't have a topic called “{name}”. Please pick one of these:").format(
                name=escape(wanted[:60], quote=False)
            )
            await send(update, context, [text], keyboards.topics(content, kind, language))
        return content.topics.get(topic.id, topic) if topic else None
    topic = await current_topic(context, chat_id, content)
    if topic is None:
        await send(update, context, [_(WHICH)], keyboards.topics(content, kind, language))
    return topic


async def show_section(update: Update, context: Ctx, topic: Topic, kind: str, part: int = 0) -> None:
    """Send one section of a topic (a long one a screen at a time, with "More") and remember the
    topic for this chat. In the chat's language, whichever language's ``topic`` is given."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    topic = content.topics.get(topic.id, topic)
    section = topic.section(kind) or topic.section("summary")
    assert section is not None  # the loader checks that every topic has a summary
    await remember_topic(context, update.effective_chat.id, topic)
    if not is_private(update):
        # In groups: a short answer, and a link that opens the full one in a private chat.
        payload = keyboards.section_payload(topic.id, section.kind)
        await send(
            update,
            context,
            [render.section_short(content, topic, section, language)],
            keyboards.read_in_private(context.bot.username, payload, language=language),
        )
        return

    def make():
        messages, total = render.section_part(content, topic, section, part, language)
        return tuple(messages), keyboards.section(topic, section.kind, min(part, total - 1), total, language)

    messages, markup = content.memo(("section", topic.id, section.kind, part, language), make)
    await send(update, context, messages, markup)


def section_command(kind: str):
    async def command(update: Update, context: Ctx) -> None:
        topic = await _topic_from_args(update, context, kind)
        if topic is not None:
            await show_section(update, context, topic, kind)

    command.__name__ = command.__qualname__ = f"{kind}_command"
    command.__doc__ = f"Send the {kind} section for /{kind} [topic]."
    return command


async def topics(update: Update, context: Ctx) -> None:
    """List the topics as buttons."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    await send(update, context, [gettext_for(language)(WHICH)], keyboards.topics(content, language=language))


async def show_exercises(update: Update, context: Ctx, topic: Topic) -> None:
    """List the exercises that suit a topic, as buttons."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    topic = content.topics.get(topic.id, topic)
    await remember_topic(context, update.effective_chat.id, topic)
    items = render.exercises_for(content, topic)
    await send(
        update,
        context,
        render.exercise_list(content, topic, language),
        keyboards.exercise_list(content, topic, [e.id for e in items], language),
    )


async def _pick_exercise_topic(update: Update, context: Ctx) -> None:
    language = await language_of(update, context)
    content = context.content.in_language(language)
    await send(
        update, context, [gettext_for(language)(WHICH_EXERCISES)], keyboards.topic_exercises_picker(content, language)
    )


async def exercises(update: Update, context: Ctx) -> None:
    """Send the exercise list for /exercises [topic]."""
    if context.args:
        topic = await _topic_from_args(update, context, "summary")
    else:
        topic = await current_topic(context, update.effective_chat.id)
        if topic is None:
            await _pick_exercise_topic(update, context)
            return
    if topic is not None:
        await show_exercises(update, context, topic)


async def show_exercise(update: Update, context: Ctx, exercise_id: str, topic: Topic | None) -> None:
    """Send an exercise: its picture, then its steps, dose and cautions (in a group: what it is
    for, and a link to all of it in a private chat)."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    ex = content.exercises.get(exercise_id) or context.content.exercises[exercise_id]
    topic = content.topics.get(topic.id, topic) if topic is not None else None
    if not is_private(update):
        await send(
            update,
            context,
            [render.exercise_short(ex, language)],
            keyboards.read_in_private(context.bot.username, keyboards.exercise_payload(ex.id), language=language),
        )
        return
    picture = content.picture_path(ex)
    if picture is not None:
        with picture.open("rb") as photo:
            await context.bot.send_photo(update.effective_chat.id, photo, caption=render.exercise_caption(ex))
    await send(update, context, render.exercise(content, ex, language), keyboards.exercise(topic, ex.id, language))


async def urgent(update: Update, context: Ctx) -> None:
    """Send the "when to get help now" guidance: /urgent [topic] gives that topic's own section
    (in a group: every emergency sign, then a link to the topic's section)."""
    wanted = " ".join(context.args or []).strip()
    content = await content_for(update, context)
    topic = (content.find_topic(wanted) or context.content.find_topic(wanted)) if wanted else None
    if topic is not None and topic.section("urgent") is not None:
        if not is_private(update):
            payload = keyboards.section_payload(topic.id, "urgent")
            language = await language_of(update, context)
            await send(
                update,
                context,
                [await _urgent_short(update, context)],
                keyboards.read_in_private(context.bot.username, payload, language=language),
            )
            return
        await show_section(update, context, topic, "urgent")
        return
    await show_page(update, context, "urgent")


async def show_urgent_part(update: Update, context: Ctx, part: int) -> None:
    """/urgent a screen at a time: every emergency sign first, then "More" for the rest."""
    language = await language_of(update, context)
    content, _ = context.content.in_language(language), gettext_for(language)
    page = urgent_page_of(content, language)
    signs = signs_by_level(context, language)
    full = render.urgent_page(content, signs, pg=page)
    first = render.urgent_page(content, signs, levels=1, pg=page)
    back = keyboards.back_to_menu(language)
    if part == 0:
        more = button(_("➡️ More: same-day and soon (2/2)"), Read.URGENT, "1")
        await send(update, context, render.pack(first), InlineKeyboardMarkup([[more], *back.inline_keyboard]))
        return
    title = f"{first[0]} <i>(2/2)</i>"
    footer = render.footer(content, page.sources, page.reviewed, language)
    crisis = await _crisis_line_block(update, context, language)
    await send(update, context, render.pack([title, *full[len(first) :], crisis, footer]), back)


async def _crisis_line_block(update: Update, context: Ctx, language: str | None) -> str:
    """The crisis line after the page's crisis section: the person's country's (by the time zone
    they gave), or every line with its country (content/emergency_numbers.yaml)."""
    _ = gettext_for(language)
    private = is_private(update)
    number = await number_for_chat(context.services.store, update.effective_chat.id) if private else None
    line = crisis_line_text(_, language, getattr(number, "country", None))
    return escape(_("A crisis line, free, day or night: {line}.").format(line=line))


def urgent_page_of(content: Content, language: str | None) -> Page:
    """The urgent page in ``language`` (English where it has not been translated)."""
    return pages(content, language)["urgent"]


def signs_by_level(context: Ctx, language: str | None = None) -> dict[str, list[str]]:
    """Each level's signs in plain words, from the red-flag rules of ``language`` (one vocabulary)."""
    detector = context.services.detector
    if detector is not None:
        detector = detector.in_language(language)
    out: dict[str, list[str]] = {}
    for sign in detector.listed if detector is not None else ():
        out.setdefault(sign.level, []).append(detector.text_of(sign.id))
    return out


async def _urgent_short(update: Update, context: Ctx) -> str:
    """/urgent in a group: every emergency sign, nothing cut."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    signs = signs_by_level(context, language)
    return "\n\n".join(render.urgent_page(content, signs, levels=1, pg=urgent_page_of(content, language)))


async def about(update: Update, context: Ctx) -> None:
    """Say what the bot is, when its content was reviewed and what it is based on."""
    await show_page(update, context, "about")


#: In a group: how much of a page to show (headings, blocks) and the label of the link to the rest.
GROUP_PAGES = {
    # Everything under "Call an ambulance or go to A&E now": nobody should need a click for that.
    "urgent": (1, None, N_("📖 Same-day signs, and the sources")),
    "about": (0, 1, N_("📖 More about Rootwise, and its sources")),
    "help": (0, 2, N_("📖 Everything Rootwise can do")),
}


async def show_page(update: Update, context: Ctx, page_id: str) -> None:
    """A fixed page; in a group, its opening (for /urgent, every emergency sign) and a link to the
    whole page in a private chat."""
    language = await language_of(update, context)
    content = context.content.in_language(language)
    page = pages(content, language)[page_id]
    if not is_private(update) and page_id == "urgent":
        label = GROUP_PAGES["urgent"][2]
        await send(
            update,
            context,
            [await _urgent_short(update, context)],
            keyboards.read_in_private(context.bot.username, keyboards.page_payload(page_id), label, language),
        )
        return
    if page_id == "urgent":
        await show_urgent_part(update, context, 0)
        return
    if not is_private(update) and page_id in GROUP_PAGES:
        headings, max_blocks, label = GROUP_PAGES[page_id]
        await send(
            update,
            context,
            [render.page_short(page, headings, max_blocks)],
            keyboards.read_in_private(context.bot.username, keyboards.page_payload(page_id), label, language),
        )
        return
    if page_id == "about":
        topic = await current_topic(context, update.effective_chat.id, content)
        await send(update, context, render.about(content, topic, language, page), keyboards.back_to_menu(language))
    elif page_id == "help":
        await send(update, context, render.page(content, page, language=language), keyboards.main_menu(language))
    else:
        await send(update, context, render.page(content, page, language=language), keyboards.back_to_menu(language))


# ---- the reading buttons -------------------------------------------------------------------


async def _section_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``sec|topic|kind[|part]``: a section, or a part of a long one."""
    topic = (await content_for(update, context)).topics.get(args[0])
    if topic is None or topic.section(args[1]) is None:
        return False
    await update.callback_query.answer()
    await show_section(update, context, topic, args[1], int(args[2]) if len(args) == 3 else 0)
    return True


async def _exercises_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``exlist[|topic]``: a topic's exercises, or which topic's."""
    topic = (await content_for(update, context)).topics.get(args[0]) if args else None
    if args and topic is None:
        return False
    await update.callback_query.answer()
    if topic is None:
        await _pick_exercise_topic(update, context)
    else:
        await show_exercises(update, context, topic)
    return True


async def _exercise_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``ex|exercise|topic``: one exercise (its topic, or "-", for the way back)."""
    if args[0] not in context.content.exercises:
        return False
    await update.callback_query.answer()
    await show_exercise(update, context, args[0], (await content_for(update, context)).topics.get(args[1]))
    return True


async def _urgent_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``urgent[|1]``: when to get help now, or its second part."""
    await update.callback_query.answer()
    await (show_urgent_part(update, context, 1) if args else show_page(update, context, "urgent"))
    return True


def _page_button(page_id: str):
    async def pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
        await update.callback_query.answer()
        await show_page(update, context, page_id)
        return True

    pressed.__name__ = f"_{page_id}_pressed"
    return pressed


async def _menu_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    await update.callback_query.answer()
    language = await language_of(update, context)
    await send(
        update, context, [gettext_for(language)(N_("What would you like to do?"))], keyboards.main_menu(language)
    )
    return True


async def _topics_pressed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    await update.callback_query.answer()
    await topics(update, context)
    return True


FEATURE = Feature(
    "reading",
    handlers=[
        CommandHandler("topics", topics),
        *(CommandHandler(cmd, section_command(kind)) for cmd, kind in SECTION_COMMANDS.items()),
        CommandHandler("exercises", exercises),
        CommandHandler("urgent", urgent),
        CommandHandler("about", about),
    ],
    buttons={
        Read.SECTION: _section_pressed,
        Read.EXERCISES: _exercises_pressed,
        Read.EXERCISE: _exercise_pressed,
        Read.URGENT: _urgent_pressed,
        Read.MENU: _menu_pressed,
        Read.TOPICS: _topics_pressed,
        Read.ABOUT: _page_button("about"),
        Read.HELP: _page_button("help"),
    },
)
