"""Warning signs usual for a person: /usual, the screen where they are seen and changed.

Some signs can be long-standing for someone (bladder urgency with arachnoiditis, numbness in a
leg after an old disc): the rules file marks them with ``usual:`` (a short name for this screen).
The screen lists those signs with a tick for each one recorded as usual; a tap records or forgets
that sign, and the screen is shown again in place. A recorded sign gets "worse than usual?"
instead of the emergency reply at once (safety/redflags.py ``triage(usual=...)``); every other
sign still alerts. The signs live in the database (``store.care``), nothing in the process.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.handlers.common import is_private, send, show_in_place
from bot.handlers.consent import ensure_consent
from bot.i18n import gettext_for
from bot.keyboards import Read, Safety, button
from safety.verdict import N_

SCREEN = N_(
    'Warning signs that are usual for you. For a sign ticked here I ask "worse than usual?" '
    "instead of sending the emergency advice at once; every other sign still gets it at once. "
    "Tap a sign to tick or untick it."
)
NONE_TICKED = N_("Nothing is ticked: I treat every warning sign as possibly new.")
TICKED = N_("Ticked: {signs}.")
CLEAR = N_("🗑 Untick all")
OPEN = N_("⚙️ Warning signs usual for me")
MENU = N_("🏠 Menu")
REMEMBERED = N_(
    'Noted: I\'ll ask "worse than usual?" when you mention this, instead of sending the '
    "emergency advice at once. /usual shows or clears what is noted."
)
PRIVATE_ONLY = N_("/usual works in a private chat with me.")
CLEARED = N_("Cleared ({count}). Every warning sign is treated as possibly new again.")


def screen(detector, usual: frozenset[str], language: str | None) -> tuple[str, InlineKeyboardMarkup]:
    """The usual-signs screen: what it means, what is ticked, a button per sign that may be usual."""
    _ = gettext_for(language)
    rules = detector.in_language(language)
    index = {s.id: i for i, s in enumerate(detector.signs)}
    names = [(sign_id, rules.usual_name(sign_id)) for sign_id in detector.may_be_usual]
    ticked = [name for sign_id, name in names if sign_id in usual]
    state = _(TICKED).format(signs="; ".join(ticked)) if ticked else _(NONE_TICKED)
    rows = [
        [button(("✅ " if sign_id in usual else "▫️ ") + name, Safety.QUESTION, "t", str(index[sign_id]))]
        for sign_id, name in names
    ]
    if usual:
        rows.append([button(_(CLEAR), Safety.QUESTION, "c")])
    rows.append([button(_(MENU), Read.MENU)])
    return escape(f"{_(SCREEN)}\n\n{state}", quote=False), InlineKeyboardMarkup(rows)


async def _language(update: Update, context: Ctx) -> str:
    from bot.handlers.language import language_of

    return await language_of(update, context)


async def show(update: Update, context: Ctx) -> None:
    """Show the screen: in place of the one pressed, else as a new message."""
    detector = context.services.detector
    usual = await context.store.care.usual_signs(update.effective_chat.id)
    text, keyboard = screen(detector, usual, await _language(update, context))
    await show_in_place(update, context, text, keyboard)


async def usual_command(update: Update, context: Ctx) -> None:
    """/usual: the signs that may be usual for someone, those recorded ticked, each one a toggle."""
    if not is_private(update):
        await send(update, context, [escape(gettext_for(await _language(update, context))(PRIVATE_ONLY), quote=False)])
        return
    if context.services.detector is None:
        await send(update, context, ["The warning signs are not available just now. /urgent lists them."])
        return
    await show(update, context)


async def on_press(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """A press on the screen or on "Remember: this is usual for me"; False when stale or forged."""
    match args:
        case ("u", codes):
            return await remember(update, context, codes)
        case ("t", code):
            return await toggle(update, context, code)
        case ("c",):
            return await clear(update, context)
        case ("s",):
            return await pressed(update, context)
    return False


async def pressed(update: Update, context: Ctx) -> bool:
    """The screen's button elsewhere (the private /settings reply): the screen as a new message."""
    if not is_private(update):
        return False
    await update.callback_query.answer()
    usual = await context.store.care.usual_signs(update.effective_chat.id)
    text, keyboard = screen(context.services.detector, usual, await _language(update, context))
    await send(update, context, [text], keyboard)
    return True


def open_button(language: str | None = None):
    """The button that opens the screen, for another menu (the private /settings reply)."""
    return button(gettext_for(language)(OPEN), Safety.QUESTION, "s")


async def toggle(update: Update, context: Ctx, code: str) -> bool:
    """A tap on a sign of the screen: record it as usual (after consent) or forget it."""
    detector = context.services.detector
    if not is_private(update) or not (code.isascii() and code.isdigit()) or int(code) >= len(detector.signs):
        return False
    sign = detector.signs[int(code)]
    if sign.id not in detector.may_be_usual:
        return False
    await update.callback_query.answer()
    chat_id = update.effective_chat.id
    if sign.id in await context.store.care.usual_signs(chat_id):
        await context.store.care.forget_usual_sign(chat_id, sign.id)
    elif not await ensure_consent(update, context, "usual", code):
        return True
    else:
        await context.store.care.add_usual_signs(chat_id, [sign.id], context.now())
    await show(update, context)
    return True


async def remember(update: Update, context: Ctx, codes: str, *, pressed: bool = True) -> bool:
    """ "Remember: this is usual for me" after the follow-up question: record the signs (after consent)."""
    from bot.handlers.triage import signs_of

    detector = context.services.detector
    # only a sign the /usual screen shows may be recorded (never the safety net's or chest pain)
    signs = [s for s in signs_of(detector, codes) or [] if s.id in detector.may_be_usual]
    if not signs or not is_private(update):
        return False
    if pressed:
        await update.callback_query.answer()
    if not await ensure_consent(update, context, "usual", codes):
        return True
    await context.store.care.add_usual_signs(update.effective_chat.id, [s.id for s in signs], context.now())
    await send(update, context, [escape(gettext_for(await _language(update, context))(REMEMBERED), quote=False)])
    return True


async def after_consent(update: Update, context: Ctx, codes: str) -> None:
    await remember(update, context, codes, pressed=False)


async def clear(update: Update, context: Ctx) -> bool:
    """ "Untick all": forget every usual sign (said in the button's notice), then the screen again."""
    if not is_private(update):
        return False
    count = await context.store.care.clear_usual_signs(update.effective_chat.id)
    _ = gettext_for(await _language(update, context))
    await update.callback_query.answer(_(CLEARED).format(count=count))
    await show(update, context)
    return True
