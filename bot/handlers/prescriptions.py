"""Prescribed programmes: /prescribe and /prescriptions for prescribers, and the patient's link.

A prescriber (a physiotherapist, a group admin: Rootwise cannot check who anyone is, so the
patient is told that the name is the prescriber's own) picks a programme, a start day, a suggested
reminder time and a display name, and gets a link ``https://t.me/<bot>?start=rx_<code>``.

A patient opening the link sees who prescribed what, agrees to the privacy notice if they have not
yet, and starts daily reminders with one tap; separately they choose whether to share their progress
with the prescriber. The prescriber only ever sees counts over the patients who said yes.

Typed answers (a time, a display name, a city) use the same one-per-chat flow as /remind (the
store's flows table, shared by replicas), with steps of their own, so starting either replaces the other.
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import keyboards, render
from bot.context import Ctx
from bot.logs import chat_ref
from bot.handlers.common import drop_pending, get_pending, set_pending, is_private, quote, send, several_zones
from bot.handlers.consent import CONTINUATIONS, ensure_consent
from bot.handlers.triage import offer_weekly_check
from content.schema import Programme
from scheduler.times import get_zone, parse_time
from scheduler.zones import find_zone, is_known_zone, zone_choices, zone_from_location, zone_label
from storage.prescriptions import NAME_MAX, PrescriptionInfo
from storage.store import AlreadyStarted, SubscriptionInfo, SubscriptionLimitReached

log = logging.getLogger(__name__)

PAYLOAD_PREFIX = "rx_"  # /start rx_<code>
STEP_PREFIX = "rx_"  # our steps: rx_time, rx_name, rx_zone
TIMES = ("0700", "0800", "0900", "1200", "1800", "2000")
PAGE_SIZE = 10  # links per /prescriptions page

ALREADY_STARTED = "You have already started this programme: /reminders shows it."
UNKNOWN = ("I don't recognise this programme link. Please check that you copied the whole link, or ask the "
           "person who gave it to you for a new one. You can still read everything here: pick a topic below.")
REVOKED = ("This programme link has been withdrawn by the person who made it, so it can't be used any more. "
           "If you still need it, ask them for a new one. You can still read everything here.")
EXPIRED = ("This programme link expired on {date}. Please ask the person who gave it to you for a new one. "
           "You can still read everything here.")
GONE = ("The programme in this link is no longer available. Please ask the person who gave it to you for a "
        "new one. You can still read everything here.")

b = keyboards.data




def _date(when: dt.datetime) -> str:
    return f"{when:%d %B %Y}".lstrip("0")


def start_days(programme: Programme) -> list[int]:
    """Start days offered for a programme: day 1, then the first day of each later week."""
    return list(range(0, len(programme.days), 7))


def start_label(day: int) -> str:
    return "day 1" if day == 0 else f"week {day // 7 + 1} (day {day + 1})"


def _title(context: Ctx, programme_id: str) -> str:
    programme = context.content.programmes.get(programme_id)
    return escape(programme.title if programme else programme_id, quote=False)


def _clean_name(text: str) -> str:
    """A display name on one line, without control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _unusable(context: Ctx, info: PrescriptionInfo | None) -> str | None:
    """Why a link cannot be used now (a message for the patient), or None when it can."""
    if info is None:
        return UNKNOWN
    status = info.status(context.now())
    if status == "revoked":
        return REVOKED
    if status == "expired":
        return EXPIRED.format(date=_date(info.expires_at))
    if info.programme_id not in context.content.programmes:
        return GONE
    return None


# ---- /prescribe ------------------------------------------------------------------------------


