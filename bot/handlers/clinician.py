"""The prescribing clinician hears in time, only with the patient's explicit, revocable consent.

A patient who follows a prescribed plan chooses in /privacy, per prescription, whether its prescriber
gets a private message when the worsening alert fires or a check-in shows a change that matters
(better or worse). The message names the patient by a name the patient chose, and has a button for
their summary (the /report page), which works only while the consent stands. This is separate from
sharing counts; nothing about a patient who did not say yes reaches the clinician, and /forget
deletes the consent with everything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape

from telegram import InlineKeyboardMarkup, InputFile, Update

from bot import keyboards
from bot.context import Ctx
from bot.handlers.common import drop_pending, is_private, language_of, quote, send
from bot.handlers.router import Answer, Feature, Flow
from bot.i18n import N_, gettext_for
from bot.keyboards import Clinician
from storage.outcomes import GOAL_MAX

log = logging.getLogger(__name__)

#: What happened, for a prescriber: a message id, or words made with the prescriber's ``_``.
Event = str | Callable[[Callable[[str], str]], str]
PATIENT_PLAN = N_("🔔 {name} (your patient, {plan}): {event}")
PATIENT = N_("🔔 {name} (your patient): {event}")
MISSED_DAYS = N_("three days in a row with the reminder sent and no exercises marked done.")
WORSENED = N_("the worsening alert fired: {reason}")
CHANGED = N_("a check-in shows a change that matters since the first one: {changes}.")

WHAT_IS_SENT = N_(
    "They get a private message when your pain has stayed worse for several sessions (the worsening "
    "alert), when a check-in shows a change that matters (better or worse) and after three days in a "
    "row with no exercises done, with the name you "
    "choose and a button to see your summary (check-in scores, pain, exercise days, goals, warnings "
    "shown). Nothing else, and you can stop it here at any time."
)


async def send_choices(update: Update, context: Ctx) -> None:
    """In /privacy: for each prescribed plan, whether its prescriber hears when things change."""
    if not is_private(update):
        return
    found = await context.store.outcomes.prescribers(update.effective_chat.id)
    _ = gettext_for(await language_of(update, context))
    what = escape(_(WHAT_IS_SENT), quote=False)
    for p in found:
        who = escape(p.prescriber_name, quote=False)
        if p.alerts_id is not None:
            hears = _("🔔 <b>{who}</b> hears from Rootwise when things change, as “{name}”.")
            text = hears.format(who=who, name=escape(p.display_name or "", quote=False)) + " " + what
            stop = _("🔕 Stop alerts to {who}").format(who=p.prescriber_name)[:60]
            button = keyboards.button(stop, Clinician.CHOICE, str(p.prescription_id), "0")
        else:
            ask = _("<b>{who}</b> gave you a plan. Would you like them to hear from Rootwise when things change?")
            text = ask.format(who=who) + f" {what} " + _("This is separate from sharing counts.")
            button = keyboards.button(_("🔔 Yes, let them know"), Clinician.CHOICE, str(p.prescription_id), "1")
        await send(update, context, [text], InlineKeyboardMarkup([[button]]))


async def on_choice(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """Yes (then a name to be shown by) or stop, for one prescription."""
    if not is_private(update):
        return False
    chat_id, prescription_id = update.effective_chat.id, int(args[0])
    mine = [p for p in await context.store.outcomes.prescribers(chat_id) if p.prescription_id == prescription_id]
    if not mine:
        return False
    await update.callback_query.answer()
    _, who = gettext_for(await language_of(update, context)), mine[0].prescriber_name
    if args[1] == "0":
        await context.store.outcomes.stop_alerts(chat_id, prescription_id)
        stopped = _("Stopped: {who} gets no more messages about you from Rootwise.").format(who=who)
        await send(update, context, [escape(stopped, quote=False)])
        return True
    await NAME.ask(context, chat_id, "name", prescription=prescription_id)
    question = _("What name should {who} see? For example your first name and initial (up to {most} characters).")
    await send(update, context, [escape(question.format(who=who, most=GOAL_MAX), quote=False)])
    return True


async def typed_name(update: Update, context: Ctx, answer: Answer) -> None:
    """The name the patient chose: the consent is recorded with it."""
    chat_id, pending = update.effective_chat.id, answer.state
    name = " ".join(answer.text.split())
    _ = gettext_for(await language_of(update, context))
    if not name or len(name) > GOAL_MAX:
        await send(update, context, [_("Please keep the name to {most} characters or fewer.").format(most=GOAL_MAX)])
        return
    allowed = await context.store.outcomes.allow_alerts(
        chat_id, int(pending.get("prescription", 0)), name, context.now()
    )
    await drop_pending(context, chat_id)
    if not allowed:
        gone = _("That plan is no longer there, so nothing was changed. /privacy shows your choices.")
        await send(update, context, [gone])
        return
    done = _("Done: your physiotherapist will see you as {name}.").format(name=quote(name))
    await send(update, context, [escape(f"{done} {_(WHAT_IS_SENT)} " + _("/privacy stops it."), quote=False)])


async def _language(context: Ctx, chat_id: int) -> str | None:
    """The language a prescriber chose (/language); English when none is stored or the database cannot say."""
    try:
        return await context.store.chats.get_language(chat_id)
    except Exception:  # noqa: BLE001 - the language is never worth failing a message for
        log.warning("could not read a prescriber's language", exc_info=True)
        return None


async def notify(context: Ctx, chat_id: int, event: Event, prescription_id: int | None = None) -> None:
    """Tell each prescriber this patient said yes to (or only ``prescription_id``'s), each in their own
    language: ``event`` is a message id, or words made with the prescriber's ``_``. Never raises (the
    patient's reply came first)."""
    try:
        found = [
            p
            for p in await context.store.outcomes.prescribers(chat_id)
            if p.alerts_id is not None and prescription_id in (None, p.prescription_id)
        ]
    except Exception:  # noqa: BLE001
        log.warning("could not read clinician alert choices", exc_info=True)
        return
    for p in found:
        language = await _language(context, p.prescriber_chat)
        _ = gettext_for(language)
        programme = context.content.in_language(language).programmes.get(p.programme_id)
        what = _(event) if isinstance(event, str) else event(_)
        line = _(PATIENT_PLAN) if programme else _(PATIENT)
        name = p.display_name or ""
        text = escape(line.format(name=name, plan=programme.title if programme else "", event=what), quote=False)
        try:
            summary = keyboards.button(_("📄 Summary"), Clinician.SUMMARY, str(p.alerts_id))
            await context.bot.send_message(p.prescriber_chat, text, reply_markup=InlineKeyboardMarkup([[summary]]))
        except Exception:  # noqa: BLE001 - one prescriber who blocked the bot stops no one else
            log.warning("could not send a clinician alert", exc_info=True)


async def send_patients(update: Update, context: Ctx) -> None:
    """In /prescriptions: the patients who let this prescriber hear, each with a Summary button
    (no one else is named or counted here)."""
    patients = await context.store.outcomes.alerting_patients(update.effective_chat.id)
    if not patients:
        return
    language = await language_of(update, context)
    _ = gettext_for(language)
    programmes = context.content.in_language(language).programmes
    lines = [
        escape(f"• {name}" + (f" ({programmes[p].title})" if p in programmes else ""), quote=False)
        for _id, name, p in patients[:20]
    ]
    buttons = [
        [keyboards.button(f"📄 {name}"[:60], Clinician.SUMMARY, str(alerts_id))]
        for alerts_id, name, _p in patients[:20]
    ]
    heading = "<b>" + escape(_("Patients who chose to let you hear when things change"), quote=False) + "</b>"
    each = escape(_("Each button sends that patient's one-page summary."), quote=False)
    await send(update, context, [f"{heading}\n" + "\n".join(lines) + f"\n\n{each}"], InlineKeyboardMarkup(buttons))


async def missed_days_tick(context: Ctx) -> None:
    """The hourly job: tell a prescriber, once per streak, that a patient who said yes has had their
    reminder on each of the last three days without a day done."""
    try:
        streaks = await context.store.outcomes.missed_streaks(context.now())
    except Exception:  # noqa: BLE001 - tried again next hour
        log.warning("missed days: the database did not answer; trying again next hour", exc_info=True)
        return
    for chat_id, prescription_id, _day in streaks:
        await notify(context, chat_id, MISSED_DAYS, prescription_id)


async def on_summary(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """The prescriber's Summary button: the patient's /report page, while the consent stands."""
    import asyncio

    from bot.handlers.report import gather
    from bot.report import report_pdf

    found = await context.store.outcomes.alert_consent(int(args[0]), update.effective_chat.id)
    await update.callback_query.answer()
    language = await language_of(update, context)
    _ = gettext_for(language)
    if found is None:
        gone = _("This patient no longer shares alerts with you, so their summary is not available.")
        await send(update, context, [escape(gone, quote=False)])
        return True
    patient, name = found
    data = await gather(context, patient, language)  # the page in the prescriber's language
    pdf = await asyncio.to_thread(report_pdf, data)
    caption = _("Summary for {name}, as reported to Rootwise. Information, not a diagnosis.").format(name=name)
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(pdf, filename="rootwise-summary.pdf"),
        caption=escape(caption, quote=False),
    )
    return True


NAME = Flow("clinician", {"name": typed_name})
FEATURE = Feature("clinician", buttons={Clinician.CHOICE: on_choice, Clinician.SUMMARY: on_summary}, flows=[NAME])
