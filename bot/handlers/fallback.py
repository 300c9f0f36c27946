"""What the bot says to anything no other handler took: never silence, always a way on."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.handlers import info
from bot.handlers.common import current_topic, language_of, send, set_language
from bot.handlers.router import Feature
from bot.i18n import N_, gettext_for
from content.answers import choose, question_language

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


async def free_text(update: Update, context: Ctx) -> None:
    """Answer a typed question from our own content in the chat's language (never generated
    text), or point to the menu."""
    text = update.effective_message.text or ""
    index = context.services.questions
    # Answered in the language the question is written in when its words tell it, else the person's.
    language = question_language(text, index, await language_of(update, context))
    set_language(context, language)
    content, _ = context.content.in_language(language), gettext_for(language)
    reading = await current_topic(context, update.effective_chat.id, content)
    detector = context.services.detector
    answers = choose(context.content, index, text, reading.id if reading else None, detector, language)
    if not answers:
        await send(update, context, [_(NOT_FOUND)], keyboards.main_menu(language))
        return
    best, others = answers[0], answers[1:]
    if best.kind == "page":
        await info.show_page(update, context, best.ref)
    elif best.kind == "exercise":
        await info.show_exercise(update, context, best.ref, content.topics.get(best.topic_id or ""))
    else:
        topic = content.topics.get(best.topic_id or "") or context.content.topics[best.topic_id]  # type: ignore[index]
        await info.show_section(update, context, topic, best.ref)
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
