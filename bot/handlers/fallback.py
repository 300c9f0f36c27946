"""What the bot says to anything no other handler took: never silence, always a way on."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.handlers import info
from bot.handlers.common import current_topic, language_of, send
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for
from content.answers import choose
from content.loader import Content

NOT_FOUND = N_(
    "I couldn't find an answer to that in my checked information. I can only answer from "
    "it, and I can't advise on your own scans, tests or medicines: please ask your clinician "
    "about those. Pick a topic from the menu, or try /help."
)


async def unknown_command(update: Update, context: Ctx) -> None:
    """Reply to a command the bot does not have."""
    language = await language_of(update, context)
    command = (update.effective_message.text or "/").split()[0].split("@")[0][:40]
    text = gettext_for(language)(N_("Sorry, I don't know the command {command}. Try /help, or pick from the menu:"))
    await send(update, context, [text.format(command=escape(command, quote=False))], keyboards.main_menu(language))


def questions_for(context: Ctx, content: Content):
    """The question index of ``content`` (a language's): the one built at start for the English
    content, else built once for that content and kept with it."""
    if content is context.content or context.services.questions is None:
        return context.services.questions
    from content.search import QuestionIndex

    return content.memo(("questions",), lambda: QuestionIndex.build(content))


async def free_text(update: Update, context: Ctx) -> None:
    """Answer a typed question from our own content in the chat's language (never generated
    text), or point to the menu."""
    text = update.effective_message.text or ""
    language = await language_of(update, context)
    content, _ = context.content.in_language(language), gettext_for(language)
    reading = await current_topic(context, update.effective_chat.id, content)
    index = questions_for(context, content)
    answers = choose(content, index, text, reading.id if reading else None, context.services.detector)
    if not answers:
        await send(update, context, [_(NOT_FOUND)], keyboards.main_menu(language))
        return
    best, others = answers[0], answers[1:]
    if best.kind == "page":
        await info.show_page(update, context, best.ref)
    elif best.kind == "exercise":
        await info.show_exercise(update, context, best.ref, content.topics.get(best.topic_id or ""))
    else:
        await info.show_section(update, context, content.topics[best.topic_id], best.ref)  # type: ignore[index]
    others = [a for a in others if a.kind != "page"]
    if others:
        await send(
            update, context, [_("Other parts that may help:")], keyboards.more_answers(content, others, language)
        )


async def other_message(update: Update, context: Ctx) -> None:
    """Reply to stickers, photos and the like in a private chat."""
    language = await language_of(update, context)
    text = gettext_for(language)(N_("I can only read text messages. Pick from the menu, or try /help."))
    await send(update, context, [text], keyboards.main_menu(language))


#: Last of all: what no other feature took.
FEATURE = Feature(
    "fallback",
    handlers=[
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command),
        MessageHandler(filters.TEXT & filters.ChatType.PRIVATE, free_text),
        MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, other_message),
    ],
)
