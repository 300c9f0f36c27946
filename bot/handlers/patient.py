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
from bot.handlers.check import offer_weekly_check
from bot.handlers.common import drop_pending, is_private, language_of, read_zone, send
from bot.handlers.consent import ensure_consent
from bot.handlers.prescriptions_page import long_date, row_id, start_label
from bot.handlers.router import Answer, Feature, Flow
from bot.i18n import N_, gettext_for
from bot.keyboards import Patient, button
from bot.logs import chat_ref
from bot.render import long_date as long_date_in
from content.schema import Programme
from scheduler.times import get_zone
from scheduler.zones import is_known_zone, zone_label
from storage.prescriptions import PrescriptionInfo
from storage.reminders import AlreadyStarted, SubscriptionInfo, SubscriptionLimitReached

log = logging.getLogger(__name__)

ALREADY_STARTED = N_("You have already started this programme: /reminders shows it.")
UNKNOWN = N_(
    "I don't recognise this programme link. Please check that you copied the whole link, or ask the "
    "person who gave it to you for a new one. You can still read everything here: pick a topic below."
)
REVOKED = N_(
    "This programme link has been withdrawn by the person who made it, so it can't be used any more. "
    "If you still need it, ask them for a new one. You can still read everything here."
)
EXPIRED = N_(
    "This programme link expired on {date}. Please ask the person who gave it to you for a new one. "
    "You can still read everything here."
)
GONE = N_(
    "The programme in this link is no longer available. Please ask the person who gave it to you for a "
    "new one. You can still read everything here."
)


