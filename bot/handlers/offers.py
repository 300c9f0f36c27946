"""The two-weekly check-in offer: the one message (with its buttons) the reminder engine sends,
starting and stopping it from a button, and the hourly start of it for everyone with a reminder
(unless they stopped it: ``storage/offers.py``).
"""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.handlers.checkin_questions import answer_button
from bot.handlers.common import WEEKDAYS, language_of, send, weekly_slot
from bot.handlers.consent import ensure_consent
from bot.i18n import N_, gettext_for
from storage.outcomes import RMDQ_ITEMS

log = logging.getLogger(__name__)

OFFER_TEXT = N_(
    "Time for your two-weekly check-in (/checkin): {n} yes/no sentences about your back and a few "
    "ratings, about five minutes. It helps you and your clinician see how your everyday activities "
    "change over time. It is not a diagnosis."
)
NEEDS_REMINDER = N_(
    "The check-in is offered with your reminder's time and time zone, so I need a reminder "
    "first: /remind sets one up. Then tap the button again."
)


def offer_message(n: int = RMDQ_ITEMS, language: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    """The offer the reminder engine sends (in the chat's ``language``): start now, or stop the offers."""
    _ = gettext_for(language)
    return escape(_(OFFER_TEXT).format(n=n), quote=False), InlineKeyboardMarkup(
        [[answer_button(_("📝 Start the check-in"), "start")], [answer_button(_("Stop these offers"), "x")]]
    )


async def start_offers(update: Update, context: Ctx, argument: str = "") -> None:
    if not await ensure_consent(update, context, "offer", "-"):
        return
    chat_id = update.effective_chat.id
    _ = gettext_for(await language_of(update, context))
    if (slot := await weekly_slot(context, chat_id)) is None:
        await send(update, context, [escape(_(NEEDS_REMINDER), quote=False)])
        return
    first, now, weekday = slot
    await context.store.outcomes.start_offer(chat_id, first.local_time, first.zone, weekday, now)
    done = _(
        "Done: every second {day} at {time} I'll offer the check-in (quiet hours respected). "
        "Each offer has a button to stop them; /stop stops them with your reminders."
    )
    day = _(WEEKDAYS[weekday])
    await send(update, context, [escape(done.format(day=day, time=f"{first.local_time:%H:%M}"), quote=False)])


async def stop_offers(update: Update, context: Ctx) -> None:
    stopped = await context.store.outcomes.stop_offer(update.effective_chat.id)
    _ = gettext_for(await language_of(update, context))
    stop = _("The check-in offers are stopped. /checkin runs it whenever you like.")
    await send(update, context, [stop if stopped else _("There are no check-in offers to stop.")])


async def offers_tick(context: Ctx) -> None:
    """The hourly job: start the two-weekly offer for everyone with a reminder who has none and
    did not stop it (a batch each hour)."""
    if context.content.outcomes is None:
        return
    try:
        started = await context.store.outcomes.start_missing_offers(context.now())
    except Exception:  # noqa: BLE001 - tried again next hour
        log.warning("check-in offers: the database did not answer; trying again next hour", exc_info=True)
        return
    if started:
        log.info("check-in offers started for %d people with reminders", started)


async def hourly_tick(context: Ctx) -> None:
    """The hourly outcomes job: three missed days told to a consenting patient's prescriber, and
    the check-in offer started for people with reminders."""
    from bot.handlers.clinician import missed_days_tick

    await missed_days_tick(context)
    await offers_tick(context)
