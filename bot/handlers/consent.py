"""Consent before storing anything about a person, and /privacy.

Reading content needs nothing. Before a private chat stores a reminder, a setting or a rating,
the person sees the privacy notice and agrees with one tap; the agreement and its date are stored.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import has_agreed, is_private, language_of, send
from bot.handlers.router import Feature, registry_of
from bot.i18n import N_, gettext_for
from bot.keyboards import Privacy
from bot.render import long_date
from bot.snapshot import note_snapshot

log = logging.getLogger(__name__)

NOTICE_VERSION = 3  # 3: check-ins, and alerts to the prescriber as a second choice of sharing
NOTICE = N_(
    "<b>Your privacy</b>\n\n"
    "To send you reminders and keep track of your progress, Rootwise needs to store a little about you:\n"
    "• your chat number (not your name or phone number)\n"
    "• your reminders, time zone, quiet hours, language and the topic you last read\n"
    "• which days you did your exercises, and the pain scores and how-it-felt answers you choose to give\n"
    '• warning signs you ask me to note as usual for you (so I ask "worse than usual?" about them)\n'
    "• your check-ins (/checkin: your answers, scores, pain, goals and walking) and the warnings I showed you\n"
    "• if a physiotherapist gave you a plan: that you opened their link, and whether you chose to share "
    "your counts with them\n"
    "• if you give plans or run a channel: the name you choose to show on your links, and the channels "
    "you connect\n\n"
    "Rootwise never stores the text of your messages, and never sells or passes on your data. The only "
    "sharing is what you choose, for the physiotherapist whose plan you follow: counts (sessions done and your "
    "pain trend, never your name or chat) and, separately, alerts when things change (with a name you choose "
    "and your summary). /privacy shows and changes these choices.\n\n"
    "/mydata sends you everything stored about you. /forget deletes all of it, at any time."
)


async def has_consent(update: Update, context: Ctx) -> bool:
    """Whether this chat may store personal data (groups are not a person: always yes)."""
    if not is_private(update):
        return True
    return await has_agreed(context, update.effective_chat.id)


async def ensure_consent(update: Update, context: Ctx, then: str, argument: str = "") -> bool:
    """True if the person agreed already; else show the notice and continue with ``then`` after."""
    if await has_consent(update, context):
        return True
    language = await language_of(update, context)
    await send(update, context, [gettext_for(language)(NOTICE)], _agree_keyboard(then, argument, language))
    return False


def _agree_keyboard(then: str = "", argument: str = "", language: str | None = None) -> InlineKeyboardMarkup:
    """The notice's buttons; "I agree" carries what to do after it, so any replica can carry on."""
    _ = gettext_for(language)
    agree = Privacy.AGREE(*([then, argument] if argument else [then] if then else []))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("✅ I agree"), callback_data=agree), keyboards.button(_("Not now"), Privacy.KEEP)]]
    )


async def privacy(update: Update, context: Ctx) -> None:
    """Show the privacy notice, and whether (and when) this person agreed."""
    agreed = await context.store.privacy.consent_given(update.effective_chat.id) if is_private(update) else None
    language = await language_of(update, context)
    _ = gettext_for(language)
    if agreed is None and is_private(update):
        await send(update, context, [_(NOTICE)], _agree_keyboard(language=language))
        return
    when = "\n\n<i>" + _("You agreed on {date}.").format(date=long_date(agreed, language)) + "</i>" if agreed else ""
    await send(update, context, [_(NOTICE) + when])
    if agreed:
        from bot.handlers.clinician import send_choices

        await send_choices(update, context)


async def _agreed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """The person agreed; carry on with what the button names (its fields are checked in keyboards)."""
    continuations = registry_of(context).continuations
    if not is_private(update) or (args and args[0] not in continuations):
        return False
    await context.store.privacy.give_consent(update.effective_chat.id, context.now(), NOTICE_VERSION)
    note_snapshot(context, update.effective_chat.id, agreed_at=context.now())
    await keep_language(update, context)
    _ = gettext_for(await language_of(update, context))
    await update.callback_query.answer(_("Thank you"))
    if args:
        await continuations[args[0]](update, context, args[1] if len(args) > 1 else "")
    else:
        await send(update, context, [_("Thank you. /remind sets up a daily exercise reminder.")])
    return True


async def keep_language(update: Update, context: Ctx) -> None:
    """Keep the language the person is answered in now (their Telegram's, unless they chose one),
    so that what the bot sends unasked (reminders, check-ins, a prescriber's alerts) comes in it
    too. The caller checked consent; a language already stored is left as it is."""
    chat_id = update.effective_chat.id
    if await context.store.chats.get_language(chat_id) is None:
        await context.store.chats.set_language(chat_id, await language_of(update, context))


async def _keep(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """ "No, keep it" or "Not now": nothing changes."""
    await update.callback_query.answer(gettext_for(await language_of(update, context))(N_("Kept")))
    return True


FEATURE = Feature(
    "consent", handlers=[CommandHandler("privacy", privacy)], buttons={Privacy.AGREE: _agreed, Privacy.KEEP: _keep}
)