async def prescribe(update: Update, context: Ctx) -> None:
    """Start making a programme link: pick a programme."""
    if not is_private(update):
        await send(update, context, ["Programme links are made in a private chat with me."],
                   keyboards.open_private(context.bot.username))
        return
    if not await ensure_consent(update, context, "prescribe"):
        return
    await drop_pending(context, update.effective_chat.id)
    rows = [[InlineKeyboardButton(p.title, callback_data=b("pxp", p.id))] for p in context.content.programmes.values()]
    await send(update, context, [
        "<b>Prescribe a programme</b>\n\nI'll make a link for you to give to a patient. Opening it shows them "
        "the programme and your name, and lets them start daily reminders with one tap. They choose "
        "whether to share their progress with you; if they do, you see counts only, never who they are.\n\n"
        "Which programme?"], InlineKeyboardMarkup(rows))


async def _pick_programme(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    if len(args) != 1 or args[0] not in context.content.programmes:
        return False
    programme = context.content.programmes[args[0]]
    await update.callback_query.answer()
    buttons = [InlineKeyboardButton(start_label(d).split(" (")[0].capitalize(), callback_data=b("pxd", programme.id, str(d)))
               for d in start_days(programme)]
    await send(update, context, [f"<b>{escape(programme.title, quote=False)}</b> ({len(programme.days)} days)\n\n"
                                 "Where in the programme should your patient start?"],
               InlineKeyboardMarkup([buttons[i:i + 4] for i in range(0, len(buttons), 4)]))
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
    await set_pending(context, update.effective_chat.id, {"step": "rx_time", "programme": args[0], "day": day})
    buttons = [InlineKeyboardButton(f"{t[:2]}:{t[2:]}", callback_data=b("pxt", args[0], str(day), t)) for t in TIMES]
    await send(update, context, ["What time should the daily reminder come? Pick one, or type a time such as "
                                 "7:30 or 7pm. Your patient can change it later."],
               InlineKeyboardMarkup([buttons[:3], buttons[3:]]))
    return True


async def _ask_name(update: Update, context: Ctx, programme_id: str, day: int, at: dt.time) -> None:
    hhmm = at.strftime("%H%M")
    await set_pending(context, update.effective_chat.id, {"step": "rx_name", "programme": programme_id, "day": day, "time": hhmm})
    text = (f"Reminder at {at:%H:%M}. Last step: how should your patients see you? Type a display name, for "
            f"example “Sam, physio at Riverside clinic” (up to {NAME_MAX} characters). It is stored with the link "
            "and shown to everyone who opens it.")
    last = await context.store.last_prescriber_name(update.effective_chat.id)
    keyboard = None
    if last:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(f"Use “{last}”",
                                                               callback_data=b("pxn", programme_id, str(day), hhmm))]])
    await send(update, context, [text], keyboard)


async def _pick_time(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    day = _valid_day(context, *args[:2]) if len(args) == 3 else None
    at = keyboards.parse_hhmm(args[2]) if day is not None else None
    if at is None:
        return False
    await update.callback_query.answer()
    await _ask_name(update, context, args[0], day, at)
    return True


async def _last_name(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    day = _valid_day(context, *args[:2]) if len(args) == 3 else None
    at = keyboards.parse_hhmm(args[2]) if day is not None else None
    name = await context.store.last_prescriber_name(update.effective_chat.id) if at else None
    if name is None:
        return False
    await update.callback_query.answer()
    await _create(update, context, args[0], day, at, name)
    return True


async def _create(update: Update, context: Ctx, programme_id: str, day: int, at: dt.time, name: str) -> None:
    """Store the prescription and hand the link to the prescriber."""
    await drop_pending(context, update.effective_chat.id)
    days = context.services.settings.prescription_days
    code, info = await context.store.create_prescription(update.effective_chat.id, programme_id, day, at, name,
                                                         context.now(), days)
    url = keyboards.deep_link_url(context.bot.username, PAYLOAD_PREFIX + code)
    log.info("prescription %s created in chat %s", info.id, chat_ref(info.chat_id))
    await send(update, context, [
        f"✅ Your link for <b>{_title(context, programme_id)}</b>, starting at {start_label(day)}, "
        f"reminder at {at:%H:%M}, from “{escape(name, quote=False)}”:\n\n{escape(url, quote=False)}\n\n"
        f"Give it to your patient. It works for {days} days, until {_date(info.expires_at)}, and anyone who has "
        "it can use it, so share it only with your patient.\n\n"
        "I keep only a fingerprint of the link, so I can't show it again. /prescriptions lists your links "
        "with their counts and lets you revoke one."])


# ---- /prescriptions --------------------------------------------------------------------------


def _pain(stats) -> str:
    if stats.pain_change is None:
        return "not enough pain scores yet"
    patients = f"{stats.pain_patients} patient" + ("s" if stats.pain_patients != 1 else "")
    return f"{stats.pain_change:+.1f} points on average, first score vs latest ({patients}; below 0 is less pain)"


def describe_link(context: Ctx, info: PrescriptionInfo, stats, now: dt.datetime) -> str:
    """One link for its prescriber: what, status, and counts only."""
    status = info.status(now)
    state = {"active": f"🟢 active until {_date(info.expires_at)}",
             "expired": f"⚪ expired on {_date(info.expires_at)}",
             "revoked": f"🚫 revoked on {_date(info.revoked_at or now)}"}[status]
    return (f"<b>{_title(context, info.programme_id)}</b> · from {start_label(info.start_day)} · "
            f"reminder {info.local_time:%H:%M}\nAs “{escape(info.prescriber_name, quote=False)}” · made "
            f"{_date(info.created_at)}\n{state}\n\n"
            f"Opened: {stats.opened} · started: {stats.accepted} · "
            f"sessions done in the last 7 days: {stats.done_last_7_days}\nPain: {_pain(stats)}")


def _revoke_keyboard(info: PrescriptionInfo) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("🚫 Revoke this link", callback_data=b("pxr", str(info.id)))]])


