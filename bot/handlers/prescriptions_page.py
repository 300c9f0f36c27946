"""/prescriptions: a prescriber's links, a page at a time, each with its status and counts from the
patients who chose to share (never more), and revoking a link (with a confirm button). Also the
small formatting helpers the prescriber's and the patient's messages share.
"""

from __future__ import annotations

import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update

from bot import keyboards
from bot.context import Ctx
from bot.handlers.clinician import send_patients
from bot.handlers.common import is_private, send
from bot.keyboards import Prescribe, button, confirm
from storage.prescriptions import PrescriptionInfo

log = logging.getLogger(__name__)

PAGE_SIZE = 10  # links per /prescriptions page


def long_date(when: dt.datetime) -> str:
    return f"{when:%d %B %Y}".lstrip("0")


def start_label(day: int) -> str:
    return "day 1" if day == 0 else f"week {day // 7 + 1} (day {day + 1})"


def programme_title(context: Ctx, programme_id: str) -> str:
    programme = context.content.programmes.get(programme_id)
    return escape(programme.title if programme else programme_id, quote=False)


def _pain(stats) -> str:
    if stats.pain_change is None:
        return "not enough pain scores yet"
    patients = f"{stats.pain_patients} patient" + ("s" if stats.pain_patients != 1 else "")
    return f"{stats.pain_change:+.1f} points on average, first score vs latest ({patients}; below 0 is less pain)"


def describe_link(context: Ctx, info: PrescriptionInfo, stats, now: dt.datetime) -> str:
    """One link for its prescriber: what, status, and counts only."""
    status = info.status(now)
    state = {
        "active": f"🟢 active until {long_date(info.expires_at)}",
        "expired": f"⚪ expired on {long_date(info.expires_at)}",
        "revoked": f"🚫 revoked on {long_date(info.revoked_at or now)}",
    }[status]
    return (
        f"<b>{programme_title(context, info.programme_id)}</b> · from {start_label(info.start_day)} · "
        f"reminder {info.local_time:%H:%M}\nAs “{escape(info.prescriber_name, quote=False)}” · made "
        f"{long_date(info.created_at)}\n{state}\n\n"
        f"Opened: {stats.opened} · started: {stats.accepted} · "
        f"sessions done in the last 7 days: {stats.done_last_7_days}\nPain: {_pain(stats)}"
    )


def _revoke_keyboard(info: PrescriptionInfo) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button("🚫 Revoke this link", Prescribe.REVOKE, str(info.id))]])


async def prescriptions(update: Update, context: Ctx) -> None:
    """The prescriber's links, a page at a time, with status and counts from patients who share."""
    await _show_page(update, context, 0)


async def on_page(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``pxl|<page>``: another page of /prescriptions (0-based; one past the end is clamped)."""
    if len(args) != 1 or not (args[0].isascii() and args[0].isdigit()):
        return False
    await _show_page(update, context, int(args[0]))
    return True


def _nav_keyboard(page: int, pages: int) -> InlineKeyboardMarkup:
    row = []
    if page > 0:
        row.append(button("◀ Newer", Prescribe.PAGE, str(page - 1)))
    if page < pages - 1:
        row.append(button("Older ▶", Prescribe.PAGE, str(page + 1)))
    return InlineKeyboardMarkup([row])


async def _show_page(update: Update, context: Ctx, requested: int) -> None:
    """One page of links: active ones first, then expired and revoked ones, newest first within each.

    A page number past the end (a stale button after links went, or a forged one) shows the last page.
    """
    query = update.callback_query
    if not is_private(update):
        if query:
            await query.answer()
        await send(
            update,
            context,
            ["Your programme links are shown in a private chat with me."],
            keyboards.open_private(context.bot.username),
        )
        return
    total = await context.store.prescriptions.count_prescriptions(update.effective_chat.id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(requested, pages - 1)
    if query:
        await query.answer(None if page == requested else f"That page is gone: here is page {page + 1} of {pages}.")
    if not total:
        await send(update, context, ["You have no programme links. /prescribe makes one for a patient."])
        return
    await _send_links(update, context, page, pages, total)
    if page == 0:
        await send_patients(update, context)


async def _send_links(update: Update, context: Ctx, page: int, pages: int, total: int) -> None:
    """The page's heading, its links with their counts, and the way to the other pages."""
    chat_id, now = update.effective_chat.id, context.now()
    active = await context.store.prescriptions.count_active_prescriptions(chat_id, now)
    links = await context.store.prescriptions.list_prescriptions(
        chat_id, limit=PAGE_SIZE, offset=page * PAGE_SIZE, now=now
    )
    first, last = page * PAGE_SIZE + 1, page * PAGE_SIZE + len(links)
    title = "Your programme links" + (f", page {page + 1} of {pages}" if pages > 1 else "")
    await send(
        update,
        context,
        [
            f"<b>{title}</b>\n{total} link{'s' if total != 1 else ''}, {active} still active. Active links come "
            "first, then expired and revoked ones; newest first within each.\n\nThe counts include only patients "
            "who chose to share their progress with you, added up: never names or chats. Patients who said no are "
            "not counted at all."
        ],
    )
    since = (now - dt.timedelta(days=6)).date()
    for info in links:
        stats = await context.store.prescriptions.prescription_stats(info.id, since)
        keyboard = _revoke_keyboard(info) if info.status(now) == "active" else None
        await send(update, context, [describe_link(context, info, stats, now)], keyboard)
    if pages > 1:
        await send(
            update,
            context,
            [f"Page {page + 1} of {pages}: links {first}–{last} of {total}."],
            _nav_keyboard(page, pages),
        )


def row_id(text: str) -> int | None:
    """A row id from a button argument: ASCII digits only (``"²".isdigit()`` is true), within 64 bits."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


async def _own_link(update: Update, context: Ctx, args: tuple[str, ...]) -> PrescriptionInfo | None:
    prescription_id = row_id(args[0]) if len(args) == 1 else None
    if prescription_id is None:
        return None
    info = await context.store.prescriptions.get_prescription(prescription_id)
    return info if info is not None and info.chat_id == update.effective_chat.id else None


async def on_revoke(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    info = await _own_link(update, context, args)
    if info is None:
        return False
    await update.callback_query.answer()
    await send(
        update,
        context,
        [
            f"Revoke your link for <b>{programme_title(context, info.programme_id)}</b> made on "
            f"{long_date(info.created_at)}? Nobody will be able to open it any more. Patients who "
            "already started keep their reminders."
        ],
        confirm("Yes, revoke it", Prescribe.REVOKE_CONFIRMED, str(info.id)),
    )
    return True


async def on_revoke_confirmed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    info = await _own_link(update, context, args)
    if info is None:
        return False
    done = await context.store.prescriptions.revoke_prescription(info.id, info.chat_id, context.now())
    await update.callback_query.answer("Revoked" if done else "Already revoked")
    await send(
        update,
        context,
        [
            "🚫 Revoked. The link no longer works. Patients who already started keep "
            "their reminders and can stop them at any time. /prescribe makes a new link."
            if done
            else "That link was already revoked."
        ],
    )
    return True
