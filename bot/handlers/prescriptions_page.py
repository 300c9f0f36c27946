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
from bot.handlers.common import is_private, language_of, send
from bot.i18n import N_, gettext_for, ngettext_for
from bot.keyboards import Prescribe, button, confirm
from bot.render import long_date as long_date_in
from storage.prescriptions import PrescriptionInfo

log = logging.getLogger(__name__)

PAGE_SIZE = 10  # links per /prescriptions page
ABOUT_LINKS = N_(
    "Active links come first, then expired and revoked ones; newest first within each.\n\nThe counts "
    "include only patients who chose to share their progress with you, added up: never names or chats. "
    "Patients who said no are not counted at all."
)


def long_date(when: dt.datetime, language: str | None = None) -> str:
    """A date in words: "1 March 2025" in English, else in ``language`` ("1 de marzo de 2025")."""
    return f"{when:%d %B %Y}".lstrip("0") if not language or language == "en" else long_date_in(when, language)


def start_label(day: int, language: str | None = None) -> str:
    """The day a prescribed programme starts at, in ``language``."""
    _ = gettext_for(language)
    return _("day 1") if day == 0 else _("week {week} (day {day})").format(week=day // 7 + 1, day=day + 1)


def programme_title(context: Ctx, programme_id: str, language: str | None = None) -> str:
    programme = context.content.in_language(language).programmes.get(programme_id)
    return escape(programme.title if programme else programme_id, quote=False)


def _pain(stats, language: str | None = None) -> str:
    _ = gettext_for(language)
    if stats.pain_change is None:
        return _("not enough pain scores yet")
    ngettext = ngettext_for(language)
    patients = ngettext("{n} patient", "{n} patients", stats.pain_patients).format(n=stats.pain_patients)
    return _("{change} points on average, first score vs latest ({patients}; below 0 is less pain)").format(
        change=f"{stats.pain_change:+.1f}", patients=patients
    )


def describe_link(context: Ctx, info: PrescriptionInfo, stats, now: dt.datetime, language: str | None = None) -> str:
    """One link for its prescriber, in ``language``: what, status, and counts only."""
    _ = gettext_for(language)
    state = {
        "active": _("🟢 active until {date}").format(date=long_date(info.expires_at, language)),
        "expired": _("⚪ expired on {date}").format(date=long_date(info.expires_at, language)),
        "revoked": _("🚫 revoked on {date}").format(date=long_date(info.revoked_at or now, language)),
    }[info.status(now)]
    head = _("<b>{plan}</b> · from {start} · reminder {time}").format(
        plan=programme_title(context, info.programme_id, language),
        start=start_label(info.start_day, language),
        time=f"{info.local_time:%H:%M}",
    )
    made = _("As “{name}” · made {date}").format(
        name=escape(info.prescriber_name, quote=False), date=long_date(info.created_at, language)
    )
    counts = _("Opened: {opened} · started: {started} · sessions done in the last 7 days: {done}").format(
        opened=stats.opened, started=stats.accepted, done=stats.done_last_7_days
    )
    return f"{head}\n{made}\n{state}\n\n{counts}\n" + _("Pain: {pain}").format(pain=_pain(stats, language))


def _revoke_keyboard(info: PrescriptionInfo, language: str | None = None) -> InlineKeyboardMarkup:
    _ = gettext_for(language)
    return InlineKeyboardMarkup([[button(_("🚫 Revoke this link"), Prescribe.REVOKE, str(info.id))]])


async def prescriptions(update: Update, context: Ctx) -> None:
    """The prescriber's links, a page at a time, with status and counts from patients who share."""
    await _show_page(update, context, 0)


async def on_page(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """``pxl|<page>``: another page of /prescriptions (0-based; one past the end is clamped)."""
    if len(args) != 1 or not (args[0].isascii() and args[0].isdigit()):
        return False
    await _show_page(update, context, int(args[0]))
    return True


def _nav_keyboard(page: int, pages: int, language: str | None = None) -> InlineKeyboardMarkup:
    _ = gettext_for(language)
    row = []
    if page > 0:
        row.append(button(_("◀ Newer"), Prescribe.PAGE, str(page - 1)))
    if page < pages - 1:
        row.append(button(_("Older ▶"), Prescribe.PAGE, str(page + 1)))
    return InlineKeyboardMarkup([row])


async def _show_page(update: Update, context: Ctx, requested: int) -> None:
    """One page of links: active ones first, then expired and revoked ones, newest first within each.

    A page number past the end (a stale button after links went, or a forged one) shows the last page.
    """
    query = update.callback_query
    _ = gettext_for(await language_of(update, context))
    if not is_private(update):
        if query:
            await query.answer()
        private = _("Your programme links are shown in a private chat with me.")
        await send(update, context, [private], keyboards.open_private(context.bot.username))
        return
    total = await context.store.prescriptions.count_prescriptions(update.effective_chat.id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(requested, pages - 1)
    if query:
        gone = _("That page is gone: here is page {page} of {pages}.").format(page=page + 1, pages=pages)
        await query.answer(None if page == requested else gone)
    if not total:
        await send(update, context, [_("You have no programme links. /prescribe makes one for a patient.")])
        return
    await _send_links(update, context, page, pages, total)
    if page == 0:
        await send_patients(update, context)


async def _send_links(update: Update, context: Ctx, page: int, pages: int, total: int) -> None:
    """The page's heading, its links with their counts, and the way to the other pages."""
    chat_id, now = update.effective_chat.id, context.now()
    language = await language_of(update, context)
    _ = gettext_for(language)
    active = await context.store.prescriptions.count_active_prescriptions(chat_id, now)
    links = await context.store.prescriptions.list_prescriptions(
        chat_id, limit=PAGE_SIZE, offset=page * PAGE_SIZE, now=now
    )
    first, last = page * PAGE_SIZE + 1, page * PAGE_SIZE + len(links)
    title = _("Your programme links")
    if pages > 1:
        title = _("Your programme links, page {page} of {pages}").format(page=page + 1, pages=pages)
    ngettext = ngettext_for(language)
    links_active = ngettext("{n} link, {active} still active.", "{n} links, {active} still active.", total)
    links_active = links_active.format(n=total, active=active)
    await send(update, context, [f"<b>{title}</b>\n{links_active} " + _(ABOUT_LINKS)])
    since = (now - dt.timedelta(days=6)).date()
    for info in links:
        stats = await context.store.prescriptions.prescription_stats(info.id, since)
        keyboard = _revoke_keyboard(info, language) if info.status(now) == "active" else None
        await send(update, context, [describe_link(context, info, stats, now, language)], keyboard)
    if pages > 1:
        where = _("Page {page} of {pages}: links {first}–{last} of {total}.")
        where = where.format(page=page + 1, pages=pages, first=first, last=last, total=total)
        await send(update, context, [where], _nav_keyboard(page, pages, language))


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
    language = await language_of(update, context)
    _ = gettext_for(language)
    question = _(
        "Revoke your link for <b>{plan}</b> made on {date}? Nobody will be able to open it any more. "
        "Patients who already started keep their reminders."
    ).format(plan=programme_title(context, info.programme_id, language), date=long_date(info.created_at, language))
    keyboard = confirm(_("Yes, revoke it"), Prescribe.REVOKE_CONFIRMED, str(info.id), no=_("No, keep it"))
    await send(update, context, [question], keyboard)
    return True


async def on_revoke_confirmed(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    info = await _own_link(update, context, args)
    if info is None:
        return False
    done = await context.store.prescriptions.revoke_prescription(info.id, info.chat_id, context.now())
    _ = gettext_for(await language_of(update, context))
    await update.callback_query.answer(_("Revoked") if done else _("Already revoked"))
    revoked = _(
        "🚫 Revoked. The link no longer works. Patients who already started keep "
        "their reminders and can stop them at any time. /prescribe makes a new link."
    )
    await send(update, context, [revoked if done else _("That link was already revoked.")])
    return True
