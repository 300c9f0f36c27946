"""The plan adapts: after a pain rating, a good week steps the repeats up and a flare steps them
back; the worsening alert steps them back too. The rules and their words are in
``content/progression.yaml`` (:mod:`content.progression`); what changed is stored
(``store.plan``) and the person is told what and why in one message with an Undo button.

A red-flag warning never brings a plan message in the same turn: it holds the plan instead (no
step up while one was shown in the last week).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot import keyboards, render
from bot.context import Ctx
from bot.i18n import N_, gettext_for
from bot.keyboards import CheckIn
from bot.snapshot import chat_snapshot
from content.loader import Content
from content.progression import Progression, is_flare, step_down_to, step_up_to
from scheduler.times import local_date
from storage.plan import Change
from storage.reminders import SubscriptionInfo

log = logging.getLogger(__name__)

UNDONE = N_("↩️ Undone: your plan is back to about {n} repeats of each exercise.")
CANNOT_UNDO = N_("That change can no longer be undone: a newer one came, or it was undone already.")


async def after_rating(context: Ctx, chat_id: int, rating_id: int, pain: int) -> None:
    """A pain rating after a session: step the plan back on a flare, up after a good week. A
    failure costs the step, never the rating (logged)."""
    try:
        sub_id = await context.store.plan.rated_subscription(rating_id, chat_id)
        plan = next((s for s in await context.store.reminders.list_subscriptions(chat_id) if s.id == sub_id), None)
        if plan is not None:
            await review(context, plan, pain=pain)
    except Exception:  # noqa: BLE001 - the rating is stored; only the plan's step is lost
        log.warning("could not review the plan after a rating", exc_info=True)


async def after_alert(context: Ctx, chat_id: int) -> None:
    """The worsening alert was shown: each of the person's adapting plans steps back."""
    try:
        for plan in await context.store.reminders.list_subscriptions(chat_id):
            if plan.active:
                await review(context, plan, alert=True)
    except Exception:  # noqa: BLE001 - the alert went out; only the plan's step is lost
        log.warning("could not step the plan back after an alert", exc_info=True)


async def review(context: Ctx, plan: SubscriptionInfo, *, pain: int | None = None, alert: bool = False) -> None:
    """Decide and make one plan's step, if any, and tell the person (in their language)."""
    content = await _content(context, plan.chat_id)
    rules = content.progression
    programme = content.programmes.get(plan.programme_id)
    if rules is None or programme is None or plan.programme_id not in rules.plans:
        return
    now = context.now()
    down = rules.step_down
    week = await context.store.plan.week(
        plan.chat_id,
        plan.id,
        local_date(now, plan.zone),
        now,
        rules.step_up.window_days,
        [*down.alerts, *down.hold_alerts],
    )
    latest = await context.store.plan.latest(plan.id)
    level = await context.store.plan.level(plan.id) or rules.plans[plan.programme_id].start
    recent = latest is not None and now - latest.made_at < dt.timedelta(days=rules.step_up.every_days)
    if alert or (pain is not None and is_flare(rules, week, pain)):
        if recent and latest is not None and latest.rule == "down" and latest.undone_at is None:
            if not alert:  # stepped back already this week: no second step, but said
                await _again(context, content, rules, plan, level, pain, latest.reason == "worsening")
            return
        after = step_down_to(rules, plan.programme_id, level)
        reason = "worsening" if alert else "pain"
        if after is not None:
            await _change(context, content, plan, level, after, "down", reason, pain=pain)
        return
    top = rules.top(plan.programme_id, sorted({e for d in programme.days for e in d.exercises}))
    week = dataclasses.replace(week, day=plan.day)  # the count moves on when a reminder is sent
    after = None if recent else step_up_to(rules, plan.programme_id, level, top, week)
    if after is not None:
        await _change(context, content, plan, level, after, "up", "week", days=week.days_done)


async def _content(context: Ctx, chat_id: int) -> Content:
    """The content in the person's language (read once per update), English where untranslated."""
    language = context.__dict__.get("language")
    if language is None:
        try:
            language = (await chat_snapshot(context, chat_id)).language
        except Exception:  # noqa: BLE001 - the language is never worth losing the step for
            log.warning("could not read a chat's language for its plan", exc_info=True)
    return context.content.in_language(language)


async def _change(
    context: Ctx,
    content: Content,
    plan: SubscriptionInfo,
    before: int,
    after: int,
    rule: str,
    reason: str,
    **facts: int | None,
) -> None:
    change = await context.store.plan.change(plan.chat_id, plan.id, before, after, rule, reason, context.now())
    if change is None:
        return  # another replica made a step meanwhile: that one told the person
    await context.bot.send_message(
        plan.chat_id,
        change_message(content, change, plan.programme_id, **facts),
        reply_markup=undo(change, content.language),
    )


async def _again(
    context: Ctx,
    content: Content,
    rules: Progression,
    plan: SubscriptionInfo,
    level: int,
    pain: int | None,
    paused: bool,
) -> None:
    """A flare after the plan stepped back already this week: it holds, and the person is told
    (after the worsening alert, to keep the exercises paused)."""
    down = rules.step_down
    text = (down.again_after_alert if paused else down.again).format(pain=pain, rise=down.pain_rise, level=level)
    footer = render.footer(content, down.sources, rules.reviewed)
    await context.bot.send_message(plan.chat_id, f"{escape(text, quote=False)}\n\n{footer}")


def change_message(content: Content, change: Change, programme_id: str, **facts: int | None) -> str:
    """What changed and why, in the rule's words, with its sources. After the worsening alert
    (which asks to pause the exercises) only where the plan will restart, nothing about what
    pain is fine."""
    rules = content.progression
    assert rules is not None  # a plan changes only where there are rules
    down = rules.step_down
    if change.rule == "up":
        grows = rules.plans[programme_id].grows
        text = rules.step_up.message.format(
            before=change.before, after=change.after, days=facts.get("days"), grows=grows
        )
        sources = rules.step_up.sources
    elif change.reason == "worsening":
        text, sources = down.after_alert.format(before=change.before, after=change.after), down.sources
    else:
        why = getattr(down.reasons, change.reason).format(pain=facts.get("pain"), rise=down.pain_rise)
        text = down.message.format(before=change.before, after=change.after, why=why)
        sources = down.sources
    footer = render.footer(content, sources, rules.reviewed)
    return f"{escape(text, quote=False)}\n\n{footer}"


def undo(change: Change, language: str | None = None) -> InlineKeyboardMarkup:
    label = gettext_for(language)(N_("↩️ Undo"))
    return InlineKeyboardMarkup([[keyboards.button(label, CheckIn.PLAN_UNDO, str(change.id))]])


async def on_undo(update: Update, context: Ctx, args: tuple[str, ...]) -> bool:
    """Undo a change of the plan, if it is still the latest."""
    chat_id = update.effective_chat.id
    change = await context.store.plan.undo(chat_id, int(args[0]), context.now())
    content = await _content(context, chat_id)
    _ = gettext_for(content.language)
    if change is None:
        await update.callback_query.answer(_(CANNOT_UNDO), show_alert=True)
        return True
    await update.callback_query.answer(_("Undone"))
    text = _(UNDONE).format(n=change.before)
    rules = content.progression
    if change.rule == "down" and rules is not None:
        text += " " + rules.step_down.undo_caution  # the higher number comes back: with a caution
    await context.bot.send_message(chat_id, escape(text, quote=False))
    try:
        await update.callback_query.edit_message_reply_markup(None)  # its Undo is spent
    except TelegramError:
        log.info("the plan message's Undo button could not be removed", exc_info=True)
    return True
