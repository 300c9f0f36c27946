"""/prescribe and /prescriptions: a prescriber's programme links (/prescriptions' pages and revoking
a link are in ``prescriptions_page.py``).

A prescriber (a physiotherapist, a group admin: Rootwise cannot check who anyone is, so the
patient is told that the name is the prescriber's own) picks a programme, a start day, a suggested
reminder time and a display name, and gets a link ``https://t.me/<bot>?start=rx_<code>``
(bot/handlers/patient.py opens it). The prescriber only ever sees counts over the patients who
chose to share.

The typed time and display name are answers to the ``prescribe`` flow (bot/handlers/router.py),
which replaces any other flow of the chat.
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import drop_pending, is_private, language_of, read_time, send
from bot.handlers.consent import ensure_consent, keep_language
from bot.handlers.patient import start_label_in
from bot.handlers.prescriptions_page import (
    long_date,
    on_page,
    on_revoke,
    on_revoke_confirmed,
    prescriptions,
    programme_title,
)
from bot.handlers.router import Answer, Feature, Flow
from bot.i18n import gettext_for
from bot.keyboards import Prescribe, button
from bot.logs import chat_ref
from bot.render import long_date as long_date_in
from content.schema import Programme
from storage.prescriptions import NAME_MAX

log = logging.getLogger(__name__)

PAYLOAD_PREFIX = "rx_"  # /start rx_<code>
TIMES = ("0700", "0800", "0900", "1200", "1800", "2000")


def start_days(programme: Programme) -> list[int]:
    """Start days offered for a programme: day 1, then the first day of each later week."""
    return list(range(0, len(programme.days), 7))


def _clean_name(text: str) -> str:
    """A display name on one line, without control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


# ---- /prescribe ------------------------------------------------------------------------------


