"""A patient's prescribed programme: the link ``/start rx_<code>``, starting it, and sharing counts.

A patient opening the link sees who prescribed what, agrees to the privacy notice if they have not
yet, and starts daily reminders with one tap (naming their time zone, typed or shared, if the bot
does not know it: the ``patient`` flow); separately they choose whether to share their progress
with the prescriber, who only ever sees counts over the patients who said yes.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot import keyboards, render
from bot.context import Ctx
from bot.handlers.common import drop_pending, is_private, read_zone, send
from bot.handlers.consent import ensure_consent
from bot.handlers.prescriptions_page import long_date, row_id, start_label
from bot.handlers.router import Answer, Feature, Flow
from bot.handlers.triage import offer_weekly_check
from bot.keyboards import Patient, button
from bot.logs import chat_ref
from content.schema import Programme
from scheduler.times import get_zone
from scheduler.zones import is_known_zone, zone_label
from storage.prescriptions import PrescriptionInfo
from storage.reminders import AlreadyStarted, SubscriptionInfo, SubscriptionLimitReached

log = logging.getLogger(__name__)

ALREADY_STARTED = "You have already started this programme: /reminders shows it."
UNKNOWN = (
    "I don't recognise this programme link. Please check that you copied the whole link, or ask the "
    "person who gave it to you for a new one. You can still read everything here: pick a topic below."
)
REVOKED = (
    "This programme link has been withdrawn by the person who made it, so it can't be used any more. "
    "If you still need it, ask them for a new one. You can still read everything here."
)
EXPIRED = (
    "This programme link expired on {date}. Please ask the person who gave it to you for a new one. "
    "You can still read everything here."
)
GONE = (
    "The programme in this link is no longer available. Please ask the person who gave it to you for a "
    "new one. You can still read everything here."
)


def _unusable(context: Ctx, info: PrescriptionInfo | None) -> str | None:
    """Why a link cannot be used now (a message for the patient), or None when it can."""
    if info is None:
        return UNKNOWN
    status = info.status(context.now())
    if status == "revoked":
        return REVOKED
    if status == "expired":
        return EXPIRED.format(date=long_date(info.expires_at))
    if info.programme_id not in context.content.programmes:
        return GONE
    return None


# ---- the patient's side ----------------------------------------------------------------------


async def open_link(update: Update, context: Ctx, code: str) -> None:
    """``/start rx_<code>``: who prescribed what, the consent gate, then the offer."""
    if not is_private(update):
        await send(
            update,
            context,
            ["Please open programme links in a private chat with me."],
            keyboards.open_private(context.bot.username),
        )
        return
    info = await context.store.prescriptions.find_prescription(code)
    problem = _unusable(context, info)
    if problem:
        await send(update, context, [problem], keyboards.main_menu())
        return
    programme = context.content.programmes[info.programme_id]
    text = [
        f"<b>A programme for you from “{escape(info.prescriber_name, quote=False)}”</b>",
        f"<b>{escape(programme.title, quote=False)}</b>",
        *render.paragraph(programme.description),
    ]
    if programme.caution:
        text.append(f"<i>{escape(programme.caution, quote=False)}</i>")
    text.append(
        f"It starts at {start_label(info.start_day)}, with a reminder every day at {info.local_time:%H:%M}.\n"
        "<i>The name above was written by the person who made the link; Rootwise does not check it.</i>"
    )
    await send(update, context, render.pack(text))
    if not await ensure_consent(update, context, "rx", str(info.id)):
        return
    await offer(update, context, str(info.id))


async def offer(update: Update, context: Ctx, argument: str) -> None:
    """Record that this patient opened the link (they agreed to the notice), and offer start and sharing."""
    info = await context.store.prescriptions.get_prescription(int(argument)) if argument.isdigit() else None
    problem = _unusable(context, info)
    if problem:
        await send(update, context, [problem], keyboards.main_menu())
        return
    chat_id = update.effective_chat.id
    await context.store.prescriptions.open_prescription(info.id, chat_id, context.now())
    link = await context.store.prescriptions.patient_link(info.id, chat_id)
    started = await _started(context, link)
    name = escape(info.prescriber_name, quote=False)
    lines = [
        "You have already started this programme: /reminders shows it."
        if started
        else f"Tap <b>▶️ Start this programme</b> for a daily reminder at {info.local_time:%H:%M}, starting at "
        f"{start_label(info.start_day)}. You can change the time later in /reminders.",
        f"<b>Share my progress (counts only) with “{name}”?</b>\nIf you say yes, they see numbers added up over "
        "everyone who shares from this link: how many opened it and started, sessions done in the last 7 days, "
        "and the average change in pain. Never your name or your chat. You can change your mind with these "
        "buttons at any time.",
    ]
    if link.share is not None:
        lines.append("<i>You said " + ("yes" if link.share else "no") + ".</i>")
    rows = [] if started else [[button("▶️ Start this programme", Patient.START, str(info.id))]]
    rows.append(
        [
            button("📊 Yes, share counts", Patient.SHARE, str(info.id), "1"),
            button("No, don't share", Patient.SHARE, str(info.id), "0"),
        ]
    )
    await send(update, context, ["\n\n".join(lines)], InlineKeyboardMarkup(rows))


async def _started(context: Ctx, link) -> SubscriptionInfo | None:
    if link is None or link.subscription_id is None:
        return None
    return await context.store.reminders.get_subscription(link.subscription_id, chat_id=link.chat_id)


async def _patient(update: Update, context: Ctx, args: tuple[str, ...], size: int):
    """(prescription, this patient's row) for a press, or None when the press is not theirs."""
    prescription_id = row_id(args[0]) if len(args) == size else None
    if prescription_id is None:
        return None
    link = await context.store.prescriptions.patient_link(prescription_id, update.effective_chat.id)
    if link is None:
        return None
    return await context.store.prescriptions.get_prescription(link.prescription_id), link


async def _start(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    found = await _patient(update, context, args, 1)
    if found is None:
        return False
    info, link = found
    await update.callback_query.answer()
    problem = _unusable(context, info)
    if problem:
        await send(update, context, [problem], keyboards.main_menu())
        return True
    if await _started(context, link):
        await send(update, context, [ALREADY_STARTED])
        return True
    zone = await context.store.chats.get_zone(link.chat_id)
    if zone:
        await _subscribe(update, context, info.id, zone)
        return True
    await PATIENT.ask(context, update.effective_chat.id, "zone", prescription=info.id)
    await send(
        update,
        context,
        [
            f"Reminder at {info.local_time:%H:%M}. Which time zone are you in? Type your city "
            "or time zone (for example London, Europe/Berlin or UTC+2), or share your location "
            "with 📎 → Location."
        ],
        InlineKeyboardMarkup([[button("UK (Europe/London)", Patient.LONDON, str(info.id))]]),
    )
    return True


async def _zone_london(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    found = await _patient(update, context, args, 1)
    if found is None:
        return False
    await update.callback_query.answer()
    await _subscribe(update, context, found[0].id, "Europe/London")
    return True


async def _zone_chosen(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """One of a country's zones, offered when the patient typed the country."""
    found = await _patient(update, context, args[:1], 1) if len(args) == 2 and is_known_zone(args[1]) else None
    if found is None:
        return False
    await update.callback_query.answer()
    await _subscribe(update, context, found[0].id, args[1])
    return True


async def _subscribe(update: Update, context: Ctx, prescription_id: int, zone: str) -> None:
    """Start the prescribed programme: the only place a patient's subscription is made."""
    chat_id = update.effective_chat.id
    await drop_pending(context, update.effective_chat.id)
    info = await context.store.prescriptions.get_prescription(prescription_id)
    link = await context.store.prescriptions.patient_link(prescription_id, chat_id)
    problem = _unusable(context, info) if link is not None else UNKNOWN
    if problem or info is None:
        await send(update, context, [problem or UNKNOWN], keyboards.main_menu())
        return
    if await _started(context, link):
        await send(update, context, [ALREADY_STARTED])
        return
    programme = context.content.programmes[info.programme_id]
    sub = await _add_reminder(update, context, info, link, programme, zone)
    if sub is None:
        return
    await context.store.chats.set_zone(chat_id, zone)
    log.info("prescription %s started as reminder %s in chat %s", prescription_id, sub.id, chat_ref(chat_id))
    first = sub.next_due_utc.astimezone(get_zone(sub.zone))
    await send(
        update,
        context,
        [
            f"✅ Started: <b>{escape(programme.title, quote=False)}</b>, every day at {sub.local_time:%H:%M} "
            f"({escape(zone_label(sub.zone), quote=False)}), from day {sub.day + 1}. "
            f"First reminder: {first:%a %d %b, %H:%M}.\n\n"
            "Each reminder has buttons to mark it done, snooze it or skip a day. /reminders changes the time or "
            "pauses it."
        ],
    )
    await offer_weekly_check(update, context)


async def _add_reminder(
    update: Update, context: Ctx, info: PrescriptionInfo, link, programme: Programme, zone: str
) -> SubscriptionInfo | None:
    """The patient's reminder of the prescribed programme, or None (told why): started already, or
    at the limit of reminders. Two quick taps on Start (on one replica or two) make one reminder:
    the database decides."""
    chat_id = update.effective_chat.id
    try:
        return await context.store.reminders.add_subscription(
            chat_id,
            info.programme_id,
            info.local_time,
            zone,
            context.now(),
            day=min(info.start_day, len(programme.days) - 1),
            prescription=(info.id, link.subscription_id),
        )
    except AlreadyStarted:
        await send(update, context, [ALREADY_STARTED])
    except SubscriptionLimitReached as exc:
        await send(update, context, [escape(str(exc), quote=False) + " /reminders shows the ones you have."])
    return None


async def _share(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    found = await _patient(update, context, args, 2)
    if found is None or args[1] not in ("0", "1"):
        return False
    info, link = found
    share = args[1] == "1"
    await context.store.prescriptions.set_sharing(link.prescription_id, link.chat_id, share)
    await update.callback_query.answer("Shared" if share else "Not shared")
    name = escape(info.prescriber_name, quote=False)
    await send(
        update,
        context,
        [
            f"📊 Thank you. “{name}” will see counts only, added up with other patients who share: never your name "
            "or your chat. Tap “No, don't share” above to stop at any time."
            if share
            else f"OK. Nothing about your progress is shared with “{name}”."
        ],
    )
    return True


async def typed_zone(update: Update, context: Ctx, answer: Answer) -> None:
    """A typed place or a shared location: then the programme starts."""
    prescription = answer.state["prescription"]
    zone = await read_zone(update, context, answer.text, answer.location, Patient.CHOSEN_ZONE, str(prescription))
    if zone is not None:
        await _subscribe(update, context, prescription, zone)


PATIENT = Flow("patient", {"zone": typed_zone}, located=frozenset({"zone"}))

FEATURE = Feature(
    "patient",
    buttons={
        Patient.START: _start,
        Patient.LONDON: _zone_london,
        Patient.CHOSEN_ZONE: _zone_chosen,
        Patient.SHARE: _share,
    },
    flows=[PATIENT],
    after_consent={"rx": offer},
)
