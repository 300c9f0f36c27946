"""Every handler, gathered in one ordered place. The fallback group must stay last."""

from __future__ import annotations

from telegram.ext import Application, BaseHandler

from bot.handlers import (
    buttons, care, community, consent, errors, fallback, groups, guard, info, outcomes, prescriptions, privacy,
    reminders, report, start, triage,
)

#: (group, handlers) in the order they are registered; a lower group runs first.
GROUPS: list[tuple[int, list[BaseHandler]]] = [
    (-3, guard.HANDLERS_RED_FLAGS),  # red flags first, even for a user who is flooding
    (-2, guard.HANDLERS_FLOOD),
    # A flow waiting for a typed time or place takes it first (a reply to a settings question
    # goes to community, which hands any other reply in a private chat on to reminders).
    # Goals for the check-in, then prescriptions: each takes only its own typed answers and hands the
    # rest on.
    # "stop" and "start" first: they drop a waiting flow and keep their meaning.
    (-1, [*care.HANDLERS_FIRST, *outcomes.HANDLERS_TYPED, *prescriptions.HANDLERS_TYPED, *community.HANDLERS_TYPED,
          *reminders.HANDLERS_TYPED]),
    (0, [*start.HANDLERS, *info.HANDLERS, *triage.HANDLERS, *reminders.HANDLERS, *privacy.HANDLERS,
         *consent.HANDLERS, *care.HANDLERS, *outcomes.HANDLERS, *report.HANDLERS, *community.HANDLERS, *prescriptions.HANDLERS,
         *buttons.HANDLERS, *groups.HANDLERS, *fallback.HANDLERS]),
]


def register(application: Application) -> None:
    """Add every handler group and the error handler to ``application``."""
    for group, handlers in GROUPS:
        application.add_handlers(handlers, group=group)
    application.add_error_handler(errors.on_error)