def start_label_in(day: int, language: str | None) -> str:
    """The day a prescribed programme starts at, in ``language``."""
    if not language or language == "en":
        return start_label(day)
    _ = gettext_for(language)
    return _("day 1") if day == 0 else _("week {week} (day {day})").format(week=day // 7 + 1, day=day + 1)


def _unusable(context: Ctx, info: PrescriptionInfo | None, language: str | None = None) -> str | None:
    """Why a link cannot be used now (a message for the patient, in ``language``), or None when it can."""
    _ = gettext_for(language)
    if info is None:
        return _(UNKNOWN)
    status = info.status(context.now())
    if status == "revoked":
        return _(REVOKED)
    if status == "expired":
        when = (
            long_date(info.expires_at) if not language or language == "en" else long_date_in(info.expires_at, language)
        )
        return _(EXPIRED).format(date=when)
    if info.programme_id not in context.content.programmes:
        return _(GONE)
    return None


# ---- the patient's side ----------------------------------------------------------------------


async def open_link(update: Update, context: Ctx, code: str) -> None:
    """``/start rx_<code>``: who prescribed what, the consent gate, then the offer."""
    language = await language_of(update, context)
    _ = gettext_for(language)
    if not is_private(update):
        private = keyboards.open_private(context.bot.username, language)
        await send(update, context, [_("Please open programme links in a private chat with me.")], private)
        return
    info = await context.store.prescriptions.find_prescription(code)
    problem = _unusable(context, info, language)
    if problem:
        await send(update, context, [problem], keyboards.main_menu(language))
        return
    programme = _programme(context, info.programme_id, language)
    from_whom = _("A programme for you from “{name}”").format(name=escape(info.prescriber_name, quote=False))
    text = [
        f"<b>{from_whom}</b>",
        f"<b>{escape(programme.title, quote=False)}</b>",
        *render.paragraph(programme.description),
    ]
    if programme.caution:
        text.append(f"<i>{escape(programme.caution, quote=False)}</i>")
    starts = _("It starts at {start}, with a reminder every day at {time}.").format(
        start=start_label_in(info.start_day, language), time=f"{info.local_time:%H:%M}"
    )
    unchecked = _("The name above was written by the person who made the link; Rootwise does not check it.")
    text.append(f"{starts}\n<i>{unchecked}</i>")
    await send(update, context, render.pack(text))
    if not await ensure_consent(update, context, "rx", str(info.id)):
        return
    await offer(update, context, str(info.id))


def _programme(context: Ctx, programme_id: str, language: str | None) -> Programme:
    """The prescribed programme in ``language`` (English where it is not translated)."""
    return (
        context.content.in_language(language).programmes.get(programme_id) or context.content.programmes[programme_id]
    )


async def offer(update: Update, context: Ctx, argument: str) -> None:
    """Record that this patient opened the link (they agreed to the notice), and offer start and sharing."""
    info = await context.store.prescriptions.get_prescription(int(argument)) if argument.isdigit() else None
    language = await language_of(update, context)
    _ = gettext_for(language)
    problem = _unusable(context, info, language)
    if problem:
        await send(update, context, [problem], keyboards.main_menu(language))
        return
    chat_id = update.effective_chat.id
    await context.store.prescriptions.open_prescription(info.id, chat_id, context.now())
    link = await context.store.prescriptions.patient_link(info.id, chat_id)
    started = await _started(context, link)
    name = escape(info.prescriber_name, quote=False)
    start = _(
        "Tap <b>▶️ Start this programme</b> for a daily reminder at {time}, starting at {start}. "
        "You can change the time later in /reminders."
    ).format(time=f"{info.local_time:%H:%M}", start=start_label_in(info.start_day, language))
    share = _(
        "<b>Share my progress (counts only) with “{name}”?</b>\nIf you say yes, they see numbers added up over "
        "everyone who shares from this link: how many opened it and started, sessions done in the last 7 days, "
        "and the average change in pain. Never your name or your chat. You can change your mind with these "
        "buttons at any time."
    ).format(name=name)
    lines = [_(ALREADY_STARTED) if started else start, share]
    if link.share is not None:
        lines.append("<i>" + (_("You said yes.") if link.share else _("You said no.")) + "</i>")
    rows = [] if started else [[button(_("▶️ Start this programme"), Patient.START, str(info.id))]]
    rows.append(
        [
            button(_("📊 Yes, share counts"), Patient.SHARE, str(info.id), "1"),
            button(_("No, don't share"), Patient.SHARE, str(info.id), "0"),
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
    language = await language_of(update, context)
    _ = gettext_for(language)
    problem = _unusable(context, info, language)
    if problem:
        await send(update, context, [problem], keyboards.main_menu(language))
        return True
    if await _started(context, link):
        await send(update, context, [_(ALREADY_STARTED)])
        return True
    zone = await context.store.chats.get_zone(link.chat_id)
    if zone:
        await _subscribe(update, context, info.id, zone)
        return True
    await PATIENT.ask(context, update.effective_chat.id, "zone", prescription=info.id)
    question = _(
        "Reminder at {time}. Which time zone are you in? Type your city or time zone "
        "(for example London, Europe/Berlin or UTC+2), or share your location with 📎 → Location."
    ).format(time=f"{info.local_time:%H:%M}")
    await send(
        update,
        context,
        [question],
        InlineKeyboardMarkup([[button(_("UK (Europe/London)"), Patient.LONDON, str(info.id))]]),
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
    language = await language_of(update, context)
    _ = gettext_for(language)
    problem = _unusable(context, info, language) if link is not None else _(UNKNOWN)
    if problem or info is None:
        await send(update, context, [problem or _(UNKNOWN)], keyboards.main_menu(language))
        return
    if await _started(context, link):
        await send(update, context, [_(ALREADY_STARTED)])
        return
    programme = _programme(context, info.programme_id, language)
    sub = await _add_reminder(update, context, info, link, programme, zone)
    if sub is None:
        return
    await context.store.chats.set_zone(chat_id, zone)
    log.info("prescription %s started as reminder %s in chat %s", prescription_id, sub.id, chat_ref(chat_id))
    first = sub.next_due_utc.astimezone(get_zone(sub.zone))
    when = f"{first:%a %d %b, %H:%M}"
    if language and language != "en":
        from babel.dates import format_datetime

        when = format_datetime(first, "EEE d MMM, HH:mm", tzinfo=first.tzinfo, locale=language)
    started = _(
        "✅ Started: <b>{title}</b>, every day at {time} ({zone}), from day {day}. First reminder: {first}.\n\n"
        "Each reminder has buttons to mark it done, snooze it or skip a day. /reminders changes the time or "
        "pauses it."
    ).format(
        title=escape(programme.title, quote=False),
        time=f"{sub.local_time:%H:%M}",
        zone=escape(zone_label(sub.zone), quote=False),
        day=sub.day + 1,
        first=when,
    )
    await send(update, context, [started])
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
        await send(update, context, [gettext_for(await language_of(update, context))(ALREADY_STARTED)])
    except SubscriptionLimitReached as exc:
        _ = gettext_for(await language_of(update, context))
        limit = _("A chat can have at most {limit} reminders. Delete one before adding another.").format(
            limit=exc.limit
        )
        await send(update, context, [escape(limit, quote=False) + " " + _("/reminders shows the ones you have.")])
    return None


async def _share(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    found = await _patient(update, context, args, 2)
    if found is None or args[1] not in ("0", "1"):
        return False
    info, link = found
    share = args[1] == "1"
    await context.store.prescriptions.set_sharing(link.prescription_id, link.chat_id, share)
    _ = gettext_for(await language_of(update, context))
    await update.callback_query.answer(_("Shared") if share else _("Not shared"))
    name = escape(info.prescriber_name, quote=False)
    shared = _(
        "📊 Thank you. “{name}” will see counts only, added up with other patients who share: never your name "
        "or your chat. Tap “No, don't share” above to stop at any time."
    )
    kept = _("OK. Nothing about your progress is shared with “{name}”.")
    await send(update, context, [(shared if share else kept).format(name=name)])
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
