"""Inline-button presses. Every press is answered, so a button never leaves a spinner."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import keyboards
from bot.context import Ctx
from bot.handlers import care, community, consent, info, outcomes, prescriptions, privacy, reminders, start, triage
from bot.handlers.common import send
from bot.logs import keyed_hash

EXPIRED = "This menu has expired. Here is a fresh one."


async def _expired(update: Update, context: Ctx) -> None:
    await update.callback_query.answer(EXPIRED)
    await send(update, context, [EXPIRED], keyboards.main_menu())


async def on_button(update: Update, context: Ctx) -> None:
    """Route a press by its callback data; unknown or stale data gets a fresh menu."""
    press = keyboards.parse(update.callback_query.data)
    content = context.content
    if press is None or update.effective_chat is None:
        await _expired(update, context)
        return
    kind, args = press.kind, press.args
    topic = content.topics.get(args[0]) if args else None

    if kind == "sec" and len(args) in (2, 3) and topic and topic.section(args[1]):
        await update.callback_query.answer()
        part = int(args[2]) if len(args) == 3 and args[2].isascii() and args[2].isdigit() else 0
        await info.show_section(update, context, topic, args[1], min(part, 20))
    elif kind == "exlist" and (not args or topic):
        await update.callback_query.answer()
        if topic:
            await info.show_exercises(update, context, topic)
        else:
            await send(update, context, ["Exercises for which condition?"],
                       keyboards.topic_exercises_picker(content))
    elif kind == "ex" and len(args) == 2 and args[0] in content.exercises:
        await update.callback_query.answer()
        await info.show_exercise(update, context, args[0], content.topics.get(args[1]))
    elif kind == "urgent" and args == ("1",):
        await update.callback_query.answer()
        await info.show_urgent_part(update, context, 1)
    elif kind in FEATURES:
        if kind in COUNTED and not await _first_press(update, context):
            await update.callback_query.answer("Already noted")
            return
        if not await FEATURES[kind](update, context, args):
            await _expired(update, context)
    elif kind in SIMPLE and not args:
        await update.callback_query.answer()
        await SIMPLE[kind](update, context)
    else:
        await _expired(update, context)


#: Presses that count (a vote, Done, a pain or how-it-felt answer): each button of each message
#: counts once, however often it is pressed or its update delivered, on whichever replica.
COUNTED = {"fb", "rd", "pn", "pf"}


async def _first_press(update: Update, context: Ctx) -> bool:
    query = update.callback_query
    where = f"m{query.message.message_id}" if query.message is not None else f"q{query.id}"
    key = keyed_hash(f"press|{update.effective_chat.id}|{where}|{query.data}")
    return await context.store.first_press(key, context.now())


async def _menu(update: Update, context: Ctx) -> None:
    await send(update, context, ["What would you like to do?"], keyboards.main_menu())


SIMPLE = {
    "menu": _menu,
    "topics": info.topics,
    "urgent": info.urgent,
    "about": info.about,
    "help": start.help_command,
}

#: Buttons of feature modules: kind -> handler(update, context, args), False when stale.
FEATURES = {**reminders.BUTTONS, **privacy.BUTTONS, **consent.BUTTONS, **care.BUTTONS, **community.BUTTONS,
            **prescriptions.BUTTONS, **triage.BUTTONS, **outcomes.BUTTONS}

HANDLERS = [CallbackQueryHandler(on_button)]
