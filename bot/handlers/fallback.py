"""What the bot says to anything no other handler took: never silence, always a way on."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import keyboards
from bot.context import Ctx
from bot.handlers import info
from bot.handlers.common import current_topic, send
from bot.handlers.router import Feature
from content.answers import choose


async def unknown_command(update: Update, context: Ctx) -> None:
    """Reply to a command the bot does not have."""
    command = (update.effective_message.text or "/").split()[0].split("@")[0][:40]
    text = f"Sorry, I don't know the command {escape(command, quote=False)}. Try /help, or pick from the menu:"
    await send(update, context, [text], keyboards.main_menu())


NOT_FOUND = (
    "I couldn't find an answer to that in my checked information. I can only answer from "
    "it, and I can't advise on your own scans, tests or medicines: please ask your clinician "
    "about those. Pick a topic from the menu, or try /help."
)


async def free_text(update: Update, context: Ctx) -> None:
    """Answer a typed question from our own content (never generated text), or point to the menu."""
    text = update.effective_message.text or ""
    content = context.content
    reading = await current_topic(context, update.effective_chat.id)
    answers = choose(
        content, context.services.questions, text, reading.id if reading else None, context.services.detector
    )
    if not answers:
        await send(update, context, [NOT_FOUND], keyboards.main_menu())
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
        await send(update, context, ["Other parts that may help:"], keyboards.more_answers(content, others))


async def other_message(update: Update, context: Ctx) -> None:
    """Reply to stickers, photos and the like in a private chat."""
    await send(
        update, context, ["I can only read text messages. Pick from the menu, or try /help."], keyboards.main_menu()
    )


#: Last of all: what no other feature took.
FEATURE = Feature(
    "fallback",
    handlers=[
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command),
        MessageHandler(filters.TEXT & filters.ChatType.PRIVATE, free_text),
        MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, other_message),
    ],
)