async def prescribe(update: Update, context: Ctx) -> None:
    """Start making a programme link: pick a programme."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("Programme links are made in a private chat with me.")], private)
        return
    if not await ensure_consent(update, context, "prescribe"):
        return
    await drop_pending(context, update.effective_chat.id)
    programmes = context.content.in_language(language).programmes.values()
    rows = [[button(p.title, Prescribe.PROGRAMME, p.id)] for p in programmes]
    intro = _(
        "<b>Prescribe a programme</b>\n\nI'll make a link for you to give to a patient. Opening it shows them "
        "the programme and your name, and lets them start daily reminders with one tap. They choose "
        "whether to share their progress with you; if they do, you see counts only, never who they are.\n\n"
        "Which programme?"
    )
    await send(update, context, [intro], InlineKeyboardMarkup(rows))


async def _pick_programme(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 1 or args[0] not in context.content.programmes:
        return False
    language = await language_of(update, context)
    _ = gettext_for(language)
    programme = context.content.in_language(language).programmes.get(args[0]) or context.content.programmes[args[0]]
    await update.callback_query.answer()
    buttons = [
        button(
            start_label_in(d, language).split(" (")[0].removeprefix("el ").removeprefix("la ").capitalize(),
            Prescribe.DAY,
            programme.id,
            str(d),
        )
        for d in start_days(programme)
    ]
    where = _("<b>{title}</b> ({days} days)\n\nWhere in the programme should your patient start?").format(
        title=escape(programme.title, quote=False), days=len(programme.days)
    )
    await send(update, context, [where], InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, len(buttons), 4)]))
    return True


def _valid_day(context: Ctx, programme_id: str, day: str) -> int | None:
    programme = context.content.programmes.get(programme_id)
    if programme is None or not day.isdigit() or int(day) not in start_days(programme):
        return None
    return int(day)


async def _pick_day(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    day = _valid_day(context, *args) if len(args) == 2 else None
    if day is None:
        return False
    await update.callback_query.answer()
    await PRESCRIBE.ask(context, update.effective_chat.id, "time", programme=args[0], day=day)
    buttons = [button(f"{t[:2]}:{t[2:]}", Prescribe.TIME, args[0], str(day), t) for t in TIMES]
    _ = gettext_for(await language_of(update, context))
    question = _(
        "What time should the daily reminder come? Pick one, or type a time such as "
        "7:30 or 7pm. Your patient can change it later."
    )
    await send(update, context, [question], InlineKeyboardMarkup([buttons[:3], buttons[3:]]))
    return True


async def _ask_name(update: Update, context: Ctx, programme_id: str, day: int, at: dt.time) -> None:
    hhmm = at.strftime("%H%M")
    await PRESCRIBE.ask(context, update.effective_chat.id, "name", programme=programme_id, day=day, time=hhmm)
    _ = gettext_for(await language_of(update, context))
    text = _(
        "Reminder at {time}. Last step: how should your patients see you? Type a display name, for "
        "example “Sam, physio at Riverside clinic” (up to {most} characters). It is stored with the link "
        "and shown to everyone who opens it."
    ).format(time=f"{at:%H:%M}", most=NAME_MAX)
    last = await context.store.prescriptions.last_prescriber_name(update.effective_chat.id)
    keyboard = None
    if last:
        use = _("Use “{name}”").format(name=last)
        keyboard = InlineKeyboardMarkup([[button(use, Prescribe.LAST_NAME, programme_id, str(day), hhmm)]])
    await send(update, context, [text], keyboard)


async def _pick_time(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    day = _valid_day(context, *args[:2]) if len(args) == 3 else None
    at = keyboards.parse_hhmm(args[2]) if day is not None else None
    if at is None or day is None:
        return False
    await update.callback_query.answer()
    await _ask_name(update, context, args[0], day, at)
    return True


async def _last_name(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    day = _valid_day(context, *args[:2]) if len(args) == 3 else None
    at = keyboards.parse_hhmm(args[2]) if day is not None else None
    name = await context.store.prescriptions.last_prescriber_name(update.effective_chat.id) if at else None
    if name is None or day is None or at is None:
        return False
    await update.callback_query.answer()
    await _create(update, context, args[0], day, at, name)
    return True


async def _create(update: Update, context: Ctx, programme_id: str, day: int, at: dt.time, name: str) -> None:
    """Store the prescription and hand the link to the prescriber."""
    await drop_pending(context, update.effective_chat.id)
    days = context.services.settings.prescription_days
    code, info = await context.store.prescriptions.create_prescription(
        update.effective_chat.id, programme_id, day, at, name, context.now(), days
    )
    url = keyboards.deep_link_url(context.bot.username, PAYLOAD_PREFIX + code)
    log.info("prescription %s created in chat %s", info.id, chat_ref(info.chat_id))
    # Alerts about this link's patients are sent unasked, in the language stored for the
    # prescriber: keep the one they are answered in now if none is (a consent from before languages).
    await keep_language(update, context)
    language = await language_of(update, context)
    _ = gettext_for(language)
    programme = context.content.in_language(language).programmes.get(programme_id)
    title = escape(programme.title, quote=False) if programme else programme_title(context, programme_id)
    until = long_date(info.expires_at) if language == "en" else long_date_in(info.expires_at, language)
    made = _(
        "✅ Your link for <b>{title}</b>, starting at {start}, reminder at {time}, from “{name}”:\n\n{url}\n\n"
        "Give it to your patient. It works for {days} days, until {until}, "
        "and anyone who has it can use it, so share it only with your patient.\n\n"
        "I keep only a fingerprint of the link, so I can't show it again. /prescriptions lists your links "
        "with their counts and lets you revoke one."
    ).format(
        title=title,
        start=start_label_in(day, language),
        time=f"{at:%H:%M}",
        name=escape(name, quote=False),
        url=escape(url, quote=False),
        days=days,
        until=until,
    )
    await send(update, context, [made])


# ---- typed answers while /prescribe waits ---------------------------------------------------


async def typed_time(update: Update, context: Ctx, answer: Answer) -> None:
    """A typed reminder time: then the display name."""
    at = await read_time(update, context, answer.text)
    if at is not None:
        await _ask_name(update, context, answer.state["programme"], answer.state["day"], at)


async def typed_name(update: Update, context: Ctx, answer: Answer) -> None:
    """A typed display name: then the link is made."""
    name = _clean_name(answer.text)
    if not name or len(name) > NAME_MAX:
        _ = gettext_for(await language_of(update, context))
        too_long = _(
            "Please keep the name to {most} characters or fewer (that was {length}). "
            "For example: Sam, physio at Riverside clinic."
        )
        await send(update, context, [too_long.format(most=NAME_MAX, length=len(name))])
        return
    state = answer.state
    at = keyboards.parse_hhmm(state["time"])  # stored by this flow as a valid time
    await _create(update, context, state["programme"], state["day"], at, name)  # type: ignore[arg-type]


PRESCRIBE = Flow("prescribe", {"time": typed_time, "name": typed_name})

FEATURE = Feature(
    "prescriber",
    handlers=[CommandHandler("prescribe", prescribe), CommandHandler("prescriptions", prescriptions)],
    buttons={
        Prescribe.PROGRAMME: _pick_programme,
        Prescribe.DAY: _pick_day,
        Prescribe.TIME: _pick_time,
        Prescribe.LAST_NAME: _last_name,
        Prescribe.PAGE: on_page,
        Prescribe.REVOKE: on_revoke,
        Prescribe.REVOKE_CONFIRMED: on_revoke_confirmed,
    },
    flows=[PRESCRIBE],
    after_consent={"prescribe": lambda update, context, _argument: prescribe(update, context)},
)