async def prescriptions(update: Update, context: Ctx) -> None:
    """The prescriber's links, a page at a time, with status and counts from patients who share."""
    await _show_page(update, context, 0)


async def _page(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``pxl|<page>``: another page of /prescriptions (0-based; one past the end is clamped)."""
    if len(args) != 1 or not (args[0].isascii() and args[0].isdigit()):
        return False
    await _show_page(update, context, int(args[0]))
    return True


def _nav_keyboard(page: int, pages: int) -> InlineKeyboardMarkup:
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◀ Newer", callback_data=b("pxl", str(page - 1))))
    if page < pages - 1:
        row.append(InlineKeyboardButton("Older ▶", callback_data=b("pxl", str(page + 1))))
    return InlineKeyboardMarkup([row])


async def _show_page(update: Update, context: Ctx, requested: int) -> None:
    """One page of links: active ones first, then expired and revoked ones, newest first within each.

    A page number past the end (a stale button after links went, or a forged one) shows the last page.
    """
    query = update.callback_query
    if not is_private(update):
        if query:
            await query.answer()
        await send(update, context, ["Your programme links are shown in a private chat with me."],
                   keyboards.open_private(context.bot.username))
        return
    chat_id = update.effective_chat.id
    now = context.now()
    total = await context.store.count_prescriptions(chat_id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(requested, pages - 1)
    if query:
        await query.answer(None if page == requested else f"That page is gone: here is page {page + 1} of {pages}.")
    if not total:
        await send(update, context, ["You have no programme links. /prescribe makes one for a patient."])
        return
    active = await context.store.count_active_prescriptions(chat_id, now)
    links = await context.store.list_prescriptions(chat_id, limit=PAGE_SIZE, offset=page * PAGE_SIZE, now=now)
    first, last = page * PAGE_SIZE + 1, page * PAGE_SIZE + len(links)
    title = "Your programme links" + (f", page {page + 1} of {pages}" if pages > 1 else "")
    await send(update, context, [
        f"<b>{title}</b>\n{total} link{'s' if total != 1 else ''}, {active} still active. Active links come "
        "first, then expired and revoked ones; newest first within each.\n\nThe counts include only patients "
        "who chose to share their progress with you, added up: never names or chats. Patients who said no are "
        "not counted at all."])
    since = (now - dt.timedelta(days=6)).date()
    for info in links:
        stats = await context.store.prescription_stats(info.id, since)
        keyboard = _revoke_keyboard(info) if info.status(now) == "active" else None
        await send(update, context, [describe_link(context, info, stats, now)], keyboard)
    if pages > 1:
        await send(update, context, [f"Page {page + 1} of {pages}: links {first}–{last} of {total}."],
                   _nav_keyboard(page, pages))


def _number(text: str) -> int | None:
    """A row id from a button argument: ASCII digits only (``"²".isdigit()`` is true), within 64 bits."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


async def _own_link(update: Update, context: Ctx, args: tuple[str, ...]) -> PrescriptionInfo | None:
    prescription_id = _number(args[0]) if len(args) == 1 else None
    if prescription_id is None:
        return None
    info = await context.store.get_prescription(prescription_id)
    return info if info is not None and info.chat_id == update.effective_chat.id else None


async def _revoke(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    info = await _own_link(update, context, args)
    if info is None:
        return False
    await update.callback_query.answer()
    confirm = InlineKeyboardMarkup([[InlineKeyboardButton("Yes, revoke it", callback_data=b("pxr2", str(info.id))),
                                     InlineKeyboardButton("No, keep it", callback_data=b("rkeep"))]])
    await send(update, context, [f"Revoke your link for <b>{_title(context, info.programme_id)}</b> made on "
                                 f"{_date(info.created_at)}? Nobody will be able to open it any more. Patients who "
                                 "already started keep their reminders."], confirm)
    return True


async def _revoke_confirmed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    info = await _own_link(update, context, args)
    if info is None:
        return False
    done = await context.store.revoke_prescription(info.id, info.chat_id, context.now())
    await update.callback_query.answer("Revoked" if done else "Already revoked")
    await send(update, context, ["🚫 Revoked. The link no longer works. Patients who already started keep "
                                 "their reminders and can stop them at any time. /prescribe makes a new link."
                                 if done else "That link was already revoked."])
    return True


# ---- the patient's side ----------------------------------------------------------------------


async def open_link(update: Update, context: Ctx, code: str) -> None:
    """``/start rx_<code>``: who prescribed what, the consent gate, then the offer."""
    if not is_private(update):
        await send(update, context, ["Please open programme links in a private chat with me."],
                   keyboards.open_private(context.bot.username))
        return
    info = await context.store.find_prescription(code)
    problem = _unusable(context, info)
    if problem:
        await send(update, context, [problem], keyboards.main_menu())
        return
    programme = context.content.programmes[info.programme_id]
    text = [f"<b>A programme for you from “{escape(info.prescriber_name, quote=False)}”</b>",
            f"<b>{escape(programme.title, quote=False)}</b>", *render.paragraph(programme.description)]
    if programme.caution:
        text.append(f"<i>{escape(programme.caution, quote=False)}</i>")
    text.append(f"It starts at {start_label(info.start_day)}, with a reminder every day at {info.local_time:%H:%M}.\n"
                "<i>The name above was written by the person who made the link; Rootwise does not check it.</i>")
    await send(update, context, render.pack(text))
    if not await ensure_consent(update, context, "rx", str(info.id)):
        return
    await offer(update, context, str(info.id))


async def offer(update: Update, context: Ctx, argument: str) -> None:
    """Record that this patient opened the link (they agreed to the notice), and offer start and sharing."""
    info = await context.store.get_prescription(int(argument)) if argument.isdigit() else None
    problem = _unusable(context, info)
    if problem:
        await send(update, context, [problem], keyboards.main_menu())
        return
    chat_id = update.effective_chat.id
    await context.store.open_prescription(info.id, chat_id, context.now())
    link = await context.store.patient_link(info.id, chat_id)
    started = await _started(context, link)
    name = escape(info.prescriber_name, quote=False)
    lines = ["You have already started this programme: /reminders shows it." if started else
             f"Tap <b>▶️ Start this programme</b> for a daily reminder at {info.local_time:%H:%M}, starting at "
             f"{start_label(info.start_day)}. You can change the time later in /reminders.",
             f"<b>Share my progress (counts only) with “{name}”?</b>\nIf you say yes, they see numbers added up over "
             "everyone who shares from this link: how many opened it and started, sessions done in the last 7 days, "
             "and the average change in pain. Never your name or your chat. You can change your mind with these "
             "buttons at any time."]
    if link.share is not None:
        lines.append("<i>You said " + ("yes" if link.share else "no") + ".</i>")
    rows = [] if started else [[InlineKeyboardButton("▶️ Start this programme", callback_data=b("pxa", str(info.id)))]]
    rows.append([InlineKeyboardButton("📊 Yes, share counts", callback_data=b("pxs", str(info.id), "1")),
                 InlineKeyboardButton("No, don't share", callback_data=b("pxs", str(info.id), "0"))])
    await send(update, context, ["\n\n".join(lines)], InlineKeyboardMarkup(rows))


async def _started(context: Ctx, link) -> SubscriptionInfo | None:
    if link is None or link.subscription_id is None:
        return None
    return await context.store.get_subscription(link.subscription_id, chat_id=link.chat_id)


async def _patient(update: Update, context: Ctx, args: tuple[str, ...], size: int):
    """(prescription, this patient's row) for a press, or None when the press is not theirs."""
    prescription_id = _number(args[0]) if len(args) == size else None
    if prescription_id is None:
        return None
    link = await context.store.patient_link(prescription_id, update.effective_chat.id)
    if link is None:
        return None
    return await context.store.get_prescription(link.prescription_id), link


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
    zone = await context.store.get_zone(link.chat_id)
    if zone:
        await _subscribe(update, context, info.id, zone)
        return True
    await set_pending(context, update.effective_chat.id, {"step": "rx_zone", "prescription": info.id})
    await send(update, context, [f"Reminder at {info.local_time:%H:%M}. Which time zone are you in? Type your city "
                                 "or time zone (for example London, Europe/Berlin or UTC+2), or share your location "
                                 "with 📎 → Location."],
               InlineKeyboardMarkup([[InlineKeyboardButton("UK (Europe/London)", callback_data=b("pxz", str(info.id)))]]))
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
    info = await context.store.get_prescription(prescription_id)
    link = await context.store.patient_link(prescription_id, chat_id)
    problem = _unusable(context, info) if link is not None else UNKNOWN
    if problem:
        await send(update, context, [problem], keyboards.main_menu())
        return
    if await _started(context, link):
        await send(update, context, [ALREADY_STARTED])
        return
    programme = context.content.programmes[info.programme_id]
    day = min(info.start_day, len(programme.days) - 1)
    now = context.now()
    try:
        # Two quick taps on Start (on one replica or two) make one reminder: the database decides.
        sub = await context.store.add_subscription(chat_id, info.programme_id, info.local_time, zone, now, day=day,
                                                   prescription=(prescription_id, link.subscription_id))
    except AlreadyStarted:
        await send(update, context, [ALREADY_STARTED])
        return
    except SubscriptionLimitReached as exc:
        await send(update, context, [escape(str(exc), quote=False) + " /reminders shows the ones you have."])
        return
    await context.store.set_zone(chat_id, zone)
    log.info("prescription %s started as reminder %s in chat %s", prescription_id, sub.id, chat_ref(chat_id))
    first = sub.next_due_utc.astimezone(get_zone(sub.zone))
    await send(update, context, [
        f"✅ Started: <b>{escape(programme.title, quote=False)}</b>, every day at {sub.local_time:%H:%M} "
        f"({escape(zone_label(sub.zone), quote=False)}), from day {sub.day + 1}. First reminder: {first:%a %d %b, %H:%M}.\n\n"
        "Each reminder has buttons to mark it done, snooze it or skip a day. /reminders changes the time or "
        "pauses it."])
    await offer_weekly_check(update, context)


async def _share(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    found = await _patient(update, context, args, 2)
    if found is None or args[1] not in ("0", "1"):
        return False
    info, link = found
    share = args[1] == "1"
    await context.store.set_sharing(link.prescription_id, link.chat_id, share)
    await update.callback_query.answer("Shared" if share else "Not shared")
    name = escape(info.prescriber_name, quote=False)
    await send(update, context, [
        f"📊 Thank you. “{name}” will see counts only, added up with other patients who share: never your name "
        "or your chat. Tap “No, don't share” above to stop at any time." if share else
        f"OK. Nothing about your progress is shared with “{name}”."])
    return True


# ---- typed answers while a flow waits -----------------------------------------------------


def _ours(pending) -> bool:
    return isinstance(pending, dict) and str(pending.get("step", "")).startswith(STEP_PREFIX)


async def typed_answer(update: Update, context: Ctx) -> None:
    """Take a typed time, display name or place for our flows; hand anything else on."""
    pending = await get_pending(context, update.effective_chat.id)
    message = update.message
    if not _ours(pending) or message is None:
        await _hand_on(update, context)
        return
    step = pending["step"]
    if message.location is not None:
        if step != "rx_zone":
            return
        zone = zone_from_location(message.location.latitude, message.location.longitude)
        if zone is None:
            await send(update, context, ["I couldn't find a time zone for that place. Please type your city instead."])
        else:
            await _subscribe(update, context, pending["prescription"], zone)
        raise ApplicationHandlerStop
    text = (message.text or "").strip()
    if not text or text.startswith("/"):
        return  # commands go on as usual
    if step == "rx_time":
        try:
            at = parse_time(text)
        except ValueError as exc:
            await send(update, context, [escape(str(exc), quote=False)])
            raise ApplicationHandlerStop from None
        await _ask_name(update, context, pending["programme"], pending["day"], at)
    elif step == "rx_name":
        name = _clean_name(text)
        if not name or len(name) > NAME_MAX:
            await send(update, context, [f"Please keep the name to {NAME_MAX} characters or fewer (that was "
                                         f"{len(name)}). For example: Sam, physio at Riverside clinic."])
            raise ApplicationHandlerStop
        await _create(update, context, pending["programme"], pending["day"], keyboards.parse_hhmm(pending["time"]), name)
    elif step == "rx_zone":
        zone = find_zone(text)
        if choices := zone_choices(text):
            await send(update, context, [several_zones(text)],
                       keyboards.zone_choices("pxzc", choices, str(pending["prescription"])))
        elif zone is None:
            await send(update, context, [f"I don't know the place {escape(quote(text), quote=False)}. Please type a "
                                         "nearby big city, a zone such as Europe/Paris, or an offset such as UTC+1."])
        else:
            await _subscribe(update, context, pending["prescription"], zone)
    raise ApplicationHandlerStop


async def _hand_on(update: Update, context: Ctx) -> None:
    """Not for us: give the update to the next handler of our group that wants it, as if we were not there."""
    for handlers in context.application.handlers.values():
        if TYPED in handlers:
            for handler in handlers[handlers.index(TYPED) + 1:]:
                check = handler.check_update(update)
                if check is not None and check is not False:
                    await handler.handle_update(update, context.application, check, context)
                    return
            return


#: Callback kinds handled here: kind -> handler(update, context, args) -> False when stale.
BUTTONS = {
    "pxp": _pick_programme, "pxd": _pick_day, "pxt": _pick_time, "pxn": _last_name,
    "pxl": _page, "pxr": _revoke, "pxr2": _revoke_confirmed,
    "pxa": _start, "pxz": _zone_london, "pxzc": _zone_chosen, "pxs": _share,
}

TYPED = MessageHandler(filters.ChatType.PRIVATE & (filters.TEXT | filters.LOCATION), typed_answer)
#: Goes first in its group: it takes only our own typed answers and hands the rest on.
HANDLERS_TYPED = [TYPED]

HANDLERS = [
    CommandHandler("prescribe", prescribe),
    CommandHandler("prescriptions", prescriptions),
]

CONTINUATIONS["prescribe"] = lambda update, context, _argument: prescribe(update, context)
CONTINUATIONS["rx"] = offer
